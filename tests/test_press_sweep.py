"""A sweep of the press stage against its contract (issue #14) over every card paper, sheet
paper and option: n-up sheets, single marked pages and saddle spreads.

Each card and booklet is built once; the sheets are worked out by calling the press stage
directly on their page sizes (press/cards.py, press/saddle.py) and checked against what a sheet
must be, worked out here from the papers and from how paper turns over. A sample of them is
composed into PDFs (press_pdf) and read back with pikepdf: page boxes and a clean file.
Refusals must be one-line UsageErrors; nothing else may be raised."""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

import pikepdf
import pytest
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from tests.pdftools import WS
from tests.pressboxes import NEAR, Box, seen_through

from handout.assets import fonts
from handout.commands import build
from handout.content.paper import paper_size
from handout.errors import UsageError
from handout.press import Finished, press_pdf
from handout.press.cards import Doc, Paper, marked
from handout.press.cards import nup as nup_sheets
from handout.press.compose import Sheet, open_source
from handout.press.furniture import Label, Line
from handout.press.options import AUTO, PressOptions, validate
from handout.press.saddle import spreads

MM = 72 / 25.4
ROUTINES = ("feet", "front-legs")  # one short card (one-sided on some papers), one two-sided
CARD_PAPERS = ("a6", "a5", "a4", "4x6in", "5x7in", "100x150mm", "a6-landscape")
SHEET_PAPERS = (
    "a4", "letter", "a3", "sra3", "sra4", "legal", "tabloid", "a4-landscape", "letter-landscape",
)  # fmt: skip
BLEEDS = (0.0, 3.0, 10.0)
FLIPS = ("long", "short")
MARK_ROOM = 7 * MM  # README: marks stand 2 mm past the bleed, 5 mm long
SLUG_ROOM = 4.5 * MM  # the slug line's room on a single marked page (press/marks.py)


def sheet_box(size: tuple[float, float]) -> Box:
    return Box(0, 0, *size)


def placed_trim(matrix: tuple[float, ...], size: tuple[float, float]) -> Box:
    """Where a page of `size` lands through a PDF matrix."""
    a, b, c, d, e, f = matrix
    xs, ys = [], []
    for x, y in itertools.product((0, size[0]), (0, size[1])):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return Box(min(xs), min(ys), max(xs), max(ys))


def line_box(line: Line) -> Box:
    return Box(
        min(line.x0, line.x1), min(line.y0, line.y1), max(line.x0, line.x1), max(line.y0, line.y1)
    )


def label_box(label: Label) -> Box:
    """The ink of a slug line, estimated from the face's metrics (start-anchored, unturned)."""
    assert (label.anchor, label.angle) == ("start", 0.0)
    fonts.register()
    width = stringWidth(label.text, fonts.MAIN, label.size)
    ascent, descent = getAscentDescent(fonts.MAIN, label.size)
    return Box(label.x, label.y + descent, label.x + width, label.y + ascent)


def page_box(page: pikepdf.Page, key: str) -> Box:
    """A page box of a PDF page read back (/MediaBox, /TrimBox, /BleedBox)."""
    return Box(*(float(v) for v in page.obj[key]))


# Building each card and booklet once


@pytest.fixture(scope="module")
def made() -> Callable[[str, str, str], bytes]:
    """A routine (or the manual) built once in a format on a paper: its finished PDF."""
    cache: dict[tuple[str, str, str], bytes] = {}

    def get(ref: str, fmt: str, paper: str) -> bytes:
        if (ref, fmt, paper) not in cache:
            if ref == "leg-and-foot":
                done = build.made_manual(WS, ref, build.Options())
            else:
                done = build.made_routine(WS, ref, build.Options(format=fmt, paper=paper))
            cache[ref, fmt, paper] = done.data
        return cache[ref, fmt, paper]

    return get


@pytest.fixture(scope="module")
def card_docs(made: Callable[[str, str, str], bytes]) -> Callable[[str], list[Doc]]:
    """Both routines' cards on a card paper, as the press sees them (sources 0 and 1)."""

    def get(paper: str) -> list[Doc]:
        return [
            Doc(rid, i, open_source(made(rid, "card", paper)).sizes)
            for i, rid in enumerate(ROUTINES)
        ]

    return get


# n-up cards: every option on every pair of papers


