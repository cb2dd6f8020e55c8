"""Content stage: the workspace, YAML loading and the typed model (no reportlab, no drawing)."""
