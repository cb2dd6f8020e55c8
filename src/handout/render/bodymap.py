"""Body pictograms: a small icon per step and a front/back map per routine.

A routine picks one view for its step icons (``routine_view``); a step whose regions are not
all on it picks its own (``step_view``). An icon zooms in on its regions (clipped to its box)
when the whole figure would draw one of them smaller than ``HIGHLIGHT`` of the icon. The map
numbers each region with the steps that work on it.

The artwork lives in ``assets/icons/*.svg``, one file per view, editable in
Inkscape: a silhouette group ``#outline`` plus one shape per region id.
Region shapes are clipped to the silhouette when drawn, so they only have to
be exact where two body parts touch (see the comment at the top of each file).

What is measured on a drawing by rasterising it (its lit patches, the boxes arrows go in) is
stored for the built-in drawings and the region sets of the shipped routines in
``render/icondata.py`` (``python -m handout.render.bodymap`` writes it), used while a file's
bytes match the stored digest: a build of the shipped content rasterises nothing.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handout.assets import fonts
from handout.assets.svgpath import Shape, SvgIcon, digest, load_svg
from handout.content.cautions import step_numbers
from handout.content.model import DIRECTIONS, REGIONS
from handout.content.workspace import builtin_root
from handout.render import arrows, forms, icondata
from handout.render.pdf import ops

if TYPE_CHECKING:
    from PIL import Image

ICON_DIR = builtin_root() / "assets" / "icons"
_FILES = {
    "front": "body-front.svg",
    "back": "body-back.svg",
    "foot-sole": "foot-sole.svg",
    "leg-front": "leg-front.svg",
    "leg-back": "leg-back.svg",
}
VIEWS = tuple(_FILES)
_BODY_VIEWS = ("front", "back")
_CLOSE_UPS = ("foot-sole", "leg-front", "leg-back")  # best_view prefers the earlier on a tie
_LEG = frozenset(
    {"thigh-front", "thigh-back", "inner-thigh", "outer-thigh", "knee", "back-of-knee",
     "shin", "calf", "ankle", "heel", "foot", "sole", "toes"}
)  # fmt: skip
# Too small to read on a whole body: a step made only of these gets a close-up.
_DETAIL = frozenset(
    {"knee", "back-of-knee", "shin", "calf", "ankle", "heel", "foot", "sole", "toes"}
)
_THIGHS = frozenset({"thigh-front", "thigh-back", "inner-thigh", "outer-thigh"})
_WHOLE = frozenset({"whole-leg", "whole-body"})  # drawn from the other shapes, not their own
_REGIONS = frozenset(REGIONS)
Box = tuple[float, float, float, float]  # x, y, width, height in points


def _icon(view: str) -> SvgIcon:
    """A view's artwork, read on first use (most builds need only some of the views)."""
    return load_svg(str(ICON_DIR / _FILES[view]))


def _drawing(view: str) -> tuple[str, bool]:
    """The digest of the view's file (what is measured on it is cached by it), and whether
    icondata holds its measurements (they are of this file)."""
    found = digest(str(ICON_DIR / _FILES[view]))
    return found, icondata.DIGESTS.get(view) == found


def _stored_key(view: str, regions: frozenset[str]) -> tuple[str, str]:
    return view, "+".join(sorted(regions & view_regions(view)))


def view_regions(view: str) -> frozenset[str]:
    """The regions a view can highlight."""
    return _view_regions(view, *_drawing(view))


@functools.lru_cache(maxsize=32)
def _view_regions(view: str, _digest: str, stored: bool) -> frozenset[str]:
    names = icondata.REGIONS[view] if stored else _icon(view).shapes
    shapes = frozenset(names) & _REGIONS
    if view in _BODY_VIEWS:
        return shapes | _WHOLE
    whole_leg = shapes & _THIGHS and "ankle" in shapes  # a close-up from thigh to ankle
    return shapes | {"whole-leg"} if whole_leg else shapes


class IconStyle(NamedTuple):
    """Colours of a pictogram. With ``grayscale`` they are turned into greys,
    kept dark for the highlight and light for the body so the two stay apart."""

    highlight: Color
    outline: Color
    base_fill: Color
    grayscale: bool = False


_SHEET_STYLE = IconStyle(Color(0.87, 0.34, 0.18), Color(0.2, 0.2, 0.2), Color(0.9, 0.9, 0.9))


def best_view(regions: Iterable[str]) -> str:
    """The view showing most of ``regions``, a close-up when all are lower-leg detail.

    Ties go to the earlier view: foot-sole, leg-front, leg-back, then front, back.
    """
    wanted = _names(regions)
    views = _CLOSE_UPS + _BODY_VIEWS if wanted and wanted <= _DETAIL else _BODY_VIEWS
    return max(views, key=lambda view: len(wanted & view_regions(view)))


