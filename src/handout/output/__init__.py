"""Output stage: files written atomically (temp file + rename), and PNG previews."""
