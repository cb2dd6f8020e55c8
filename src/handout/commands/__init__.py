"""One module per command; the CLI calls one function in each."""
