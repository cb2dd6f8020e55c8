"""The building blocks every layout shares: number badges, chips and step blocks."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from reportlab.lib.colors import Color, white
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Indenter, Paragraph

from handout.assets import fonts
from handout.render import forms
from handout.render.pdf import ops
from handout.render.pdf.ops import fill_op
from handout.render.text.engine import Run, draw_line, paragraph


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
def _label(markup: str, style: ParagraphStyle) -> tuple[Paragraph, float, float]:
    """A chip's label set on one line, with its width and height; set once, as chips draw on
    a small vocabulary (pressures, counts, times). Drawn as set, never wrapped again."""
    label = paragraph(markup, style)
    width, height = one_line(label)
    return label, width, height


class Chips(Flowable):  # type: ignore[misc]
    """A row of small rounded labels (pressure, repeat, time) that wraps onto more rows."""

    def __init__(
        self, items: Sequence[str], style: ParagraphStyle, fill: Color, rule: Color
    ) -> None:
        super().__init__()
        self.size = style.fontSize
        labels = [_label(markup, style) for markup in items]
        self.paras = [label for label, _, _ in labels]
        self.fill, self.rule = fill, rule
        self.gap = self.size * 0.5
        self.pad = self.size * 0.7
        self.spaceBefore = self.size * 0.3
        self.spaceAfter = self.size * 0.3
        self.widths = [width + 2 * self.pad for _, width, _ in labels]
        self.text_heights = [height for _, _, height in labels]

    def natural_width(self) -> float:
        return float(sum(self.widths) + self.gap * (len(self.widths) - 1))

    def _rows(self, width: float) -> list[list[int]]:
        rows: list[list[int]] = [[]]
        used = 0.0
        for i, w in enumerate(self.widths):
            if rows[-1] and used + w > width:
                rows.append([])
                used = 0.0
            rows[-1].append(i)
            used += w + self.gap
        return rows

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.row_h = self.size * 1.75
        self.height = len(self._rows(avail_width)) * (self.row_h + self.gap * 0.6) - self.gap * 0.6
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        for r, row in enumerate(self._rows(self.width)):
            x = 0.0
            y = self.height - (r + 1) * self.row_h - r * self.gap * 0.6
            for i in row:
                self._pill(canvas, self.widths[i], x, y)
                h = self.text_heights[i]
                self.paras[i].drawOn(
                    canvas, x + self.pad, y + (self.row_h - h) / 2 + self.size * 0.05
                )
                x += self.widths[i] + self.gap

    def _pill(self, canvas: Canvas, width: float, x: float, y: float) -> None:
        """A chip's rounded background: a form per size, as the same chips recur."""
        height, fill, rule = self.row_h, self.fill, self.rule

        def draw(form: Canvas) -> None:
            form.setFillColor(fill)
            form.setStrokeColor(rule)
            form.setLineWidth(0.6)
            form.roundRect(0, 0, width, height, height / 2, stroke=1, fill=1)

        key = forms.drawing_key("chip", width, height, fill, rule)
        forms.place(canvas, key, (-1, -1, width + 1, height + 1), draw, at=(x, y))


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
        draw_badge(canvas, self.number, 0, self.height, self.badge, self.badge_fill)
        for flow, y, h in self.placed:
            flow.drawOn(canvas, self.left, self.height - y - h)
        if self.icon is not None:
            _, icon_h = self.icon.wrap(self.icon_width, self.height)
            self.icon.drawOn(canvas, self.width - self.icon_width, self.height - icon_h)


class HeadRow(Flowable):  # type: ignore[misc]
    """A step title with its chips beside it when they fit on the line, else below it."""

    def __init__(self, title: Flowable, chips: Chips | None, gap: float = 8) -> None:
        super().__init__()
        self.title = title
        self.chips = chips
        self.gap = gap

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        chips_w = self.chips.natural_width() if self.chips else 0
        self.beside = bool(self.chips) and chips_w < avail_width * 0.5
        title_w = avail_width - chips_w - self.gap if self.beside else avail_width
        _, self.title_h = self.title.wrap(title_w, avail_height)
        self.chips_h = (
            self.chips.wrap(chips_w if self.beside else avail_width, avail_height)[1]
            if self.chips
            else 0
        )
        self.chips_w = chips_w
        if self.beside:
            self.height = max(self.title_h, self.chips_h)
        else:
            self.height = self.title_h + (
                self.chips_h + self.chips.spaceBefore if self.chips else 0
            )
        return self.width, self.height

    def draw(self) -> None:
        self.title.drawOn(self.canv, 0, self.height - self.title_h)
        if self.chips is None:
            return
        if self.beside:
            self.chips.drawOn(self.canv, self.width - self.chips_w, self.height - self.chips_h - 1)
        else:
            self.chips.drawOn(self.canv, 0, 0)


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
