"""Step icons and body maps that read (issue 15): one view per routine, icon and highlight
sizes measured from the PDFs, numbered maps whose numbers are text and never overlap, and
highlights that stay apart from the body in grayscale."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import cast

import pypdfium2
import pypdfium2.raw as raw
import pytest
import yaml
from PIL import Image, ImageChops, ImageFilter
from reportlab.lib.colors import Color
from tests.pdfmeasure import luminance
from tests.pdftools import REPO, WS

from handout.commands import build
from handout.content import load
from handout.content.labels import labels
from handout.content.workspace import Workspace
from handout.errors import LayoutError
from handout.layout import card_parts, parts
from handout.layout.context import Context
from handout.render import bodymap
from handout.render.theme import make_theme

MM = 72 / 25.4
SCALE = 300 / 72  # render scale: 300 dpi
ROUTINES = sorted(
    p.stem for p in (REPO / "content" / "routines").glob("*.yaml") if "." not in p.stem
)
STYLE = bodymap.IconStyle(Color(0.12, 0.36, 0.33), Color(0.35, 0.35, 0.35), Color(0.9, 0.9, 0.9))
Box = tuple[float, float, float, float]


def _steps(rid: str) -> list[list[str]]:
    return [step.region for step in load.routine(WS, rid).routine.steps]


def _no_directions(tmp: Path, rids: list[str]) -> Workspace:
    """A workspace with copies of shipped routines without stroke directions: an arrow's white
    core would cut a highlight in two and hide its size."""
    folder = tmp / "content" / "routines"
    folder.mkdir(parents=True)
    for rid in rids:
        data = yaml.safe_load((REPO / "content" / "routines" / f"{rid}.yaml").read_text("utf-8"))
        for step in data["steps"]:
            step.pop("direction", None)
        (folder / f"{rid}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return Workspace(tmp)


def _forms(page: pypdfium2.PdfPage) -> list[Box]:
    """The bounds (left, bottom, right, top, points) of the page's form objects: pictograms."""
    return [
        o.get_bounds() for o in page.get_objects(max_depth=1) if o.type == raw.FPDF_PAGEOBJ_FORM
    ]


def _is_icon(bounds: Box) -> bool:
    left, bottom, right, top = bounds
    return 20 * MM < top - bottom < 24 * MM and right - left < 24 * MM


def _crop(image: Image.Image, page_h: float, bounds: Box) -> Image.Image:
    left, bottom, right, top = bounds
    box = (left, page_h - top, right, page_h - bottom)
    return image.crop(tuple(round(v * SCALE) for v in box))  # type: ignore[arg-type]


def _colours(crop: Image.Image, least: int) -> list[tuple[int, int, int]]:
    """The colours painted on more than ``least`` pixels, most used first."""
    counted = cast(list[tuple[int, tuple[int, int, int]]], crop.getcolors(1 << 20) or [])
    return [colour for n, colour in sorted(counted, reverse=True) if n > least]


def _highlight(crop: Image.Image) -> Image.Image:
    """A mask of the highlight's colour (the darkest strongly coloured one), small gaps (a
    detail line drawn over it) closed."""
    target = min((c for c in _colours(crop, 40) if max(c) - min(c) > 30), key=luminance)
    r, g, b = ImageChops.difference(crop, Image.new("RGB", crop.size, target)).split()
    mask = ImageChops.add(ImageChops.add(r, g), b).point(lambda v: 255 if v < 40 else 0)
    return mask.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.MinFilter(5))


def _patches(mask: Image.Image) -> list[tuple[int, int]]:
    """Width and height in pixels of each connected patch of the mask (specks left out)."""
    sizes = [(x1 - x0, y1 - y0) for x0, y0, x1, y1 in bodymap.pieces(mask)]
    return [(w, h) for w, h in sizes if w * h > (0.5 * MM * SCALE) ** 2]


# ---- one view per routine


