"""The laminated table card: exactly one page, big numbered cues, shrunk to fit.

Type shrinks step by step from the template's cue size to its legible floor,
trying one column and then two where the paper is wide enough; past the floor
the build fails and says by how much the card is too long.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handout.errors import LayoutError
from handout.layout import parts
from handout.layout.context import Context
from handout.layout.document import set_metadata
from handout.model import Routine, Step
from handout.render import bodymap, fonts
from handout.render.blocks import StepBlock
from handout.render.markup import para, plain

MIN_COLUMN = 44 * mm
GAP = 4 * mm
SHRINK = 0.94


@dataclass
class Fit:
    scale: float
    columns: int
    head: list[Flowable]
    split: int
    over: float


def build_card(
    rid: str, routine: Routine, ctx: Context, pagesize: tuple[float, float]
) -> tuple[bytes, int]:
    top, right, bottom, left = ctx.margins
    width, height = pagesize
    box_w, box_h = width - left - right, height - top - bottom
    fit = _fit(routine, ctx, box_w, box_h)
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
    _draw(canvas, routine, ctx, fit, left, bottom + box_h, box_w)
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


def _fit(routine: Routine, ctx: Context, box_w: float, box_h: float) -> Fit:
    """The largest type that fits, in one column or (where the paper allows) two; at equal size
    one column wins. When nothing fits, the layout that misses by least at the floor."""
    scales = _scales(ctx)
    layouts = [1, 2] if (box_w - GAP) / 2 >= MIN_COLUMN else [1]
    fits: list[Fit] = []
    misses: list[Fit] = []
    for columns in layouts:
        col_w = (box_w - GAP * (columns - 1)) / columns

        def measure(i: int, columns: int = columns, col_w: float = col_w) -> Fit:
            return _measure(routine, ctx, scales[i], columns, box_w, col_w, box_h)

        largest = measure(0)
        if largest.over <= 0:
            fits.append(largest)
            continue
        floor = measure(len(scales) - 1)
        if floor.over > 0:
            misses.append(floor)
            continue
        low, high, best = 0, len(scales) - 1, floor  # type shrinks as i grows: find the first fit
        while low < high:
            middle = (low + high) // 2
            trial = measure(middle)
            if trial.over <= 0:
                best, high = trial, middle
            else:
                low = middle + 1
        fits.append(best)
    if fits:
        return max(fits, key=lambda fit: (fit.scale, -fit.columns))
    return min(misses, key=lambda fit: fit.over)


def _measure(
    routine: Routine,
    ctx: Context,
    scale: float,
    columns: int,
    box_w: float,
    col_w: float,
    box_h: float,
) -> Fit:
    head = _head(routine, ctx, scale, box_w)
    head_h = sum(f.wrap(box_w, box_h)[1] + f.getSpaceAfter() for f in head)
    blocks = _blocks(routine, ctx, scale)
    heights = [b.wrap(col_w, box_h)[1] + _gap(scale) for b in blocks]
    room = box_h - head_h
    if columns == 1:
        return Fit(scale, 1, head, len(blocks), sum(heights) - _gap(scale) - room)
    best_split, best_over = len(blocks), math.inf
    for split in range(1, len(blocks)):
        over = max(sum(heights[:split]), sum(heights[split:])) - _gap(scale) - room
        if over < best_over:
            best_split, best_over = split, over
    return Fit(scale, 2, head, best_split, best_over)


def _gap(scale: float) -> float:
    return float(2.2 * mm * scale)


def _head(routine: Routine, ctx: Context, scale: float, box_w: float) -> list[Flowable]:
    sizes = ctx.template.type
    theme = ctx.theme
    text: list[Flowable] = [
        para(
            ctx.md(routine.title),
            theme.style("card-title", sizes.title * scale, bold=True, leading=1.12),
        )
    ]
    meta = [
        x for x in (routine.position, routine.duration or parts.minutes(routine.total_seconds)) if x
    ]
    if meta:
        text.append(
            para(
                " · ".join(ctx.md(x) for x in meta),
                theme.style(
                    "card-meta",
                    sizes.small * max(scale, 0.9),
                    color=theme.muted,
                    leading=1.3,
                    spaceBefore=2,
                ),
            )
        )
    head: list[Flowable] = []
    if ctx.template.show.body_map and routine.regions:
        drawing = bodymap.Pictogram(
            "map", routine.regions, 22 * mm * max(scale, 0.75), parts.icon_style(ctx)
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
        para(ctx.md(step.cue or step.title), theme.style("cue", cue, bold=True, leading=1.15))
    ]
    facts = _facts(step, ctx)
    if step.cue:
        facts.insert(0, f"<b>{ctx.md(step.title)}</b>")
    if facts:
        content.append(
            para(
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


def _draw(
    canvas: Canvas, routine: Routine, ctx: Context, fit: Fit, x: float, top: float, box_w: float
) -> None:
    y = top
    for flow in fit.head:
        _, h = flow.wrap(box_w, 10_000)
        y -= h
        flow.drawOn(canvas, x, y)
        y -= flow.getSpaceAfter()
    blocks = _blocks(routine, ctx, fit.scale)
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