def routine_view(steps: Iterable[Iterable[str]]) -> str:
    """The view a routine's step icons share: the one that shows the most of its steps whole.

    Ties go to the earlier view, a close-up before a body: a routine all on the lower leg gets
    the leg close-up of its side, a foot routine the sole or the leg, trunk and legs the body.
    """
    wanted = [names for names in map(_names, steps) if names]
    if not wanted:
        return _BODY_VIEWS[0]
    return max(_CLOSE_UPS + _BODY_VIEWS, key=lambda v: sum(w <= view_regions(v) for w in wanted))


def step_view(
    regions: Iterable[str], routine: str | None = None, size: float = 0, wide: float | None = None
) -> str:
    """The routine's view when it shows all of a step's ``regions``, else the step's own.

    With the icon's ``size``: when that view cannot draw the regions HIGHLIGHT of the icon
    across, even zoomed in, the first view of all of them that can (else it stays).
    """
    wanted = _names(regions)
    showing = [v for v in (routine, *_CLOSE_UPS, *_BODY_VIEWS) if v and wanted <= view_regions(v)]
    if not showing:
        return _partial_view(wanted, routine)
    first = routine if routine in showing else best_view(wanted)
    if not size:
        return first
    return next(
        (v for v in (first, *showing) if _smallest(v, wanted, size, wide) >= HIGHLIGHT * size),
        first,
    )


_CLOSE_UP = {"front": "leg-front", "back": "leg-back"}


def _partial_view(regions: frozenset[str], routine: str | None) -> str:
    """The view of a step no view shows whole: the routine's body view when it shows as many of
    its regions as any view and each from the side it is best seen from (calf and shin on a
    routine lying face down: the calf on the back view, not the shin on a close-up of the
    front); else best_view."""
    best = best_view(regions)
    if routine not in _CLOSE_UP:
        return best
    shown = regions & view_regions(routine)
    sides = {routine, _CLOSE_UP[routine]}
    if len(shown) < len(regions & view_regions(best)):
        return best
    return routine if all(best_view([r]) in sides for r in shown) else best


def _smallest(view: str, regions: frozenset[str], size: float, wide: float | None) -> float:
    sizes = highlight_sizes(view, regions, icon_placement(view, regions, size, wide))
    return min(sizes, default=size)


def draw_step_icon(
    canvas: Canvas,
    regions: Iterable[str],
    size: float,
    style: IconStyle,
    direction: str | None = None,
    view: str | None = None,
    *,
    wide: float | None = None,
) -> None:
    """A view of ``regions`` in the icon's box at the origin (icon_box), those regions lit,
    with an arrow for the stroke ``direction`` over them. ``view``: the routine's (see
    step_view); ``wide``: a legible icon that wide (icon_placement): the figure fills it, zoomed
    in when a lit patch would draw too small, and the view may change for that (step_view
    with a size); without it, the view as it is in a size x size box."""
    wanted = _names(regions)
    shown, place = _framed(wanted, size, view, wide)
    _figure(canvas, shown, wanted, icon_box(size, wide), style, place)
    if direction:
        draw_arrows(canvas, wanted, size, style, direction, view, wide=wide)


def draw_arrows(
    canvas: Canvas,
    regions: Iterable[str],
    size: float,
    style: IconStyle,
    direction: str,
    view: str | None = None,
    *,
    wide: float | None = None,
) -> None:
    """The arrows of a step icon of ``size`` at the origin, for the stroke ``direction``."""
    polygons = step_arrows(regions, size, direction, view, wide=wide)
    arrows.draw(canvas, polygons, arrows.Pen.for_icon(size), _colours(style)[1])


def step_arrows(
    regions: Iterable[str],
    size: float,
    direction: str,
    view: str | None = None,
    *,
    wide: float | None = None,
) -> list[arrows.Polygon]:
    """The arrows a step icon of ``size`` draws, as outlines in points from its corner."""
    wanted = _names(regions)
    shown, place = _framed(wanted, size, view, wide)
    frame = icon_box(size, wide)
    kind = arrows.course(direction, shown, wanted)
    boxes = _in_points(_svg_boxes(shown, wanted), place or placement(shown, frame))
    return arrows.outlines(kind, boxes, arrows.Pen.for_icon(size), frame)


def _framed(
    regions: frozenset[str], size: float, view: str | None, wide: float | None
) -> tuple[str, Placement | None]:
    """A step icon's view, and its placement when legible (``wide``; else the view's own
    fit in a square)."""
    if wide is None:
        return step_view(regions, view), None
    shown = step_view(regions, view, size, wide)
    return shown, icon_placement(shown, regions, size, wide)


def region_boxes(view: str, regions: Iterable[str], box: Box) -> list[Box]:
    """Where the lit ``regions`` show on ``view`` fitted into ``box``, in points (y up): one
    box, or one per limb when they are a pair on a whole-body view."""
    return _in_points(_svg_boxes(view, _names(regions)), placement(view, box))


def _svg_boxes(view: str, regions: frozenset[str]) -> tuple[Box, ...]:
    """Where the lit regions show on the view, in SVG units (arrows.region_boxes)."""
    return _stored_or_measured(icondata.BOXES, _measured_boxes, view, regions)


