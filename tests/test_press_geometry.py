"""The press stage's arithmetic (press/geometry.py, press/marks.py), without a PDF: boxes,
placements, grids, where a back lands, where marks and slug lines go."""

from __future__ import annotations

import itertools

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from handout.assets import fonts
from handout.press import marks
from handout.press.furniture import Label
from handout.press.geometry import (
    MM,
    Box,
    Matrix,
    behind,
    fit,
    mirrored,
    onto,
    translate,
    union,
)

A4 = (210 * MM, 297 * MM)
LETTER = (215.9 * MM, 279.4 * MM)
SRA3 = (320 * MM, 450 * MM)
A6 = (105 * MM, 148 * MM)
CARD_5X7 = (127 * MM, 178 * MM)
CARD_4X6 = (101.6 * MM, 152.4 * MM)
BLEED = 3 * MM
NEAR = 0.01  # points


def close(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return all(abs(x - y) <= NEAR for x, y in zip(a, b, strict=True))


def physical_flip(sheet: tuple[float, float], flip: str) -> Matrix:
    """A point on the front → the point behind it on the back, the sheet turned over on its
    long or short edge (worked out here, not taken from geometry.py)."""
    width, height = sheet
    long_edge_is_vertical = height >= width
    turns_about_vertical = (flip == "long") == long_edge_is_vertical
    if turns_about_vertical:
        return Matrix(-1, 0, 0, 1, width, 0)
    return Matrix(1, 0, 0, -1, 0, height)


# Boxes and matrices


def test_box_grows_moves_and_compares() -> None:
    box = Box(10, 20, 30, 60)
    assert (box.width, box.height) == (20, 40)
    assert box.grown(5) == Box(5, 15, 35, 65)
    assert box.moved(1, -2) == Box(11, 18, 31, 58)
    assert box.grown(1).contains(box) and not box.contains(box.grown(1))
    assert box.contains(box.grown(0.004))  # within 0.01 pt is the same place
    assert box.overlaps(box.moved(19, 0)) and not box.overlaps(box.moved(20, 0))
    assert union([box, Box(0, 70, 1, 80)]) == Box(0, 20, 30, 80)


def test_matrix_then_applies_the_first_then_the_second() -> None:
    first, second = Matrix(0, 1, -1, 0, 3, 4), Matrix(2, 0, 0, -1, 5, 6)
    for point in [(0, 0), (1, 0), (0, 1), (7, -3)]:
        x, y = first.apply(*point)
        assert close(first.then(second).apply(*point), second.apply(x, y))
    assert translate(2, 3).apply(1, 1) == (3, 4)
    assert Matrix(0, 1, -1, 0, 0, 0).box(10, 20) == Box(-20, 0, 0, 10)


@pytest.mark.parametrize("turns", [0, 1, 2, 3])
def test_onto_fills_the_slot_turned_counterclockwise(turns: int) -> None:
    width, height = A6
    shape = (width, height) if turns % 2 == 0 else (height, width)
    slot = Box(50, 70, 50 + shape[0], 70 + shape[1])
    matrix = onto(width, height, slot, turns)
    assert close(matrix.box(width, height), slot)
    # the page's "up" (0, 1) points up, left, down, right after 0, 1, 2, 3 quarter turns
    up = matrix.apply(0, 1)
    origin = matrix.apply(0, 0)
    direction = (round(up[0] - origin[0]), round(up[1] - origin[1]))
    assert direction == [(0, 1), (-1, 0), (0, -1), (1, 0)][turns]


# Backs behind fronts


@pytest.mark.parametrize("flip", ["long", "short"])
@pytest.mark.parametrize("sheet", [A4, (A4[1], A4[0])], ids=["portrait", "landscape"])
@pytest.mark.parametrize("turns", [0, 1])
def test_a_backs_point_lands_behind_the_front_point_across_the_cards_vertical_axis(
    flip: str, sheet: tuple[float, float], turns: int
) -> None:
    """Turned over like a page (about the card's own vertical axis), the card shows its back
    upright: back point (u, v) lies behind front point (width − u, v)."""
    width, height = A6
    shape = (width, height) if turns == 0 else (height, width)
    slot = Box(40, 60, 40 + shape[0], 60 + shape[1])
    front = onto(width, height, slot, turns)
    back = behind(front, width, sheet, flip)
    seen_through = physical_flip(sheet, flip)  # back side → front side (a flip is its own inverse)
    for u, v in itertools.product([0, 10, width], [0, 25, height]):
        on_back = back.apply(u, v)
        assert close(seen_through.apply(*on_back), front.apply(width - u, v))
    assert close(back.box(width, height), mirrored(slot, sheet, flip))


@pytest.mark.parametrize("flip", ["long", "short"])
def test_mirrored_keeps_the_size_and_is_its_own_inverse(flip: str) -> None:
    box = Box(30, 40, 130, 90)
    there = mirrored(box, A4, flip)
    assert close((there.width, there.height), (box.width, box.height))
    assert close(mirrored(there, A4, flip), box)
    if flip == "long":  # portrait A4 turns about its vertical axis: heights stay
        assert close((there.y0, there.y1, there.x1), (40, 90, A4[0] - 30))
    else:
        assert close((there.x0, there.x1, there.y1), (30, 130, A4[1] - 40))


# Grids


def centre(box: Box) -> tuple[float, float]:
    return ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)


