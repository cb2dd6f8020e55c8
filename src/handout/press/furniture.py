"""What a press sheet prints besides the pages on it: crop, fold and staple marks, slug lines
and the words of the calibration page. Drawn with reportlab (its text embedded in our face),
one page per sheet; press/compose.py then sets the finished pages on those sheets.

Marks are 0.25 pt lines in K-only black (CMYK 0/0/0/100), not registration black: a
registration colour lays down every ink, which on a digital or office printer makes thick,
muddy lines, and a print shop's preflight flags it when it reaches past the marks. K-only
marks print as one crisp line everywhere and stay black in a grayscale print.
"""

from __future__ import annotations

import io
from typing import Any, NamedTuple

from handout.press.geometry import Box

MARK_WIDTH = 0.25  # points
SLUG_SIZE = 6.0  # points


class Line(NamedTuple):
    x0: float
    y0: float
    x1: float
    y1: float
    dashed: bool = False


class Label(NamedTuple):
    """A line of text: `anchor` start, middle or end at (x, y), turned by `angle` degrees."""

    text: str
    x: float
    y: float
    size: float = SLUG_SIZE
    anchor: str = "start"
    angle: float = 0.0
    bold: bool = False


class Furniture(NamedTuple):
    lines: list[Line]
    labels: list[Label]
    boxes: tuple[Box, ...] = ()  # outlined rectangles (the calibration page's frame)


NOTHING = Furniture([], [])


class Info(NamedTuple):
    """The document information of the pressed PDF (taken from the finished document)."""

    title: str
    author: str
    subject: str
    lang: str


def draw(sheets: list[tuple[tuple[float, float], Furniture]], info: Info) -> bytes:
    """One PDF page per sheet, of its size, holding its furniture."""
    from handout.render.pdf.writer import writing

    with writing():  # the builds' own writer settings: binary streams, the faster formatting
        return _drawn(sheets, info)


def _drawn(sheets: list[tuple[tuple[float, float], Furniture]], info: Info) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    from handout.assets import fonts

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, initialFontName=fonts.MAIN, lang=info.lang)
    canvas.setTitle(info.title)
    canvas.setAuthor(info.author)
    canvas.setSubject(info.subject)
    for size, furniture in sheets:
        canvas.setPageSize(size)
        _draw_one(canvas, furniture)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_one(c: Any, furniture: Furniture) -> None:
    from handout.assets import fonts

    c.setStrokeColorCMYK(0, 0, 0, 1)
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setLineWidth(MARK_WIDTH)
    for line in furniture.lines:
        c.setDash(*((2, 2) if line.dashed else ()))
        c.line(line.x0, line.y0, line.x1, line.y1)
    c.setDash()
    for box in furniture.boxes:
        c.rect(box.x0, box.y0, box.width, box.height, stroke=1, fill=0)
    for label in furniture.labels:
        c.saveState()
        c.translate(label.x, label.y)
        c.rotate(label.angle)
        c.setFont(fonts.face(fonts.MAIN + "-Bold") if label.bold else fonts.MAIN, label.size)
        write = {"start": c.drawString, "middle": c.drawCentredString, "end": c.drawRightString}
        write[label.anchor](0, 0, label.text)
        c.restoreState()
