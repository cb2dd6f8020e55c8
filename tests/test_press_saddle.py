"""Saddle-stitched booklets (press/saddle.py, press/signature.py): fold-and-staple page order, creep, the spread on
its sheet, marks, and the imposed leg-and-foot manual read back page by page."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pikepdf
import pypdfium2
import pytest
from tests.pdftools import WS, normal

from handout.commands import build
from handout.content.paper import paper_size
from handout.errors import UsageError
from handout.press.cards import Doc, Paper
from handout.press.compose import Sheet
from handout.press.geometry import MM, Box
from handout.press.options import PressOptions
from handout.press.saddle import spreads
from handout.press.signature import creep_shifts, page_order, total_creep

A5 = paper_size("a5")
A4 = paper_size("a4")


def _folded(
    order: list[tuple[tuple[int | None, int | None], tuple[int | None, int | None]]],
) -> list[int | None]:
    """The pages as they read once the sheets are nested (the first outside) and folded: the
    right halves of the fronts and the left halves of the backs going in, then the right
    halves of the backs and the left halves of the fronts coming out."""
    going_in = [page for front, back in order for page in (front[1], back[0])]
    coming_out = [page for front, back in reversed(order) for page in (back[1], front[0])]
    return going_in + coming_out


def test_page_order_of_one_and_two_sheets() -> None:
    assert page_order(4) == [((3, 0), (1, 2))]
    assert page_order(8) == [((7, 0), (1, 6)), ((5, 2), (3, 4))]


@pytest.mark.parametrize("n", [4, 8, 12, 16, 20])
def test_page_order_reads_in_order_when_folded(n: int) -> None:
    order = page_order(n)
    assert len(order) == n // 4
    assert order[0] == ((n - 1, 0), (1, n - 2))  # sheet 1: last | first, then 2 | last − 1
    assert _folded(order) == list(range(n))


@pytest.mark.parametrize("n", [1, 5, 7, 9])
def test_odd_counts_are_padded_with_blanks_at_the_end(n: int) -> None:
    order = page_order(n)
    padded = len(order) * 4
    assert padded - 4 < n <= padded
    assert _folded(order) == [*range(n), *[None] * (padded - n)]


def test_five_pages_leave_three_blanks() -> None:
    assert page_order(5) == [((None, 0), (1, None)), ((None, 2), (3, 4))]


@pytest.mark.parametrize("sheets", [2, 3, 5, 10])
def test_creep_grows_evenly_from_nothing_outside_to_the_total_inside(sheets: int) -> None:
    shifts = creep_shifts(sheets, 2.5)
    assert len(shifts) == sheets
    assert shifts[0] == 0
    assert shifts[-1] == pytest.approx(2.5)
    steps = [b - a for a, b in itertools.pairwise(shifts)]
    assert all(step == pytest.approx(2.5 / (sheets - 1)) for step in steps)


def test_one_sheet_has_no_creep() -> None:
    assert creep_shifts(1, 3.0) == [0.0]


def test_creep_from_paper_thickness_is_one_thickness_per_sheet_around_the_innermost() -> None:
    sheets = len(page_order(20))
    assert total_creep(PressOptions(impose="saddle", paper_thickness=0.1), sheets) == pytest.approx(
        0.4
    )
    assert total_creep(PressOptions(impose="saddle", creep=1.5), sheets) == 1.5
    assert total_creep(PressOptions(impose="saddle"), sheets) == 0


# ---- sheets of a booklet of A5 pages, no PDF involved ----


def _doc(n: int) -> Doc:
    return Doc("leg-and-foot", 0, [A5] * n)


def _spine(sheet: Sheet) -> float:
    return (sheet.trim.x0 + sheet.trim.x1) / 2


def _slot(sheet: Sheet, index: int) -> Box:
    return sheet.placed[index].matrix.box(*A5)


def test_a5_pages_print_on_a4_landscape_and_blanks_are_not_placed() -> None:
    sheets = spreads(_doc(5), PressOptions(impose="saddle"), None)
    assert len(sheets) == 4
    side = (A4[1] - 2 * A5[0]) / 2  # 0.5 mm: A5 is 148 mm wide, A4 297 mm high
    assert side == pytest.approx(0.5 * MM)
    for sheet in sheets:
        assert sheet.size == pytest.approx((A4[1], A4[0]), abs=0.01)
        assert sheet.trim == pytest.approx((side, 0, A4[1] - side, A4[0]), abs=0.01)
    assert [[p.page for p in s.placed] for s in sheets] == [[0], [1], [2], [3, 4]]
    assert _slot(sheets[0], 0).x0 == pytest.approx(A4[1] / 2)  # page 1 on the right, alone


@pytest.mark.parametrize(
    ("page", "sheet"), [("a4", "a3"), ("half-letter", "letter"), ("a6", "a5"), ("100x150mm", None)]
)
def test_a_spread_prints_on_the_standard_paper_it_fills(page: str, sheet: str | None) -> None:
    size = paper_size(page)
    printed = spreads(Doc("m", 0, [size] * 4), PressOptions(impose="saddle"), None)[0]
    want = paper_size(f"{sheet}-landscape") if sheet else (2 * size[0], size[1])
    assert printed.size == pytest.approx(want, abs=0.01)


def test_creep_moves_each_page_toward_the_spine_and_nothing_crosses_it() -> None:
    press = PressOptions(impose="saddle", creep=3.0, bleed=3.0)
    sheets = spreads(_doc(20), press, Paper("a3", paper_size("a3")))
    for number, sheet in enumerate(sheets):
        shift = 3.0 * MM * (number // 2) / 4
        spine = _spine(sheet)
        left, right = _slot(sheet, 0), _slot(sheet, 1)
        assert left.x1 == pytest.approx(spine + shift)
        assert right.x0 == pytest.approx(spine - shift)
        assert sheet.placed[0].clip.x1 == pytest.approx(spine)
        assert sheet.placed[1].clip.x0 == pytest.approx(spine)
        assert sheet.placed[0].clip.x0 == pytest.approx(sheet.trim.x0 - 3 * MM)


def test_long_edge_duplex_turns_every_back_half_round() -> None:
    short = spreads(_doc(8), PressOptions(impose="saddle"), None)
    long = spreads(_doc(8), PressOptions(impose="saddle", duplex="long"), None)
    width, height = short[0].size
    for front_short, front_long in zip(short[::2], long[::2], strict=True):
        assert front_short.placed == front_long.placed
    for back_short, back_long in zip(short[1::2], long[1::2], strict=True):
        for upright, turned in zip(back_short.placed, back_long.placed, strict=True):
            assert turned.page == upright.page
            assert turned.matrix[:4] == (-1, 0, 0, -1)
            box = upright.matrix.box(*A5)
            assert turned.matrix.box(*A5) == pytest.approx(
                (width - box.x1, height - box.y1, width - box.x0, height - box.y0)
            )


def test_the_spread_is_centred_on_a_larger_sheet_turned_to_lie_like_it() -> None:
    a3 = paper_size("a3")
    sheet = spreads(_doc(4), PressOptions(impose="saddle"), Paper("a3", a3))[0]
    assert sheet.size == (a3[1], a3[0])
    margin = (a3[1] - 2 * A5[0]) / 2, (a3[0] - A5[1]) / 2
    assert sheet.trim == pytest.approx((margin[0], margin[1], a3[1] - margin[0], a3[0] - margin[1]))


class Marks(NamedTuple):
    fold: list[tuple[float, float, float, float]]
    solid: list[tuple[float, float, float, float]]


def _marks(sheet: Sheet) -> Marks:
    lines = sheet.furniture.lines
    return Marks(
        [(*line[:4],) for line in lines if line.dashed],
        [(*line[:4],) for line in lines if not line.dashed],
    )


def test_fold_marks_on_every_side_and_staple_marks_only_on_the_centre_spread() -> None:
    sheets = spreads(_doc(12), PressOptions(impose="saddle"), None)
    width, height = sheets[0].size
    for number, sheet in enumerate(sheets):
        found = _marks(sheet)
        spine = width / 2
        assert sorted(found.fold) == [
            pytest.approx((spine, 0, spine, 6 * MM)),
            pytest.approx((spine, height, spine, height - 6 * MM)),
        ]
        staples = [(spine - 2 * MM, y, spine + 2 * MM, y) for y in (height / 4, height * 3 / 4)]
        centre = number == len(sheets) - 1
        assert found.solid == ([pytest.approx(tick) for tick in staples] if centre else [])
        assert sheet.furniture.labels == []  # no room for a slug line


def test_crop_marks_grow_the_sheet_and_fold_marks_move_outside_the_bleed() -> None:
    sheets = spreads(_doc(8), PressOptions(impose="saddle", crop_marks=True), None)
    sheet = sheets[1]
    trim = sheet.trim
    assert trim.width == pytest.approx(2 * A5[0])
    assert sheet.bleed == pytest.approx(trim.grown(3 * MM))
    assert Box(0, 0, *sheet.size).contains(sheet.bleed.grown(7 * MM))
    found = _marks(sheet)
    for x0, y0, x1, y1 in found.fold:
        assert x0 == x1 == pytest.approx(_spine(sheet))
        assert min(y0, y1) >= trim.y1 + 5 * MM - 0.01 or max(y0, y1) <= trim.y0 - 5 * MM + 0.01
    crops = {round(x, 2) for line in found.solid for x in (line[0], line[2])}
    assert round(_spine(sheet), 2) not in crops  # no cut mark on the fold
    assert [label.text for label in sheet.furniture.labels] == [
        "leg-and-foot · sheet 1 of 2 · back: print two-sided, flip on the short edge"
    ]
    assert [label.text for label in sheets[2].furniture.labels] == [
        "leg-and-foot · sheet 2 of 2 · front · fold, nest in sheet order, staple on the spine"
    ]


def test_a_spread_larger_than_the_sheet_paper_is_refused() -> None:
    with pytest.raises(UsageError) as caught:
        spreads(_doc(8), PressOptions(impose="saddle"), Paper("a5", A5))
    assert str(caught.value) == (
        "a 296×210 mm spread does not fit on A5"
        " — use a larger --sheet-paper or leave it out (the spread's own size)"
    )
    with pytest.raises(UsageError) as caught:
        spreads(_doc(8), PressOptions(impose="saddle", crop_marks=True), Paper("a4", A4))
    assert str(caught.value) == (
        "a 296×210 mm spread with crop marks does not fit on A4"
        " — use a larger --sheet-paper or leave it out (the spread's own size)"
    )


def test_impose_on_a_card_is_refused() -> None:
    options = build.Options(format="card", press=PressOptions(impose="saddle"))
    with pytest.raises(UsageError) as caught:
        build.build_routine(WS, "feet", options)
    assert str(caught.value) == (
        "--impose saddle folds a booklet into spreads — use it with --manual ID or --format booklet"
    )


# ---- the leg-and-foot manual imposed ----

CREEP_MM = 2.0


class Built(NamedTuple):
    reading: Path
    saddle: Path
    again: Path
    creep: Path
    long: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    folder = tmp_path_factory.mktemp("saddle")
    runs = {
        "reading": PressOptions(),
        "saddle": PressOptions(impose="saddle"),
        "again": PressOptions(impose="saddle"),
        "creep": PressOptions(impose="saddle", creep=CREEP_MM),
        "long": PressOptions(impose="saddle", duplex="long"),
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        for name, press in runs.items():
            options = build.Options(out=folder / f"{name}.pdf", press=press)
            build.build_manual(WS, "leg-and-foot", options)
    yield Built(*(folder / f"{name}.pdf" for name in runs))


def _squashed(text: str) -> str:
    """Text without its spaces: pdfium spaces text read by rectangle a little differently."""
    return normal(text).replace(" ", "")


def _texts(path: Path) -> list[str]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return [_squashed(page.get_textpage().get_text_range()) for page in document]
    finally:
        document.close()


def _halves(path: Path) -> list[tuple[str, str]]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        found = []
        for page in document:
            width, height = page.get_size()
            textpage = page.get_textpage()
            halves = ((0, width / 2), (width / 2, width))
            found.append(
                tuple(_squashed(textpage.get_text_bounded(x0, 0, x1, height)) for x0, x1 in halves)
            )
        return found  # type: ignore[return-value]
    finally:
        document.close()


def test_sheets_are_a4_landscape_half_as_many_as_pages(built: Built) -> None:
    with pikepdf.open(built.reading) as pdf:
        pages = len(pdf.pages)
    with pikepdf.open(built.saddle) as pdf:
        assert len(pdf.pages) == pages / 2
        for page in pdf.pages:
            assert [float(v) for v in page.mediabox] == pytest.approx(
                [0, 0, A4[1], A4[0]], abs=0.01
            )
            side = (A4[1] - 2 * A5[0]) / 2
            trim = [side, 0, A4[1] - side, A4[0]]
            assert [float(v) for v in page.TrimBox] == pytest.approx(trim, abs=0.01)
        assert pdf.check_pdf_syntax() == []


def test_each_half_of_each_side_shows_the_page_the_fold_puts_there(built: Built) -> None:
    reading = _texts(built.reading)
    order = page_order(len(reading))
    expected = [(reading[left], reading[right]) for sheet in order for left, right in sheet]
    assert _halves(built.saddle) == expected


def test_two_builds_are_the_same_bytes(built: Built) -> None:
    assert built.saddle.read_bytes() == built.again.read_bytes()


def _left_edges(path: Path) -> list[tuple[float, float]]:
    """Each side's leftmost character on its left half and on its right half."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        edges = []
        for page in document:
            spine = page.get_size()[0] / 2
            textpage = page.get_textpage()
            xs = [textpage.get_charbox(i)[0] for i in range(textpage.count_chars())]
            xs = [x for x in xs if x > 0]
            edges.append((min(x for x in xs if x < spine), min(x for x in xs if x >= spine)))
        return edges
    finally:
        document.close()


