"""The pictograms as drawings: regions are closed shapes on their figure, in anatomical order,
the leg regions tile the leg (whole-leg has no gaps or notches), front and back views differ,
and every highlight stays apart from the body when the region sheet is printed in grey."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

import pypdfium2
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter
from reportlab.pdfgen.canvas import Canvas

from handout.assets.svgpath import Shape, SvgIcon
from handout.render import bodymap

WHOLE = {"whole-leg", "whole-body"}
BODY_VIEWS = ("front", "back")
PX = 6  # raster pixels per SVG unit
SHEET_CELL = (78.0, 104.0)  # a figure's box on the region sheet (bodymap.region_sheet), points
MM = 72 / 25.4
TORSO = {"chest", "abdomen", "upper-back", "lower-back", "hip", "glutes"}
ARMS = {"arm", "forearm", "hand"}
TOP_TO_BOTTOM = {  # each view's regions in the order they lie from head to foot
    "front": ["head", "neck", "chest", "abdomen", "thigh-front", "knee", "shin", "ankle", "foot",
              "toes"],
    "back": ["head", "neck", "upper-back", "lower-back", "glutes", "thigh-back", "back-of-knee",
             "calf", "ankle", "heel", "sole"],
    "leg-front": ["knee", "shin", "ankle", "foot", "toes"],
    "leg-back": ["back-of-knee", "calf", "ankle", "heel", "sole"],
    "foot-sole": ["toes", "sole", "heel"],
}  # fmt: skip
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def art(view: str) -> SvgIcon:
    return bodymap._icon(view)


def regions(view: str) -> list[str]:
    return sorted(bodymap.view_regions(view) - WHOLE)


# ---------------------------------------------------------------- geometry


def subpaths(shape: Shape) -> list[tuple[list[tuple[float, float]], bool]]:
    """A shape's subpaths as polylines (cubics flattened), each with whether it is closed."""
    found: list[tuple[list[tuple[float, float]], bool]] = []
    numbers: list[float] = []
    points: list[tuple[float, float]] = []
    for token in shape.pdf_path.split():
        if _NUMBER.fullmatch(token):
            numbers.append(float(token))
            continue
        if token == "m":
            if len(points) > 1:
                found.append((points, False))
            points = [(numbers[0], numbers[1])]
        elif token == "l":
            points.append((numbers[0], numbers[1]))
        elif token == "c":
            points += _cubic(points[-1], numbers)
        elif token == "h":
            found.append((points, True))
            points = [points[0]]
        numbers = []
    if len(points) > 1:
        found.append((points, False))
    return found


def _cubic(start: tuple[float, float], numbers: list[float]) -> list[tuple[float, float]]:
    (x0, y0), (x1, y1, x2, y2, x3, y3) = start, numbers
    out = []
    for k in range(1, 13):
        t = k / 12
        a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
        out.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return out


def mask(view: str, shapes: Iterable[Shape], line: float = 0) -> Image.Image:
    """The shapes rasterised in the view's viewBox: filled (their union), or stroked ``line``
    SVG units wide when ``line`` is given."""
    vx, vy, vw, vh = art(view).viewbox
    image = Image.new("1", (round(vw * PX), round(vh * PX)), 0)
    draw = ImageDraw.Draw(image)
    for shape in shapes:
        for points, _closed in subpaths(shape):
            xy = [((x - vx) * PX, (y - vy) * PX) for x, y in points]
            if line:
                draw.line(xy, fill=255, width=max(1, round(line * PX)), joint="curve")
            elif len(xy) > 2:
                draw.polygon(xy, fill=255)
    return image


def outline(view: str) -> Image.Image:
    return mask(view, [art(view).shapes["outline"]])


def lit(view: str, names: Iterable[str]) -> Image.Image:
    """Where the regions show: their union clipped to the silhouette, as the renderer draws it."""
    shapes = [art(view).shapes[name] for name in names]
    return ImageChops.logical_and(mask(view, shapes), outline(view))


def count(image: Image.Image) -> int:
    return sum(image.convert("L").point(lambda v: 1 if v else 0).histogram()[1:])


def centre(image: Image.Image) -> tuple[float, float]:
    """Mean pixel position of a mask, in SVG units from the viewBox corner."""
    width = image.width
    xs = ys = n = 0
    for i, value in enumerate(image.get_flattened_data()):
        if value:
            xs, ys, n = xs + i % width, ys + i // width, n + 1
    assert n, "empty mask"
    return xs / n / PX, ys / n / PX


# ---------------------------------------------------------------- the shapes


@pytest.mark.parametrize("view", bodymap.VIEWS)
def test_every_region_is_a_closed_shape_on_its_figure(view: str) -> None:
    icon = art(view)
    x0, y0, x1, y1 = icon.shapes["outline"].bounds
    grow = MM / bodymap.placement(view, (0, 0, *SHEET_CELL)).scale  # 1 mm on the sheet
    for name in regions(view):
        pieces = subpaths(icon.shapes[name])
        assert pieces, f"{view}: {name} has no shape"
        for points, closed in pieces:
            assert closed and len(points) >= 4, f"{view}: {name} has an open or empty piece"
            for x, y in points:
                inside = x0 - grow <= x <= x1 + grow and y0 - grow <= y <= y1 + grow
                assert inside, f"{view}: {name} reaches ({x:.1f}, {y:.1f}), off its figure"
        assert count(lit(view, [name])) > 40 * PX, f"{view}: {name} hardly shows"