class Ask(NamedTuple):
    nup: int
    crop_marks: bool
    bleed: float
    gutter: float
    flip: str

    @property
    def press(self) -> PressOptions:
        return PressOptions(
            nup=self.nup,
            crop_marks=self.crop_marks,
            bleed=self.bleed,
            gutter=self.gutter,
            duplex=self.flip,
        )


def asks(most: int, crop: bool, bleed: float) -> Iterator[Ask]:
    """--nup auto, counts that fit and one more than fit, with and without a gutter (one that
    holds both cards' bleed), for each flip."""
    counts = [AUTO, most + 1] + ([max(1, most - 1), most] if most else [])
    gutters = sorted({0.0, max(2 * bleed, 4.0)})
    for count, gutter, flip in itertools.product(counts, gutters, FLIPS):
        yield Ask(count, crop, bleed, gutter, flip)


def pressed(docs: list[Doc], ask: Ask, paper: Paper, copies: bool) -> list[Sheet] | str:
    """The sheets, or the one-line message of a UsageError (anything else fails the test)."""
    try:
        validate(ask.press, "card")
        return nup_sheets(docs, ask.press, paper, copies)
    except UsageError as exc:
        message = str(exc)
        assert "\n" not in message and " — " in message, message
        return message


def most_that_fit(docs: list[Doc], paper: Paper, crop: bool, bleed: float, gutter: float) -> int:
    ask = Ask(AUTO, crop, bleed, gutter, "long")
    sheets = pressed(docs, ask, paper, copies=True)
    return 0 if isinstance(sheets, str) else len(sheets[0].placed)


def hint_problems(message: str, docs: list[Doc], ask: Ask, paper: Paper) -> list[str]:
    """A refusal that says how many cards fit without crop marks says it only when that is
    more than fit with them, and says it right."""
    hint = re.search(r"leave out --crop-marks \((\d+) cards? fits?\)", message)
    if hint is None:
        return []
    with_marks = most_that_fit(docs[:1], paper, True, ask.bleed, ask.gutter)
    without = most_that_fit(docs[:1], paper, False, ask.bleed, ask.gutter)
    if not ask.crop_marks or int(hint[1]) != without or without <= with_marks:
        return [f"hint {hint[0]!r}: {with_marks} fit with crop marks, {without} without"]
    return []


def sheet_problems(sheets: list[Sheet], docs: list[Doc], ask: Ask, paper: Paper) -> list[str]:
    """What is wrong with the sheets of one n-up print."""
    problems = []
    bleed = ask.bleed * MM
    fronts = [s for s in sheets if all(p.page == 0 for p in s.placed)]
    for number, sheet in enumerate(sheets):
        where = f"side {number + 1}"
        media = sheet_box(sheet.size)
        if not media.near(sheet_box(paper.size)):
            problems.append(f"{where}: sheet {sheet.size} is not {paper.name} {paper.size}")
        if not Box(*sheet.trim).inside(media) or not Box(*sheet.bleed).inside(media):
            problems.append(f"{where}: trim or bleed box off the sheet")
        if not Box(*sheet.trim).inside(Box(*sheet.bleed)):
            problems.append(f"{where}: trim box not inside the bleed box")
        problems += side_problems(sheet, docs, bleed, where)
    if len(fronts) * 2 < len(sheets):
        problems.append("more backs than fronts")
    return problems


def side_problems(sheet: Sheet, docs: list[Doc], bleed: float, where: str) -> list[str]:
    media = sheet_box(sheet.size)
    trims = [placed_trim(p.matrix, docs[p.source].sizes[p.page]) for p in sheet.placed]
    clips = [Box(*p.clip) for p in sheet.placed]
    problems = []
    for k, (trim, clip) in enumerate(zip(trims, clips, strict=True)):
        if not trim.inside(media) or not clip.inside(media):
            problems.append(f"{where}: card {k + 1} {trim} or its clip off the sheet")
        if not trim.inside(clip) or not clip.inside(trim.grown(bleed)):
            problems.append(f"{where}: card {k + 1} clip {clip} is not its trim {trim} and bleed")
        if not trim.inside(Box(*sheet.trim)) or not clip.inside(Box(*sheet.bleed)):
            problems.append(f"{where}: card {k + 1} outside the page's trim or bleed box")
    for (i, clip), (j, trim) in itertools.product(enumerate(clips), enumerate(trims)):
        if i != j and clip.meets(trim):
            problems.append(f"{where}: card {i + 1}'s trim or bleed crosses card {j + 1}'s trim")
    keep_clear = [trim.grown(bleed) for trim in trims]
    for line in sheet.furniture.lines:
        box = line_box(line)
        if not box.inside(media) or any(_crosses(box, c) for c in keep_clear):
            problems.append(f"{where}: crop mark {line} over a card or off the sheet")
    marks = [line_box(line) for line in sheet.furniture.lines]
    for label in sheet.furniture.labels:
        box = label_box(label)
        over = any(box.meets(c) for c in keep_clear) or any(_crosses(m, box) for m in marks)
        if not box.inside(media) or over:
            problems.append(
                f"{where}: slug line {label.text!r} {box} off the sheet or over a card or mark"
            )
    return problems


