"""The one place that chooses how text is set: our fast engine, or reportlab's own classes.

The fast engine (`fragments` → `fast.FastParagraph` → `lines`) mirrors what reportlab 5.1's
Paragraph does for plain text and writes the very same PDF operators, checked to the byte by
tests/test_para.py. It is used when the installed reportlab is the verified one; on any other
version, or when HANDOUT_TEXT_ENGINE=reportlab, every paragraph and line is reportlab's own
(the same pages, more slowly: tests/test_engine.py compares the pixels). Either way the
characters a font lacks print as its missing-glyph box and stay in the text layer (`lacking`).
"""

from __future__ import annotations

import functools
import os

import reportlab
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from handout.render.pdf import ops
from handout.render.text import fast, fragments, lacking
from handout.render.text.lines import Run

__all__ = ["VERIFIED", "Run", "draw_line", "fast_engine", "paragraph"]

VERIFIED = "5.1."  # the reportlab versions the fast engine was checked against


@functools.cache
def fast_engine() -> bool:
    """Whether text goes through the fast engine: decided once per process (tests that change
    the switch call `fast_engine.cache_clear()`)."""
    if os.environ.get("HANDOUT_TEXT_ENGINE", "").strip().lower() == "reportlab":
        return False
    return bool(reportlab.Version.startswith(VERIFIED))


def paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of markup (from `markup.to_markup` or the layouts) in a style."""
    if fast_engine():
        return fragments.fast_paragraph(markup, style)
    return fragments.parsed(lacking.Paragraph, markup, style)


def draw_line(canvas: Canvas, run: Run, x: float, y: float, leading: float) -> None:
    """One line of plain text with its baseline at (x, y), in the current fill colour."""
    lacking.keep(run.font, run.text, ops.document(canvas))
    if fast_engine():
        fast.draw_text(canvas, run, x, y, leading)
        return
    text = canvas.beginText(x, y)
    text.setFont(run.font, run.size, leading)
    text.textLine(run.text)
    canvas.drawText(text)
