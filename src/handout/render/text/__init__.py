"""Text engine: YAML text → paragraph markup → set lines → PDF operators."""
