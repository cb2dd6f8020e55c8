"""A chapter's "at a glance" panel: position, duration, equipment and steps beside a body map
of the routine's regions, in a tinted box under the chapter's title."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from handout.content.model import Routine
from handout.layout import parts
from handout.layout.context import Context
from handout.render import bodymap
from handout.render.blocks import one_line, split_stack
from handout.render.text.engine import paragraph

MAP_HEIGHT = 32 * mm
MAP_SHARE = 0.45  # of the panel's width: the numbered map when it fits in that, else the plain one


class _Pair(Flowable):  # type: ignore[misc]
    """A label and (a piece of) its value, side by side; the label column is shared."""

    def __init__(self, label: Paragraph | None, value: Paragraph, label_w: float) -> None:
        super().__init__()
        self.label, self.value, self.label_w = label, value, label_w
        self.spaceAfter = value.style.fontSize * 0.3
        self._at: tuple[float, float] | None = None  # width, height when last wrapped

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._at is None or self._at[0] != avail_width:
            value_h = self.value.wrap(avail_width - self.label_w, avail_height)[1]
            label_h = self.label.wrap(self.label_w, avail_height)[1] if self.label else 0
            self._at = (avail_width, max(value_h, label_h) + self.spaceAfter)
        self.width, self.height = self._at
        return self._at

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        halves = self.value.split(avail_width - self.label_w, avail_height - self.spaceAfter)
        if len(halves) != 2:
            return []
        return [_Pair(self.label, halves[0], self.label_w), _Pair(None, halves[1], self.label_w)]

    def draw(self) -> None:
        top = self.height - self.spaceAfter
        if self.label:
            self.label.drawOn(self.canv, 0, top - self.label.height)
        self.value.drawOn(self.canv, self.label_w, top - self.value.height)


class Glance(Flowable):  # type: ignore[misc]
    """The panel: a kicker, label–value rows and the body map at the right; a very long value
    runs on to the next page in a panel of its own (without the map)."""

    def __init__(
        self,
        rows: list[Flowable],
        ctx: Context,
        *,
        picture: Flowable | None,
        kicker: bool,
        narrow: Flowable | None = None,
    ) -> None:
        super().__init__()
        self.rows, self.ctx, self.picture, self.kicker = rows, ctx, picture, kicker
        self.narrow = narrow  # the map to use when `picture` would leave the rows too little room
        size = ctx.template.type.body
        self.pad = size * 0.9
        self.title = paragraph(
            ctx.md(ctx.words["at_a_glance"].upper()),
            ctx.theme.style("glance-kicker", ctx.template.type.small, bold=True,
                            color=ctx.theme.accent, spaceAfter=size * 0.45),
        )  # fmt: skip
        self.spaceBefore = size * 0.4
        self.spaceAfter = size * 0.9

    def _inner(self, width: float) -> float:
        picture_w = self.picture.width + self.pad if self.picture is not None else 0
        return width - 2 * self.pad - picture_w

    def _head(self, width: float, height: float) -> float:
        if not self.kicker:
            return 0.0
        return float(self.title.wrap(width, height)[1] + self.title.getSpaceAfter())

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self.narrow is not None and self.picture is not None:
            if self.picture.width > avail_width * MAP_SHARE:
                self.picture = self.narrow
            self.narrow = None
        inner = self._inner(avail_width)
        self.heights = [row.wrap(inner, avail_height)[1] for row in self.rows]
        text_h = self._head(inner, avail_height) + sum(self.heights)
        picture_h = self.picture.height if self.picture is not None else 0
        self.width, self.height = avail_width, max(text_h, picture_h) + 2 * self.pad
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        if self.wrap(avail_width, avail_height)[1] <= avail_height:
            return [self]
        inner = self._inner(avail_width)
        room = avail_height - 2 * self.pad - self._head(inner, avail_height)
        if self.picture is not None and self.picture.height + 2 * self.pad > avail_height:
            return []
        parted = split_stack(self.rows, self.heights, inner, room)
        if parted is None:
            return []
        head, rest = parted
        return [
            Glance(head, self.ctx, picture=self.picture, kicker=self.kicker),
            Glance(rest, self.ctx, picture=None, kicker=False),
        ]

    def draw(self) -> None:
        canvas: Canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.ctx.theme.tint)
        canvas.roundRect(0, 0, self.width, self.height, self.pad * 0.5, stroke=0, fill=1)
        canvas.restoreState()
        inner = self._inner(self.width)
        y = self.height - self.pad
        if self.kicker:
            self.title.wrap(inner, self.height)
            y -= self.title.height
            self.title.drawOn(canvas, self.pad, y)
            y -= self.title.getSpaceAfter()
        for row, height in zip(self.rows, self.heights, strict=True):
            y -= height
            row.drawOn(canvas, self.pad, y)
        if self.picture is not None:
            x = self.width - self.pad - self.picture.width
            self.picture.drawOn(canvas, x, self.height - self.pad - self.picture.height)


def glance(routine: Routine, ctx: Context) -> Glance:
    """The panel for `routine`: what the chapter needs, and where on the body it works."""
    words = ctx.words
    size = ctx.template.type.body
    facts: list[tuple[str, str]] = []
    if routine.position:
        facts.append((words["position"], routine.position))
    duration = parts.routine_duration(routine, words)
    if duration:
        facts.append((words["duration"], duration))
    if routine.equipment:
        facts.append((words["equipment"], ", ".join(routine.equipment)))
    facts.append((words["steps"], str(len(routine.steps))))
    label_style = ctx.theme.style("glance-label", size * 0.9, bold=True, leading=14 / 10.5)
    value_style = ctx.theme.style("glance-value", size, leading=14 / 10.5)
    labels = [paragraph(ctx.md(label), label_style) for label, _ in facts]
    label_w = max(one_line(label)[0] for label in labels) + size
    rows: list[Flowable] = []
    for label, (_, value) in zip(labels, facts, strict=True):
        first, *rest = parts.marked(value, ctx)
        rows.append(_Pair(label, paragraph(first, value_style), label_w))
        rows += [_Pair(None, paragraph(piece, value_style), label_w) for piece in rest]
    if not (ctx.template.show.body_map and routine.regions):
        return Glance(rows, ctx, picture=None, kicker=True)
    numbered = parts.body_map(routine, ctx, MAP_HEIGHT, font=ctx.template.type.small)
    plain = bodymap.Pictogram("map", routine.regions, MAP_HEIGHT, ctx.icon_style)
    return Glance(rows, ctx, picture=numbered, kicker=True, narrow=plain)
