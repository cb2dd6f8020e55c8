"""Caution callouts: the levels of content/levels.py told apart by icon, label and border, not
colour alone."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from reportlab.lib.colors import Color, white
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from handout.content.levels import LEVELS, Level, Shape
from handout.render import forms
from handout.render.blocks import height_at
from handout.render.pdf import ops
from handout.render.text.engine import paragraph
from handout.render.theme import LevelLook, Theme


def draw_level_icon(
    canvas: Canvas, level: str, x: float, y: float, size: float, color: Color
) -> None:
    """The level's sign, drawn (not a font glyph); a form per document, as a manual repeats them."""
    margin = size * 0.1  # the caution triangle's rounded stroke reaches past its size
    draw = SHAPES[LEVELS[level].icon]
    forms.place(
        canvas,
        forms.drawing_key(f"level {level}", size, color),
        (-margin, -margin, size + margin, size + margin),
        lambda form: _sign(form, draw, size, color),
        at=(x, y),
    )


def _sign(canvas: Canvas, draw: Callable[[Canvas, float], None], size: float, color: Color) -> None:
    canvas.saveState()
    canvas.setFillColor(color)
    canvas.setStrokeColor(color)
    draw(canvas, size)
    canvas.restoreState()


def _circle_i(canvas: Canvas, size: float) -> None:
    r = size / 2
    canvas.circle(r, r, r, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.circle(r, r + r * 0.45, r * 0.13, stroke=0, fill=1)
    canvas.roundRect(r - r * 0.11, r - r * 0.55, r * 0.22, r * 0.75, r * 0.08, stroke=0, fill=1)


def _triangle(canvas: Canvas, size: float) -> None:
    r = size / 2
    path = canvas.beginPath()
    path.moveTo(r, size * 0.98)
    path.lineTo(size, size * 0.08)
    path.lineTo(0, size * 0.08)
    path.close()
    canvas.setLineJoin(1)
    canvas.setLineWidth(size * 0.08)
    canvas.drawPath(path, stroke=1, fill=1)
    canvas.setFillColor(white)
    canvas.roundRect(r - r * 0.1, r - r * 0.25, r * 0.2, r * 0.8, r * 0.08, stroke=0, fill=1)
    canvas.circle(r, r - r * 0.5, r * 0.11, stroke=0, fill=1)


def _octagon(canvas: Canvas, size: float) -> None:
    r = size / 2
    path = canvas.beginPath()
    for i in range(8):
        angle = math.pi / 8 + i * math.pi / 4
        px, py = r + r * math.cos(angle), r + r * math.sin(angle)
        path.moveTo(px, py) if i == 0 else path.lineTo(px, py)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.roundRect(r - r * 0.55, r - r * 0.13, r * 1.1, r * 0.26, r * 0.06, stroke=0, fill=1)


SHAPES: dict[Shape, Callable[[Canvas, float], None]] = {
    "circle-i": _circle_i,
    "triangle": _triangle,
    "octagon": _octagon,
}
"""How each sign a level may name is drawn, in its colour, inside a `size` square at the origin."""


_DASHED_LINE = 0.6  # pt: a dashed frame is stroked thin, whatever its level's border


class Callout(Flowable):  # type: ignore[misc]
    """A boxed caution: a drawn icon, then the label word and the text; several items may share
    one box. Never split unless it is taller than a whole frame. Each item is its text's markup
    as pieces (one, or several for a very long text: see layout/parts.py `pieces`)."""

    width: float
    height: float

    def __init__(
        self,
        level: str,
        items: list[list[str]],
        theme: Theme,
        size: float,
        label: str,
        *,
        compact: bool = False,
    ) -> None:
        super().__init__()
        self.level = level
        self.kind: Level = LEVELS[level]
        self.look: LevelLook = theme.levels[level]
        self.theme = theme
        self.size = size
        self.label = label
        self.compact = compact
        self.pad = size * (0.3 if compact else 0.5)
        self.icon = size * (1.1 if compact else 1.25)
        # the icon keeps clear of the frame: its own room past its size, the border, 1.5 pt
        clear = self.icon * 0.1 + self.kind.border + 1.5
        self.icon_pad = max(self.pad, clear)  # above and below the icon
        self.icon_x = max(self.pad + self.kind.border, clear)
        colour = self.look.color.hexval()[2:]
        self.lead = lead = f'<font color="#{colour}" size="{size * 0.86:.2f}"><b>{label}</b></font>'
        style = theme.style("callout", size, leading=1.3)
        if len(items) == 1:
            first, *rest = items[0]
            self.body = [paragraph(f"{lead}\u2002{first}", style)]
            self.body += [paragraph(piece, style) for piece in rest]
            self.heads = 0  # paragraphs before the first item's: the label
        else:
            listed = theme.style(
                "callout-item", size, leading=1.3, spaceBefore=size * 0.3, leftIndent=size * 0.9
            )
            more = theme.style("callout-item-more", size, leading=1.3, leftIndent=size * 0.9)
            bullet = f'<bullet><font color="#{colour}">•</font></bullet>'
            self.body = [paragraph(lead, style)]
            for first, *rest in items:
                self.body.append(paragraph(bullet + first, listed))
                self.body += [paragraph(piece, more) for piece in rest]
            self.heads = 1
        self.spaceBefore = size * (0.2 if compact else 0.35)
        self.spaceAfter = size * (0.25 if compact else 0.5)

    def _text_width(self, width: float) -> float:
        return width - self.icon_x - self.icon - self.pad * 1.6 - self.kind.border * 0.5

    def _body_height(self, width: float, height: float) -> float:
        inner = self._text_width(width)
        return sum(
            height_at(p, inner, height) + (p.getSpaceBefore() if i else 0)
            for i, p in enumerate(self.body)
        )

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if (
            getattr(self, "_wrapped_at", None) == avail_width
        ):  # text is fixed: same width, same height
            return self.width, self.height
        self._wrapped_at = avail_width
        self.width = avail_width
        self.body_h = self._body_height(avail_width, avail_height)
        self.height = max(self.body_h + self.pad * 2, self.icon + self.icon_pad * 2)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        avail_width = ops.split_width(self, avail_width)
        self.wrap(avail_width, avail_height)
        if self.height <= avail_height:
            return [self]
        room = avail_height - self.pad * 2
        inner = self._text_width(avail_width)
        used, keep = 0.0, 0
        for i, item in enumerate(self.body):
            need = height_at(item, inner, room) + (item.getSpaceBefore() if i else 0)
            if used + need > room:
                break
            used, keep = used + need, i + 1
        if keep > self.heads:
            head, rest = self.body[:keep], self.body[keep:]
            if not rest[0].getSpaceBefore():  # a long text's next piece: split it to fill the room
                halves = rest[0].split(inner, room - used)
                if len(halves) == 2:
                    head, rest = [*head, halves[0]], [halves[1], *rest[1:]]
            return [self._with(head), self._with(rest, continued=True)]
        # Not even one item fits whole: split the first item's paragraph (always progress).
        first = self.body[self.heads]
        left = (
            room
            - sum(height_at(p, inner, room) for p in self.body[: self.heads])
            - first.getSpaceBefore()
        )
        halves = first.split(inner, left) if left > self.size * 3 else []
        if len(halves) < 2:
            return []
        head, rest = self.body[: self.heads], self.body[self.heads + 1 :]
        return [self._with([*head, halves[0]]), self._with([halves[1], *rest], continued=True)]

    def _with(self, body: list[Paragraph], *, continued: bool = False) -> Callout:
        """A callout holding part of this one's text; a continued part repeats the label."""
        clone = Callout(
            self.level, [["."]], self.theme, self.size, self.label, compact=self.compact
        )
        if continued:
            body = [paragraph(f"{self.lead} …", self.body[0].style), *body]
        clone.body = body
        clone.heads = 1 if continued or (self.heads and body[:1] == self.body[:1]) else 0
        return clone

    def draw(self) -> None:
        canvas: Canvas = self.canv
        look = self.look
        border = self.kind.border
        canvas.saveState()
        canvas.setFillColor(look.fill)
        canvas.setStrokeColor(look.color)
        canvas.setLineWidth(_DASHED_LINE if self.kind.dashed else border)
        if self.kind.dashed:
            canvas.setDash(2, 1.5)
        inset = ops.line_width(canvas) / 2
        canvas.roundRect(
            inset,
            inset,
            self.width - 2 * inset,
            self.height - 2 * inset,
            self.size * 0.35,
            stroke=1,
            fill=1,
        )
        canvas.restoreState()
        short = self.body_h < self.icon * 1.6
        top = self.height / 2 + self.body_h / 2 if short else self.height - self.pad
        icon_y = (
            self.height / 2 - self.icon / 2 if short else self.height - self.icon_pad - self.icon
        )
        draw_level_icon(canvas, self.level, self.icon_x, icon_y, self.icon, look.color)
        x = self.icon_x + self.icon + self.pad * 0.6
        y = top
        for i, item in enumerate(self.body):
            y -= item.height + (item.getSpaceBefore() if i else 0)
            item.drawOn(canvas, x, y)
