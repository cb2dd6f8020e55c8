"""The building blocks every layout shares: number badges, chips and step blocks."""

from __future__ import annotations

import functools
from typing import Any

from reportlab.lib.colors import Color, white
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Indenter, Paragraph

from handout.assets import fonts
from handout.render import forms
from handout.render.pdf import ops
from handout.render.pdf.ops import fill_op
from handout.render.text.engine import Run, draw_line


def draw_badge(
    canvas: Canvas, number: int, x: float, y_top: float, size: float, fill: Color
) -> None:
    """A filled circle with the step number, its top at y_top (written as saveState, setFillColor
    and restoreState write it: nothing here changes state outside its q ... Q)."""
    r = size / 2
    ops.save(canvas)
    forms.place(
        canvas,
        forms.drawing_key("badge", size, fill),
        (0, 0, size, size),
        lambda form: _disc(form, r, fill),
        at=(x, y_top - size),
    )
    ops.write(canvas, fill_op(white))
    number_run, width = _number(number, size)
    font_size = number_run.size
    draw_line(
        canvas, number_run, x + r - 0.5 * width, y_top - r - font_size * 0.35, font_size * 1.2
    )
    ops.restore(canvas)


@functools.lru_cache(maxsize=256)
def _number(number: int, size: float) -> tuple[Run, float]:
    """A badge's number as a run, and its width."""
    text = str(number)
    font, font_size = fonts.MAIN + "-Bold", size * (0.56 if len(text) < 2 else 0.48)
    return Run(text, font, font_size, white), stringWidth(text, font, font_size)


def _disc(canvas: Canvas, r: float, fill: Color) -> None:
    canvas.setFillColor(fill)
    canvas.circle(r, r, r, stroke=0, fill=1)


@functools.lru_cache(maxsize=256)
def one_line(paragraph: Paragraph) -> tuple[float, float]:
    """Width and height of a paragraph set on one line."""
    _, height = paragraph.wrap(100_000, 1_000)
    width = paragraph.getActualLineWidths0()[0] if paragraph.blPara.lines else 0.0
    return float(width), float(height)


class StepBlock(Flowable):  # type: ignore[misc]
    """One numbered step: badge in a left column, content in the middle, an optional icon at the
    right. Kept on one page; only a step taller than a whole frame is allowed to flow on, and
    then its first `head` flowables (title, dosage line) stay together with the badge."""

    width: float
    height: float

    def __init__(
        self,
        number: int,
        content: list[Flowable],
        *,
        badge: float,
        badge_fill: Color,
        icon: Flowable | None = None,
        frame_height: float,
        gutter: float = 8,
        bookmark: tuple[str, str] | None = None,
        head: int = 1,
    ) -> None:
        super().__init__()
        self.number = number
        self.head = head
        self.content = content
        self.badge = badge
        self.badge_fill = badge_fill
        self.icon = icon
        self.icon_width = float(icon.width) if icon is not None else 0.0  # set when made
        self.frame_height = frame_height
        self.gutter = gutter
        self.left = badge + gutter
        self.right = self.icon_width + (gutter if icon is not None else 0)
        self.bookmark = bookmark

    def _layout(self, avail_width: float) -> list[tuple[Flowable, float, float]]:
        inner = avail_width - self.left - self.right
        placed: list[tuple[Flowable, float, float]] = []
        y = 0.0
        for i, flow in enumerate(self.content):
            _w, h = flow.wrap(inner, self.frame_height)
            before = flow.getSpaceBefore() if i else 0
            y += before
            placed.append((flow, y, h))
            y += h + (flow.getSpaceAfter() if i < len(self.content) - 1 else 0)
        self._inner_height = y
        return placed

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if (
            getattr(self, "_wrapped_at", None) == avail_width
        ):  # content is fixed: same width, same layout
            return self.width, self.height
        self._wrapped_at = avail_width
        self.width = avail_width
        self.placed = self._layout(avail_width)
        icon_h = self.icon.wrap(self.icon_width, avail_height)[1] if self.icon is not None else 0
        self.height = max(self._inner_height, icon_h, self.badge)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        self.wrap(avail_width, avail_height)
        if self.height <= avail_height:
            return [self]
        if self.height <= self.frame_height:
            return []
        head = StepBlock(
            self.number,
            self.content[: self.head],
            badge=self.badge,
            badge_fill=self.badge_fill,
            icon=self.icon,
            frame_height=self.frame_height,
            gutter=self.gutter,
            bookmark=self.bookmark,
            head=self.head,
        )
        if head.wrap(avail_width, avail_height)[1] > avail_height:
            return []
        return [
            head,
            Indenter(self.left, self.right),
            *self.content[self.head :],
            Indenter(-self.left, -self.right),
        ]

    def draw(self) -> None:
        canvas: Canvas = self.canv
        if self.bookmark:
            key, title = self.bookmark
            canvas.bookmarkHorizontal(key, 0, self.height + 4)
            canvas.addOutlineEntry(title, key, level=1, closed=True)
        draw_badge(canvas, self.number, self.badge_x(), self.height, self.badge, self.badge_fill)
        for flow, y, h in self.placed:
            flow.drawOn(canvas, self.left, self.height - y - h)
        if self.icon is not None:
            self.draw_icon(self.icon)

    def badge_x(self) -> float:
        """Where the number's badge starts (a subclass may move it)."""
        return 0.0

    def draw_icon(self, icon: Flowable) -> None:
        """The region icon, top right (a subclass may place it elsewhere)."""
        _, icon_h = icon.wrap(self.icon_width, self.height)
        icon.drawOn(self.canv, self.width - self.icon_width, self.height - icon_h)


