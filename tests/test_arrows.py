"""Stroke-direction arrows: the `direction` field, where each arrow lies on its icon, which way
it points, that shipped sheets print them and that they read in grayscale."""

from __future__ import annotations

import ctypes
import io
from collections.abc import Sequence
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image, ImageChops, ImageStat
from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from handout.content import load
from handout.content.fields import Invalid, check
from handout.content.model import DIRECTIONS, REGIONS, Step
from handout.render import arrows, bodymap
from pdftools import WS, build_routine

SHEET_ICON = 15 * mm  # layout/parts.py
BOOKLET_ICON = 9 * mm  # layout/booklet.py
STYLE = bodymap.IconStyle(Color(0.87, 0.34, 0.18), Color(0.2, 0.2, 0.2), Color(0.9, 0.9, 0.9))
Box = tuple[float, float, float, float]


def union(boxes: Sequence[Box]) -> Box:
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
    return x0, y0, x1 - x0, y1 - y0


def inside(box: Box, outer: Box, slack: float = 0.0, tolerance: float = 1e-6) -> bool:
    x, y, w, h = box
    ox, oy, ow, oh = outer[0] - slack, outer[1] - slack, outer[2] + 2 * slack, outer[3] + 2 * slack
    t = tolerance
    return ox - t <= x and oy - t <= y and x + w <= ox + ow + t and y + h <= oy + oh + t


def drawn(regions: list[str], size: float, direction: str) -> tuple[list[arrows.Polygon], Box]:
    """The arrows of a step icon and the box they cover."""
    polygons = bodymap.step_arrows(regions, size, direction)
    return polygons, arrows.bounds(polygons, arrows.Pen.for_icon(size))


def pointing(polygon: arrows.Polygon) -> str:
    """`up` or `down`: the end of a one-headed vertical arrow where its head is widest."""
    xs = [x for x, _ in polygon]
    middle = (min(xs) + max(xs)) / 2
    wing = max(polygon, key=lambda p: abs(p[0] - middle))
    ys = [y for _, y in polygon]
    return "up" if wing[1] > (min(ys) + max(ys)) / 2 else "down"


# ---------------------------------------------------------------- the field


def test_a_step_keeps_its_direction_and_has_none_by_default() -> None:
    assert check(Step, {"title": "One"}).direction is None
    for direction in DIRECTIONS:
        assert check(Step, {"title": "One", "direction": direction}).direction == direction


CHOICES = "up, down, toward-heart, away-from-heart, circles, across, along"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("toward-hart", f"'toward-hart' is not one of {CHOICES} — did you mean 'toward-heart'?"),
        ("sideways", f"'sideways' is not one of {CHOICES}"),
        (3, f"'3' is not one of {CHOICES}"),
    ],
)
def test_an_unknown_direction_is_refused_naming_the_choices(value: object, message: str) -> None:
    with pytest.raises(Invalid) as caught:
        check(Step, {"title": "One", "direction": value})
    assert [issue.message for issue in caught.value.issues] == [f"direction: {message}"]


def test_the_schema_offers_the_directions() -> None:
    from handout.commands.schema import schema_json

    assert all(f'"{direction}"' in schema_json() for direction in DIRECTIONS)


def test_shipped_translations_keep_the_directions_of_their_routine() -> None:
    source = [s.direction for s in load.routine(WS, "self-legs").routine.steps]
    assert source.count(None) < len(source) / 2
    for lang in ("de", "ru"):
        assert [s.direction for s in load.routine(WS, "self-legs", lang).routine.steps] == source


# ---------------------------------------------------------------- the geometry


@pytest.mark.parametrize("size", [SHEET_ICON, BOOKLET_ICON])
@pytest.mark.parametrize("region", REGIONS)
def test_every_arrow_lies_within_its_region_grown_by_2_mm(region: str, size: float) -> None:
    frame = (0.0, 0.0, size, size)
    view = bodymap.best_view([region])
    boxes = bodymap.region_boxes(view, [region], frame)
    assert boxes, f"{region} shows nowhere on {view}"
    place = bodymap.placement(view, frame)
    x0, y0, x1, y1 = bodymap._icon(view).shapes["outline"].bounds
    outline = (place.ox + place.scale * x0, place.oy - place.scale * y1)
    outline_box = (*outline, place.scale * (x1 - x0), place.scale * (y1 - y0))
    assert all(inside(box, outline_box, tolerance=1.0) for box in boxes), region
    for direction in DIRECTIONS:
        polygons, covered = drawn([region], size, direction)
        assert polygons, (region, direction)
        assert inside(covered, union(boxes), slack=2 * mm), (region, direction, covered, boxes)
        assert inside(covered, frame), (region, direction, "sticks out of the icon")


@pytest.mark.parametrize("direction", DIRECTIONS)
@pytest.mark.parametrize("regions", [["knee"], ["sole"], ["whole-leg"], ["neck"], ["heel"]])
def test_an_arrow_on_a_sheet_icon_is_at_least_3_mm_long(regions: list[str], direction: str) -> None:
    _, (_, _, width, height) = drawn(regions, SHEET_ICON, direction)
    assert max(width, height) >= 3 * mm


