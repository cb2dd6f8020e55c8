"""The manual's safety page: every caution of its routines once, as a table grouped by level
(strongest first), each row saying the chapters and steps it applies to.

Cautions are the same when their text is (case and punctuation aside) or their `id:` is, so
reworded copies of one caution make one row; each keeps its own wording in its chapter.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from handout.content.cautions import Gathered, gathered, step_numbers
from handout.content.levels import LEVELS
from handout.content.model import Routine
from handout.layout import parts
from handout.layout.context import Context
from handout.render.blocks import height_at, split_stack
from handout.render.callout import draw_level_icon
from handout.render.text.engine import paragraph

BAR = 2.2  # pt: the level's colour down the left of each row


def where(item: Gathered, ctx: Context, one: bool) -> str:
    """Where a caution applies, as markup lines: whole chapters as runs ('1–5, 7'), then a line
    per chapter with steps ('4: Steps 14–17'); in a one-chapter manual only the steps."""
    words = ctx.words
    whole = [int(chapter) for chapter, steps in item.where if not steps]
    lines = [words["all_steps"] if one else step_numbers(whole)] if whole else []
    chapters: dict[str, list[int]] = {}  # chapters with the same steps share a line
    for chapter, steps in item.where:
        if steps:
            text = f"{words['step'] if len(steps) == 1 else words['steps']} {step_numbers(steps)}"
            chapters.setdefault(text, []).append(int(chapter))
    for text, numbers in chapters.items():
        lines.append(text if one else f"{step_numbers(numbers)}: {text}")
    return "<br/>".join(ctx.md(line) for line in lines)


KEEP_WHOLE = 120.0  # points: a row this short never splits (about eight lines of the table)


class _Row(Flowable):  # type: ignore[misc]
    """A caution's text (as pieces) and where it applies, over a hairline rule."""

    def __init__(
        self, flows: list[Flowable], place: Paragraph | None, colour: Color, rule: Color, col: float
    ) -> None:
        super().__init__()
        self.flows, self.place, self.colour, self.rule, self.col = flows, place, colour, rule, col
        size = float(flows[0].style.fontSize)
        self.pad = size * 0.45
        self.gap = size * 0.9

    def _text_w(self, width: float) -> float:
        return width - BAR - self.gap - self.col - self.gap

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        inner = self._text_w(avail_width)
        self.heights = [height_at(flow, inner, avail_height) for flow in self.flows]
        place_h = self.place.wrap(self.col, avail_height)[1] if self.place else 0
        self.width = avail_width
        self.height = max(sum(self.heights), place_h) + 2 * self.pad
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        height = self.wrap(avail_width, avail_height)[1]
        if height <= avail_height:
            return [self]
        if height <= KEEP_WHOLE:
            return []  # a short row goes to the next page whole, its words and its chapters
        inner = self._text_w(avail_width)
        parted = split_stack(self.flows, self.heights, inner, avail_height - 2 * self.pad)
        if parted is None:
            return []
        head, rest = parted
        return [
            _Row(head, self.place, self.colour, self.rule, self.col),
            _Row(rest, None, self.colour, self.rule, self.col),
        ]

    def draw(self) -> None:
        canvas: Canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.colour)
        canvas.rect(0, self.pad * 0.5, BAR, self.height - self.pad, stroke=0, fill=1)
        canvas.setStrokeColor(self.rule)
        canvas.setLineWidth(0.5)
        canvas.line(0, 0, self.width, 0)
        canvas.restoreState()
        y = self.height - self.pad
        for flow, height in zip(self.flows, self.heights, strict=True):
            y -= height
            flow.drawOn(canvas, BAR + self.gap, y)
        if self.place:
            top = self.height - self.pad - self.place.height
            self.place.drawOn(canvas, self.width - self.col, top)


class _Band(Flowable):  # type: ignore[misc]
    """A level's heading row: its sign and its word on the level's tint; kept with the row
    after it."""

    def __init__(self, level: str, ctx: Context) -> None:
        super().__init__()
        self.level, self.ctx = level, ctx
        size = ctx.template.type.body
        look = ctx.theme.levels[level]
        self.size, self.look = size, look
        self.label = paragraph(
            parts.caution_label(level, ctx),
            ctx.theme.style("band", size * 0.9, bold=True, color=look.color),
        )
        self.keepWithNext = True
        self.spaceBefore = size * 0.6

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.label.wrap(avail_width - self.size * 2.5, avail_height)
        self.height = max(self.label.height, self.size * 1.2) + self.size * 0.7 + self.spaceBefore
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        box = self.height - self.spaceBefore
        canvas.saveState()
        canvas.setFillColor(self.look.fill)
        canvas.rect(0, 0, self.width, box, stroke=0, fill=1)
        canvas.restoreState()
        icon = self.size * 1.1
        draw_level_icon(canvas, self.level, BAR + 1, (box - icon) / 2, icon, self.look.color)
        self.label.drawOn(canvas, BAR + 1 + icon + self.size * 0.5, (box - self.label.height) / 2)


class _Header(Flowable):  # type: ignore[misc]
    """The table's column heading over where each caution applies."""

    def __init__(self, text: Paragraph, col: float) -> None:
        super().__init__()
        self.text, self.col = text, col
        self.keepWithNext = True

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.text.wrap(self.col, avail_height)[1] + 2
        return self.width, self.height

    def draw(self) -> None:
        self.text.drawOn(self.canv, self.width - self.col, 2)


def safety_rows(routines: list[tuple[str, Routine]], ctx: Context) -> list[Flowable]:
    """The table's items: a heading, then per level a band and a row per caution."""
    theme = ctx.theme
    size = ctx.template.type.body
    small = ctx.template.type.small
    one = len(routines) == 1
    col = size * 6.2
    head = ctx.words["steps"] if one else ctx.words["chapter"]
    items: list[Flowable] = [
        _Header(paragraph(ctx.md(head), theme.style("where-head", small, bold=True,
                                                   color=theme.muted)), col)
    ]  # fmt: skip
    text_style = theme.style("safety", size, leading=13.5 / 10.5)
    place_style = theme.style("where", small * 1.05, leading=1.3, color=theme.ink)
    table = gathered([(str(n), routine) for n, (_, routine) in enumerate(routines, 1)])
    level = ""
    for item in table:
        if item.caution.level != level:
            level = item.caution.level
            items.append(_Band(level, ctx))
        flows = [paragraph(piece, text_style) for piece in parts.marked(item.caution.text, ctx)]
        place = where(item, ctx, one)
        colour = theme.levels[level].color if level in LEVELS else theme.accent
        items.append(_Row(flows, paragraph(place, place_style), colour, theme.rule, col))
    return items
