"""Assets: fonts, images and SVG pictograms, read safely from the workspace and the package."""