def assert_tiles(slots: list[Box], card: tuple[float, float], turns: int) -> None:
    shape = card if turns % 2 == 0 else (card[1], card[0])
    for slot in slots:
        assert close((slot.width, slot.height), shape)
    for a, b in itertools.combinations(slots, 2):
        assert not a.overlaps(b)


def test_four_a6_fill_a4_with_no_room_to_spare() -> None:
    grid = fit(A4, A6, 0, (0, 0, 0, 0))
    assert grid is not None
    assert (len(grid.slots), grid.quarter_turns, grid.columns, grid.rows) == (4, 0, 2, 2)
    assert_tiles(grid.slots, A6, 0)
    assert close(grid.extent, Box(0, 0.5 * MM, A4[0], A4[1] - 0.5 * MM))
    # row by row from the top left
    assert grid.slots[0].y0 > grid.slots[2].y0 and grid.slots[0].x0 < grid.slots[1].x0


@pytest.mark.parametrize(
    ("sheet", "card", "count", "turns"),
    [(A4, A6, 2, 1), (LETTER, A6, 2, 1), (LETTER, CARD_4X6, 2, 1), (A4, CARD_5X7, 2, 1)],
    ids=["a6-a4", "a6-letter", "4x6-letter", "5x7-a4"],
)
def test_with_crop_marks_cards_are_turned_to_fit_two_and_centred(
    sheet: tuple[float, float], card: tuple[float, float], count: int, turns: int
) -> None:
    room = marks.reach(BLEED, True)
    grid = fit(sheet, card, 0, (room, room, room + marks.SLUG_ROOM, room))
    assert grid is not None
    assert (len(grid.slots), grid.quarter_turns) == (count, turns)
    assert_tiles(grid.slots, card, turns)
    assert close(centre(grid.extent), (sheet[0] / 2, sheet[1] / 2))


def test_a_tight_grid_moves_off_centre_to_leave_the_slug_its_room() -> None:
    """5×7 in on Letter: two turned cards fit with marks only if the slug's room is taken
    from the top's spare room; they sit 1.7 mm above the centre."""
    room = marks.reach(BLEED, True)
    grid = fit(LETTER, CARD_5X7, 0, (room, room, room + marks.SLUG_ROOM, room))
    assert grid is not None and len(grid.slots) == 2
    assert abs(grid.extent.y0 - (room + marks.SLUG_ROOM)) <= NEAR
    assert LETTER[1] - grid.extent.y1 >= room - NEAR


def test_eight_a6_go_on_sra3_with_crop_marks() -> None:
    room = marks.reach(BLEED, True)
    grid = fit(SRA3, A6, 0, (room, room, room + marks.SLUG_ROOM, room))
    assert grid is not None and (len(grid.slots), grid.quarter_turns) == (8, 1)


def test_a_gutter_lies_between_neighbours() -> None:
    grid = fit(A4, A6, 6 * MM, (0, 0, 0, 0), wanted=2)
    assert grid is not None and len(grid.slots) == 2
    a, b = grid.slots
    gaps = [b.x0 - a.x1, a.y0 - b.y1]
    assert any(abs(gap - 6 * MM) <= NEAR for gap in gaps)


def test_wanted_cards_take_the_squarest_grid_that_holds_them() -> None:
    grid = fit(A4, A6, 0, (0, 0, 0, 0), wanted=3)
    assert grid is not None
    assert (len(grid.slots), grid.columns, grid.rows) == (3, 2, 2)
    assert fit(A4, A6, 0, (0, 0, 0, 0), wanted=5) is None
    assert fit(A6, A4, 0, (0, 0, 0, 0)) is None


# Marks and slug lines


def test_reserve_is_bleed_marks_and_slug() -> None:
    assert marks.reserve(BLEED, False) == BLEED
    assert abs(marks.reserve(BLEED, True) - (3 + 2 + 5 + 4.5) * MM) <= NEAR
    assert abs(marks.reach(BLEED, True) - 10 * MM) <= NEAR


def grid_slots(columns: int, rows: int, gutter: float) -> list[Box]:
    w, h = A6
    return [
        Box(x, y, x + w, y + h)
        for c, r in itertools.product(range(columns), range(rows))
        for x, y in [(100 + c * (w + gutter), 100 + r * (h + gutter))]
    ]