@pytest.mark.parametrize("rid", ROUTINES)
def test_every_step_keeps_the_routines_view_unless_its_regions_are_not_on_it(rid: str) -> None:
    steps = _steps(rid)
    view = bodymap.routine_view(steps)
    strays = []
    for n, regions in enumerate(steps, 1):
        size, wide = parts.STEP_ICON, parts.ICON_W
        icon = bodymap.Pictogram("icon", regions, size, STYLE, view=view, width=wide)
        if icon.view == view:
            continue
        place = bodymap.icon_placement(view, frozenset(regions), size, wide)
        smallest = min(bodymap.highlight_sizes(view, regions, place), default=size)
        on_view = set(regions) <= bodymap.view_regions(view)
        if on_view and smallest >= bodymap.HIGHLIGHT * size:
            strays.append(f"step {n} {regions}: {icon.view} instead of {view}")
    assert not strays, strays


def test_a_lower_leg_routine_takes_the_close_up_and_trunk_and_legs_the_body() -> None:
    assert bodymap.routine_view([["calf"], ["calf", "back-of-knee"], ["heel"]]) == "leg-back"
    assert bodymap.routine_view([["shin"], ["knee"], ["foot", "toes"]]) == "leg-front"
    assert bodymap.routine_view([["lower-back"], ["glutes"], ["thigh-back"]]) == "back"
    assert bodymap.step_view(["chest"], "leg-back") == "front"  # not on it: its own


def test_a_step_no_view_shows_whole_keeps_the_routines_body_view_when_it_can() -> None:
    """Calf and shin show on no one view: lying face down the calf is the work (the back
    view), face up the shin; a foot and sole step keeps the sole view, where the sole reads."""
    assert bodymap.step_view(["calf", "shin"], "back") == "back"
    assert bodymap.step_view(["calf", "shin"], "front") == "front"
    assert bodymap.step_view(["foot", "sole"], "back") == "foot-sole"


# ---- sizes on sheets


PAPERS = ("a4", "letter", "a5")
SHEETS = [f"{rid} {paper}" for rid in ROUTINES for paper in PAPERS]


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every shipped routine's sheet at each paper size, its steps without stroke directions."""
    tmp = tmp_path_factory.mktemp("icons")
    ws = _no_directions(tmp / "ws", ROUTINES)
    made = {}
    for case in SHEETS:
        rid, paper = case.split()
        out = tmp / f"{rid}-{paper}.pdf"
        build.build_routine(ws, rid, build.Options(format="sheet", paper=paper, out=out))
        made[case] = out
    return made


def _icons(path: Path) -> list[Image.Image]:
    """Each step icon of a sheet (the forms placed at the step column's right edge: the
    x most right-hand forms share), rendered at 300 dpi: a 25 mm square from its corner, cut
    down to the drawing."""
    document = pypdfium2.PdfDocument(str(path))
    corners = [
        [
            (round(o.get_matrix().get()[4], 1), o.get_matrix().get()[5])
            for o in page.get_objects(max_depth=1)
            if o.type == raw.FPDF_PAGEOBJ_FORM and o.get_matrix().get()[4] > page.get_width() / 2
        ]
        for page in document
    ]
    column = Counter(x for page in corners for x, _ in page).most_common(1)[0][0]
    found = []
    for page, here in zip(document, corners, strict=True):
        width, height = page.get_size()
        for x, y in (c for c in here if c[0] == column):
            crop = (x, y, width - x - 25 * MM, height - y - 25 * MM)  # left, bottom, right, top
            image = page.render(scale=SCALE, crop=crop).to_pil().convert("RGB")
            found.append(_drawn(image))
    return found


def _drawn(crop: Image.Image) -> Image.Image:
    """The crop cut to what is drawn from its bottom edge up, to the first white row."""
    ink = crop.convert("L").point(lambda v: 255 if v < 240 else 0)

    def inked(row: int) -> bool:
        return ink.crop((0, row - 1, crop.width, row)).getbbox() is not None

    top = crop.height
    while top > crop.height - MM * SCALE and not inked(top):  # the outline's inset
        top -= 1
    while top > 0 and inked(top):
        top -= 1
    box = ink.crop((0, top, crop.width, crop.height)).getbbox() or (0, 0, 0, 0)
    return crop.crop((box[0], top + box[1], box[2], top + box[3]))