def _crosses(line: Box, box: Box) -> bool:
    """A line (a box of no width or height) runs through the inside of `box`."""
    return (
        line.x0 < box.x1 - NEAR
        and line.x1 > box.x0 + NEAR
        and line.y0 < box.y1 - NEAR
        and line.y1 > box.y0 + NEAR
    )


def back_problems(sheets: list[Sheet], docs: list[Doc], flip: str) -> list[str]:
    """Each back lands behind its own front, read upright when the cut card turns like a page:
    the back's point (u, v) is behind the front's point (width − u, v)."""
    problems = []
    for front, back in itertools.pairwise(sheets):
        if any(p.page != 0 for p in front.placed) or any(p.page != 1 for p in back.placed):
            continue
        behind = [f for f in front.placed if len(docs[f.source].sizes) > 1]
        if [f.source for f in behind] != [b.source for b in back.placed]:
            problems.append(f"backs {[b.source for b in back.placed]} are not the fronts' {behind}")
            continue
        for k, (f, b) in enumerate(zip(behind, back.placed, strict=True)):
            width, height = docs[f.source].sizes[0]
            for u, v in ((0, 0), (width, 0), (0, height), (width / 3, height / 5)):
                on_front = _apply(f.matrix, width - u, v)
                want = seen_through(Box(*on_front, *on_front), front.size, flip)[:2]
                got = _apply(b.matrix, u, v)
                if not Box(*got, *got).near((*want, *want)):
                    problems.append(
                        f"back {k + 1}: ({u}, {v}) at {got}, not behind the front at {want}"
                    )
            if not Box(*b.clip).near(seen_through(Box(*f.clip), front.size, flip)):
                problems.append(f"back {k + 1}: its clip is not behind its front's")
        if not Box(*back.trim).near(seen_through(Box(*front.trim), front.size, flip)):
            problems.append("the back's trim box is not behind the front's")
    return problems


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def count_problems(sheets: list[Sheet], docs: list[Doc], ask: Ask, copies: bool) -> list[str]:
    fronts = [[p.source for p in s.placed] for s in sheets if all(p.page == 0 for p in s.placed)]
    if copies:
        want = ask.nup or None
        if want is not None and [len(f) for f in fronts] != [want]:
            return [f"--nup {want} gave {[len(f) for f in fronts]} cards"]
        return []
    placed = sorted(itertools.chain.from_iterable(fronts))
    if placed != [d.source for d in docs]:
        return [f"each card once: placed {placed}"]
    return []


@pytest.mark.parametrize("card", CARD_PAPERS)
@pytest.mark.parametrize("sheet", SHEET_PAPERS)
def test_every_nup_option_gives_sound_sheets_or_a_one_line_refusal(
    card_docs: Callable[[str], list[Doc]], card: str, sheet: str
) -> None:
    docs = card_docs(card)
    paper = Paper(sheet, paper_size(sheet))
    problems = []
    for crop, bleed in itertools.product((False, True), BLEEDS):
        most = most_that_fit(docs[:1], paper, crop, bleed, 0.0)
        for ask in asks(most, crop, bleed):
            # copies of either card, and both cards once each (--all)
            for copies, chosen in ((True, docs[:1]), (True, docs[1:]), (False, docs)):
                label = f"{card} on {sheet} {ask} copies={copies} {[d.name for d in chosen]}"
                found = print_problems(docs, chosen, ask, paper, copies, most)
                problems += [f"{label}: {p}" for p in found]
    assert problems[:10] == []


