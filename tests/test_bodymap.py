"""Body pictograms: every region has a shape, drawings have the asked size, a
highlight lands on its region (and nowhere else), grayscale stays grey."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image, ImageChops, ImageFilter
from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from handout.assets import svgpath
from handout.content.model import DIRECTIONS, REGIONS
from handout.render import bodymap

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


def render(width: float, height: float, draw: Callable[[Canvas], None]) -> Image.Image:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height))
    draw(canvas)
    canvas.save()
    page = pypdfium2.PdfDocument(buffer.getvalue())[0]
    return page.render(scale=SCALE).to_pil().convert("RGB")


def render_icon(regions: list[str], size: float, style: bodymap.IconStyle) -> Image.Image:
    return render(size, size, lambda c: bodymap.draw_step_icon(c, regions, size, style))


def pixel_box(place: bodymap.Placement, size: float, bounds: tuple[float, ...]) -> tuple[int, ...]:
    """SVG-unit bounds of an icon placed in a size x size box as a pixel box of its image."""
    x0, y0, x1, y1 = bounds
    left, right = place.ox + place.scale * x0, place.ox + place.scale * x1
    top, bottom = place.oy - place.scale * y0, place.oy - place.scale * y1  # points, y up
    return (
        int(left * SCALE) - 2,
        int((size - top) * SCALE) - 2,
        int(right * SCALE) + 3,
        int((size - bottom) * SCALE) + 3,
    )


def off_body(place: bodymap.Placement, size: float, outline: svgpath.Shape) -> Image.Image:
    """White where an icon placed in a size x size box shows no body (its silhouette grown by
    1 px)."""

    def silhouette(canvas: Canvas) -> None:
        canvas.transform(place.scale, 0, 0, -place.scale, place.ox, place.oy)
        canvas.addLiteral(f"{outline.pdf_path} f")

    body = render(size, size, silhouette).convert("L").point(lambda v: 255 if v < 250 else 0)
    return ImageChops.invert(body.filter(ImageFilter.MaxFilter(3)))


# ---------------------------------------------------------------- the artwork


@pytest.mark.parametrize("view", FILES)
def test_each_view_parses_and_its_regions_lie_on_the_body(view: str) -> None:
    parsed = icon(view)
    vx, vy, vw, vh = parsed.viewbox
    outline = parsed.shapes["outline"]
    ox0, oy0, ox1, oy1 = outline.bounds
    assert vx <= ox0 < ox1 <= vx + vw and vy <= oy0 < oy1 <= vy + vh
    assert bodymap.view_regions(view), view
    for region in bodymap.view_regions(view) - WHOLE:
        shape = parsed.shapes[region]
        assert shape.points and shape.operators, region
        x0, y0, x1, y1 = shape.bounds
        assert vx <= x0 < x1 <= vx + vw and vy <= y0 < y1 <= vy + vh, region
        assert x0 < ox1 and ox0 < x1 and y0 < oy1 and oy0 < y1, f"{region} misses the body"


def test_the_views_offer_the_regions_they_should() -> None:
    assert set(FILES) == set(bodymap.VIEWS)
    assert bodymap.view_regions("front") == FRONT | WHOLE
    assert bodymap.view_regions("back") == BACK | WHOLE
    detail = {"knee", "back-of-knee", "shin", "calf", "ankle", "heel", "foot", "sole", "toes"}
    assert bodymap.view_regions("leg-front") == {"knee", "shin", "ankle", "foot", "toes"}
    assert bodymap.view_regions("leg-back") == {"back-of-knee", "calf", "ankle", "heel", "sole"}
    assert bodymap.view_regions("foot-sole") <= detail


@pytest.mark.parametrize("region", REGIONS)
def test_every_region_is_drawn_in_the_view_best_view_picks(region: str) -> None:
    view = bodymap.best_view([region])
    assert region in bodymap.view_regions(view)
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


def test_drawings_have_the_requested_size_and_stay_inside_it() -> None:
    step = bodymap.Pictogram("icon", ["knee"], 34, STYLE)
    assert step.wrap(500, 500) == (34, 34)
    routine = bodymap.Pictogram("map", ["calf", "chest"], 100, STYLE)
    width, height = routine.wrap(500, 500)
    assert height == 100
    assert 40 < width < 100  # two upright figures side by side
    for pictogram in (step, routine):
        w, h = pictogram.width, pictogram.height
        image = render(w + 20, h + 20, lambda c, p=pictogram: p.drawOn(c, 10, 10))
        ink = ImageChops.invert(image.convert("L")).getbbox()
        assert ink is not None
        assert ink[0] >= 10 * SCALE and ink[2] <= (w + 10) * SCALE + 1, (ink, w)
        assert ink[1] >= 10 * SCALE and ink[3] <= (h + 10) * SCALE + 1, (ink, h)


@pytest.mark.parametrize("region", REGIONS)
def test_a_highlight_changes_pixels_on_its_region_only(region: str) -> None:
    unlit = STYLE._replace(highlight=STYLE.base_fill)
    difference = ImageChops.difference(
        render_icon([region], 120, STYLE), render_icon([region], 120, unlit)
    ).convert("L")
    changed = difference.point(lambda v: 255 if v > 24 else 0)
    box = changed.getbbox()
    assert box is not None, f"highlighting {region} changed nothing"
    view = bodymap.best_view([region])
    shapes = icon(view).shapes
    place = bodymap.placement(view, (0, 0, 120, 120))
    x0, y0, x1, y1 = pixel_box(place, 120, shapes["outline" if region in WHOLE else region].bounds)
    assert x0 <= box[0] and y0 <= box[1] and box[2] <= x1 and box[3] <= y1, (box, (x0, y0, x1, y1))
    assert ImageChops.darker(changed, off_body(place, 120, shapes["outline"])).getbbox() is None, (
        f"{region}: the highlight spills off the body"
    )


def test_unknown_regions_highlight_nothing() -> None:
    plain = render_icon([], 60, STYLE)
    for regions in (["elbow"], ["toe", ""]):
        other = render_icon(regions, 60, STYLE)
        assert ImageChops.difference(plain, other).getbbox() is None, regions


@pytest.mark.parametrize("regions", [["chest"], ["whole-body"], ["whole-leg", "neck"], ["sole"]])
def test_grayscale_uses_greys_only_and_keeps_the_highlight_dark(regions: list[str]) -> None:
    light = STYLE._replace(highlight=Color(1, 0.9, 0.2))  # a light accent
    styles = (light._replace(grayscale=True), light, light._replace(highlight=light.base_fill))
    for draw in (bodymap.draw_step_icon, bodymap.draw_body_map):
        grey, lit, unlit = (
            render(120, 80, lambda c, s=style, d=draw: d(c, regions, 80, s))  # type: ignore[misc]
            for style in styles
        )
        assert all(r == g == b for r, g, b in grey.get_flattened_data()), "colour found"
        changed = ImageChops.difference(lit, unlit).convert("L").point(lambda v: v > 24 and 255)
        lit_area = changed.filter(ImageFilter.MinFilter(3))  # not the anti-aliased edges
        dark = grey.convert("L").point(lambda v: v <= 0.3 * 255 + 3 and 255)
        light_body = grey.convert("L").point(lambda v: 0.85 * 255 - 3 <= v < 250 and 255)
        assert lit_area.getbbox() is not None and light_body.getbbox() is not None
        assert ImageChops.darker(lit_area, ImageChops.invert(dark)).getbbox() is None


def test_region_sheet_lists_every_region(tmp_path: Path) -> None:
    out = tmp_path / "regions.pdf"
    bodymap.region_sheet(str(out))
    pdf = pypdfium2.PdfDocument(str(out))
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    assert len(pdf) >= 2
    for region in REGIONS:
        assert region in text, region


def test_region_sheet_ends_with_every_stroke_direction_drawn(tmp_path: Path) -> None:
    out = tmp_path / "regions.pdf"
    bodymap.region_sheet(str(out))
    pdf = pypdfium2.PdfDocument(str(out))
    last = pdf[len(pdf) - 1]
    text = last.get_textpage().get_text_range()
    forms = [o for o in last.get_objects() if o.type == pypdfium2.raw.FPDF_PAGEOBJ_PATH]
    assert "Stroke directions" in text
    for direction in DIRECTIONS:
        assert direction in text, direction
    assert len(forms) >= len(DIRECTIONS) * 3  # figure, highlight and arrow paths for each


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


@pytest.mark.parametrize("bad", ["M0,0 A5,5 0 2 1 10,10", "M0,0 L5", "10,10", "M0,0 L5,5 #"])
def test_unsupported_path_data_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        svgpath.parse_path(bad)


def test_load_svg_skips_what_it_cannot_read(tmp_path: Path) -> None:
    svg = tmp_path / "t.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="urn:x" viewBox="0 0 100 50">'
        '<g id="outline" transform="translate(10,5)">'
        '<circle cx="10" cy="10" r="5"/><rect x="30" y="0" width="20" height="10" rx="2"/>'
        '<path id="arc" d="M0,0 A5,5 0 2 1 10,10"/></g>'
        '<ellipse id="oval" cx="50" cy="25" rx="10" ry="5" transform="scale(2 1)"/>'
        '<path id="skewed" d="M0,0 L1,1" transform="skewX(10 20)"/>'
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
    shape = svgpath.load_svg(str(svg)).shapes["both"]
    image = render(40, 40, lambda canvas: canvas.addLiteral(f"{shape.pdf_path} f"))
    assert image.getpixel((20 * SCALE, 20 * SCALE)) == (0, 0, 0)
