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


def split_width(flowable: Flowable, width: float) -> float:
    """The width a flowable being split really has: reportlab's Frame.split passes the frame's
    full width, leaving out the indents an Indenter has set (Frame.add leaves them out)."""
    frame = getattr(flowable, "_frame", None)
    return float(frame._getAvailableWidth()) if frame is not None else width


def aligned_x(flowable: Flowable, x: float, space: float) -> float:
    """Where a flowable's left edge goes in a frame, after its hAlign (as Flowable.drawOn)."""
    return float(flowable._hAlignAdjust(x, space))


def is_embedded(font_name: str) -> bool:
    """Whether a registered font is an embedded TrueType subset (not one of the standard 14)."""
    return bool(getFont(font_name)._dynamicFont)


def start_page(canvas: Canvas) -> None:
    """A fresh page state, as showPage leaves it, without emitting the page."""
    canvas._startPage()


def code_lacking(font_name: str, char: str, doc: Any) -> None:
    """Give a character the font lacks a code of its own in the document's subset.

    reportlab writes every such character as code 0, which its ToUnicode CMap maps to nothing,
    so the character vanishes from the text layer (copy, search, screen readers). Here it gets
    the next free code, as reportlab's splitString gives a character the font has (it is
    tricked into it for the one call); the subset entry is the character's UTF-16 code units
    read as one number, which the subset's glyph lookup misses, so the code prints glyph 0,
    the font's missing-glyph box, at the font's default width, exactly as code 0 did, and which
    the CMap (written `<%04X>`) writes as the character, a surrogate pair included.
    """
    font = getFont(font_name)
    code = ord(char)
    state = font._assignState(doc)
    glyphs = font.face.charToGlyph
    if code in state.assignments or code in glyphs:
        return
    glyphs[code] = 0
    try:
        font.splitString(char, doc)
    finally:
        del glyphs[code]
    n = state.assignments[code]
    state.subsets[n >> 8][n & 0xFF] = int.from_bytes(
        char.encode("utf-16-be", "surrogatepass"), "big"
    )
