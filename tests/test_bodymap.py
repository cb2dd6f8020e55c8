"""Body pictograms: every region has a shape, drawings have the asked size, a
highlight lands on its region (and nowhere else), grayscale stays grey."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image, ImageChops, ImageFilter
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group
from reportlab.graphics.shapes import Path as ShapePath
from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from handout.model import REGIONS
from handout.render import bodymap, svgpath

FILES = {
    "front": "body-front.svg",
    "back": "body-back.svg",
    "leg-front": "leg-front.svg",
    "leg-back": "leg-back.svg",
    "foot-sole": "foot-sole.svg",
}
WHOLE = {"whole-leg", "whole-body"}
FRONT = {
    "head", "face", "neck", "shoulders", "chest", "abdomen", "arm", "forearm", "hand", "hip",
    "thigh-front", "inner-thigh", "outer-thigh", "knee", "shin", "ankle", "foot", "toes",
}  # fmt: skip
BACK = {
    "head", "neck", "shoulders", "upper-back", "lower-back", "arm", "forearm", "hand", "glutes",
    "hip", "thigh-back", "inner-thigh", "outer-thigh", "back-of-knee", "calf", "ankle", "heel",
    "sole",
}  # fmt: skip
STYLE = bodymap.IconStyle(
    highlight=Color(0.9, 0.35, 0.1), outline=Color(0.1, 0.2, 0.4), base_fill=Color(0.85, 0.92, 1)
)
SCALE = 4  # pixels per point when rasterising


def icon(view: str) -> svgpath.SvgIcon:
    return svgpath.load_svg(str(bodymap.ICON_DIR / FILES[view]))


def render(drawing: Drawing) -> Image.Image:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(drawing.width, drawing.height))
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.save()
    page = pypdfium2.PdfDocument(buffer.getvalue())[0]
    return page.render(scale=SCALE).to_pil().convert("RGB")


def paths(node: Drawing | Group) -> Iterator[ShapePath]:
    for child in node.contents:
        if isinstance(child, Group):
            yield from paths(child)
        elif isinstance(child, ShapePath):
            yield child


def pixel_box(drawing: Drawing, bounds: tuple[float, float, float, float]) -> tuple[int, ...]:
    """SVG-unit bounds of the icon in `drawing` as a pixel box of its rendered image."""
    s, _, _, minus_s, ox, oy = drawing.contents[0].transform
    x0, y0, x1, y1 = bounds
    left, right = ox + s * x0, ox + s * x1
    top, bottom = oy + minus_s * y0, oy + minus_s * y1  # points, y up
    return (
        int(left * SCALE) - 2,
        int((drawing.height - top) * SCALE) - 2,
        int(right * SCALE) + 3,
        int((drawing.height - bottom) * SCALE) + 3,
    )


def off_body(drawing: Drawing, outline: svgpath.Shape) -> Image.Image:
    """White where the rendered `drawing` shows no body (its silhouette grown by 1 px)."""
    silhouette = Drawing(drawing.width, drawing.height)
    silhouette.add(
        Group(outline.to_path(fillColor=Color(0, 0, 0)), transform=drawing.contents[0].transform)
    )
    body = render(silhouette).convert("L").point(lambda v: 255 if v < 250 else 0)
    return ImageChops.invert(body.filter(ImageFilter.MaxFilter(3)))


# ---------------------------------------------------------------- the artwork


@pytest.mark.parametrize("view", FILES)
def test_each_view_parses_and_its_regions_lie_on_the_body(view: str) -> None:
    parsed = icon(view)
    vx, vy, vw, vh = parsed.viewbox
    outline = parsed.shapes["outline"]
    ox0, oy0, ox1, oy1 = outline.bounds
    assert vx <= ox0 < ox1 <= vx + vw and vy <= oy0 < oy1 <= vy + vh
    assert bodymap.VIEW_REGIONS[view], view
    for region in bodymap.VIEW_REGIONS[view] - WHOLE:
        shape = parsed.shapes[region]
        assert shape.points and shape.operators, region
        x0, y0, x1, y1 = shape.bounds
        assert vx <= x0 < x1 <= vx + vw and vy <= y0 < y1 <= vy + vh, region
        assert x0 < ox1 and ox0 < x1 and y0 < oy1 and oy0 < y1, f"{region} misses the body"


def test_the_views_offer_the_regions_they_should() -> None:
    assert set(FILES) == set(bodymap.VIEW_REGIONS)
    assert bodymap.VIEW_REGIONS["front"] == FRONT | WHOLE
    assert bodymap.VIEW_REGIONS["back"] == BACK | WHOLE
    detail = {"knee", "back-of-knee", "shin", "calf", "ankle", "heel", "foot", "sole", "toes"}
    assert bodymap.VIEW_REGIONS["leg-front"] == {"knee", "shin", "ankle", "foot", "toes"}
    assert bodymap.VIEW_REGIONS["leg-back"] == {"back-of-knee", "calf", "ankle", "heel", "sole"}
    assert bodymap.VIEW_REGIONS["foot-sole"] <= detail


@pytest.mark.parametrize("region", REGIONS)
def test_every_region_is_drawn_in_the_view_best_view_picks(region: str) -> None:
    view = bodymap.best_view([region])
    assert region in bodymap.VIEW_REGIONS[view]
    if region in WHOLE:
        assert view in ("front", "back")
    else:
        assert icon(view).shapes[region].points


@pytest.mark.parametrize(
    ("regions", "view"),
    [
        ([], "front"),
        (["chest", "abdomen"], "front"),
        (["shoulders", "upper-back"], "back"),
        (["glutes", "thigh-back", "hip"], "back"),
        (["knee"], "leg-front"),
        (["shin", "ankle", "foot"], "leg-front"),
        (["back-of-knee"], "leg-back"),
        (["calf", "back-of-knee"], "leg-back"),
        (["ankle", "heel"], "leg-back"),
        (["sole"], "foot-sole"),
        (["heel", "toes"], "foot-sole"),
        (["calf", "thigh-back"], "back"),
        (["whole-leg", "sole"], "back"),
        (["whole-body"], "front"),
        (["elbow", "knee"], "leg-front"),  # unknown names are ignored
        ("back-of-knee", "leg-back"),  # a bare string is one name, not letters
    ],
)
def test_best_view(regions: list[str], view: str) -> None:
    assert bodymap.best_view(regions) == view


# ---------------------------------------------------------------- the drawings


def test_drawings_have_the_requested_size() -> None:
    step = bodymap.step_icon(["knee"], 34, STYLE)
    assert (step.width, step.height) == (34, 34)
    routine = bodymap.body_map(["calf", "chest"], 100, STYLE)
    assert routine.height == 100
    assert 40 < routine.width < 100  # two upright figures side by side


@pytest.mark.parametrize("region", REGIONS)
def test_a_highlight_changes_pixels_on_its_region_only(region: str) -> None:
    lit = bodymap.step_icon([region], 120, STYLE)
    unlit_image = render(
        bodymap.step_icon([region], 120, replace(STYLE, highlight=STYLE.base_fill))
    )
    difference = ImageChops.difference(render(lit), unlit_image).convert("L")
    changed = difference.point(lambda v: 255 if v > 24 else 0)
    box = changed.getbbox()
    assert box is not None, f"highlighting {region} changed nothing"
    shapes = icon(bodymap.best_view([region])).shapes
    x0, y0, x1, y1 = pixel_box(lit, shapes["outline" if region in WHOLE else region].bounds)
    assert x0 <= box[0] and y0 <= box[1] and box[2] <= x1 and box[3] <= y1, (box, (x0, y0, x1, y1))
    assert ImageChops.darker(changed, off_body(lit, shapes["outline"])).getbbox() is None, (
        f"{region}: the highlight spills off the body"
    )


def test_unknown_regions_highlight_nothing() -> None:
    plain = render(bodymap.step_icon([], 60, STYLE))
    for regions in (["elbow"], ["toe", ""]):
        other = render(bodymap.step_icon(regions, 60, STYLE))
        assert ImageChops.difference(plain, other).getbbox() is None, regions


@pytest.mark.parametrize("regions", [["chest"], ["whole-body"], ["whole-leg", "neck"], ["sole"]])
def test_grayscale_uses_greys_only_and_keeps_the_highlight_dark(regions: list[str]) -> None:
    grey = replace(STYLE, highlight=Color(1, 0.9, 0.2), grayscale=True)  # a light accent
    drawings = [bodymap.step_icon(regions, 34, grey), bodymap.body_map(regions, 80, grey)]
    fills = set()
    for drawing in drawings:
        for path in paths(drawing):
            for colour in (path.fillColor, path.strokeColor):
                if colour is not None:
                    assert colour.red == colour.green == colour.blue, colour
            if path.fillColor is not None:
                fills.add(path.fillColor.red)
    assert len(fills) == 2 and max(fills) - min(fills) >= 0.5, fills


def test_region_sheet_lists_every_region(tmp_path: Path) -> None:
    out = tmp_path / "regions.pdf"
    bodymap.region_sheet(str(out))
    pdf = pypdfium2.PdfDocument(str(out))
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    assert len(pdf) >= 2
    for region in REGIONS:
        assert region in text, region


# ---------------------------------------------------------------- the SVG reader


def test_relative_and_absolute_commands_agree() -> None:
    absolute = svgpath.parse_path("M10 10 L15 10 L15 15 L10 15 Z")
    relative = svgpath.parse_path("m10,10 h5 v5 l-5,0 z")
    assert absolute == relative == [((10, 10), (((15, 10),), ((15, 15),), ((10, 15),)), True)]


def test_curves_become_cubics() -> None:
    [(start, segments, closed)] = svgpath.parse_path(
        "M0,0 Q5,10 10,0 T20,0 S30,5 30,0 C35,0 40,5 40,10"
    )
    assert start == (0, 0) and not closed
    assert [seg[-1] for seg in segments] == [(10, 0), (20, 0), (30, 0), (40, 10)]
    assert all(len(seg) == 3 for seg in segments)
    second = segments[1]  # T reflects Q's control point (5, 10) to (15, -10)
    assert second[0] == pytest.approx((10 + 2 / 3 * 5, -20 / 3))


@pytest.mark.parametrize("bad", ["M0,0 A5,5 0 0 1 10,10", "M0,0 L5", "10,10", "M0,0 L5,5 #"])
def test_unsupported_path_data_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        svgpath.parse_path(bad)


def test_load_svg_skips_what_it_cannot_read(tmp_path: Path) -> None:
    svg = tmp_path / "t.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="urn:x" viewBox="0 0 100 50">'
        '<g id="outline" transform="translate(10,5)">'
        '<circle cx="10" cy="10" r="5"/><rect x="30" y="0" width="20" height="10" rx="2"/>'
        '<path id="arc" d="M0,0 A5,5 0 0 1 10,10"/></g>'
        '<ellipse id="oval" cx="50" cy="25" rx="10" ry="5" transform="scale(2 1)"/>'
        '<path id="skewed" d="M0,0 L1,1" transform="skewX(10)"/>'
        '<x:thing id="foreign"/><defs><path id="hidden" d="M0,0 L1,1"/></defs></svg>'
    )
    with pytest.warns(UserWarning) as caught:
        parsed = svgpath.load_svg(str(svg))
    assert sorted(str(w.message).split("<")[1].split(">")[0] for w in caught) == [
        "path id='arc'",
        "path id='skewed'",
    ]
    assert parsed is svgpath.load_svg(str(svg))  # cached
    assert parsed.viewbox == (0, 0, 100, 50)
    assert set(parsed.shapes) == {"outline", "oval"}
    assert parsed.shapes["outline"].bounds == pytest.approx((15, 5, 60, 20))
    assert parsed.shapes["oval"].bounds == pytest.approx((80, 20, 120, 30))


@pytest.mark.parametrize(
    "text",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><path id="a" d="M0,0 L1,1"/></svg>',
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "b">]><svg viewBox="0 0 1 1"/>',
        '<html viewBox="0 0 1 1"/>',
        '<svg viewBox="0 0 1 1"><path d="M0,0 L1,1"></svg>',
    ],
)
def test_load_svg_refuses_files_it_cannot_use(tmp_path: Path, text: str) -> None:
    bad = tmp_path / "bad.svg"
    bad.write_text(text)
    with pytest.raises(ValueError):
        svgpath.load_svg(str(bad))


def test_overlapping_pieces_fill_as_a_union(tmp_path: Path) -> None:
    """The inner square winds the other way round; it must not punch a hole."""
    svg = tmp_path / "union.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40">'
        '<path id="both" d="M0,0 H40 V40 H0 Z M10,10 V30 H30 V10 Z"/></svg>'
    )
    drawing = Drawing(40, 40)
    shape = svgpath.load_svg(str(svg)).shapes["both"]
    drawing.add(shape.to_path(fillColor=Color(0, 0, 0), strokeColor=None))
    assert render(drawing).getpixel((20 * SCALE, 20 * SCALE)) == (0, 0, 0)