def print_problems(
    docs: list[Doc], chosen: list[Doc], ask: Ask, paper: Paper, copies: bool, most: int
) -> list[str]:
    """What is wrong with one n-up print of `chosen`, or with its refusal: `most` cards fit
    with the ask's marks and bleed and no gutter."""
    sheets = pressed(chosen, ask, paper, copies)
    if isinstance(sheets, str):
        if most and (ask.nup == AUTO or (ask.nup <= most and ask.gutter == 0)):
            return [f"refused: {sheets}"]
        return hint_problems(sheets, chosen, ask, paper)
    problems = []
    if ask.nup == most + 1 and ask.gutter == 0 and copies:
        problems.append(f"{most + 1} cards accepted, auto gives {most}")
    problems += sheet_problems(sheets, docs, ask, paper)
    problems += back_problems(sheets, docs, ask.flip)
    return problems + count_problems(sheets, chosen, ask, copies)


# n-up sheets composed: the PDF's page boxes, and a clean file


def first_that_prints(docs: list[Doc], paper: Paper) -> Ask | None:
    """Crop marks and bleed when they fit on the paper, else bare cards; None: not even those."""
    for ask in (Ask(AUTO, True, 3.0, 0.0, "long"), Ask(AUTO, False, 0.0, 0.0, "short")):
        if not isinstance(pressed(docs, ask, paper, copies=False), str):
            return ask
    return None


@pytest.mark.parametrize("card", CARD_PAPERS)
def test_composed_nup_pages_are_the_sheet_paper_with_their_boxes_on_it(
    made: Callable[[str, str, str], bytes], card_docs: Callable[[str], list[Doc]], card: str
) -> None:
    finished = [Finished(rid, made(rid, "card", card)) for rid in ROUTINES]
    for sheet in SHEET_PAPERS:
        paper = Paper(sheet, paper_size(sheet))
        ask = first_that_prints(card_docs(card), paper)
        if ask is None:
            continue
        data, count = press_pdf(
            finished, ask.press._replace(sheet_paper=sheet), sheet, copies=False
        )
        with pikepdf.Pdf.open(io.BytesIO(data)) as pdf:
            assert len(pdf.pages) == count
            for page in pdf.pages:
                media = page_box(page, "/MediaBox")
                assert media.near(sheet_box(paper.size)), (card, sheet)
                trim, bleed = page_box(page, "/TrimBox"), page_box(page, "/BleedBox")
                assert trim.inside(bleed) and bleed.inside(media), (card, sheet)
            if sheet == "a4":
                assert pdf.check_pdf_syntax() == []


def test_a_duplex_offset_keeps_the_backs_boxes_on_the_sheet(
    made: Callable[[str, str, str], bytes],
) -> None:
    """Four A6 cards fill A4 edge to edge: a back moved by the printer's offset may not take
    its TrimBox and BleedBox off the sheet (preflight requires them inside the MediaBox)."""
    press = PressOptions(nup=AUTO, sheet_paper="a4", offset=(1.5, -1.0))
    data, _ = press_pdf([Finished("f", made("front-legs", "card", "a6"))], press, "a4", copies=True)
    with pikepdf.Pdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for key in ("/TrimBox", "/BleedBox"):
                assert page_box(page, key).inside(page_box(page, "/MediaBox")), key


# Each page on a sheet of its own


def single_pages(made: Callable[[str, str, str], bytes]) -> Iterator[tuple[str, bytes]]:
    for card in CARD_PAPERS:
        yield f"front-legs card on {card}", made("front-legs", "card", card)
    yield "an A4 sheet", made("front-legs", "sheet", "a4")
    yield "an A5 booklet", made("feet", "booklet", "a5")


