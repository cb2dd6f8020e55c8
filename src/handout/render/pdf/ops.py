"""The PDF operators we write ourselves, and every private reportlab name we rely on.

reportlab has no public way to append operators to a page, to learn which document a canvas
draws into, or to read a few pieces of state it keeps (line width, fill colour, a frame's
height). Everything of the kind goes through the named functions here, checked against
reportlab 5.1 (tests/test_para.py compares whole PDFs), so a reportlab upgrade that renames one
breaks in one file. Nothing else in handout touches an underscored reportlab name.
"""

from __future__ import annotations

import functools
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame
from reportlab.platypus.paragraph import _wsc
from reportlab.platypus.paraparser import _num

WHITESPACE: str = _wsc  # the characters reportlab's paragraph splitting treats as spaces
number = _num  # how reportlab's paragraph parser reads a number attribute (size="9.5")


def write(canvas: Canvas, *operators: str) -> None:
    """Operators appended to the page (or form) being drawn, as the canvas writes its own."""
    canvas._code.extend(operators)


def save(canvas: Canvas) -> None:
    """`q`: what canvas.saveState writes, without reportlab's Python-side copy of its state
    (so whatever is drawn before the matching `restore` must leave that state alone)."""
    canvas._code.append("q")


def restore(canvas: Canvas) -> None:
    canvas._code.append("Q")


def translate_op(x: float, y: float) -> str:
    """canvas.translate's operator (after a q, where it never merges with an earlier cm)."""
    return f"1 0 0 1 {fp_str(x, y)} cm"  # fp_str(1, 0, 0, 1, x, y), its leading four known


@functools.lru_cache(maxsize=256)
def fill_op(color: Color) -> str:
    """The fill colour operator as reportlab writes it for an opaque RGB colour (colours are
    the theme's few, and reportlab's Color hashes by identity)."""
    return f"{fp_str(color.red, color.green, color.blue)} rg"


def document(canvas: Canvas) -> Any:
    """The PDF document a canvas draws into (its fonts' subsets are kept per document)."""
    return canvas._doc


def doc_template(canvas: Canvas) -> Any:
    """The platypus document template building on this canvas."""
    return canvas._doctemplate


def line_width(canvas: Canvas) -> float:
    return float(canvas._lineWidth)


def fill_color(canvas: Canvas) -> Color:
    return canvas._fillColorObj


def frame_height(frame: Frame) -> float:
    """The height a frame offers its flowables."""
    return float(frame._aH)


def aligned_x(flowable: Flowable, x: float, space: float) -> float:
    """Where a flowable's left edge goes in a frame, after its hAlign (as Flowable.drawOn)."""
    return float(flowable._hAlignAdjust(x, space))


def is_embedded(font_name: str) -> bool:
    """Whether a registered font is an embedded TrueType subset (not one of the standard 14)."""
    return bool(getFont(font_name)._dynamicFont)


def start_page(canvas: Canvas) -> None:
    """A fresh page state, as showPage leaves it, without emitting the page."""
    canvas._startPage()