class Photo(Flowable):  # type: ignore[misc]
    """A step photo scaled to fit a box, keeping its proportions."""

    def __init__(
        self, image: ImageReader, max_width: float, max_height: float, *, spaceBefore: float = 0
    ) -> None:
        super().__init__()
        self.image = image
        self.max_width, self.max_height = max_width, max_height
        self.spaceBefore = spaceBefore

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        pixels_w, pixels_h = self.image.getSize()
        scale = min(min(self.max_width, avail_width) / pixels_w, self.max_height / pixels_h)
        self.width, self.height = pixels_w * scale, pixels_h * scale
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self.image, 0, 0, self.width, self.height)


class Boxed(Flowable):  # type: ignore[misc]
    """Flowables stacked without gaps (a text's paragraph, or its pieces when very long) in a
    tinted box with an accent bar down its left edge; split between pages like a paragraph
    when it is taller than the room left."""

    def __init__(
        self, flows: list[Flowable], fill: Color, bar: Color, pad: tuple[float, float, float]
    ) -> None:
        super().__init__()
        self.flows = flows
        self.fill, self.bar = fill, bar
        self.pad = pad  # sides, top, bottom

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        side, top, bottom = self.pad
        inner = avail_width - 2 * side
        self.heights = [height_at(flow, inner, avail_height) for flow in self.flows]
        self.width, self.height = avail_width, sum(self.heights) + top + bottom
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        if self.wrap(avail_width, avail_height)[1] <= avail_height:
            return [self]
        side, top, bottom = self.pad
        room = avail_height - top - bottom
        parted = split_stack(self.flows, self.heights, avail_width - 2 * side, room)
        if parted is None:
            return []
        parts = [Boxed(flows, self.fill, self.bar, self.pad) for flows in parted]
        parts[0].spaceBefore = self.getSpaceBefore()
        return parts

    def draw(self) -> None:
        canvas: Canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.fill)
        canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canvas.setStrokeColor(self.bar)
        canvas.setLineWidth(2.5)
        canvas.setLineCap(1)
        canvas.line(0, 0, 0, self.height)
        canvas.restoreState()
        side, top, _ = self.pad
        y = self.height - top
        for flow, height in zip(self.flows, self.heights, strict=True):
            y -= height
            flow.drawOn(canvas, side, y)


def height_at(flow: Flowable, width: float, avail_height: float) -> float:
    """The flowable's height at `width`, wrapped again only when its last wrap was another.

    A box holding a long text's pieces is wrapped again on every page it runs over; measuring
    each piece once per width keeps that linear in the text's length. A paragraph's lines
    (`blPara`) are replaced by every wrap and split, so they tell whether the measure is current.
    """
    lines = getattr(flow, "blPara", None)
    known = getattr(flow, "_height_at", None)
    if known is not None and known[0] == width and known[1] is lines and lines is not None:
        return float(known[2])
    height = float(flow.wrap(width, avail_height)[1])
    flow._height_at = (width, getattr(flow, "blPara", None), height)
    return height


def split_stack(
    flows: list[Flowable], heights: list[float], width: float, room: float
) -> tuple[list[Flowable], list[Flowable]] | None:
    """Flowables stacked without gaps, parted to fill `room`: those that fit whole, then the
    next one split in what is left (its own split), and the rest; None when nothing fits."""
    used, keep = 0.0, 0
    while keep < len(flows) and used + heights[keep] <= room:
        used, keep = used + heights[keep], keep + 1
    head, rest = flows[:keep], flows[keep:]
    if rest:
        halves = rest[0].split(width, room - used)
        if len(halves) == 2:
            head, rest = [*head, halves[0]], [halves[1], *rest[1:]]
    return (head, rest) if head and rest else None
