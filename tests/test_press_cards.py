"""Cards on press sheets, end to end (issue #14, items 1–3 and 7): front-legs (a front and a
back) built n-up on A4 and Letter, read back with pikepdf and pypdfium2, and looked at.

What a sheet should be is worked out here from the papers' sizes and from how paper turns over,
not taken from press/geometry.py: page boxes to 0.01 pt, crop marks outside every card and its
bleed, each card's pixels where its trim is, each back behind its front for both flips."""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pikepdf
import pypdfium2
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat
from tests.pdftools import WS, expected_sequence, missing_in_order
from tests.pressboxes import NEAR, Box, seen_through

from handout.commands import build
from handout.content import load
from handout.content.paper import paper_size
from handout.errors import UsageError
from handout.press import Finished, press_pdf
from handout.press.options import AUTO, PressOptions

MM = 72 / 25.4
RID = "front-legs"
BLEED = 3.0  # mm, the default with crop marks
A6 = paper_size("a6")
DPI = 50
SCALE = DPI / 72


def close(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return all(abs(x - y) <= NEAR for x, y in zip(a, b, strict=True))


def bounds(boxes: list[Box]) -> Box:
    return Box(
        min(b.x0 for b in boxes),
        min(b.y0 for b in boxes),
        max(b.x1 for b in boxes),
        max(b.y1 for b in boxes),
    )


# Building


class Case(NamedTuple):
    card: str  # the card's paper
    sheet: str
    nup: int | None = AUTO
    crop_marks: bool = True
    gutter: float | None = None
    duplex: str | None = None

    @property
    def press(self) -> PressOptions:
        return PressOptions(
            nup=self.nup,
            sheet_paper=self.sheet if self.nup is not None else None,
            crop_marks=self.crop_marks,
            gutter=self.gutter,
            duplex=self.duplex,
        )

    @property
    def flip(self) -> str:
        return self.duplex or "long"

    @property
    def bleed(self) -> float:
        return self.press.bleed_mm * MM


CASES = {
    "a6-a4": Case("a6", "a4"),
    "a6-letter": Case("a6", "letter"),
    "4x6-letter": Case("4x6in", "letter"),
    "5x7-a4": Case("5x7in", "a4"),
    "a6-a4-short": Case("a6", "a4", duplex="short"),
    "a6-letter-short": Case("a6", "letter", duplex="short"),
    "4x6-letter-short": Case("4x6in", "letter", duplex="short"),
    "5x7-a4-short": Case("5x7in", "a4", duplex="short"),
    "a6-a4-unmarked": Case("a6", "a4", crop_marks=False),
    "a6-a3": Case("a6", "a3"),  # 2 × 2, cut lines shared both ways
    "a6-sra3": Case("a6", "sra3"),  # 2 × 4 turned: the print shop's sheet
    "5x7-letter-short": Case("5x7in", "letter", duplex="short"),  # tight: the slug goes over
    "a6-a4-gutter": Case("a6", "a4", gutter=6),
    "a6-a4-three": Case("a6", "a4", nup=3, crop_marks=False),
    "a6-single": Case("a6", "a6", nup=None),
}
MAIN = ["a6-a4", "a6-letter", "4x6-letter", "5x7-a4"]
BOTH_FLIPS = MAIN + [f"{name}-short" for name in MAIN]
GRIDS = ["a6-a3", "a6-sra3", "5x7-letter-short"]
MARKED = [*BOTH_FLIPS, *GRIDS, "a6-a4-gutter"]


def build_case(folder: Path, case: Case) -> Path:
    options = build.Options(
        format="card", paper=case.card, out=folder / "out.pdf", press=case.press
    )
    return build.build_routine(WS, RID, options).out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Each case built once for the module, when a test first asks for it."""
    made: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in made:
            made[name] = build_case(tmp_path_factory.mktemp(name), CASES[name])
        return made[name]

    return get


@pytest.fixture(scope="module")
def card_pages() -> Callable[[str, float], list[Image.Image]]:
    """The card's own pages (front, back) rendered alone, as the press receives them."""
    made: dict[tuple[str, float], list[Image.Image]] = {}

    def get(paper: str, bleed_mm: float) -> list[Image.Image]:
        if (paper, bleed_mm) not in made:
            options = build.Options(format="card", paper=paper, press=PressOptions(bleed=bleed_mm))
            made[paper, bleed_mm] = render(build.made_routine(WS, RID, options).data)
        return made[paper, bleed_mm]

    return get


def render(data: bytes | Path) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(data if isinstance(data, bytes) else str(data))
    try:
        return [page.render(scale=SCALE).to_pil().convert("L") for page in document]
    finally:
        document.close()


# Reading a sheet back: its boxes, its marks, where each card was placed


class Placed(NamedTuple):
    trim: Box
    clip: Box
    turns: int  # how the card's "up" points on the sheet: 0 up, 1 left, 2 down, 3 right


class Side(NamedTuple):
    media: Box
    trim: Box
    bleed: Box
    marks: list[Box]
    strokes: int  # stroked paths drawn on the sheet itself (not in a card)
    placed: list[Placed]

    @property
    def size(self) -> tuple[float, float]:
        return (self.media.x1, self.media.y1)


def sides(path: Path, card: tuple[float, float]) -> list[Side]:
    with pikepdf.open(path) as pdf:
        return [read_side(page, card) for page in pdf.pages]


NUMERIC = ("cm", "m", "l", "re", "K", "w")  # the operators read here whose operands are numbers


def read_side(page: Any, card: tuple[float, float]) -> Side:
    """The page's boxes; the K-only 0.25 pt lines drawn on it; and each card form drawn,
    where its trim lands (the card's own size through the current matrix) and its clip."""
    ctm = [(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)]
    stroke: list[float] = []
    width = 1.0
    path: list[tuple[float, float]] = []
    rect: Box | None = None
    clip: Box | None = None
    marks: list[Box] = []
    strokes = 0
    placed = []
    for instruction in pikepdf.parse_content_stream(page):
        op = str(instruction.operator)
        args = [float(v) for v in instruction.operands] if op in NUMERIC else []
        if op == "q":
            ctm.append(ctm[-1])
        elif op == "Q":
            ctm.pop()
            clip = None
        elif op == "cm":
            ctm[-1] = multiply(tuple(args), ctm[-1])  # type: ignore[arg-type]
        elif op == "K":
            stroke = args
        elif op == "w":
            width = args[0]
        elif op in ("m", "l"):
            path.append(apply(ctm[-1], args[0], args[1]))
        elif op == "re":
            x, y, w, h = args
            corners = [apply(ctm[-1], x + dx, y + dy) for dx in (0, w) for dy in (0, h)]
            rect = points_box(corners)
        elif op == "W":
            clip = rect
        elif op == "S":
            strokes += 1
            if stroke == [0, 0, 0, 1] and width == 0.25:
                marks.append(points_box(path))
            path = []
        elif op == "n":
            path = []
        elif op == "Do":
            assert clip is not None, "every card is drawn clipped"
            corners = [apply(ctm[-1], x, y) for x, y in ((0, 0), (card[0], card[1]))]
            up = apply(ctm[-1], 0, 1)
            origin = apply(ctm[-1], 0, 0)
            turns = {(0, 1): 0, (-1, 0): 1, (0, -1): 2, (1, 0): 3}[
                (round(up[0] - origin[0]), round(up[1] - origin[1]))
            ]
            placed.append(Placed(points_box(corners), clip, turns))
    return Side(
        Box(*(float(v) for v in page.mediabox)),
        Box(*(float(v) for v in page.trimbox)),
        Box(*(float(v) for v in page.bleedbox)),
        marks,
        strokes,
        placed,
    )


Affine = tuple[float, float, float, float, float, float]


def multiply(m: Affine, n: Affine) -> Affine:
    """m then n (PDF: `m cm` inside the current matrix n)."""
    a, b, c, d, e, f = m
    return (
        a * n[0] + b * n[2],
        a * n[1] + b * n[3],
        c * n[0] + d * n[2],
        c * n[1] + d * n[3],
        e * n[0] + f * n[2] + n[4],
        e * n[1] + f * n[3] + n[5],
    )


def apply(m: Affine, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def points_box(points: list[tuple[float, float]]) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Box(min(xs), min(ys), max(xs), max(ys))


def card_size(case: Case) -> tuple[float, float]:
    return paper_size(case.card)


# Page boxes


EXPECTED_COUNT = {
    "a6-a4": 2,
    "a6-letter": 2,
    "4x6-letter": 2,
    "5x7-a4": 2,
    "a6-a3": 4,
    "a6-sra3": 8,
    "5x7-letter": 2,
}


@pytest.mark.parametrize("name", [*BOTH_FLIPS, *GRIDS])
def test_page_boxes_are_the_sheet_the_cards_and_their_bleed(
    built: Callable[[str], Path], name: str
) -> None:
    case = CASES[name]
    card = card_size(case)
    front, back = sides(built(name), card)
    sheet = paper_size(case.sheet)
    for side in (front, back):
        assert close(side.media, (0, 0, *sheet))
        assert len(side.placed) == EXPECTED_COUNT[name.removesuffix("-short")]
        for placed in side.placed:
            assert close(placed.trim.size, card) or close(placed.trim.size, card[::-1])
            assert placed.trim.inside(side.trim)
        assert close(side.trim, bounds([p.trim for p in side.placed]))
        for a, b in itertools.permutations(side.placed, 2):
            assert not a.trim.meets(b.trim)
            assert not a.clip.meets(b.trim), "a card's bleed never covers its neighbour"
        for placed in side.placed:
            assert placed.trim.inside(placed.clip) and placed.clip.inside(side.bleed)
        assert close(side.bleed, side.trim.grown(case.bleed))
        assert side.bleed.inside(side.media)
    assert close(back.trim, seen_through(front.trim, sheet, case.flip))


@pytest.mark.parametrize("name", MAIN)
def test_two_turned_cards_with_marks_sit_in_the_middle_of_the_sheet(
    built: Callable[[str], Path], name: str
) -> None:
    """A4 is 210 mm wide, two A6 cards are 210 mm: four of them fill the sheet and leave no
    room for marks, so with crop marks two go on it, turned."""
    case = CASES[name]
    front = sides(built(name), card_size(case))[0]
    sheet = paper_size(case.sheet)
    assert [p.turns for p in front.placed] == [1, 1]
    middle = ((front.trim.x0 + front.trim.x1) / 2, (front.trim.y0 + front.trim.y1) / 2)
    assert close(middle, (sheet[0] / 2, sheet[1] / 2))


def test_a_single_card_with_crop_marks_gets_a_sheet_of_its_own(
    built: Callable[[str], Path],
) -> None:
    """Card + 2 × (3 mm bleed + 11.5 mm for the marks and the slug line)."""
    card = paper_size("a6")
    for side in sides(built("a6-single"), card):
        room = (3 + 11.5) * MM
        assert close(side.media, (0, 0, card[0] + 2 * room, card[1] + 2 * room))
        assert close(side.trim, (room, room, room + card[0], room + card[1]))
        assert close(side.bleed, side.trim.grown(3 * MM))
        [placed] = side.placed
        assert close(placed.trim, side.trim) and placed.turns == 0


def test_four_a6_without_marks_fill_an_a4_sheet(built: Callable[[str], Path]) -> None:
    front = sides(built("a6-a4-unmarked"), paper_size("a6"))[0]
    assert [p.turns for p in front.placed] == [0] * 4
    assert close(front.trim, (0, 0.5 * MM, 210 * MM, 296.5 * MM))
    assert front.bleed == front.trim and front.marks == [] and front.strokes == 0


def test_nup_three_puts_three_copies_on_a4(built: Callable[[str], Path]) -> None:
    front, back = sides(built("a6-a4-three"), paper_size("a6"))
    assert len(front.placed) == len(back.placed) == 3


# Crop marks


def cut_lines(side: Side) -> tuple[list[float], list[float]]:
    """The x of every vertical cut and the y of every horizontal one."""

    def distinct(values: list[float]) -> list[float]:
        found: list[float] = []
        for v in sorted(values):
            if not found or v - found[-1] > NEAR:
                found.append(v)
        return found

    xs = distinct([v for p in side.placed for v in (p.trim.x0, p.trim.x1)])
    ys = distinct([v for p in side.placed for v in (p.trim.y0, p.trim.y1)])
    return xs, ys


@pytest.mark.parametrize("name", [*MARKED, "a6-single"])
def test_crop_marks_lie_outside_every_card_and_its_bleed_and_mark_both_ends_of_every_cut(
    built: Callable[[str], Path], name: str
) -> None:
    case = CASES[name]
    for side in sides(built(name), card_size(case)):
        assert side.marks and side.strokes == len(side.marks)  # K-only 0.25 pt, nothing else
        for mark in side.marks:
            assert mark.inside(side.media)
            # a mark is a line: grown by its half width, it must miss every card and bleed
            line = mark.grown(0.125)
            assert not any(line.meets(p.trim.grown(case.bleed)) for p in side.placed)
            assert not line.meets(side.bleed)
        xs, ys = cut_lines(side)
        for x in xs:
            ends = [m for m in side.marks if m.x0 == m.x1 and abs(m.x0 - x) <= NEAR]
            assert sorted(m.y0 > side.trim.y1 for m in ends) == [False, True], x
        for y in ys:
            ends = [m for m in side.marks if m.y0 == m.y1 and abs(m.y0 - y) <= NEAR]
            assert sorted(m.x0 > side.trim.x1 for m in ends) == [False, True], y
        assert len(side.marks) == 2 * (len(xs) + len(ys))


def test_a_gutter_gets_two_cuts_and_no_gutter_one(built: Callable[[str], Path]) -> None:
    shared = sides(built("a6-a4"), paper_size("a6"))[0]
    apart = sides(built("a6-a4-gutter"), paper_size("a6"))[0]
    assert len(cut_lines(shared)[1]) == 3  # two turned cards, one above the other
    ys = cut_lines(apart)[1]
    assert len(ys) == 4 and abs(ys[2] - ys[1] - 6 * MM) <= NEAR


def test_a_gutter_narrower_than_both_bleeds_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        build_case(tmp_path, Case("a6", "a4", gutter=4))
    assert str(caught.value) == (
        "--gutter 4 is narrower than the 3 mm bleed on both cards"
        " — use --gutter 6 or more, or --gutter 0 for shared cut lines"
    )


@pytest.mark.parametrize(
    ("sheet", "nup", "crop_marks", "message"),
    [
        (
            "a4",
            9,
            False,
            "--nup 9: only 4 cards of 105 × 148 mm fit on A4"
            " — use --nup 4 or auto, or a larger --sheet-paper",
        ),
        (
            "a4",
            4,
            True,
            "--nup 4: only 2 cards of 105 × 148 mm fit on A4 with crop marks (they take 10 mm"
            " around the cards) — use --nup 2 or auto, leave out --crop-marks (4 cards fit),"
            " or a larger --sheet-paper",
        ),
        (
            "a5",
            2,
            True,
            "--nup 2: only 1 card of 105 × 148 mm fits on A5 with crop marks (they take 10 mm"
            " around the cards) — use --nup 1 or auto, leave out --crop-marks (2 cards fit),"
            " or a larger --sheet-paper",
        ),
        (
            "a6",
            AUTO,
            True,
            "a 105 × 148 mm card does not fit on A6 with crop marks (they take 10 mm around the"
            " cards) — leave out --crop-marks (1 card fits) or use a larger --sheet-paper",
        ),
        ("a7", AUTO, False, "a 105 × 148 mm card does not fit on A7 — use a larger --sheet-paper"),
    ],
)
def test_more_cards_than_fit_are_refused(
    tmp_path: Path, sheet: str, nup: int, crop_marks: bool, message: str
) -> None:
    with pytest.raises(UsageError) as caught:
        build_case(tmp_path, Case("a6", sheet, nup=nup, crop_marks=crop_marks))
    assert str(caught.value) == message


# Pixels


def pixel_box(box: Box, height: float) -> tuple[int, int, int, int]:
    """A box in points → (left, upper, right, lower) pixels of a page `height` points high."""
    return (
        round(box.x0 * SCALE),
        round((height - box.y1) * SCALE),
        round(box.x1 * SCALE),
        round((height - box.y0) * SCALE),
    )


def slug_boxes(path: Path, index: int) -> list[Box]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        page = document[index]
        return [
            Box(*obj.get_bounds())
            for obj in page.get_objects(max_depth=0)
            if obj.type == pypdfium2.raw.FPDF_PAGEOBJ_TEXT
        ]
    finally:
        document.close()


@pytest.mark.parametrize("name", [*MARKED, "a6-a4-unmarked", "a6-single"])
def test_nothing_prints_outside_the_cards_but_marks_and_slug(
    built: Callable[[str], Path], name: str
) -> None:
    case = CASES[name]
    path = built(name)
    for index, (side, image) in enumerate(
        zip(sides(path, card_size(case)), render(path), strict=True)
    ):
        height = side.media.y1
        blank = image.copy()
        draw = ImageDraw.Draw(blank)
        allowed = [p.trim.grown(case.bleed) for p in side.placed]
        allowed += [m.grown(1.5 / SCALE) for m in side.marks]
        allowed += [b.grown(1 / SCALE) for b in slug_boxes(path, index)]
        for box in allowed:
            draw.rectangle(pixel_box(box.grown(1 / SCALE), height), fill=255)
        darkest, _ = blank.getextrema()
        assert isinstance(darkest, int) and darkest >= 240, (
            f"{name} side {index + 1}: ink outside the cards"
        )
        if case.crop_marks:
            assert slug_boxes(path, index), "a slug line states what the sheet is"


SLUG_MARGIN = 1 * MM  # no slug line closer than this to the paper's edge (baseline)


@pytest.mark.parametrize("name", [*MARKED, "a6-single"])
def test_the_slug_line_is_on_the_sheet_clear_of_the_cards_and_marks(
    built: Callable[[str], Path], name: str
) -> None:
    case = CASES[name]
    path = built(name)
    text = every_text(path.read_bytes()).splitlines()
    for index, side in enumerate(sides(path, card_size(case))):
        [slug] = slug_boxes(path, index)
        assert slug.inside(side.media.grown(-SLUG_MARGIN + 2))  # descenders may reach in
        assert not slug.meets(side.bleed)
        assert not any(slug.meets(mark.grown(0.5 * MM)) for mark in side.marks)
    if case.nup is not None:
        back = "back: print two-sided, flip on the " + case.flip + " edge"
        # a card's version stamp may share the slug's line in the text layer (turned cards)
        assert any(back in line for line in text)


UPRIGHT = [  # a crop of a card whose "up" points up, left, down, right: turned back upright
    None,
    Image.Transpose.ROTATE_270,
    Image.Transpose.ROTATE_180,
    Image.Transpose.ROTATE_90,
]
MIRROR = Image.Transpose.FLIP_LEFT_RIGHT


def looks(crop: Image.Image, page: Image.Image) -> tuple[int, bool]:
    """Which of the eight ways a card can lie (turned 0–3 quarters, mirrored or not) makes
    `crop` look like `page`; asserted to be clearly the best of the eight."""
    scores = {}
    for turns, mirrored in itertools.product(range(4), (False, True)):
        transpose = UPRIGHT[turns]
        candidate = crop if transpose is None else crop.transpose(transpose)
        candidate = candidate.transpose(MIRROR) if mirrored else candidate
        scores[turns, mirrored] = difference(candidate, page)
    best, second = sorted(scores.values())[:2]
    assert best < ALIKE and second > 2 * best, scores
    return min(scores, key=lambda way: scores[way])


def difference(a: Image.Image, b: Image.Image) -> float:
    """Mean grey difference of two pictures compared in 3 mm cells."""
    cell = 3 * MM * SCALE
    size = (max(1, round(b.width / cell)), max(1, round(b.height / cell)))
    small_a = a.resize(size, Image.Resampling.BOX)
    small_b = b.resize(size, Image.Resampling.BOX)
    return float(ImageStat.Stat(ImageChops.difference(small_a, small_b)).mean[0])


def seen_from_the_front(image: Image.Image, sheet: tuple[float, float], flip: str) -> Image.Image:
    """The back side's picture as it lies under the front (the sheet turned back over)."""
    if (flip == "long") == (sheet[1] >= sheet[0]):
        return image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    return image.transpose(Image.Transpose.FLIP_TOP_BOTTOM)


ALIKE = 6.0  # mean grey levels in 3 mm cells: the same picture, give or take a pixel


@pytest.mark.parametrize("name", [*MARKED, "a6-a4-unmarked"])
def test_each_card_shows_its_front_in_its_trim_and_its_back_behind_it_upright(
    built: Callable[[str], Path],
    card_pages: Callable[[str, float], list[Image.Image]],
    name: str,
) -> None:
    """Turned over like a page (about its own vertical axis), a cut card shows its back the
    right way up: seen through the card from the front, the back is its mirror image."""
    case = CASES[name]
    path = built(name)
    front_page, back_page = card_pages(case.card, case.press.bleed_mm)
    front = sides(path, card_size(case))[0]
    front_image, back_image = render(path)
    height = front.size[1]
    under = seen_from_the_front(back_image, front.size, case.flip)
    for placed in front.placed:
        box = pixel_box(placed.trim, height)
        assert looks(front_image.crop(box), front_page) == (placed.turns, False)
        assert looks(under.crop(box), back_page) == (placed.turns, True)


# Every card its own back: distinct routines on shared sheets


DISTINCT = ["front-legs", "back-legs", "inner-outer-legs", "leg-basics"]


@pytest.fixture(scope="module")
def cards() -> list[Finished]:
    """Four different two-sided cards."""
    return [
        Finished(rid, build.made_routine(WS, rid, build.Options(format="card")).data)
        for rid in DISTINCT
    ]


def found(page: Any, words: str) -> list[list[Box]]:
    """The char boxes of each place `words` are on the page."""
    text = page.get_textpage()
    searcher = text.search(words, match_case=True)
    hits = []
    while (hit := searcher.get_next()) is not None:
        start, count = hit
        hits.append([Box(*text.get_charbox(i)) for i in range(start, start + count)])
    return hits


def own_line(card: bytes, page: Any) -> str:
    """The longest line of the card's back that is nowhere else on `page` (the back of the
    sheet): front-legs's is its title, "Front of the Legs"."""
    document = pypdfium2.PdfDocument(card)
    try:
        lines: list[str] = document[1].get_textpage().get_text_range().splitlines()
    finally:
        document.close()
    unique = [line.strip() for line in lines if len(found(page, line.strip())) == 1]
    return max(unique, key=len)


def direction(chars: list[Box]) -> tuple[int, int]:
    """Which way a run of characters reads on its page: (1, 0) left to right, (0, 1) upward…"""
    first, last = chars[0], chars[-1]
    dx = (last.x0 + last.x1 - first.x0 - first.x1) / 2
    dy = (last.y0 + last.y1 - first.y0 - first.y1) / 2
    longest = max(abs(dx), abs(dy))
    return (round(dx / longest), round(dy / longest))


@pytest.mark.parametrize("crop_marks", [False, True], ids=["4-up", "2-up-marked"])
@pytest.mark.parametrize("flip", ["long", "short"])
def test_every_cards_back_lands_behind_its_own_front_and_reads_left_to_right(
    cards: list[Finished], flip: str, crop_marks: bool
) -> None:
    """Each card once (`--all`): the back of card k lies behind card k's front, and turned
    over like a page the card's back reads left to right: seen through the card from the
    front, its lines run the opposite way to the front's."""
    press = PressOptions(nup=AUTO, sheet_paper="a4", duplex=flip, crop_marks=crop_marks)
    data, count = press_pdf(cards, press, "a4", copies=False)
    per_sheet = 2 if crop_marks else 4
    document = pypdfium2.PdfDocument(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        slots = [p.trim for page in pdf.pages[::2] for p in read_side(page, A6).placed]
    try:
        assert count == len(document) == 2 * len(DISTINCT) // per_sheet
        for k, (card, slot) in enumerate(zip(cards, slots, strict=True)):
            front, back = document[2 * (k // per_sheet)], document[2 * (k // per_sheet) + 1]
            sheet = front.get_size()
            title = load.routine(WS, card.name).routine.title
            [on_front] = found(front, title)
            assert bounds(on_front).inside(slot), f"{card.name}: its front is not in slot {k}"
            [on_back] = found(back, own_line(card.data, back))
            under = [seen_through(box, sheet, flip) for box in on_back]
            assert bounds(under).inside(slot), f"{card.name}: its back is not behind its front"
            across = direction(on_front)
            assert direction(under) == (-across[0], -across[1])
    finally:
        document.close()


# The file


def upright(path: Path, card: tuple[float, float]) -> bytes:
    """The sheets turned so that their cards stand upright: pdfium reads the lines of turned
    text out of order, so wrapped cautions would not be found whole."""
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            width, height = float(page.mediabox[2]), float(page.mediabox[3])
            turns = read_side(page, card).placed[0].turns
            matrix, size = {
                0: ((1, 0, 0, 1, 0, 0), (width, height)),
                1: ((0, -1, 1, 0, 0, width), (height, width)),
                2: ((-1, 0, 0, -1, width, height), (width, height)),
                3: ((0, 1, -1, 0, height, 0), (height, width)),
            }[turns]
            numbers = " ".join(f"{v:.4f}" for v in matrix)
            page.contents_add(pdf.make_stream(f"q {numbers} cm\n".encode()), prepend=True)
            page.contents_add(pdf.make_stream(b"\nQ\n"))
            page.MediaBox = pikepdf.Array([0, 0, *size])
            del page.TrimBox, page.BleedBox
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def every_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


@pytest.mark.parametrize("name", [*BOTH_FLIPS, "a6-a4-unmarked", "a6-single"])
def test_every_step_title_and_caution_can_be_read_from_the_sheets(
    built: Callable[[str], Path], name: str
) -> None:
    case = CASES[name]
    needles = expected_sequence(load.routine(WS, RID).routine)
    text = every_text(upright(built(name), card_size(case)))
    assert [n for n in needles if missing_in_order(text, [n])] == []


@pytest.mark.parametrize("name", [*MARKED, "a6-a4-unmarked", "a6-single"])
def test_the_pdf_is_clean(built: Callable[[str], Path], name: str) -> None:
    with pikepdf.open(built(name)) as pdf:
        assert pdf.check_pdf_syntax() == []


def test_two_builds_are_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    case = CASES["5x7-a4"]
    made = []
    for folder in (tmp_path / "one", tmp_path / "two"):
        folder.mkdir()
        made.append(build_case(folder, case).read_bytes())
    assert made[0] == made[1]