def test_creep_moves_inner_sheets_toward_the_spine(built: Built) -> None:
    plain, crept = _left_edges(built.saddle), _left_edges(built.creep)
    sheets = len(plain) // 2
    for side, (before, after) in enumerate(zip(plain, crept, strict=True)):
        shift = CREEP_MM * MM * (side // 2) / (sheets - 1)
        assert after[0] - before[0] == pytest.approx(shift, abs=0.5)  # left page: right
        assert after[1] - before[1] == pytest.approx(-shift, abs=0.5)  # right page: left
    assert crept[-1][0] - plain[-1][0] == pytest.approx(CREEP_MM * MM, abs=0.5)


def _pixels(path: Path, index: int) -> list[int]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        image = document[index].render(scale=0.5, grayscale=True).to_pil()
        return list(image.get_flattened_data())
    finally:
        document.close()


def test_long_edge_backs_are_the_short_edge_backs_turned_half_round(built: Built) -> None:
    for index in (0, 1, 19):  # a front (the same), a back and the centre spread (turned)
        short, long = _pixels(built.saddle, index), _pixels(built.long, index)
        if index % 2 == 1:
            long = long[::-1]
        differ = sum(abs(a - b) for a, b in zip(short, long, strict=True)) / len(short)
        assert differ < 2, index
        assert sum(abs(a - b) for a, b in zip(short, short[::-1], strict=True)) / len(short) > 5
