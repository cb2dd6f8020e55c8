"""The laminated table card: big numbered cues on one side, or on a front and a back.

Type is set as large as fits, from above the template's sizes (more on larger paper) down to
the legible floor (layout/card_parts.py `floors`). A card that holds everything on one side at
the floor or above is one page. Else the front keeps the title and the numbered cues (with the
stop-level step cautions beside their steps while there is room) and the back takes the
routine's cautions, the other step cautions labelled with their steps, what to have ready, the
body map and the finish. Past two sides the build fails, saying by how much and what to do.
"""

from __future__ import annotations

import functools
import io
import itertools
import math
from collections.abc import Callable, Iterator
from typing import NamedTuple

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handout.assets import fonts
from handout.content.cautions import Said, Sayings, sayings
from handout.content.model import Routine
from handout.errors import LayoutError
from handout.layout import card_parts, parts
from handout.layout.card_parts import Type
from handout.layout.context import Context
from handout.layout.document import set_metadata
from handout.render.text.markup import plain

MIN_COLUMN = 44 * mm
GAP = 4 * mm
SHRINK = 0.94
GROWTH = 1.15  # on A6, type may grow this far above the template's sizes to fill the card
MAX_SPREAD = 2.5  # leftover room may widen the gaps between steps up to this many times


class Side(NamedTuple):
    """One side's flowables: a head across the width, then blocks set in columns."""

    head: list[Flowable]
    blocks: list[Flowable]
    gap: float  # between two blocks


class Laid(NamedTuple):
    """A side set at one type size: in how many columns, where the second begins, and how
    far it runs past the room (negative: room to spare)."""

    side: Side
    type: Type
    columns: int
    split: int
    over: float


Maker = Callable[[Type], Side]


def build_card(
    rid: str, routine: Routine, ctx: Context, pagesize: tuple[float, float], bleed: float = 0
) -> tuple[bytes, int]:
    """The card's sides as a PDF. With `bleed` (points: printed to be trimmed), each side has
    an accent band along its top edge that runs `bleed` past the trim, a colour edge only a
    trimmed card can have (an office print keeps a white edge, which no printer can print on).
    One side, the last where it has room, ends with the version stamp (card_parts.StampLine)."""
    top, right, bottom, left = ctx.margins
    width, height = pagesize
    box = (width - left - right, height - top - bottom)
    stamp = card_parts.StampLine(ctx, pagesize) if ctx.stamp is not None else None
    sides, spot = _stamped(routine, ctx, pagesize, box, stamp)
    over = _over(sides)
    if over > 0:
        raise LayoutError(
            f"card for '{rid}' is {math.ceil(over / mm)} mm too long on two sides at the smallest"
            " legible size — use --paper a5, shorter cues, or --format sheet"
        )
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer, pagesize=pagesize, invariant=1, initialFontName=fonts.MAIN, lang=ctx.lang
    )
    set_metadata(canvas, plain(routine.title), ctx.author, plain(routine.summary))
    for number, laid in enumerate(sides):
        if bleed:
            _band(canvas, pagesize, bleed, ctx)
        room = box
        if stamp is not None and spot is not None and number == spot.side:
            stamp.draw(canvas, left + spot.x, spot.width)
            room = (box[0], box[1] - spot.need)  # the steps spread no further than the stamp
        _draw(canvas, laid, left, bottom + box[1], room, spread=number == 0)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue(), len(sides)


def _fitted(
    routine: Routine, ctx: Context, pagesize: tuple[float, float], box: tuple[float, float]
) -> list[Laid]:
    sides = _Card(routine, ctx, pagesize, box).sides()
    if _over(sides) > 0 and any(step.therapist_note for step in routine.steps):
        sides = _Card(routine, ctx, pagesize, box, notes_apart=True).sides()
    return sides


class Spot(NamedTuple):
    """Where the stamp goes: the side, its left edge from the box's, the width it is set in,
    and the room it takes at the foot of the box."""

    side: int
    x: float
    width: float
    need: float


def _stamped(
    routine: Routine,
    ctx: Context,
    pagesize: tuple[float, float],
    box: tuple[float, float],
    stamp: card_parts.StampLine | None,
) -> tuple[list[Laid], Spot | None]:
    """The card, and where its stamp goes: in the room a side leaves, the last side's first
    (across the width, else under the column that leaves most), so the stamp changes nothing
    else on the card; else the card laid out again with a line kept free for the stamp across
    the foot of each side, the last side's holding it."""
    sides = _fitted(routine, ctx, pagesize, box)
    if stamp is None or _over(sides) > 0:
        return sides, None
    for side in reversed(range(len(sides))):
        spot = _spot(side, sides[side], box, stamp)
        if spot is not None:
            return sides, spot
    need = stamp.need(box[0])
    sides = _fitted(routine, ctx, pagesize, (box[0], box[1] - need))
    return sides, Spot(len(sides) - 1, 0.0, box[0], need)