@pytest.mark.parametrize("case", SHEETS)
def test_sheet_icons_are_22_mm_tall_and_every_highlight_3_mm_across(
    sheets: dict[str, Path], case: str
) -> None:
    """Every step of every shipped routine, measured from the PDF: the icon is 22 mm tall and
    each separate lit patch (a pair of legs: each leg) at least 3 mm in its smaller side."""
    rid = case.split()[0]
    icons = _icons(sheets[case])
    assert len(icons) == len([s for s in _steps(rid) if s])
    slack = 2  # pixels of anti-aliasing at an edge
    small = []
    for number, icon in enumerate(icons, 1):
        assert icon.height >= 22 * MM * SCALE - slack, f"icon {number} is short"
        for width, height in _patches(_highlight(icon)):
            across = min(width, height) / SCALE / MM
            if across < 3 - slack / SCALE / MM:
                small.append(f"step {number}: a highlight {across:.1f} mm")
    assert not small, small


def test_a_15_mm_icon_would_fail_the_size_check() -> None:
    """The measure above can fail: a whole figure's thigh at the old icon size is too thin."""
    place = bodymap.placement("back", (0, 0, 15 * MM, 15 * MM))
    assert min(bodymap.highlight_sizes("back", ["thigh-back"], place)) < 3 * MM


# ---- the card's map


CARD_PAPERS = ("a6", "4x6in", "5x7in", "a5")
# Two-sided cards whose back keeps its map: the others' backs are full of cautions even a type
# size smaller (card._Card._keeping_map), or the card does not fit two sides at all.
MAPPED = {
    "front-legs a6", "leg-basics a6", "self-legs a6", "feet 4x6in", "leg-basics 4x6in",
    "front-legs 5x7in", "inner-outer-legs 5x7in", "self-legs 5x7in", "back-legs-clinic a5",
    "inner-outer-legs a5",
}  # fmt: skip


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every shipped routine's card at each card size (those that fit two sides)."""
    tmp = tmp_path_factory.mktemp("cards")
    made = {}
    for rid in ROUTINES:
        for paper in CARD_PAPERS:
            out = tmp / f"{rid}-{paper}.pdf"
            try:
                build.build_routine(WS, rid, build.Options(format="card", paper=paper, out=out))
            except LayoutError:
                continue
            made[f"{rid} {paper}"] = out
    return made


def _map(path: Path) -> tuple[pypdfium2.PdfPage, Box]:
    """The back's page and the body map's bounds (the tallest form on the back)."""
    document = pypdfium2.PdfDocument(str(path))
    page = document[len(document) - 1]
    return page, max(_forms(page), key=lambda b: b[3] - b[1])


@pytest.mark.parametrize("case", sorted(MAPPED))
def test_card_back_map_is_45_mm_tall(cards: dict[str, Path], case: str) -> None:
    _, (_, bottom, _, top) = _map(cards[case])
    assert top - bottom >= 45 * MM, f"{(top - bottom) / MM:.1f} mm"


def test_a_back_map_is_at_least_45_mm_or_left_out(cards: dict[str, Path]) -> None:
    """No back prints a map under 45 mm; the backs that keep one are the expected ones (the
    self-legs card on A6 keeps a shrunk map a type size smaller)."""
    mapped = set()
    for case, path in cards.items():
        if len(pypdfium2.PdfDocument(str(path))) < 2:
            continue
        _, (_, bottom, _, top) = _map(path)
        if top - bottom > 20 * MM:  # a map, not a caution's icon
            assert top - bottom >= 45 * MM, f"{case}: {(top - bottom) / MM:.1f} mm"
            mapped.add(case)
    assert mapped == MAPPED


