"""Press stage: finished pages in, printed sheets out (n-up, bleed, crop marks, imposition).

Every page is its own sheet for now; the press options will arrive here, working on the
finished PDF so that layout and render never know how their pages are printed.
"""


def impose(pdf: bytes) -> bytes:
    """The sheets to print for a finished document: today, its pages as they are."""
    return pdf