def _spot(
    side: int, laid: Laid, box: tuple[float, float], stamp: card_parts.StampLine
) -> Spot | None:
    """Where on the laid-out side the stamp fits in the room left: across the width when every
    column leaves room for it, else under the column that leaves most; None when none does."""
    box_w, box_h = box
    head_h = sum(_height(f, box_w, box_h) for f in laid.side.head)
    col_w = (box_w - GAP * (laid.columns - 1)) / laid.columns
    free = [
        box_h - head_h - _stacked([_height(b, col_w, box_h) for b in column], laid.side.gap)
        for column in _columns(laid)
    ]
    across = stamp.need(box_w)
    if min(free) >= across:
        return Spot(side, 0.0, box_w, across)
    most = max(range(len(free)), key=free.__getitem__)
    need = stamp.need(col_w)
    return Spot(side, most * (col_w + GAP), col_w, need) if free[most] >= need else None


class _Card:
    """Finds the card: one side if everything fits on it at the floor or above, else a front
    and a back at the largest type that fits both; when nothing fits, the try that misses by
    least."""

    def __init__(
        self,
        routine: Routine,
        ctx: Context,
        pagesize: tuple[float, float],
        box: tuple[float, float],
        *,
        notes_apart: bool = False,
    ) -> None:
        """`notes_apart`: the steps' therapist notes, for room, not under their steps but
        together on the back (after the steps on a one-sided card)."""
        self.routine, self.ctx, self.box = routine, ctx, box
        self.notes_apart = notes_apart
        sizes = ctx.template.type
        floor = card_parts.floors(sizes, pagesize)
        self.types = [
            card_parts.type_at(s, sizes, floor) for s in _scales(sizes.cue, floor.cue, pagesize)
        ]
        self.layouts = [1, 2] if (box[0] - GAP) / 2 >= MIN_COLUMN else [1]
        self.said: Sayings = sayings(routine)
        self.measures = 0

    def sides(self) -> list[Laid]:
        one = self._largest(self._one_side)
        if one.over <= 0:
            return [one]
        tries: list[list[Laid]] = []
        for p, c, s in itertools.product((False, True), ([1], self.layouts), (True, False)):
            tries.append(
                self._first_fit(functools.partial(self._two_sides, stops=s, layouts=c, spill=p))
            )
            if _over(tries[-1]) <= 0:  # the first that fits, in this order, is the one
                return self._keeping_map(tries[-1])
        return min([[one], *tries], key=_over)

    def _keeping_map(self, fit: list[Laid]) -> list[Laid]:
        """The sides that fit; but when their back left its body map out for room, the sides
        one type size smaller that keep it (shrunk to no less than 45 mm), if those fit: the
        map is worth a step of type, not more."""
        index = self.types.index(fit[0].type) + 1
        shown = self.ctx.template.show.body_map and self.routine.regions
        if fit[1].side.head or not shown or index == len(self.types):
            return fit
        tries = (
            self._two_sides(index, stops=s, layouts=c, spill=False, bare=False)
            for c in ([1], self.layouts)
            for s in (True, False)
        )
        return next((t for t in tries if _over(t) <= 0), fit)

    def _two_sides(
        self, index: int, *, stops: bool, layouts: list[int], spill: bool, bare: bool = True
    ) -> list[Laid]:
        """Front and back at one type size: the front holds every step (in one column, else
        two); or, with `spill`, as many as one column holds and the back takes the rest first.
        With `stops`, the stop-level step cautions stay beside their steps on the front. Not
        `bare`: the back keeps its head and map (_laid_back)."""
        stops_on_front = stops
        t = self.types[index]
        head = card_parts.head(self.routine, self.ctx, t, body_map=False)
        steps = self._steps(t, lambda n: self._on_front(n, stops_on_front))
        tried = [self._lay(Side(head, steps, card_parts.gap(t)), t, c) for c in layouts]
        front = next((laid for laid in tried if laid.over <= 0), min(tried, key=lambda f: f.over))
        spilled: list[Flowable] = []
        if spill and front.over > 0:
            keep = self._how_many(head, steps, t)
            front = self._lay(Side(head, steps[:keep], card_parts.gap(t)), t, 1)
            spilled = steps[keep:]
        return [front, self._laid_back(t, stops_on_front, spilled, bare)]

    def _how_many(self, head: list[Flowable], steps: list[Flowable], t: Type) -> int:
        """How many steps one column holds under the head (at least one)."""
        box_w, box_h = self.box
        room = box_h - sum(_height(f, box_w, box_h) for f in head)
        used, keep = -card_parts.gap(t), 0
        for block in steps:
            used += _height(block, box_w, box_h) + card_parts.gap(t)
            if used > room:
                break
            keep += 1
        return max(1, keep)

    # ---- what each side holds

    def _steps(self, t: Type, here: Callable[[int], list[Said]]) -> list[Flowable]:
        return [
            card_parts.step(item, n, here(n), self.ctx, t, note=not self.notes_apart)
            for n, item in enumerate(self.routine.steps, 1)
        ]

    def _notes(self, t: Type) -> list[Flowable]:
        return card_parts.step_notes(self.routine, self.ctx, t) if self.notes_apart else []

    def _one_side(self, t: Type) -> Side:
        routine, ctx = self.routine, self.ctx
        head = card_parts.head(routine, ctx, t, body_map=True)
        head += card_parts.callouts(self._routine_cautions(), ctx, t)
        head += card_parts.routine_note(routine, ctx, t)
        blocks = [*self._steps(t, lambda n: self.said.steps[n - 1]), *self._notes(t)]
        closing = parts.finish(routine.finish, ctx, t.text)
        return Side(head, [*blocks, closing] if closing is not None else blocks, card_parts.gap(t))

    def _front(self, t: Type, stops: bool) -> Side:
        head = card_parts.head(self.routine, self.ctx, t, body_map=False)
        return Side(head, self._steps(t, lambda n: self._on_front(n, stops)), card_parts.gap(t))

    def _on_front(self, n: int, stops: bool) -> list[Said]:
        return [s for s in self.said.steps[n - 1] if stops and s.caution.level == "stop"]

    def _laid_back(
        self, t: Type, stops_on_front: bool, spilled: list[Flowable], bare: bool = True
    ) -> Laid:
        """The back with its head and body map; else with the map shrunk by what that runs
        over (card_parts.back_map_height keeps it 45 mm tall); else, for room and when
        `bare` allows, without its head. A back that starts with spilled steps has no head."""

        def lay(headless: bool, short: float = 0.0) -> Laid | None:
            """The first layout of this back that fits (None: none; `laid` holds them)."""
            back = self._back(t, stops_on_front, spilled, headless, short)
            for columns in self.layouts:
                laid.append(self._lay(back, t, columns))
                if laid[-1].over <= 0:
                    return laid[-1]
            return None

        laid: list[Laid] = []
        fits = lay(bool(spilled))
        if fits is None and not spilled:
            fits = lay(False, min(b.over for b in laid))
        if fits is None and bare:
            fits = lay(True)
        return fits or min(laid, key=lambda b: b.over)

    def _back(
        self, t: Type, stops_on_front: bool, spilled: list[Flowable], bare: bool, short: float = 0
    ) -> Side:
        """The back; `bare`, without its head (title and body map), for room: the equipment
        then comes last; its map `short` less tall (card_parts.back_head)."""
        routine, ctx = self.routine, self.ctx
        moved = [
            (said, card_parts.steps_lead(said, ctx), "")
            for n, step in enumerate(self.said.steps, 1)
            for said in step
            if said not in self._on_front(n, stops_on_front)
        ]
        blocks: list[Flowable] = [
            *spilled,
            *card_parts.callouts(self._routine_cautions(), ctx, t),
            *card_parts.routine_note(routine, ctx, t),
            *self._notes(t),
            *card_parts.callouts(moved, ctx, t),
        ]
        if bare:
            blocks += card_parts.equipment(routine, ctx, t)
        closing = parts.finish(routine.finish, ctx, t.caution)
        if closing is not None:
            blocks.append(closing)
        head = [] if bare else card_parts.back_head(routine, ctx, t, short)
        return Side(head, blocks, t.text * 0.3)

    def _routine_cautions(self) -> list[tuple[Said, str, str]]:
        return [(s, "", card_parts.applies(s, self.ctx)) for s in self.said.routine]

    # ---- fitting

    def _largest(self, make: Maker) -> Laid:
        """The side at the largest type that fits, one column winning at equal size; else at
        the floor, in the layout that misses by least."""
        types = self.types
        made: dict[int, Side] = {}

        def side(index: int) -> Side:
            if index not in made:
                made[index] = make(types[index])
            return made[index]

        def laid(columns: int, index: int) -> list[Laid]:
            return [self._lay(side(index), types[index], columns)]

        found = [self._first_fit(functools.partial(laid, c))[0] for c in self.layouts]
        fitting = [f for f in found if f.over <= 0]
        if fitting:  # the largest type; at equal size the first layout, one column
            return max(fitting, key=lambda f: (f.type.scale, -f.columns))
        return min(found, key=lambda f: f.over)

    def _first_fit(self, lay: Callable[[int], list[Laid]]) -> list[Laid]:
        """The sides at the first index (the largest type) that fits, found by bisection, as
        fitting is monotone in the size; at the floor when nothing fits."""
        count = len(self.types)
        floor = lay(count - 1)
        if _over(floor) > 0:
            return floor
        low, high, fit = 0, count - 1, floor  # the answer lies in [low, high]
        while low < high:
            middle = (low + high) // 2
            trial = lay(middle)
            if _over(trial) <= 0:
                high, fit = middle, trial
            else:
                low = middle + 1
        return fit

    def _lay(self, side: Side, t: Type, columns: int) -> Laid:
        self.measures += 1
        box_w, box_h = self.box
        head_h = sum(_height(f, box_w, box_h) for f in side.head)
        col_w = (box_w - GAP * (columns - 1)) / columns
        heights = [_height(b, col_w, box_h) for b in side.blocks]
        room = box_h - head_h
        space = side.gap
        if columns == 1 or len(heights) < 2:
            return Laid(side, t, 1, len(heights), _stacked(heights, space) - room)
        split = min(
            range(1, len(heights)),
            key=lambda s: max(_stacked(heights[:s], space), _stacked(heights[s:], space)),
        )
        over = max(_stacked(heights[:split], space), _stacked(heights[split:], space)) - room
        return Laid(side, t, 2, split, over)