@pytest.mark.parametrize(("crop", "bleed"), list(itertools.product((False, True), BLEEDS)))
def test_a_page_on_its_own_sheet_is_the_page_grown_by_its_bleed_marks_and_slug(
    made: Callable[[str, str, str], bytes], crop: bool, bleed: float
) -> None:
    press = PressOptions(crop_marks=crop, bleed=bleed)
    reserve = bleed * MM + (MARK_ROOM + SLUG_ROOM if crop else 0.0)
    for what, data in single_pages(made):
        doc = Doc("doc", 0, open_source(data).sizes)
        sheets = marked(doc, press)
        for number, sheet in enumerate(sheets):
            assert side_problems(sheet, [doc], bleed * MM, f"{what} page {number + 1}") == []
        pressed_data, count = press_pdf([Finished("doc", data)], press, None, copies=False)
        assert count == len(doc.sizes)
        with pikepdf.Pdf.open(io.BytesIO(pressed_data)) as pdf:
            for page, (width, height) in zip(pdf.pages, doc.sizes, strict=True):
                trim = Box(reserve, reserve, reserve + width, reserve + height)
                assert page_box(page, "/MediaBox").near(trim.grown(reserve)), what
                assert page_box(page, "/TrimBox").near(trim), what
                assert page_box(page, "/BleedBox").near(trim.grown(bleed * MM)), what


# Saddle-stitched spreads


BOOKLET_PAPERS = ("a5", "a4", "half-letter", "5x7in")
SPREAD_PAPERS = (None, "a3", "sra3", "tabloid", "a5")  # a5: too small for every spread
CREEPS = (0.0, 1.0, 10.0)


def booklets(made: Callable[[str, str, str], bytes]) -> Iterator[tuple[str, Doc]]:
    """The feet routine as a booklet on each paper, the same less its last one to three pages
    (padded with blanks), and the leg-and-foot manual."""
    for paper in BOOKLET_PAPERS:
        sizes = open_source(made("feet", "booklet", paper)).sizes
        for short in range(4):
            yield f"feet on {paper} less {short}", Doc("feet", 0, sizes[: len(sizes) - short])
    yield (
        "leg-and-foot",
        Doc("leg-and-foot", 0, open_source(made("leg-and-foot", "booklet", "a5")).sizes),
    )


def spread_fits(page: tuple[float, float], paper: str, press: PressOptions) -> bool:
    """The spread (two pages side by side), its bleed and, with crop marks, the marks' and
    slug line's room fit on the paper turned to lie like it."""
    room = press.bleed_mm * MM + (MARK_ROOM + SLUG_ROOM if press.crop_marks else 0.0)
    need = sorted((2 * page[0] + 2 * room, page[1] + 2 * room))
    have = sorted(paper_size(paper))
    return need[0] <= have[0] + NEAR and need[1] <= have[1] + NEAR


