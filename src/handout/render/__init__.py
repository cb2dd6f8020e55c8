"""Render stage: page components drawn with reportlab (blocks, callouts, pictograms), and the\nPDF writing set-up of a build (`writer.writing`)."""
