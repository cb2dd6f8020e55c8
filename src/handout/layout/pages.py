"""How a manual's pages end: lists balanced over their last two pages, note space where a
chapter leaves room, and notes pages that bring the page count to a multiple of four.

The rule the manual keeps: no page is less than a quarter full. A list (contents, safety
table) that runs over to another page shares its items between its last two pages; a chapter
that ends with a third or more of its page free gets ruled note lines there; and the pages
added to make a multiple of four (for printing as folded sheets) are ruled notes pages.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak

from handout.layout.context import Context
from handout.render.blocks import height_at, split_stack
from handout.render.text.engine import paragraph

RULE_GAP = 8 * mm  # room for a line of handwriting
NOTES_ROOM = 1 / 3  # a chapter's last page gets note lines when this share of it is free
SHEETS = 4  # pages per folded sheet: the page count is made a multiple of this


class Balanced(Flowable):  # type: ignore[misc]
    """Items stacked without gaps (they carry their own spacing) that, where they run over to
    a last page, share themselves between it and the page before so neither is left with a
    line or two: the split is the one that makes the two pages most nearly equally full."""

    def __init__(self, items: list[Flowable], frame_height: float) -> None:
        super().__init__()
        self.items = items
        self.frame_height = frame_height

    def _heights(self, width: float) -> list[float]:
        return [height_at(item, width, self.frame_height) for item in self.items]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.heights = self._heights(avail_width)
        self.height = sum(self.heights)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        heights = self._heights(avail_width)
        total = sum(heights)
        if total <= avail_height:
            return [self]
        fits, used = 0, 0.0
        while fits < len(heights) and used + heights[fits] <= avail_height:
            used, fits = used + heights[fits], fits + 1
        cuts = [k for k in range(1, fits + 1) if not getattr(self.items[k - 1], "keepWithNext", 0)]
        if total - used > self.frame_height or not cuts:  # not the last page: fill this one
            while fits and getattr(self.items[fits - 1], "keepWithNext", 0):
                fits -= 1
            items, room = self.items[fits:], avail_height - sum(heights[:fits])
            parted = split_stack(items, heights[fits:], avail_width, room)
            head, rest = parted if parted is not None else ([], items)
            head = self.items[:fits] + head
            if not head:
                return []
            return [Balanced(head, self.frame_height), Balanced(rest, self.frame_height)]
        above = self.frame_height - avail_height  # what is on this page already
        best = min(cuts, key=lambda k: abs(above + sum(heights[:k]) - (total - sum(heights[:k]))))
        return [  # the break keeps the rest from running back into the room left here
            Balanced(self.items[:best], self.frame_height),
            PageBreak(),
            Balanced(self.items[best:], self.frame_height),
        ]

    def draw(self) -> None:
        y = self.height
        for item, height in zip(self.items, self.heights, strict=True):
            y -= height
            item.drawOn(self.canv, 0, y)


class NoteLines(Flowable):  # type: ignore[misc]
    """A "Notes" heading over ruled lines down to the foot of the frame. As `whole`, a notes
    page; else the end of a chapter, drawn only where at least NOTES_ROOM of the page is free."""

    def __init__(self, ctx: Context, frame_height: float, *, whole: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        self.frame_height = frame_height
        self.whole = whole
        size = ctx.template.type.heading
        self.title = paragraph(
            ctx.md(ctx.words["notes_page"]),
            ctx.theme.style("notes", size, bold=True, color=ctx.theme.accent),
        )

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        room = avail_height - 1  # the frame refuses a flowable exactly its height
        wanted = self.whole or room >= self.frame_height * NOTES_ROOM
        self.height = room if wanted and room > 2 * RULE_GAP else 0
        return self.width, self.height

    def draw(self) -> None:
        if not self.height:
            return
        canvas: Canvas = self.canv
        _, title_h = self.title.wrap(self.width, self.height)
        top = self.height
        if not self.whole:  # a little air between the chapter and its notes
            top -= RULE_GAP
        self.title.drawOn(canvas, 0, top - title_h)
        canvas.saveState()
        canvas.setStrokeColor(self.ctx.theme.rule)
        canvas.setLineWidth(0.5)
        y = top - title_h - RULE_GAP
        while y >= 0:
            canvas.line(0, y, self.width, y)
            y -= RULE_GAP
        canvas.restoreState()


def notes_pages(page: int, ctx: Context, frame_height: float, mark: Flowable) -> list[Flowable]:
    """Notes pages after `page` (the last page so far) up to a multiple of SHEETS pages; `mark`
    (an outline entry) opens the first."""
    story: list[Flowable] = []
    for n in range(-page % SHEETS):
        story += [
            PageBreak(),
            *([mark] if n == 0 else []),
            NoteLines(ctx, frame_height, whole=True),
        ]
    return story
