"""The laminated table card: exactly one page, big numbered cues, shrunk to fit.

Type shrinks step by step from the template's cue size to its legible floor,
trying one column and then two where the paper is wide enough; past the floor
the build fails and says by how much the card is too long.
"""

from __future__ import annotations

import io
import math
from typing import NamedTuple

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handout.assets import fonts
from handout.content.model import Routine, Step
from handout.errors import LayoutError
from handout.layout import parts
from handout.layout.context import Context
from handout.layout.document import set_metadata
from handout.render import bodymap
from handout.render.blocks import StepBlock
from handout.render.text.engine import paragraph
from handout.render.text.markup import plain

MIN_COLUMN = 44 * mm
GAP = 4 * mm
SHRINK = 0.94


class Fit(NamedTuple):
    scale: float
    columns: int
    head: list[Flowable]
    blocks: list[Flowable]
    split: int
    over: float


def build_card(
    rid: str, routine: Routine, ctx: Context, pagesize: tuple[float, float]
) -> tuple[bytes, int]:
    top, right, bottom, left = ctx.margins
    width, height = pagesize
    box_w, box_h = width - left - right, height - top - bottom
    fit = _Fitter(routine, ctx, box_w, box_h).best()
    if fit.over > 0:
        raise LayoutError(
            f"card for '{rid}' is {math.ceil(fit.over / mm)} mm too long at the smallest legible size: "
            "shorten cues or use --format sheet"
        )
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer, pagesize=pagesize, invariant=1, initialFontName=fonts.MAIN, lang=ctx.lang
    )
    set_metadata(canvas, plain(routine.title), ctx.author, plain(routine.summary))
    _draw(canvas, fit, left, bottom + box_h, box_w)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue(), 1


def _scales(ctx: Context) -> list[float]:
    sizes = ctx.template.type
    floor = sizes.min_cue / sizes.cue
    scales = [1.0]
    while scales[-1] * SHRINK > floor:
        scales.append(scales[-1] * SHRINK)
    scales.append(floor)
    return scales


class _Head(NamedTuple):
    """The card's head at one type size: the same width in every layout, so built once."""

    flowables: list[Flowable]
    height: float