def test_back_map_shrinks_for_room_but_never_under_45_mm() -> None:
    template = load.template(WS, "card")
    theme = make_theme(template, None, grayscale=False)
    ctx = Context(template, theme, labels("en"), load.brand(WS), lang="en")
    routine = load.routine(WS, "self-legs").routine
    t = card_parts.type_at(1.0, template.type, card_parts.Floors(11, 8))

    def printed(short: float) -> float:
        height = card_parts.back_map_height(routine, ctx, t, short)
        return parts.body_map(routine, ctx, height, t.least).printed

    assert card_parts.back_map_height(routine, ctx, t) == card_parts.BACK_MAP
    shrunk = card_parts.back_map_height(routine, ctx, t, 2 * MM)
    assert shrunk == pytest.approx(card_parts.BACK_MAP - 2 * MM)
    assert card_parts.MAP_LEAST <= printed(2 * MM) < printed(0)
    assert card_parts.MAP_LEAST <= printed(40 * MM) < card_parts.MAP_LEAST + 0.1


def _numbers(text: str) -> set[int]:
    """The step numbers in a map's labels: '3, 5, 14–17'."""
    found: set[int] = set()
    for first, last in re.findall(r"(\d+)(?:\s*–\s*(\d+))?", text):
        found.update(range(int(first), int(last or first) + 1))
    return found


@pytest.mark.parametrize("case", ["leg-basics a6", "self-legs a6"])
def test_map_numbers_every_step_as_text_that_never_overlaps(
    cards: dict[str, Path], case: str
) -> None:
    page, (left, bottom, right, top) = _map(cards[case])
    text = page.get_textpage()
    chars = []
    for i in range(text.count_chars()):
        box = text.get_charbox(i)
        if left - 20 <= box[0] and box[2] <= right + 20 and bottom - 2 <= box[1] <= top + 2:
            chars.append((text.get_text_range(i, 1), box))
    digits = [(c, b) for c, b in chars if c.isdigit()]
    shown = _numbers("".join(c for c, _ in chars))
    rid = case.split()[0]
    for n, regions in enumerate(_steps(rid), 1):
        if regions:
            assert n in shown, f"step {n} not on the map"
    for i, (_, a) in enumerate(digits):
        for _, b in digits[i + 1 :]:
            apart = a[2] <= b[0] + 0.1 or b[2] <= a[0] + 0.1 or a[3] <= b[1] or b[3] <= a[1]
            assert apart, (a, b)


def test_map_labels_never_overlap_for_any_shipped_routine() -> None:
    for rid in ROUTINES:
        steps = tuple(frozenset(s) for s in _steps(rid))
        regions = frozenset().union(*steps)
        for height in (card_parts.BACK_MAP, 30 * MM):
            labels = bodymap.map_plan(regions, steps, height, ("Front", "Back")).labels
            for i, a in enumerate(labels):
                for b in labels[i + 1 :]:
                    apart = abs(a.x - b.x) >= (a.w + b.w) / 2 or abs(a.y - b.y) >= (a.h + b.h) / 2
                    assert apart, (rid, a.text, b.text)


# ---- grayscale


def test_grayscale_highlight_stands_apart_from_the_body(tmp_path: Path) -> None:
    out = tmp_path / "grey.pdf"
    ws = _no_directions(tmp_path / "ws", ["back-legs"])
    build.build_routine(ws, "back-legs", build.Options(format="sheet", out=out, grayscale=True))
    document = pypdfium2.PdfDocument(str(out))
    page = next(p for p in document if any(_is_icon(b) for b in _forms(p)))
    image = page.render(scale=SCALE).to_pil().convert("RGB")
    bounds = next(b for b in _forms(page) if _is_icon(b))
    shades = [luminance(c) for c in _colours(_crop(image, page.get_height(), bounds), 200)]
    lit, body = sorted([shade for shade in shades if shade < 0.9][:2])  # the two largest areas
    assert body - lit >= 0.5, shades
