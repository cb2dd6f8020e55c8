"""The geometry of press sheets, in points with the origin at the sheet's bottom left: boxes,
placements (affine matrices), the grid cards are set in, where a back lands behind its front.
Pure arithmetic: no PDF library."""

from __future__ import annotations

import math
from typing import NamedTuple

MM = 72 / 25.4
EPS = 0.01  # points: what "the same place" allows (0.0035 mm)


class Box(NamedTuple):
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def grown(self, by: float) -> Box:
        return Box(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)

    def moved(self, dx: float, dy: float) -> Box:
        return Box(self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy)

    def contains(self, other: Box) -> bool:
        return (
            other.x0 >= self.x0 - EPS
            and other.y0 >= self.y0 - EPS
            and other.x1 <= self.x1 + EPS
            and other.y1 <= self.y1 + EPS
        )

    def overlaps(self, other: Box) -> bool:
        return (
            min(self.x1, other.x1) - max(self.x0, other.x0) > EPS
            and min(self.y1, other.y1) - max(self.y0, other.y0) > EPS
        )


def union(boxes: list[Box]) -> Box:
    return Box(
        min(b.x0 for b in boxes),
        min(b.y0 for b in boxes),
        max(b.x1 for b in boxes),
        max(b.y1 for b in boxes),
    )


class Matrix(NamedTuple):
    """A PDF transformation matrix [a b c d e f]: (x, y) → (a·x + c·y + e, b·x + d·y + f)."""

    a: float = 1.0
    b: float = 0.0
    c: float = 0.0
    d: float = 1.0
    e: float = 0.0
    f: float = 0.0

    def apply(self, x: float, y: float) -> tuple[float, float]:
        return (self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f)

    def then(self, after: Matrix) -> Matrix:
        """This transformation followed by `after`."""
        a, b, c, d, e, f = self
        return Matrix(
            a * after.a + b * after.c,
            a * after.b + b * after.d,
            c * after.a + d * after.c,
            c * after.b + d * after.d,
            e * after.a + f * after.c + after.e,
            e * after.b + f * after.d + after.f,
        )

    def box(self, width: float, height: float) -> Box:
        """Where the rectangle (0, 0)–(width, height) lands."""
        corners = [self.apply(x, y) for x in (0, width) for y in (0, height)]
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        return Box(min(xs), min(ys), max(xs), max(ys))


def translate(dx: float, dy: float) -> Matrix:
    return Matrix(e=dx, f=dy)


def onto(width: float, height: float, slot: Box, quarter_turns: int) -> Matrix:
    """The placement of a width × height page so that it fills `slot`, turned counterclockwise
    by `quarter_turns` × 90° (the slot is already the turned page's shape)."""
    turn = quarter_turns % 4
    rotations = {
        0: Matrix(1, 0, 0, 1, 0, 0),
        1: Matrix(0, 1, -1, 0, height, 0),
        2: Matrix(-1, 0, 0, -1, width, height),
        3: Matrix(0, -1, 1, 0, 0, width),
    }
    return rotations[turn].then(translate(slot.x0, slot.y0))


def behind(front: Matrix, width: float, sheet: tuple[float, float], flip: str) -> Matrix:
    """The placement of a card's back on the back of the sheet, so that it lands behind
    `front` and reads upright when the cut card is turned over like a page (about its own
    vertical axis), for a printer that flips the sheet on its long or short edge."""
    turn_card = Matrix(-1, 0, 0, 1, width, 0)  # back point (u, v) is behind front (w − u, v)
    return turn_card.then(front).then(_flip(sheet, flip))


def _flip(sheet: tuple[float, float], flip: str) -> Matrix:
    """Front-side point → the back-side point behind it, for a sheet flipped on that edge
    (which edge is long depends on the sheet's shape)."""
    width, height = sheet
    about_vertical = (flip == "long") == (height >= width)
    if about_vertical:
        return Matrix(-1, 0, 0, 1, width, 0)
    return Matrix(1, 0, 0, -1, 0, height)


class Grid(NamedTuple):
    """Cards on a sheet: their trim boxes row by row from the top left, each turned by
    `quarter_turns`, `gutter` apart (0: neighbours share their cut lines)."""

    slots: list[Box]
    quarter_turns: int
    columns: int
    rows: int
    gutter: float

    @property
    def extent(self) -> Box:
        return union(self.slots)


def fit(
    sheet: tuple[float, float],
    card: tuple[float, float],
    gutter: float,
    reserve: tuple[float, float, float, float],
    wanted: int | None = None,
) -> Grid | None:
    """The grid of the most cards (or of `wanted` cards) that fit inside the sheet less
    `reserve` (top, right, bottom, left: room for bleed, marks and the slug), turned a
    quarter when that fits more; centred on the sheet, or as near its centre as the reserve
    allows. None when not even one fits (or not `wanted`)."""
    top, right, bottom, left = reserve
    room = Box(left, bottom, sheet[0] - right, sheet[1] - top)
    options = []
    for turns, (w, h) in ((0, card), (1, (card[1], card[0]))):
        columns, rows = _count(room.width, w, gutter), _count(room.height, h, gutter)
        if columns * rows == 0:
            continue
        if wanted is not None:
            shape = _shape(columns, rows, wanted)
            if shape is None:
                continue
            columns, rows = shape
        options.append((-min(columns * rows, wanted or columns * rows), turns, columns, rows))
    if not options:
        return None
    _, turns, columns, rows = min(options)
    size = card if turns == 0 else (card[1], card[0])
    return _centred(size, columns, rows, gutter, sheet, room, turns, wanted)


def _count(room: float, size: float, gutter: float) -> int:
    return max(0, math.floor((room + gutter + EPS) / (size + gutter)))


def _shape(columns: int, rows: int, wanted: int) -> tuple[int, int] | None:
    """The fewest columns and rows of at most these that hold `wanted`, the squarest first."""
    shapes = [
        (c * r - wanted, abs(c - r), c, r)
        for c in range(1, columns + 1)
        for r in range(1, rows + 1)
        if c * r >= wanted
    ]
    return min(shapes)[2:] if shapes else None


def _centred(
    size: tuple[float, float],
    columns: int,
    rows: int,
    gutter: float,
    sheet: tuple[float, float],
    room: Box,
    turns: int,
    wanted: int | None,
) -> Grid:
    w, h = size
    used = (columns * w + (columns - 1) * gutter, rows * h + (rows - 1) * gutter)
    x0 = _middle(sheet[0], used[0], room.x0, room.x1)
    top = _middle(sheet[1], used[1], room.y0, room.y1) + used[1]
    slots = [
        Box(x, y, x + w, y + h)
        for row in range(rows)
        for column in range(columns)
        for x, y in [(x0 + column * (w + gutter), top - (row + 1) * h - row * gutter)]
    ]
    return Grid(slots[: wanted or len(slots)], turns, columns, rows, gutter)


def _middle(sheet: float, used: float, low: float, high: float) -> float:
    """Where a run `used` long starts: centred on the sheet, kept between `low` and `high`."""
    return min(max((sheet - used) / 2, low), high - used)


def mirrored(box: Box, sheet: tuple[float, float], flip: str) -> Box:
    """The box on the back of the sheet that lies behind `box` on its front."""
    s = _flip(sheet, flip)
    (ax, ay), (bx, by) = s.apply(box.x0, box.y0), s.apply(box.x1, box.y1)
    return Box(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