def _stored_or_measured(
    stored: Mapping[tuple[str, str], tuple[Box, ...]],
    measure: Callable[[str, frozenset[str], str], tuple[Box, ...]],
    view: str,
    regions: frozenset[str],
) -> tuple[Box, ...]:
    """The boxes render/icondata.py holds for the built-in drawing of the view, else measured
    on the drawing as it is (a workspace's own, or regions no shipped step names)."""
    drawn, builtin = _drawing(view)
    found = stored.get(_stored_key(view, regions)) if builtin else None
    return measure(view, regions, drawn) if found is None else found


@functools.lru_cache(maxsize=512)
def _measured_boxes(view: str, regions: frozenset[str], _digest: str) -> tuple[Box, ...]:
    art = _icon(view)
    lit = tuple(shape.pdf_path for shape in _lit(art, view, regions))
    return arrows.region_boxes(
        art.shapes["outline"].pdf_path, lit, art.viewbox, view in _BODY_VIEWS
    )


def _in_points(boxes: Iterable[Box], place: Placement) -> list[Box]:
    s = place.scale
    return [(place.ox + s * x, place.oy - s * (y + h), s * w, s * h) for x, y, w, h in boxes]


HIGHLIGHT = 3.3 / 22  # a lit patch's smaller side, at least, as a share of its icon (3 mm at 22,
# with a margin: the patch boxes are found on a coarse raster, and anti-aliasing eats an edge)
_MAX_ZOOM = 6.0


def highlight_sizes(view: str, regions: Iterable[str], place: Placement) -> list[float]:
    """The smaller side, in points, of each separate lit patch of ``regions`` as the
    placement draws it (regions that touch make one patch, as the eye sees them)."""
    return [min(w, h) * place.scale for _, _, w, h in _patches(view, _names(regions))]


def _patches(view: str, regions: frozenset[str]) -> tuple[Box, ...]:
    """The boxes (SVG units) of the lit patches (_measured_patches), stored or measured."""
    return _stored_or_measured(icondata.PATCHES, _measured_patches, view, regions)