class _Fitter:
    """Finds the largest type that fits, in one column or (where the paper allows) two; at equal
    size one column wins. When nothing fits, the layout that misses by least at the floor.

    Sizes are a short list from large to small (index 0 is full size) and a size that fits is
    followed only by sizes that fit, so the answer is the first index that fits. Each trial
    costs a full layout, so instead of bisecting, the next index to try is predicted from the
    heights already measured (height grows about as a power of the type size).
    """

    def __init__(self, routine: Routine, ctx: Context, box_w: float, box_h: float) -> None:
        self.routine, self.ctx = routine, ctx
        self.box_w, self.box_h = box_w, box_h
        self.scales = _scales(ctx)
        self.layouts = [1, 2] if (box_w - GAP) / 2 >= MIN_COLUMN else [1]
        self.heads: dict[int, _Head] = {}
        self.fits: dict[tuple[int, int], Fit] = {}

    def best(self) -> Fit:
        while (probe := self._next_probe()) is not None:
            self._measure(*probe)
        fitting = [fit for fit in self.fits.values() if fit.over <= 0]
        if fitting:
            return max(fitting, key=lambda fit: (fit.scale, -fit.columns))
        floor = len(self.scales) - 1
        return min((self._measure(floor, c) for c in self.layouts), key=lambda fit: fit.over)

    def _next_probe(self) -> tuple[int, int] | None:
        """The (index, columns) to measure next, or None once the answer is known: the layout
        expected to fit at the largest size among those that could still beat the best fit."""
        n = len(self.scales)
        best_index, best_rank = min(
            ((i, self.layouts.index(c)) for (i, c), fit in self.fits.items() if fit.over <= 0),
            default=(n, len(self.layouts)),
        )
        candidates = []
        for rank, columns in enumerate(self.layouts):
            low, high = self._bounds(columns)
            top = min(high, best_index + (rank < best_rank))  # indexes below could still win
            if low < top:
                candidates.append((self._predict(columns, low, top - 1), rank, columns))
        if not candidates:
            return None
        index, _, columns = min(candidates)
        return index, columns

    def _bounds(self, columns: int) -> tuple[int, int]:
        """The first index not known to fail and the first known to fit (or past the end): a
        size that fits is followed only by sizes that fit."""
        measured = self._measured(columns)
        low = 1 + max((i for i, fit in measured if fit.over > 0), default=-1)
        high = min((i for i, fit in measured if fit.over <= 0), default=len(self.scales))
        return low, high

    def _measured(self, columns: int) -> list[tuple[int, Fit]]:
        return [(i, fit) for (i, c), fit in self.fits.items() if c == columns]

    def _predict(self, columns: int, low: int, high: int) -> int:
        """The first index expected to fit, within [low, high] (low before any measure)."""
        target = self._expected_scale(columns)
        if target is None:
            return low
        index = next((i for i, scale in enumerate(self.scales) if scale <= target), high)
        return min(max(index, low), high)

    def _expected_scale(self, columns: int) -> float | None:
        """The size at which this layout's height meets the box, taking height = a * size ** p
        through its smallest failing size and the measure nearest it (else p = 1.4)."""
        measured = self._measured(columns)
        failing = [(i, fit) for i, fit in measured if fit.over > 0]
        if not failing:
            return None
        at, near = max(failing)
        need = self.box_h + near.over
        others = [(abs(i - at), i, fit) for i, fit in measured if i != at]
        power = 1.4
        if others:
            far = min(others)[2]
            ratio = math.log(need / (self.box_h + far.over)) / math.log(near.scale / far.scale)
            power = min(max(ratio, 0.5), 3.0)
        return float(near.scale * (self.box_h / need) ** (1 / power))

    def _head(self, index: int) -> _Head:
        if index not in self.heads:
            head = _head(self.routine, self.ctx, self.scales[index], self.box_w)
            height = sum(f.wrap(self.box_w, self.box_h)[1] + f.getSpaceAfter() for f in head)
            self.heads[index] = _Head(head, height)
        return self.heads[index]

    def _measure(self, index: int, columns: int) -> Fit:
        if (index, columns) not in self.fits:
            self.fits[(index, columns)] = self._layout(index, columns)
        return self.fits[(index, columns)]

    def _layout(self, index: int, columns: int) -> Fit:
        """A layout's fit; its blocks are its own (a table keeps the width it was first set at)."""
        scale = self.scales[index]
        head = self._head(index)
        blocks = _blocks(self.routine, self.ctx, scale)
        col_w = (self.box_w - GAP * (columns - 1)) / columns
        heights = [b.wrap(col_w, self.box_h)[1] + _gap(scale) for b in blocks]
        room = self.box_h - head.height
        n = len(heights)
        if columns == 1:
            return Fit(scale, 1, head.flowables, blocks, n, sum(heights) - _gap(scale) - room)
        best_split, best_over = n, math.inf
        for split in range(1, n):
            over = max(sum(heights[:split]), sum(heights[split:])) - _gap(scale) - room
            if over < best_over:
                best_split, best_over = split, over
        return Fit(scale, 2, head.flowables, blocks, best_split, best_over)


def _gap(scale: float) -> float:
    return float(2.2 * mm * scale)


def _head(routine: Routine, ctx: Context, scale: float, box_w: float) -> list[Flowable]:
    sizes = ctx.template.type
    theme = ctx.theme
    text: list[Flowable] = [
        paragraph(
            ctx.md(routine.title),
            theme.style("card-title", sizes.title * scale, bold=True, leading=1.12),
        )
    ]
    meta = parts.marked(routine.position, ctx) if routine.position else []
    duration = parts.routine_duration(routine)
    if duration:
        meta[-1:] = [" · ".join([*meta[-1:], ctx.md(duration)])]
    style = theme.style(
        "card-meta",
        sizes.small * max(scale, 0.9),
        color=theme.muted,
        leading=1.3,
        spaceBefore=2,
    )
    text += [paragraph(markup, style) for markup in meta]
    head: list[Flowable] = []
    if ctx.template.show.body_map and routine.regions:
        drawing = bodymap.Pictogram(
            "map", routine.regions, 22 * mm * max(scale, 0.75), ctx.icon_style
        )
        head.append(_Beside(text, drawing))
    else:
        head.append(_Beside(text, None))
    head[-1].spaceAfter = 2.5 * mm * scale
    callouts = parts.cautions(routine.cautions, ctx, max(sizes.body * scale, 6), compact=True)
    for callout in callouts:
        callout.spaceAfter = 1.2 * mm * scale
    head.extend(callouts)
    if callouts:
        callouts[-1].spaceAfter = 3 * mm * scale
    return head


