"""Caution callouts: note, caution and stop told apart by icon, label and border, not colour alone."""

from __future__ import annotations

import math
from typing import Any

from reportlab.lib.colors import Color, white
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from handout.render.theme import LevelLook, Theme


def draw_level_icon(canvas: Canvas, level: str, x: float, y: float, size: float, color: Color) -> None:
    """A drawn sign (not a font glyph): circle-i for note, triangle-! for caution, octagon-bar for stop."""
    canvas.saveState()
    canvas.setFillColor(color)
    canvas.setStrokeColor(color)
    r = size / 2
    cx, cy = x + r, y + r
    if level == "note":
        canvas.circle(cx, cy, r, stroke=0, fill=1)
        canvas.setFillColor(white)
        canvas.circle(cx, cy + r * 0.45, r * 0.13, stroke=0, fill=1)
        canvas.roundRect(cx - r * 0.11, cy - r * 0.55, r * 0.22, r * 0.75, r * 0.08, stroke=0, fill=1)
    elif level == "caution":
        path = canvas.beginPath()
        path.moveTo(cx, y + size * 0.98)
        path.lineTo(x + size, y + size * 0.08)
        path.lineTo(x, y + size * 0.08)
        path.close()
        canvas.setLineJoin(1)
        canvas.setLineWidth(size * 0.08)
        canvas.drawPath(path, stroke=1, fill=1)
        canvas.setFillColor(white)
        canvas.roundRect(cx - r * 0.1, cy - r * 0.25, r * 0.2, r * 0.8, r * 0.08, stroke=0, fill=1)
        canvas.circle(cx, cy - r * 0.5, r * 0.11, stroke=0, fill=1)
    else:
        path = canvas.beginPath()
        for i in range(8):
            angle = math.pi / 8 + i * math.pi / 4
            px, py = cx + r * math.cos(angle), cy + r * math.sin(angle)
            path.moveTo(px, py) if i == 0 else path.lineTo(px, py)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.setFillColor(white)
        canvas.roundRect(cx - r * 0.55, cy - r * 0.13, r * 1.1, r * 0.26, r * 0.06, stroke=0, fill=1)
    canvas.restoreState()


class Callout(Flowable):  # type: ignore[misc]
    """A boxed caution: icon and label word at the left, the text beside them, never split
    unless it is taller than a whole frame."""

    def __init__(self, level: str, markup: str, theme: Theme, size: float, label: str,
                 *, continued: bool = False) -> None:
        super().__init__()
        self.level = level
        self.look: LevelLook = theme.levels[level]
        self.theme = theme
        self.size = size
        self.label = label
        self.markup = markup
        self.pad = size * 0.55
        self.icon = size * 1.35
        self.continued = continued
        label_style = theme.style("callout-label", size * 0.78, bold=True, color=self.look.color)
        self.label_para = Paragraph(label.upper() + (" (cont.)" if continued else ""), label_style)
        self.body = Paragraph(markup, theme.style("callout", size, leading=1.32))
        self.spaceBefore = size * 0.35
        self.spaceAfter = size * 0.5

    def _text_width(self, width: float) -> float:
        return width - self.pad * 2.2 - self.icon - self.look.border

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        inner = self._text_width(avail_width)
        _, self.label_h = self.label_para.wrap(inner, avail_height)
        _, self.body_h = self.body.wrap(inner, avail_height)
        self.height = max(self.label_h + self.body_h, self.icon) + self.pad * 1.6
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        self.wrap(avail_width, avail_height)
        if self.height <= avail_height:
            return [self]
        room = avail_height - self.label_h - self.pad * 1.6
        parts = self.body.split(self._text_width(avail_width), room) if room > self.size * 3 else []
        if len(parts) < 2:
            return []
        first, rest = self._clone(parts[0]), self._clone(parts[1], continued=True)
        return [first, rest]

    def _clone(self, body: Paragraph, *, continued: bool = False) -> Callout:
        clone = Callout(self.level, self.markup, self.theme, self.size, self.label, continued=continued)
        clone.body = body
        return clone

    def draw(self) -> None:
        canvas: Canvas = self.canv
        look = self.look
        border = look.border
        canvas.saveState()
        canvas.setFillColor(look.fill)
        canvas.setStrokeColor(look.color)
        canvas.setLineWidth(border if self.level != "note" else 0.6)
        if self.level == "note":
            canvas.setDash(2, 1.5)
        inset = canvas._lineWidth / 2
        canvas.roundRect(inset, inset, self.width - 2 * inset, self.height - 2 * inset,
                         self.size * 0.35, stroke=1, fill=1)
        canvas.restoreState()
        top = self.height - self.pad * 0.8
        draw_level_icon(canvas, self.level, self.pad * 0.9 + border / 2, top - self.icon, self.icon, look.color)
        x = self.pad * 1.3 + self.icon + border / 2
        self.label_para.drawOn(canvas, x, top - self.label_h)
        self.body.drawOn(canvas, x, top - self.label_h - self.body_h)