@pytest.mark.parametrize(
    "regions",
    [["calf"], ["shin"], ["thigh-front"], ["thigh-back"], ["knee"], ["whole-leg"], ["arm"],
     ["foot"], ["ankle", "heel"], ["upper-back"]],
)  # fmt: skip
def test_toward_the_heart_points_up_on_limbs_and_trunk(regions: list[str]) -> None:
    toward, _ = drawn(regions, SHEET_ICON, "toward-heart")
    away, _ = drawn(regions, SHEET_ICON, "away-from-heart")
    assert {pointing(p) for p in toward} == {"up"}, regions
    assert {pointing(p) for p in away} == {"down"}, regions


@pytest.mark.parametrize("regions", [["neck"], ["head"], ["face"], ["sole"], ["foot", "sole"]])
def test_toward_the_heart_points_down_on_the_neck_and_to_the_heel_on_the_sole(
    regions: list[str],
) -> None:
    toward, _ = drawn(regions, SHEET_ICON, "toward-heart")
    assert {pointing(p) for p in toward} == {"down"}, regions
    assert {pointing(p) for p in drawn(regions, SHEET_ICON, "up")[0]} == {"up"}


def test_across_is_horizontal_along_is_vertical_and_circles_are_two_arrows() -> None:
    _, (_, _, width, height) = drawn(["calf"], SHEET_ICON, "across")
    assert width > 1.5 * height
    _, (_, _, width, height) = drawn(["calf"], SHEET_ICON, "along")
    assert height > 1.5 * width
    circles, (_, _, width, height) = drawn(["knee"], SHEET_ICON, "circles")
    assert len(circles) == 2 and width == pytest.approx(height, rel=0.25)


def test_a_pair_of_arms_gets_an_arrow_each() -> None:
    assert len(drawn(["forearm"], SHEET_ICON, "up")[0]) == 2
    assert len(drawn(["chest"], SHEET_ICON, "up")[0]) == 1


# ---------------------------------------------------------------- in print


def arrows_printed(path: Path) -> int:
    """How many white, straight-edged fills the PDF's pages draw: arrows (drawn over the
    shared icon forms; the caution signs' white marks are curved and inside forms)."""
    document = pypdfium2.PdfDocument(str(path))
    return sum(
        1
        for page in document
        for obj in page.get_objects(max_depth=0)
        if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH and _arrow(obj)
    )


def _arrow(path: pypdfium2.PdfObject) -> bool:
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    pdfium_c.FPDFPageObj_GetFillColor(path.raw, red, green, blue, alpha)
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(path.raw, mode, stroke)
    if (red.value, green.value, blue.value) != (255, 255, 255) or not mode.value or stroke.value:
        return False
    kinds = {
        pdfium_c.FPDFPathSegment_GetType(pdfium_c.FPDFPath_GetPathSegment(path.raw, k))
        for k in range(pdfium_c.FPDFPath_CountSegments(path.raw))
    }
    return kinds == {pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO}


@pytest.mark.parametrize("rid", ["front-legs", "feet"])
def test_a_shipped_sheet_prints_an_arrow_on_each_step_with_a_direction(
    tmp_path: Path, rid: str
) -> None:
    steps = load.routine(WS, rid).routine.steps
    wanted = sum(1 for step in steps if step.direction and step.region)
    assert arrows_printed(build_routine(tmp_path, rid, "sheet").out) == wanted >= 6


def render_icon(regions: list[str], direction: str | None, style: bodymap.IconStyle) -> Image.Image:
    size = SHEET_ICON
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(size, size))
    bodymap.draw_step_icon(canvas, regions, size, style, direction)
    canvas.save()
    page = pypdfium2.PdfDocument(buffer.getvalue())[0]
    image: Image.Image = page.render(scale=300 / 72).to_pil().convert("L")
    return image


@pytest.mark.parametrize("grayscale", [False, True])
@pytest.mark.parametrize(("regions", "direction"), [(["sole"], "up"), (["calf"], "circles")])
def test_the_arrow_stands_out_from_the_highlight(
    regions: list[str], direction: str, grayscale: bool
) -> None:
    """Where the arrow changed the icon, its core is much lighter than the highlight below."""
    style = STYLE._replace(grayscale=grayscale)
    plain, marked = render_icon(regions, None, style), render_icon(regions, direction, style)
    changed = ImageChops.difference(plain, marked).point(lambda v: 255 if v > 40 else 0)
    core = marked.point(lambda v: 255 if v > 240 else 0)
    arrow_core = ImageChops.multiply(changed, core)
    assert arrow_core.getbbox() is not None, "no white arrow core where the icon changed"
    below = ImageStat.Stat(plain, arrow_core).mean[0]  # the highlight under the core
    over = ImageStat.Stat(marked, arrow_core).mean[0]
    assert (over - below) / 255 >= 0.4, (below, over)