def reading_order(n: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Each sheet's front and back as read (left, right), pages from 0, blanks past n − 1."""
    padded = -(-n // 4) * 4
    return [
        ((padded - 1 - 2 * k, 2 * k), (2 * k + 1, padded - 2 - 2 * k)) for k in range(padded // 4)
    ]


class Spread(NamedTuple):
    """Where a side's two pages should be: the trim of the spread centred on the sheet, and
    the bleed."""

    trim: Box
    bleed: float

    @property
    def spine(self) -> float:
        return (self.trim.x0 + self.trim.x1) / 2

    def half(self, side: str) -> Box:
        """The page's half of the spread with its bleed on its three outer edges."""
        grown = self.trim.grown(self.bleed)
        if side == "left":
            return Box(grown.x0, grown.y0, self.spine, grown.y1)
        return Box(self.spine, grown.y0, grown.x1, grown.y1)


def saddle_problems(
    sheets: list[Sheet], doc: Doc, press: PressOptions, paper: str | None
) -> list[str]:
    """What is wrong with a booklet's spreads: the sides, each page on its half, the marks."""
    n = len(doc.sizes)
    order = reading_order(n)
    if len(sheets) != 2 * len(order):
        return [f"{len(sheets)} sides for {n} pages"]
    creep = (press.creep or 0.0) * MM
    problems = []
    for number, sheet in enumerate(sheets):
        turned = number % 2 == 1 and press.duplex == "long"
        left, right = order[number // 2][number % 2]
        want = {left: "right", right: "left"} if turned else {left: "left", right: "right"}
        shift = creep * (number // 2) / max(len(order) - 1, 1)
        found = spread_problems(sheet, doc, press, paper)
        on_it = {page: side for page, side in want.items() if page < n}
        found += page_problems(sheet, doc, press, on_it, (shift, turned))
        problems += [f"side {number + 1}: {p}" for p in found]
    placed = sorted(p.page for sheet in sheets for p in sheet.placed)
    if placed != list(range(n)):
        problems.append(f"pages placed {placed}, not each of {n} once")
    first = {p.page for p in sheets[0].placed}
    if 0 not in first or (n % 4 == 0 and n - 1 not in first):
        problems.append(f"sheet 1's front holds pages {first}")
    return problems


def spread_of(sheet: Sheet, doc: Doc, press: PressOptions) -> Spread:
    width, height = doc.sizes[0]
    x0, y0 = (sheet.size[0] - 2 * width) / 2, (sheet.size[1] - height) / 2
    return Spread(Box(x0, y0, x0 + 2 * width, y0 + height), press.bleed_mm * MM)


def spread_problems(sheet: Sheet, doc: Doc, press: PressOptions, paper: str | None) -> list[str]:
    """The sheet, its boxes, and its marks and slug line clear of the pages."""
    problems = []
    media = sheet_box(sheet.size)
    if paper is not None:
        long, short = sorted(paper_size(paper), reverse=True)
        if not media.near((0, 0, long, short)):
            problems.append(f"sheet {sheet.size} is not {paper} landscape")
    spread = spread_of(sheet, doc, press)
    pages = spread.trim.grown(spread.bleed)
    if not Box(*sheet.trim).near(spread.trim) or not Box(*sheet.bleed).near(pages):
        problems.append(f"trim {sheet.trim}, bleed {sheet.bleed}: not the centred spread {pages}")
    if not pages.inside(media):
        problems.append(f"the spread and its bleed {pages} are not all on the sheet")
    for line in sheet.furniture.lines:
        box = line_box(line)
        staple = abs((box.x0 + box.x1) / 2 - spread.spine) <= NEAR and box.y0 == box.y1
        if not box.inside(media):
            problems.append(f"mark {line} off the sheet")
        elif not line.dashed and not staple and _crosses(box, pages):
            problems.append(f"crop mark {line} over the pages")
    for label in sheet.furniture.labels:
        box = label_box(label)
        over = box.meets(pages) or any(_crosses(line_box(m), box) for m in sheet.furniture.lines)
        if not box.inside(media) or over:
            problems.append(f"slug line {label.text!r} off the sheet or over the pages or a mark")
    return problems


def page_problems(
    sheet: Sheet,
    doc: Doc,
    press: PressOptions,
    want: dict[int, str],
    how: tuple[float, bool],
) -> list[str]:
    """Each page on the half `want` says, moved `shift` toward the spine, clipped to its half,
    and `turned` half round or not (backs with --duplex long)."""
    shift, turned = how
    problems = []
    spread = spread_of(sheet, doc, press)
    for p in sheet.placed:
        side = want.get(p.page)
        if side is None:
            problems.append(f"page {p.page + 1} should not be on this side")
            continue
        clip, trim = Box(*p.clip), placed_trim(p.matrix, doc.sizes[p.page])
        if not clip.inside(spread.half(side)) or not clip.inside(sheet_box(sheet.size)):
            problems.append(f"page {p.page + 1}'s clip {clip} leaves its {side} half")
        toward = spread.spine + shift if side == "left" else spread.spine - shift
        edge = trim.x1 if side == "left" else trim.x0
        if abs(edge - toward) > NEAR or abs(trim.y0 - spread.trim.y0) > NEAR:
            problems.append(f"page {p.page + 1} at {trim}, its spine edge not at {toward}")
        if (p.matrix[0] < 0) != turned:
            problems.append(f"page {p.page + 1} is {'not ' if turned else ''}turned half round")
    return problems


@pytest.mark.parametrize("paper", SPREAD_PAPERS)
def test_every_saddle_option_gives_sound_spreads_or_a_one_line_refusal(
    made: Callable[[str, str, str], bytes], paper: str | None
) -> None:
    problems = []
    sheet = Paper(paper, paper_size(paper)) if paper else None
    for what, doc in booklets(made):
        for crop, bleed, creep, flip in itertools.product(
            (False, True), (None, 10.0), CREEPS, FLIPS
        ):
            press = PressOptions(
                impose="saddle",
                sheet_paper=paper,
                crop_marks=crop,
                bleed=bleed,
                creep=creep,
                duplex=flip,
            )
            label = f"{what} on {paper} {press}"
            try:
                validate(press, "booklet")
                sheets = spreads(doc, press, sheet)
            except UsageError as exc:
                message = str(exc)
                if "\n" in message or " — " not in message:
                    problems.append(f"{label}: message {message!r}")
                if paper is None or spread_fits(doc.sizes[0], paper, press):
                    problems.append(f"{label}: refused: {message}")
                continue
            if paper is not None and not spread_fits(doc.sizes[0], paper, press):
                problems.append(f"{label}: accepted a spread too large for the paper")
            problems += [f"{label}: {p}" for p in saddle_problems(sheets, doc, press, paper)]
    assert problems[:10] == []


@pytest.mark.parametrize("page", BOOKLET_PAPERS)
def test_composed_spreads_are_their_sheets_with_their_boxes_on_them(
    made: Callable[[str, str, str], bytes], page: str
) -> None:
    data = made("feet", "booklet", page)
    for paper, crop in ((None, True), (None, False), ("sra3", page != "a4")):
        press = PressOptions(impose="saddle", sheet_paper=paper, crop_marks=crop, creep=1.0)
        sheets = spreads(
            Doc("feet", 0, open_source(data).sizes),
            press,
            Paper(paper, paper_size(paper)) if paper else None,
        )
        pdf_data, count = press_pdf([Finished("feet", data)], press, paper, copies=False)
        assert count == len(sheets)
        with pikepdf.Pdf.open(io.BytesIO(pdf_data)) as pdf:
            for pdf_page, sheet in zip(pdf.pages, sheets, strict=True):
                media = page_box(pdf_page, "/MediaBox")
                assert media.near(sheet_box(sheet.size))
                trim, bleed = page_box(pdf_page, "/TrimBox"), page_box(pdf_page, "/BleedBox")
                assert trim.near(sheet.trim) and trim.inside(bleed) and bleed.inside(media)
            assert pdf.check_pdf_syntax() == []


# Refusals


@pytest.mark.parametrize(
    ("card", "sheet", "nup", "message"),
    [
        (  # leaving out the marks fits no more: no hint to do it
            "a6",
            "letter",
            3,
            "--nup 3: only 2 cards of 105 × 148 mm fit on Letter with crop marks (they take"
            " 10 mm around the cards) — use --nup 2 or auto, or a larger --sheet-paper",
        ),
        (
            "a6",
            "tabloid",
            5,
            "--nup 5: only 4 cards of 105 × 148 mm fit on Tabloid with crop marks (they take"
            " 10 mm around the cards) — use --nup 4 or auto, or a larger --sheet-paper",
        ),
        (  # it fits more: the hint stays
            "a6",
            "sra3",
            9,
            "--nup 9: only 8 cards of 105 × 148 mm fit on SRA3 with crop marks (they take"
            " 10 mm around the cards) — use --nup 8 or auto, leave out --crop-marks"
            " (9 cards fit), or a larger --sheet-paper",
        ),
    ],
)
def test_a_refusal_suggests_leaving_out_crop_marks_only_when_that_fits_more(
    card_docs: Callable[[str], list[Doc]], card: str, sheet: str, nup: int, message: str
) -> None:
    press = PressOptions(nup=nup, crop_marks=True)
    with pytest.raises(UsageError) as caught:
        nup_sheets(card_docs(card)[:1], press, Paper(sheet, paper_size(sheet)), copies=True)
    assert str(caught.value) == message


def test_a_spread_with_bleed_gets_a_sheet_that_holds_its_bleed() -> None:
    """--bleed without crop marks: the spread's own sheet grows by the bleed (as a single
    page's does), and a --sheet-paper too small for the bleed is refused, saying so."""
    a5 = paper_size("a5")
    doc = Doc("m", 0, [a5] * 8)
    press = PressOptions(impose="saddle", bleed=3.0)
    for sheet in spreads(doc, press, None):
        trim = Box(3 * MM, 3 * MM, 3 * MM + 2 * a5[0], 3 * MM + a5[1])
        assert sheet_box(sheet.size).near(trim.grown(3 * MM))
        assert Box(*sheet.trim).near(trim) and Box(*sheet.bleed).near(trim.grown(3 * MM))
    with pytest.raises(UsageError) as caught:
        spreads(doc, press._replace(sheet_paper="a4"), Paper("a4", paper_size("a4")))
    assert str(caught.value) == (
        "a 296×210 mm spread with 3 mm bleed does not fit on A4"
        " — use a larger --sheet-paper or leave it out (the spread's own size)"
    )