def _over(sides: list[Laid]) -> float:
    """How far the sides run past their room, all told."""
    return sum(max(0.0, laid.over) for laid in sides)


def _scales(cue: float, floor: float, pagesize: tuple[float, float]) -> list[float]:
    """From the largest scale (growing with the paper's short side) down to the floor's."""
    top = max(1.0, min(pagesize) / card_parts.A6_SHORT) * GROWTH
    least = floor / cue
    scales = [top]
    while scales[-1] * SHRINK > least:
        scales.append(scales[-1] * SHRINK)
    return [*scales, least]


def _height(flow: Flowable, width: float, height: float) -> float:
    return float(flow.wrap(width, height)[1] + flow.getSpaceBefore() + flow.getSpaceAfter())


def _stacked(heights: list[float], space: float) -> float:
    return sum(heights) + space * max(0, len(heights) - 1)


def _columns(laid: Laid) -> Iterator[list[Flowable]]:
    blocks = laid.side.blocks
    if laid.columns == 2:
        yield blocks[: laid.split]
        yield blocks[laid.split :]
    else:
        yield blocks


BAND = 2.5 * mm  # inside the trim: within the lamination safe zone, so it never meets text


def _band(canvas: Canvas, pagesize: tuple[float, float], bleed: float, ctx: Context) -> None:
    width, height = pagesize
    canvas.setFillColor(ctx.theme.accent)
    canvas.rect(-bleed, height - BAND, width + 2 * bleed, BAND + bleed, stroke=0, fill=1)