def _blocks(routine: Routine, ctx: Context, scale: float) -> list[Flowable]:
    blocks: list[Flowable] = [_step(step, n, ctx, scale) for n, step in enumerate(routine.steps, 1)]
    closing = parts.finish(routine.finish, ctx, ctx.template.type.body * max(scale, 0.85))
    if closing is not None:
        blocks.append(closing)
    return blocks


def _step(step: Step, number: int, ctx: Context, scale: float) -> StepBlock:
    """Big cue first; below it one small line with the step's name and its facts."""
    sizes = ctx.template.type
    theme = ctx.theme
    cue = sizes.cue * scale
    content: list[Flowable] = [
        paragraph(ctx.md(step.cue or step.title), theme.style("cue", cue, bold=True, leading=1.15))
    ]
    facts = _facts(step, ctx)
    if step.cue:
        facts.insert(0, f"<b>{ctx.md(step.title)}</b>")
    if facts:
        content.append(
            paragraph(
                "  ·  ".join(facts),
                theme.style(
                    "facts",
                    max(sizes.small * scale * 1.1, 6),
                    color=theme.muted,
                    leading=1.25,
                    spaceBefore=1,
                ),
            )
        )
    for callout in parts.cautions(
        step.caution, ctx, max(sizes.body * scale * 0.95, 6), compact=True
    ):
        callout.spaceBefore = 1.2 * mm * scale
        content.append(callout)
    return StepBlock(
        number,
        content,
        badge=cue * 1.55,
        badge_fill=theme.accent,
        frame_height=10_000,
        gutter=cue * 0.55,
    )


def _facts(step: Step, ctx: Context) -> list[str]:
    words = ctx.words
    facts = []
    if step.repeat is not None:
        facts.append(f"{step.repeat}{words['times']}")
    if step.time:
        facts.append(ctx.md(step.time))
    if step.pressure:
        facts.append(ctx.md(words[f"pressure_{step.pressure}"]))
    return facts


class _Beside(Flowable):  # type: ignore[misc]
    """Title text on the left, the body map on the right."""

    def __init__(self, text: list[Flowable], drawing: Flowable | None) -> None:
        super().__init__()
        self.text = text
        self.drawing = drawing

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        size: tuple[float, float] = (
            self.drawing.wrap(avail_width, avail_height) if self.drawing else (0, 0)
        )
        self.map_w, self.map_h = size
        text_w = avail_width - self.map_w - (3 * mm if self.drawing else 0)
        self.sizes = [f.wrap(text_w, avail_height) for f in self.text]
        text_h = sum(
            h + f.getSpaceBefore() for f, (_, h) in zip(self.text, self.sizes, strict=True)
        )
        self.height = max(text_h, self.map_h)
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for f, (_, h) in zip(self.text, self.sizes, strict=True):
            y -= h + f.getSpaceBefore()
            f.drawOn(self.canv, 0, y)
        if self.drawing is not None:
            self.drawing.drawOn(self.canv, self.width - self.map_w, self.height - self.map_h)


def _draw(canvas: Canvas, fit: Fit, x: float, top: float, box_w: float) -> None:
    y = top
    for flow in fit.head:
        _, h = flow.wrap(box_w, 10_000)
        y -= h
        flow.drawOn(canvas, x, y)
        y -= flow.getSpaceAfter()
    blocks = fit.blocks
    col_w = (box_w - GAP * (fit.columns - 1)) / fit.columns
    columns = [blocks[: fit.split], blocks[fit.split :]] if fit.columns == 2 else [blocks]
    for c, column in enumerate(columns):
        cy = y
        cx = x + c * (col_w + GAP)
        for block in column:
            _, h = block.wrap(col_w, 10_000)
            cy -= h
            block.drawOn(canvas, cx, cy)
            cy -= _gap(fit.scale)