@functools.lru_cache(maxsize=512)
def _measured_patches(view: str, regions: frozenset[str], _digest: str) -> tuple[Box, ...]:
    """The boxes (SVG units) of the lit patches: the regions clipped to the silhouette,
    rasterised, one box per connected piece (slivers under a square unit left out); a body
    view is cut at its midline, so each leg of a pair counts alone."""
    from PIL import ImageChops, ImageDraw

    art = _icon(view)
    lit = [shape.pdf_path for shape in _lit(art, view, regions)]
    if not lit:
        return ()
    vx, vy, vw, vh = art.viewbox
    size = (math.ceil(vw * _PER_UNIT), math.ceil(vh * _PER_UNIT))
    mask = ImageChops.multiply(
        arrows.mask([art.shapes["outline"].pdf_path], art.viewbox, size),
        arrows.mask(lit, art.viewbox, size),
    )
    if view in _BODY_VIEWS:  # a pair of limbs that touch at the midline is two patches
        ImageDraw.Draw(mask).line([(size[0] // 2, 0), (size[0] // 2, size[1])], fill=0)
    found = []
    for px0, py0, px1, py1 in pieces(mask):
        w, h = (px1 - px0) / _PER_UNIT, (py1 - py0) / _PER_UNIT
        if w * h >= 1:
            found.append((vx + px0 / _PER_UNIT, vy + py0 / _PER_UNIT, w, h))
    return tuple(found)


def pieces(mask: Image.Image) -> list[tuple[int, int, int, int]]:
    """The pixel box (x0, y0, x1, y1) of each connected piece (4-neighbours) of a mask's lit
    pixels, topmost first: runs of lit pixels row by row, joined where they touch the row
    above (PIL's flood fill, pixel by pixel in Python, took 30 ms an icon)."""
    width, height = mask.size
    data = mask.point(lambda v: 255 if v else 0).tobytes()
    parent: list[int] = []
    boxes: list[list[int]] = []
    above: list[tuple[int, int, int]] = []  # start, end, run id
    for y in range(height):
        row, here, x = data[y * width : (y + 1) * width], [], 0
        while (start := row.find(b"\xff", x)) >= 0:
            end = row.find(b"\x00", start)
            end = width if end < 0 else end
            run = len(parent)
            parent.append(run)
            boxes.append([start, y, end, y + 1])
            for a_start, a_end, other in above:
                if a_start < end and start < a_end:
                    _join(parent, run, other)
            here.append((start, end, run))
            x = end
        above = here
    merged: dict[int, list[int]] = {}
    for run, box in enumerate(boxes):
        root = _root(parent, run)
        if root not in merged:
            merged[root] = box
        else:
            have = merged[root]
            have[:] = [min(have[0], box[0]), min(have[1], box[1]),
                       max(have[2], box[2]), max(have[3], box[3])]  # fmt: skip
    return [(b[0], b[1], b[2], b[3]) for b in merged.values()]


def _root(parent: list[int], run: int) -> int:
    while parent[run] != run:
        parent[run] = parent[parent[run]]
        run = parent[run]
    return run


def _join(parent: list[int], a: int, b: int) -> None:
    """One set of `a` and `b`, named by the earlier run (so pieces keep their scan order)."""
    ra, rb = _root(parent, a), _root(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)


_PER_UNIT = 2  # mask pixels per SVG unit when finding lit patches


def icon_box(size: float, wide: float | None = None) -> Box:
    """A step icon's box at the origin: ``size`` tall, ``wide`` wide (else square)."""
    return (0.0, 0.0, wide or size, size)


@functools.lru_cache(maxsize=512)
def icon_placement(
    view: str, regions: frozenset[str], size: float, wide: float | None = None
) -> Placement:
    """The view in a legible icon, ``size`` tall and ``wide`` wide (else square): the whole
    figure filling it when that draws
    every lit patch at least HIGHLIGHT of its height across, else zoomed in on them (the
    drawing clipped to the icon) as far as that needs while the lit regions still fit, the
    figure still filling the icon."""
    wide = wide or size
    place = _filled(view, wide, size)
    smallest = min(highlight_sizes(view, regions, place), default=size)
    lit = _svg_boxes(view, regions)
    if smallest >= HIGHLIGHT * size or not lit:
        return place
    x0 = min(x for x, _, _, _ in lit)
    y0 = min(y for _, y, _, _ in lit)
    x1 = max(x + w for x, _, w, _ in lit)
    y1 = max(y + h for _, y, _, h in lit)
    scale = min(
        place.scale * HIGHLIGHT * size / smallest,
        (wide - 2 * place.line) / (x1 - x0),
        (size - 2 * place.line) / (y1 - y0),
        place.scale * _MAX_ZOOM,
    )
    if scale <= place.scale:
        return place
    fx0, fy0, fx1, fy1 = _icon(view).shapes["outline"].bounds
    ox = _centred(wide, scale, (x0 + x1) / 2, fx0, fx1)
    oy = size - _centred(size, scale, (y0 + y1) / 2, fy0, fy1)  # SVG y runs down
    return Placement(scale, ox, oy, place.line)


def _filled(view: str, wide: float, high: float) -> Placement:
    """The figure itself (not its drawing's padded viewBox) fitted into a wide x high icon."""
    line = placement(view, (0, 0, wide, high)).line
    x0, y0, x1, y1 = _icon(view).shapes["outline"].bounds
    scale = min((wide - 2 * line) / (x1 - x0), (high - 2 * line) / (y1 - y0))
    return Placement(
        scale, wide / 2 - scale * (x0 + x1) / 2, high / 2 + scale * (y0 + y1) / 2, line
    )


def _centred(size: float, scale: float, middle: float, low: float, high: float) -> float:
    """The offset that draws SVG coordinate ``middle`` at the icon's centre, moved so the
    figure's span [low, high] covers the icon (or is centred in it when narrower)."""
    if (high - low) * scale <= size:
        return size / 2 - scale * (low + high) / 2
    offset = size / 2 - scale * middle
    return min(max(offset, size - scale * high), -scale * low)


class Label(NamedTuple):
    """A map's step numbers: ``text`` in a pill centred at (x, y), ``w`` x ``h`` points, with a
    leader line to (to_x, to_y), the middle of the region it numbers."""

    text: str
    x: float
    y: float
    w: float
    h: float
    to_x: float
    to_y: float


class MapPlan(NamedTuple):
    """Where a body map draws: each view's figure box, the step-number labels, the view names
    under the figures (text, centre x, baseline y) and the font size, all in points."""

    width: float
    height: float
    figures: tuple[tuple[str, Box], ...]
    labels: tuple[Label, ...]
    names: tuple[tuple[str, float, float], ...]
    font: float


def map_views(regions: Iterable[str]) -> tuple[str, ...]:
    """The body views a map needs: one when it shows every region, else front and back."""
    wanted = _names(regions)
    alone = [view for view in _BODY_VIEWS if wanted and wanted <= view_regions(view)]
    return (alone[0],) if alone else _BODY_VIEWS


@functools.lru_cache(maxsize=64)
def map_plan(
    regions: frozenset[str],
    steps: tuple[frozenset[str], ...],
    height: float,
    names: tuple[str, str] | None,
    font: float = 0,
) -> MapPlan:
    """The map's layout: figures ``height`` tall side by side, each region's step numbers
    ("2, 5") in a pill in a gutter beside its figure, level with it or pushed just enough not
    to overlap; "Front" and "Back" (``names``) under the figures when both show; the numbers
    and names in ``font`` points (else a size that goes with the height)."""
    views = map_views(regions)
    font = font or min(max(height * 0.045, 6.0), 8.0)
    named = names is not None and len(views) > 1
    base = font * 1.6 if named else 0.0
    where = _numbered(regions, steps, views)
    x, figures, labels, titles = 0.0, [], [], []
    for view in views:
        fig_w = height * _aspect(view)
        sides = _sides(view, where.get(view, {}), height, fig_w, font)
        left = _gutter(sides[0], font)
        box = (x + left, base, fig_w, height)
        figures.append((view, box))
        for side, items in enumerate(sides):
            labels += _stack(items, box, side, height, font)
        if named and names is not None:
            titles.append((names[_BODY_VIEWS.index(view)], box[0] + fig_w / 2, font * 0.35))
        x = box[0] + fig_w + _gutter(sides[1], font) + height * 0.08
    width = x - height * 0.08
    return MapPlan(width, height + base, tuple(figures), tuple(labels), tuple(titles), font)


def printed_height(plan: MapPlan) -> float:
    """How tall a map prints: from its figures' heads to its feet, or to the baseline of the
    view names under them (a figure's drawing leaves a margin inside its box)."""
    tops, feet = [], []
    for view, box in plan.figures:
        place = placement(view, box)
        _, top, _, foot = _icon(view).shapes["outline"].bounds
        tops.append(place.oy - place.scale * top)
        feet.append(place.oy - place.scale * foot)
    return max(tops) - min([*feet, *(y for _, _, y in plan.names)])


def _numbered(
    regions: frozenset[str], steps: tuple[frozenset[str], ...], views: tuple[str, ...]
) -> dict[str, dict[str, str]]:
    """Per view, each region's step numbers as text ("3, 5, 14–17"): a region on both views is
    numbered on the one that shows more of the routine."""
    numbers: dict[str, list[int]] = {}
    for n, step in enumerate(steps, 1):
        for region in sorted(step & regions):
            numbers.setdefault(region, []).append(n)
    order = sorted(views, key=lambda v: -len(regions & view_regions(v)))
    where: dict[str, dict[str, str]] = {}
    for region, found in numbers.items():
        view = next((v for v in order if region in view_regions(v)), None)
        if view is not None:
            where.setdefault(view, {})[region] = step_numbers(found)
    return where


_Item = tuple[str, float, float]  # label text, and the region's middle (x, y) in the figure box


def _sides(
    view: str, texts: dict[str, str], fig_h: float, fig_w: float, font: float
) -> tuple[list[_Item], list[_Item]]:
    """The labels of a view's regions, each on the side of the figure its region is on; a
    region in the middle (or a pair of limbs) on the side with fewer labels."""
    place = placement(view, (0, 0, fig_w, fig_h))
    sides: tuple[list[_Item], list[_Item]] = ([], [])
    for region, text in sorted(texts.items(), key=lambda item: item[0]):
        boxes = _in_points(_svg_boxes(view, frozenset({region})), place)
        if not boxes:
            continue
        middles = [x + w / 2 for x, _, w, _ in boxes]
        middle = (min(middles) + max(middles)) / 2
        if len(boxes) == 1 and abs(middle - fig_w / 2) > fig_w * 0.1:
            side = int(middle > fig_w / 2)
        else:
            side = int(len(sides[1]) < len(sides[0]))
        x, y, w, h = min(boxes, key=lambda b: b[0]) if side == 0 else max(boxes, key=lambda b: b[0])
        sides[side].append((text, x + w / 2, y + h / 2))
    return sides


def _pill(text: str, font: float) -> tuple[float, float]:
    high = font * 1.45
    return max(high, pdfmetrics.stringWidth(text, fonts.MAIN + "-Bold", font) + font * 0.8), high


def _gutter(items: list[_Item], font: float) -> float:
    """The width a side's labels take: the widest pill and room for its leader."""
    return max((_pill(text, font)[0] for text, _, _ in items), default=-font) + font


def _stack(items: list[_Item], box: Box, side: int, fig_h: float, font: float) -> list[Label]:
    """A side's labels, top to bottom at their regions' heights, pushed apart to not overlap:
    down past each other, then up from the bottom when they run off the figure."""
    bx, by, bw, _ = box
    ordered = sorted(items, key=lambda item: -item[2])
    gap = font * 0.25
    sizes = [_pill(text, font) for text, _, _ in ordered]
    ys: list[float] = []
    for (_, _, y), (_, h) in zip(ordered, sizes, strict=True):
        top = min(y, fig_h - h / 2)
        ys.append(top if not ys else min(top, ys[-1] - (h + gap)))
    for i in range(len(ys) - 1, -1, -1):
        floor = sizes[i][1] / 2 if i == len(ys) - 1 else ys[i + 1] + sizes[i + 1][1] + gap
        ys[i] = max(ys[i], floor)
    made = []
    for (text, rx, ry), (w, h), y in zip(ordered, sizes, ys, strict=True):
        x = bx - font * 0.6 - w / 2 if side == 0 else bx + bw + font * 0.6 + w / 2
        made.append(Label(text, x, by + y, w, h, bx + rx, by + ry))
    return made


def draw_body_map(
    canvas: Canvas,
    regions: Iterable[str],
    height: float,
    style: IconStyle,
    steps: tuple[frozenset[str], ...] = (),
    words: tuple[tuple[str, str] | None, float] = (None, 0),
) -> None:
    """The body views the routine needs side by side, ``height`` tall, all of ``regions``
    lit; with ``steps`` (each step's regions) every region numbered with its steps; ``words``:
    the views' names and the font size (map_plan)."""
    wanted = _names(regions)
    plan = map_plan(wanted, steps, height, *words)
    for view, box in plan.figures:
        _figure(canvas, view, wanted, box, style)
    highlight, outline, _ = _colours(style)
    canvas.saveState()
    canvas.setFont(fonts.MAIN + "-Bold", plan.font)
    for label in plan.labels:
        _draw_label(canvas, label, plan.font, highlight, outline)
    canvas.setFillColor(highlight)  # never grey text: the names take the highlight's colour
    for text, x, y in plan.names:
        canvas.drawCentredString(x, y, text)
    canvas.restoreState()


def _draw_label(canvas: Canvas, label: Label, font: float, fill: Color, ink: Color) -> None:
    """A pill of step numbers with a leader line to the middle of its region."""
    near = label.x + (label.w / 2 if label.to_x > label.x else -label.w / 2)
    canvas.setStrokeColor(ink)
    canvas.setFillColor(ink)
    canvas.setLineWidth(0.4)
    canvas.line(near, label.y, label.to_x, label.to_y)
    canvas.circle(label.to_x, label.to_y, 0.7, stroke=0, fill=1)
    canvas.setFillColor(fill)
    canvas.setStrokeColor(Color(1, 1, 1))
    canvas.setLineWidth(0.5)
    half_w, half_h = label.w / 2, label.h / 2
    canvas.roundRect(label.x - half_w, label.y - half_h, label.w, label.h, half_h, stroke=1, fill=1)
    canvas.setFillColor(Color(1, 1, 1))
    canvas.drawCentredString(label.x, label.y - font * 0.35, label.text)


def region_sheet(path: str) -> None:
    """A4 proof sheet: each region highlighted alone in every view that has it,
    with the view best_view picks for it framed."""
    fonts.register()
    page_w, page_h = A4
    margin, label_w, row_h, head_h = 36.0, 90.0, 112.0, 18.0
    views = _BODY_VIEWS + _CLOSE_UPS
    col_w = (page_w - 2 * margin - label_w) / len(views)
    canvas = Canvas(path, pagesize=A4, invariant=1, initialFontName=fonts.MAIN)
    canvas.setTitle("handout body regions")
    y = 0.0
    for region in REGIONS:
        if y - row_h < margin:
            if y:
                canvas.showPage()
            y = page_h - margin - head_h
            canvas.setFont(fonts.MAIN + "-Bold", 9)
            for i, view in enumerate(views):
                canvas.drawCentredString(margin + label_w + (i + 0.5) * col_w, y + 6, view)
        y -= row_h
        canvas.setFont(fonts.MAIN + "-Bold", 11)
        canvas.drawString(margin, y + row_h / 2, region)
        best = best_view([region])
        for i, view in enumerate(views):
            if region not in view_regions(view):
                continue
            x = margin + label_w + i * col_w
            box = (x + 4, y + 4, col_w - 8, row_h - 8)
            _figure(canvas, view, frozenset({region}), box, _SHEET_STYLE)
            if view == best:
                canvas.setStrokeColor(_SHEET_STYLE.highlight)
                canvas.setLineWidth(0.8)
                canvas.roundRect(x + 2, y + 2, col_w - 4, row_h - 4, 4)
        canvas.setStrokeColor(Color(0.75, 0.75, 0.75))
        canvas.setLineWidth(0.4)
        canvas.line(margin, y, page_w - margin, y)
    canvas.showPage()
    _direction_page(canvas, margin)
    canvas.save()


# Each stroke direction on a region it reads well on, for the arrow legend of the region sheet.
_SHOWN_ON = {
    "up": ("shin",), "down": ("lower-back",), "toward-heart": ("calf",),
    "away-from-heart": ("thigh-front",), "circles": ("knee",), "across": ("thigh-back",),
    "along": ("outer-thigh",),
}  # fmt: skip
_MEANING = {
    "up": "towards the head", "down": "towards the feet",
    "toward-heart": "up on limbs and trunk, down on head and neck",
    "away-from-heart": "the way back: down on limbs", "circles": "small circles on the spot",
    "across": "side to side, across the region", "along": "back and forth along it",
}  # fmt: skip


def _direction_page(canvas: Canvas, margin: float) -> None:
    """The arrow language: each ``direction`` drawn as a sheet's step icon draws it (22 mm
    tall), on a region it reads well on, named and explained under it."""
    page_w, page_h = A4
    size, wide = 22 * 72 / 25.4, 15.5 * 72 / 25.4
    columns = 4
    col_w = (page_w - 2 * margin) / columns
    canvas.setFont(fonts.MAIN + "-Bold", 11)
    canvas.drawString(margin, page_h - margin - 11, "Stroke directions (direction:)")
    for i, direction in enumerate(DIRECTIONS):
        row, column = divmod(i, columns)
        x = margin + column * col_w
        y = page_h - margin - 40 - (row + 1) * (size + 48)
        canvas.saveState()
        canvas.translate(x + (col_w - wide) / 2, y + 30)
        draw_step_icon(canvas, _SHOWN_ON[direction], size, _SHEET_STYLE, direction, wide=wide)
        canvas.restoreState()
        canvas.setFont(fonts.MAIN + "-Bold", 9)
        canvas.drawCentredString(x + col_w / 2, y + 18, direction)
        canvas.setFont(fonts.MAIN, 7)
        canvas.drawCentredString(x + col_w / 2, y + 9, _MEANING[direction])
        canvas.drawCentredString(x + col_w / 2, y + 1, "on " + ", ".join(_SHOWN_ON[direction]))


class Pictogram(Flowable):  # type: ignore[misc]
    """A step icon or body map placed as a PDF form: drawn once per document, then reused.

    A manual repeats the same few icons hundreds of times; as forms they cost one
    reference each instead of a full set of paths, in time, memory and file size.
    An icon takes the routine's ``view`` (step_view) and is ``size`` tall, ``width`` wide
    (else square), legible (icon_placement); a map takes its ``steps`` (each step's regions,
    to number them), the ``names`` of the front and back views and their ``font`` size.
    """

    def __init__(
        self,
        kind: str,
        regions: Iterable[str],
        size: float,
        style: IconStyle,
        direction: str | None = None,
        *,
        view: str | None = None,
        steps: Iterable[Iterable[str]] = (),
        names: tuple[str, str] | None = None,
        font: float = 0,
        width: float | None = None,
    ) -> None:
        super().__init__()
        self.kind = kind
        self.regions = _names(regions)
        self.size = size
        self.style = style
        self.direction = direction if kind == "icon" else None
        self.view = step_view(self.regions, view, size, width) if kind == "icon" else None
        self.steps = tuple(map(_names, steps)) if kind == "map" else ()
        self.names = names if kind == "map" else None
        self.font = font
        self.printed = 0.0  # a map's height as printed (printed_height)
        if kind == "map":
            plan = map_plan(self.regions, self.steps, size, self.names, font)
            self.width, self.height = plan.width, plan.height
            self.printed = printed_height(plan)
        else:
            _, _, self.width, self.height = icon_box(size, width)
        numbered = tuple(tuple(sorted(step)) for step in self.steps)  # not a set's hash order
        drawing = (self.view, numbered, self.names, font, self.width)
        self.key = _key(kind, self.regions, size, style, repr(drawing))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        """The form placed at (x, y), as Flowable.drawOn and draw together would write it."""
        self._place(canvas, (ops.aligned_x(self, x, _sW), y))

    def draw(self) -> None:
        self._place(self.canv, None)

    def _draw(self, form: Canvas) -> None:
        if self.kind == "map":
            draw_body_map(
                form, self.regions, self.size, self.style, self.steps, (self.names, self.font)
            )
        else:
            draw_step_icon(
                form, self.regions, self.size, self.style, view=self.view, wide=self.width
            )

    def _place(self, canvas: Canvas, at: tuple[float, float] | None) -> None:
        forms.place(canvas, self.key, (0, 0, self.width, self.height), self._draw, at=at)
        if self.direction:  # drawn over the form, which stays shared by every direction
            canvas.saveState()
            if at is not None:
                canvas.translate(*at)
            draw_arrows(
                canvas,
                self.regions,
                self.size,
                self.style,
                self.direction,
                self.view,
                wide=self.width,
            )
            canvas.restoreState()


@functools.lru_cache(maxsize=256)
def _key(kind: str, regions: frozenset[str], size: float, style: IconStyle, drawing: str) -> str:
    """The key of a pictogram's form: one form per distinct drawing in a document."""
    colours = (c.rgb() for c in (style.highlight, style.outline, style.base_fill))
    return "pictogram" + repr(
        (kind, sorted(regions), round(size, 2), (*colours, style.grayscale), drawing)
    )


def _aspect(view: str) -> float:
    _, _, width, height = _icon(view).viewbox
    return width / height


def _names(regions: Iterable[str]) -> frozenset[str]:
    """Known region names; a bare string counts as one name, unknown ones are dropped."""
    return frozenset([regions] if isinstance(regions, str) else regions) & _REGIONS


def _colours(style: IconStyle) -> tuple[Color, Color, Color]:
    """Highlight, outline and body colours, as clamped greys when printing in grayscale."""
    if not style.grayscale:
        return style.highlight, style.outline, style.base_fill

    def grey(colour: Color, low: float, high: float) -> Color:
        level = 0.299 * colour.red + 0.587 * colour.green + 0.114 * colour.blue
        level = min(max(level, low), high)
        return Color(level, level, level)

    return (
        grey(style.highlight, 0.0, 0.3),
        grey(style.outline, 0.0, 0.4),
        grey(style.base_fill, 0.85, 0.95),
    )


class Placement(NamedTuple):
    """Where a view lands in a box: SVG point (x, y) is drawn at (ox + scale * x, oy - scale * y)
    (SVG's y axis points down); ``line`` is the outline width in points."""

    scale: float
    ox: float
    oy: float
    line: float


def placement(view: str, box: Box) -> Placement:
    """The view fitted into the box ``(x, y, w, h)``: centred, aspect kept."""
    x, y, w, h = box
    line = min(max(0.009 * h, 0.35), 0.75)
    vx, vy, vw, vh = _icon(view).viewbox
    scale = min((w - 2 * line) / vw, (h - 2 * line) / vh)
    ox = x + (w - vw * scale) / 2 - vx * scale
    oy = y + (h + vh * scale) / 2 + vy * scale
    return Placement(scale, ox, oy, line)


def _lit(art: SvgIcon, view: str, regions: frozenset[str]) -> list[Shape]:
    """The shapes that light ``regions`` on a view: whole-leg is every leg shape."""
    if "whole-body" in regions:
        return [art.shapes["outline"]]
    names = regions | _LEG if "whole-leg" in regions else regions
    return [art.shapes[n] for n in sorted(names & view_regions(view) - _WHOLE)]


def _figure(
    canvas: Canvas,
    view: str,
    regions: frozenset[str],
    box: Box,
    style: IconStyle,
    place: Placement | None = None,
) -> None:
    """One view fitted into the box, its ``regions`` lit, as PDF path operators; or placed
    by ``place`` (a zoomed icon) and clipped to the box.

    Each shape's path is turned into operators once (in SVG units) and reused; the view's
    placement is one transformation matrix.
    """
    art = _icon(view)
    highlight, outline_colour, body = _colours(style)
    outline = art.shapes["outline"]
    canvas.saveState()
    if place is not None:
        canvas.addLiteral("{:.3f} {:.3f} {:.3f} {:.3f} re W n".format(*box))
    place = place or placement(view, box)
    canvas.transform(place.scale, 0, 0, -place.scale, place.ox, place.oy)
    # A stroke of twice the width under the fill leaves only its outer half
    # showing: an outline of the union without seams where its pieces overlap.
    canvas.setStrokeColor(outline_colour)
    canvas.setLineWidth(2 * place.line / place.scale)
    canvas.setLineJoin(1)
    canvas.addLiteral(f"{outline.pdf_path} S")
    canvas.setFillColor(body)
    canvas.addLiteral(f"{outline.pdf_path} f")
    lit = _lit(art, view, regions)
    if lit:
        canvas.saveState()
        canvas.addLiteral(f"{outline.pdf_path} W n")
        canvas.setFillColor(highlight)
        canvas.setStrokeColor(highlight)
        canvas.setLineJoin(0)
        canvas.setLineWidth(0.3 / place.scale)  # the hairline closes anti-aliasing seams
        canvas.addLiteral("\n".join(f"{shape.pdf_path} B" for shape in lit))
        canvas.restoreState()
    if "details" in art.shapes:
        canvas.setStrokeColor(outline_colour)
        canvas.setLineWidth(0.7 * place.line / place.scale)
        canvas.setLineJoin(0)
        canvas.setLineCap(1)
        canvas.addLiteral(f"{art.shapes['details'].pdf_path} S")
    canvas.restoreState()


_ICONDATA = '''"""Measurements of the built-in pictograms (assets/icons/*.svg) — generated, do not edit:
``python -m handout.render.bodymap`` writes this file (render/bodymap.py, icondata_source).

Per view: the sha256 of its file (the rest is used only while the file still has it), its
region ids, and for each region alone and each shipped step's regions on it (keyed by their
sorted names joined with "+"): the boxes of the lit patches and the boxes arrows go in, in SVG
units, as bodymap measures them by rasterising the drawing.
"""

DIGESTS: dict[str, str] = {{
{digests}
}}
REGIONS: dict[str, tuple[str, ...]] = {{
{regions}
}}
PATCHES: dict[tuple[str, str], tuple[tuple[float, float, float, float], ...]] = {{
{patches}
}}
BOXES: dict[tuple[str, str], tuple[tuple[float, float, float, float], ...]] = {{
{boxes}
}}
'''


def icondata_source() -> str:
    """The text of render/icondata.py, measured afresh on the built-in drawings (never read
    back from icondata): every region of each view alone, and every shipped step's regions
    (those of them on the view)."""
    import yaml

    steps: set[frozenset[str]] = set()
    for path in sorted(Path(builtin_root(), "content", "routines").glob("*.yaml")):
        for step in yaml.safe_load(path.read_text("utf-8")).get("steps") or []:
            steps.add(_names(step.get("region") or ()))
    tables: tuple[dict[object, object], ...] = ({}, {}, {}, {})
    digests, names, patches, boxes = tables
    for view in VIEWS:
        drawn = digests[view] = digest(str(ICON_DIR / _FILES[view]))
        names[view] = tuple(sorted(frozenset(_icon(view).shapes) & _REGIONS))
        shown = _view_regions(view, drawn, False)
        wanted = {frozenset({region}) for region in shown} | {step & shown for step in steps}
        for regions in sorted(filter(None, wanted), key=sorted):
            key = (view, "+".join(sorted(regions)))
            patches[key] = _measured_patches(view, regions, drawn)
            boxes[key] = _measured_boxes(view, regions, drawn)
    lines = ["\n".join(f"    {k!r}: {v!r}," for k, v in table.items()) for table in tables]
    return _ICONDATA.format(digests=lines[0], regions=lines[1], patches=lines[2], boxes=lines[3])


if __name__ == "__main__":
    Path(__file__).with_name("icondata.py").write_text(icondata_source(), "utf-8")