def _draw(
    canvas: Canvas, laid: Laid, x: float, top: float, box: tuple[float, float], *, spread: bool
) -> None:
    """The side from the top of the box; on the front, room left over widens the gaps
    between steps (up to MAX_SPREAD times), so the cues fill the card instead of its margins."""
    box_w, box_h = box
    y = top
    for flow in laid.side.head:
        y -= flow.getSpaceBefore()
        _, h = flow.wrap(box_w, box_h)
        y -= h
        flow.drawOn(canvas, x, y)
        y -= flow.getSpaceAfter()
    col_w = (box_w - GAP * (laid.columns - 1)) / laid.columns
    space = laid.side.gap
    for c, column in enumerate(_columns(laid)):
        heights = [_height(b, col_w, box_h) for b in column]
        left = (y - (top - box_h)) - _stacked(heights, space)
        extra = 0.0
        if spread and len(column) > 1 and left > 0:
            extra = min(left / (len(column) - 1), space * (MAX_SPREAD - 1))
        cy = y
        cx = x + c * (col_w + GAP)
        for block in column:
            cy -= block.getSpaceBefore()
            _, h = block.wrap(col_w, box_h)
            cy -= h
            block.drawOn(canvas, cx, cy)
            cy -= block.getSpaceAfter() + space + extra