@pytest.mark.parametrize("view", bodymap.VIEWS)
def test_regions_lie_in_anatomical_order(view: str) -> None:
    heights = [centre(lit(view, [name]))[1] for name in TOP_TO_BOTTOM[view]]
    assert heights == sorted(heights), list(zip(TOP_TO_BOTTOM[view], heights, strict=True))
    if view in BODY_VIEWS:
        arms = [centre(lit(view, [name]))[1] for name in ("shoulders", "arm", "forearm", "hand")]
        assert arms == sorted(arms), arms
        middle = "thigh-front" if view == "front" else "thigh-back"
        _, _, width, height = art(view).viewbox
        half = width / 2  # the figure's right leg, on the viewer's left
        across = [
            centre(lit(view, [name]).crop((0, 0, round(half * PX), round(height * PX))))[0]
            for name in ("outer-thigh", middle, "inner-thigh")
        ]
        assert across == sorted(across), across


@pytest.mark.parametrize("view", bodymap.VIEWS)
def test_regions_tile_the_figure_and_whole_leg_has_no_gaps(view: str) -> None:
    body = outline(view)
    every = lit(view, regions(view))
    # a close-up's regions start lower down, at a cut that curves over 3 units
    top = 0 if view in BODY_VIEWS else _box(every)[1] + 3 * PX
    body = ImageChops.logical_and(body, _below(body, top))
    missed = count(ImageChops.logical_and(body, ImageChops.invert(every)))
    assert missed <= 0.01 * count(body), f"{view}: {missed} of {count(body)} pixels in no region"
    if view not in BODY_VIEWS:
        return
    # whole-leg: every pixel of the legs below the crotch (arms aside) is lit
    crotch = _box(lit(view, TORSO & set(regions(view))))[3]
    legs = ImageChops.logical_and(body, _below(body, crotch))
    legs = ImageChops.logical_and(legs, ImageChops.invert(lit(view, ARMS)))
    whole = mask(view, bodymap._lit(art(view), view, frozenset({"whole-leg"})))
    missed = count(ImageChops.logical_and(legs, ImageChops.invert(whole)))
    assert missed <= 0.01 * count(legs), f"{view}: whole-leg misses {missed} of {count(legs)}"


def _box(image: Image.Image) -> tuple[int, int, int, int]:
    box = image.getbbox()
    assert box is not None, "empty mask"
    return box


def _below(like: Image.Image, row: int) -> Image.Image:
    """A mask of the rows from ``row`` down."""
    image = Image.new("1", like.size, 0)
    ImageDraw.Draw(image).rectangle((0, row, like.width, like.height), fill=255)
    return image


@pytest.mark.parametrize(("one", "other"), [("front", "back"), ("leg-front", "leg-back")])
def test_front_and_back_views_look_different(one: str, other: str) -> None:
    def drawing(view: str) -> Image.Image:
        details = art(view).shapes.get("details")
        lines = mask(view, [details], line=0.6) if details else outline(view).point(lambda v: 0)
        return ImageChops.logical_xor(outline(view), lines)

    first, second = drawing(one), drawing(other)
    differ = count(ImageChops.logical_xor(first, second))
    assert differ >= 0.03 * count(first), f"{one} and {other}: only {differ} pixels differ"


# ---------------------------------------------------------------- printed in grey


def render_cell(view: str, names: frozenset[str], style: bodymap.IconStyle) -> Image.Image:
    """One cell of the region sheet, rendered in grey as a grayscale printer sees it."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=SHEET_CELL)
    bodymap._figure(canvas, view, names, (0, 0, *SHEET_CELL), style)
    canvas.save()
    page = pypdfium2.PdfDocument(buffer.getvalue())[0]
    image: Image.Image = page.render(scale=4, grayscale=True).to_pil()
    return image.convert("L")


@pytest.mark.parametrize("view", bodymap.VIEWS)
def test_highlights_stay_apart_from_the_body_on_a_grey_region_sheet(view: str) -> None:
    style = bodymap._SHEET_STYLE
    plain = render_cell(view, frozenset(), style)
    body = plain.point(lambda v: 255 if 200 <= v < 250 else 0).filter(ImageFilter.MinFilter(5))
    body_level = _median(plain, body)
    for name in sorted(bodymap.view_regions(view)):
        shown = render_cell(view, frozenset({name}), style)
        changed = ImageChops.difference(shown, plain).point(lambda v: 255 if v > 12 else 0)
        inner = changed.filter(ImageFilter.MinFilter(5))  # no anti-aliased edges
        assert count(inner) >= 20, f"{view}: {name} shows no solid area"
        level = _median(shown, inner)
        assert body_level - level >= 70, f"{view}: {name} is grey {level}, the body {body_level}"


def _median(image: Image.Image, where: Image.Image) -> int:
    """The median grey of ``image`` where ``where`` is set."""
    histogram = image.histogram(mask=where.convert("1"))
    half, seen = sum(histogram) / 2, 0
    for level, number in enumerate(histogram):
        seen += number
        if seen >= half:
            return level
    raise AssertionError("empty mask")