@pytest.mark.parametrize(("columns", "rows", "gutter"), [(1, 1, 0), (2, 2, 0), (2, 2, 6 * MM)])
def test_crop_marks_mark_both_ends_of_every_cut_outside_every_card_and_its_bleed(
    columns: int, rows: int, gutter: float
) -> None:
    slots = grid_slots(columns, rows, gutter)
    lines = marks.crop_marks(slots, BLEED)
    for line in lines:
        mark = Box(
            min(line.x0, line.x1),
            min(line.y0, line.y1),
            max(line.x0, line.x1),
            max(line.y0, line.y1),
        )
        assert abs(max(mark.width, mark.height) - marks.MARK_LENGTH) <= NEAR
        assert not any(slot.grown(BLEED + 1 * MM).overlaps(mark.grown(0.1)) for slot in slots)
    cuts_x = sorted({round(v, 3) for s in slots for v in (s.x0, s.x1)})
    cuts_y = sorted({round(v, 3) for s in slots for v in (s.y0, s.y1)})
    cuts_per_gap = 2 if gutter else 1
    assert len(cuts_x) == 2 + cuts_per_gap * (columns - 1)
    extent = union(slots)
    for x in cuts_x:
        ends = [line for line in lines if line.x0 == line.x1 and abs(line.x0 - x) <= NEAR]
        assert sorted(line.y0 > extent.y1 for line in ends) == [False, True]
    for y in cuts_y:
        ends = [line for line in lines if line.y0 == line.y1 and abs(line.y0 - y) <= NEAR]
        assert sorted(line.x0 > extent.x1 for line in ends) == [False, True]
    assert len(lines) == 2 * (len(cuts_x) + len(cuts_y))


def slug_width(label: Label) -> float:
    fonts.register()
    return float(stringWidth(label.text, fonts.MAIN, label.size))


def test_a_slug_goes_under_the_marks_and_fits_the_sheet() -> None:
    trim = Box(30 * MM, 40 * MM, 180 * MM, 250 * MM)
    [line] = marks.slug_lines("front-legs · 2 cards · front", [trim], BLEED, True, A4)
    assert (line.text, line.x) == ("front-legs · 2 cards · front", trim.x0)
    assert line.y + marks.CAP_HEIGHT <= trim.y0 - marks.reach(BLEED, True) - 0.9 * MM
    assert line.y + marks.CAP_HEIGHT >= trim.y0 - marks.reach(BLEED, True) - 1.1 * MM


def test_a_long_slug_wraps_at_its_dots_within_the_sheet() -> None:
    trim = Box(30 * MM, 60 * MM, 180 * MM, 250 * MM)
    parts = [f"part {n} of a long slug line" for n in range(12)]
    lines = marks.slug_lines(" · ".join(parts), [trim], BLEED, True, A4)
    assert len(lines) > 1
    assert " · ".join(line.text for line in lines) == " · ".join(parts)
    for line in lines:
        assert line.x + slug_width(line) <= A4[0] - marks.SHEET_MARGIN
        assert line.y >= marks.SHEET_MARGIN
    assert [a.y - b.y for a, b in itertools.pairwise(lines)] == pytest.approx(
        [marks.LEADING] * (len(lines) - 1)
    )


def test_a_slug_with_no_room_under_the_cards_goes_over_them() -> None:
    room = marks.reach(BLEED, True)
    trim = Box(30 * MM, room, 180 * MM, A4[1] - room - marks.SLUG_ROOM)
    [line] = marks.slug_lines("back", [trim], BLEED, True, A4)
    assert line.y - marks.DESCENT >= trim.y1 + room
    assert line.y + marks.CAP_HEIGHT <= A4[1] - marks.SHEET_MARGIN


def test_a_slug_that_does_not_fit_is_cut_short_or_left_out() -> None:
    room = marks.reach(BLEED, True)
    tight = Box(30 * MM, room + marks.SLUG_ROOM, 180 * MM, A4[1] - room)
    words = " · ".join(["sheet 1 of 1", "cut order " + "x" * 300, "back"])
    [line] = marks.slug_lines(words, [tight], BLEED, True, A4)
    assert line.text.startswith("sheet 1 of 1") and line.text.endswith("…")
    assert line.x + slug_width(line) <= A4[0] - marks.SHEET_MARGIN
    full = Box(0, 0, A4[0], A4[1])
    assert marks.slug_lines(words, [full], 0, False, A4) == []


def test_cards_of_one_size_share_sheets_wherever_they_are_in_the_list() -> None:
    from handout.press.cards import Doc, Paper, nup
    from handout.press.options import AUTO, PressOptions

    a6, a5 = (105 * MM, 148 * MM), (148 * MM, 210 * MM)
    docs = [Doc("one", 0, [a6]), Doc("big", 1, [a5]), Doc("two", 2, [a6])]
    sheets = nup(docs, PressOptions(nup=AUTO), Paper("a4", A4), copies=False)
    assert [[p.source for p in sheet.placed] for sheet in sheets] == [[0, 2], [1]]
