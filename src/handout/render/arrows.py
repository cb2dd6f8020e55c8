"""Stroke-direction arrows drawn over a step icon's highlighted regions.

An arrow is one closed outline, painted twice: stroked dark with round joins, then filled
white, so its white core reads on the coloured highlight, on the pale body and in grayscale.
Arrows are sized to the visible part of the lit regions on the view (the regions clipped to
the silhouette, found by rasterising both) and never reach more than ``GROW`` beyond it.
A limb pair on a whole-body view (both legs, both arms) gets an arrow on each limb.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

if TYPE_CHECKING:
    from PIL import Image

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x, y, width, height
Polygon = tuple[Point, ...]

GROW = 2 * mm  # how far an arrow may reach beyond its region's box
_SAFE = GROW * 0.9  # what the geometry uses, so rounding never crosses GROW
_PER_UNIT = 2  # mask pixels per SVG unit
# Regions above the heart: a stroke towards the heart runs down them.
ABOVE_HEART = frozenset({"head", "face", "neck", "shoulders"})
_WHITE = Color(1, 1, 1)


def course(direction: str, view: str, regions: frozenset[str]) -> str:
    """What to draw: `up`, `down`, `circles`, `across` or `along`.

    Towards the heart is up on legs, arms (they hang down in the figures) and trunk, down on
    the head and neck; on the sole view the toes point up, so towards the heel is down.
    """
    if direction not in ("toward-heart", "away-from-heart"):
        return direction
    up = view != "foot-sole" and not (regions and regions <= ABOVE_HEART)
    return "up" if up == (direction == "toward-heart") else "down"


@functools.lru_cache(maxsize=256)
def region_boxes(outline: str, lit: tuple[str, ...], viewbox: Box, split: bool) -> tuple[Box, ...]:
    """Boxes (SVG units) of the lit paths clipped to the outline (PDF path operators in SVG
    units), found once per drawing (keyed by the paths, so a workspace's own icons get their
    own). With ``split``, a region the figure's midline barely crosses (a pair of limbs)
    gives one box per half."""
    from PIL import ImageChops  # only when measuring a drawing (bodymap: not a shipped one)

    vx, vy, vw, vh = viewbox
    size = (math.ceil(vw * _PER_UNIT), math.ceil(vh * _PER_UNIT))
    seen = ImageChops.multiply(mask([outline], viewbox, size), mask(lit, viewbox, size))
    whole = seen.getbbox()
    if whole is None:
        return ()
    halves = [(0, 0, size[0] // 2, size[1]), (size[0] // 2, 0, size[0], size[1])]
    parts = [whole]
    if split and _crossing(seen, whole) < 0.3:
        parts = [b for h in halves if (b := _shifted(seen.crop(h).getbbox(), h)) is not None]
    return tuple(
        (vx + x0 / _PER_UNIT, vy + y0 / _PER_UNIT, (x1 - x0) / _PER_UNIT, (y1 - y0) / _PER_UNIT)
        for x0, y0, x1, y1 in parts
    )


def mask(paths: Sequence[str], viewbox: Box, size: tuple[int, int]) -> Image.Image:
    """The union of closed paths, as a black-and-white image of the viewbox (a copy of the one
    drawn the first time: the same outlines are asked for on every page)."""
    return _mask(tuple(paths), viewbox, size).copy()


@functools.lru_cache(maxsize=256)
def _mask(paths: tuple[str, ...], viewbox: Box, size: tuple[int, int]) -> Image.Image:
    from PIL import Image, ImageDraw

    image = Image.new("L", size, 0)
    draw = ImageDraw.Draw(image)
    for path in paths:
        for polygon in _flattened(path):
            points = [
                ((x - viewbox[0]) * _PER_UNIT, (y - viewbox[1]) * _PER_UNIT) for x, y in polygon
            ]
            if len(points) > 2:
                draw.polygon(points, fill=255)
    return image


@functools.lru_cache(maxsize=1024)
def _flattened(path: str) -> tuple[list[Point], ...]:
    return tuple(_polygons(path))


def _polygons(path: str) -> Iterator[list[Point]]:
    """Subpaths of PDF path operators (m l c h) as point lists, curves flattened."""
    polygon: list[Point] = []
    numbers: list[float] = []
    for token in path.split():
        if token not in ("m", "l", "c", "h"):
            numbers.append(float(token))
            continue
        if token in ("m", "h") and polygon:
            yield polygon
            polygon = []
        if token == "c" and polygon:
            polygon.extend(_cubic(polygon[-1], numbers))
        elif token in ("m", "l"):
            polygon.append((numbers[0], numbers[1]))
        numbers = []
    if polygon:
        yield polygon


def _cubic(start: Point, n: list[float]) -> Iterator[Point]:
    for k in range(1, 9):
        t = k / 8
        u = 1 - t
        weights = (u**3, 3 * u * u * t, 3 * u * t * t, t**3)
        xs, ys = (start[0], n[0], n[2], n[4]), (start[1], n[1], n[3], n[5])
        yield (
            sum(w * x for w, x in zip(weights, xs, strict=True)),
            sum(w * y for w, y in zip(weights, ys, strict=True)),
        )


def _crossing(seen: Image.Image, box: tuple[int, int, int, int]) -> float:
    """How much of the region's height the figure's midline runs through."""
    middle = seen.width // 2
    column = seen.crop((middle, box[1], middle + 1, box[3]))
    height = box[3] - box[1]
    return (height - column.histogram()[0]) / max(height, 1)


def _shifted(
    box: tuple[int, int, int, int] | None, half: tuple[int, int, int, int]
) -> tuple[int, int, int, int] | None:
    if box is None:
        return None
    return box[0] + half[0], box[1], box[2] + half[0], box[3]


class Pen(NamedTuple):
    """Widths of an arrow, in points."""

    core: float  # the shaft's white width
    head: float  # the head's half width
    reach: float  # the head's length
    edge: float  # the dark outline's width outside the white core
    least: float  # the shortest arrow

    @classmethod
    def for_icon(cls, size: float) -> Pen:
        """The boldest arrow for an icon of ``size``; ``fit`` thins it for narrow regions."""
        core = max(0.034 * size, 0.9)
        return cls(core, 1.45 * core, 1.6 * core, max(0.4 * core, 0.35), 0.2 * size)

    def fit(self, wide: float) -> Pen:
        """Thin enough that a region ``wide`` across still shows beside the shaft."""
        core = min(self.core, max(0.4 * wide, 0.8))
        return self._replace(core=core, head=1.45 * core, reach=1.6 * core)


def outlines(kind: str, boxes: Sequence[Box], pen: Pen, frame: Box) -> list[Polygon]:
    """The arrows of one ``course`` over each box (points, y up), each inside the box grown by
    ``GROW`` and inside ``frame`` (an icon's form clips); one arrow over all the boxes
    together instead when the arrows of separate boxes would come close."""
    draw = _circles if kind == "circles" else _straight
    each = [draw(kind, box, _room(box, frame), pen) for box in boxes]
    if len(each) > 1 and _close([bounds(polygons, pen) for polygons in each], 2 * pen.edge):
        whole = _union(boxes)
        each = [draw(kind, whole, _room(whole, frame), pen)]
    return [polygon for polygons in each for polygon in polygons]


def _room(box: Box, frame: Box) -> Box:
    """Where an arrow over ``box`` may go: the box grown by ``GROW``, within ``frame``."""
    x0, y0 = max(box[0] - _SAFE, frame[0]), max(box[1] - _SAFE, frame[1])
    x1 = min(box[0] + box[2] + _SAFE, frame[0] + frame[2])
    y1 = min(box[1] + box[3] + _SAFE, frame[1] + frame[3])
    return x0, y0, x1 - x0, y1 - y0


def _close(boxes: Sequence[Box], gap: float) -> bool:
    return any(
        a[0] < b[0] + b[2] + gap
        and b[0] < a[0] + a[2] + gap
        and a[1] < b[1] + b[3] + gap
        and b[1] < a[1] + a[3] + gap
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
    )


def _union(boxes: Sequence[Box]) -> Box:
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
    return x0, y0, x1 - x0, y1 - y0


def _centre(box: Box, room: Box, half: Point) -> Point:
    """The box's centre, moved as little as keeps ``half`` (extents) inside ``room``."""

    def clamp(middle: float, low: float, high: float) -> float:
        return min(max(middle, low), high) if low <= high else (low + high) / 2

    x, y, w, h = box
    rx, ry, rw, rh = room
    return (
        clamp(x + w / 2, rx + half[0], rx + rw - half[0]),
        clamp(y + h / 2, ry + half[1], ry + rh - half[1]),
    )


def _straight(kind: str, box: Box, room: Box, pen: Pen) -> list[Polygon]:
    vertical = kind != "across"
    along, wide, space = (box[3], box[2], room[3]) if vertical else (box[2], box[3], room[2])
    pen = pen.fit(wide)
    length = min(max(0.8 * along, pen.least), space - 2 * pen.edge)
    half = (length / 2 + pen.edge, pen.head + pen.edge)
    centre = _centre(box, room, half if not vertical else (half[1], half[0]))
    sign = -1.0 if kind == "down" else 1.0
    unit = (0.0, sign) if vertical else (1.0, 0.0)
    return [_bar(centre, unit, length, kind in ("across", "along"), pen)]


def _bar(centre: Point, unit: Point, length: float, both: bool, pen: Pen) -> Polygon:
    """A straight arrow of ``length`` through ``centre`` pointing along ``unit``."""
    dx, dy = unit
    nx, ny = -dy, dx
    reach = min(pen.reach, length / (2.4 if both else 1.6))

    def at(along: float, side: float) -> Point:
        return (centre[0] + dx * along + nx * side, centre[1] + dy * along + ny * side)

    end = length / 2
    a, b = pen.core / 2, pen.head
    tip = [
        at(end - reach, a),
        at(end - reach, b),
        at(end, 0),
        at(end - reach, -b),
        at(end - reach, -a),
    ]
    if both:
        tail = [
            at(-end + reach, -a),
            at(-end + reach, -b),
            at(-end, 0),
            at(-end + reach, b),
            at(-end + reach, a),
        ]
    else:
        tail = [at(-end, -a), at(-end, a)]
    return tuple(tail[-1:] + tip + tail[:-1])


def _circles(kind: str, box: Box, room: Box, pen: Pen) -> list[Polygon]:
    """Two curved arrows chasing each other round a circle, clockwise as seen."""
    pen = pen.fit(min(box[2], box[3]))
    reach = pen.head + pen.edge  # beyond the radius
    radius = min(max(0.4 * min(box[2], box[3]), pen.least / 2), min(room[2], room[3]) / 2 - reach)
    radius = max(radius, pen.core)
    centre = _centre(box, room, (radius + reach, radius + reach))
    return [_arc(centre, radius, start, pen) for start in (math.pi * 0.95, -math.pi * 0.05)]


def _arc(centre: Point, radius: float, start: float, pen: Pen) -> Polygon:
    """A band from angle ``start`` clockwise through 130°, a head at its end."""
    sweep = math.radians(130)
    reach = min(pen.reach, radius * 0.9)
    body_end = start - sweep + reach / radius
    steps = [start - (start - body_end) * k / 10 for k in range(11)]
    a = pen.core / 2

    def at(angle: float, r: float) -> Point:
        return (centre[0] + r * math.cos(angle), centre[1] + r * math.sin(angle))

    outer = [at(t, radius + a) for t in steps]
    inner = [at(t, radius - a) for t in reversed(steps)]
    head = [
        at(body_end, radius + pen.head),
        at(start - sweep, radius),
        at(body_end, radius - pen.head),
    ]
    return tuple(outer + head + inner)


def bounds(polygons: Sequence[Polygon], pen: Pen) -> Box:
    """The box the painted arrows cover, their dark edge included."""
    xs = [x for polygon in polygons for x, _ in polygon]
    ys = [y for polygon in polygons for _, y in polygon]
    x0, y0 = min(xs) - pen.edge, min(ys) - pen.edge
    return x0, y0, max(xs) + pen.edge - x0, max(ys) + pen.edge - y0


def draw(canvas: Canvas, polygons: Sequence[Polygon], pen: Pen, dark: Color) -> None:
    """Each arrow: a dark round-joined stroke, then its white fill over the stroke's inner half."""
    if not polygons:
        return
    path = "\n".join(_path(polygon) for polygon in polygons)
    canvas.saveState()
    canvas.setLineJoin(1)
    canvas.setLineWidth(2 * pen.edge)
    canvas.setStrokeColor(dark)
    canvas.setFillColor(_WHITE)
    canvas.addLiteral(f"{path} S")
    canvas.addLiteral(f"{path} f")
    canvas.restoreState()


def _path(polygon: Polygon) -> str:
    (x, y), *rest = polygon
    return " ".join([f"{x:.3f} {y:.3f} m", *(f"{px:.3f} {py:.3f} l" for px, py in rest), "h"])
