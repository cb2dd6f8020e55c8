"""Cards on press sheets: n-up grids with shared or double cut lines, each card's back behind
its front on the back of the sheet; and any document's pages each on a sheet of its own with
bleed and crop marks (a print shop's single cards, sheets or reading booklets)."""

from __future__ import annotations

from typing import NamedTuple

from handout.content.paper import paper_label
from handout.errors import UsageError
from handout.press import marks
from handout.press.compose import Placed, Sheet
from handout.press.furniture import Furniture
from handout.press.geometry import EPS, MM, Box, Grid, Matrix, behind, fit, mirrored, onto, union
from handout.press.options import PressOptions


class Doc(NamedTuple):
    """A finished document: its name (the routine id), its index among the sources, and the
    size of each page in points (a card: its front, and its back if it has one)."""

    name: str
    source: int
    sizes: list[tuple[float, float]]


class Paper(NamedTuple):
    name: str
    size: tuple[float, float]


def nup(docs: list[Doc], press: PressOptions, paper: Paper, copies: bool) -> list[Sheet]:
    """The sheets of an n-up print: with `copies`, the one card as often as asked (or as fits);
    else each card once, in order, cards of one size sharing sheets. Each sheet of fronts is
    followed by its backs when any card on it has one."""
    sheets: list[Sheet] = []
    for cards in _by_size(docs):
        grid = _grid(cards[0].sizes[0], press, paper)
        per_sheet = len(grid.slots)
        if copies:
            cards = cards * per_sheet
        for first in range(0, len(cards), per_sheet):
            on_sheet = cards[first : first + per_sheet]
            number, total = first // per_sheet + 1, -(-len(cards) // per_sheet)
            sheets += _front_and_back(on_sheet, grid, press, paper, (number, total), copies)
    return sheets


def _by_size(docs: list[Doc]) -> list[list[Doc]]:
    """The cards grouped by size (to 0.01 pt), in order, each group where its first card is."""
    groups: dict[tuple[float, float], list[Doc]] = {}
    for doc in docs:
        width, height = doc.sizes[0]
        groups.setdefault((round(width, 2), round(height, 2)), []).append(doc)
    return list(groups.values())


def _grid(card: tuple[float, float], press: PressOptions, paper: Paper) -> Grid:
    """The grid of as many cards as asked (or as fit); refused, saying how many would fit,
    when they do not."""
    wanted = press.nup or None
    grid = _fit(card, press, paper, wanted)
    if grid is not None:
        return grid
    most = _fit(card, press, paper)
    size = f"{card[0] / MM:.0f} × {card[1] / MM:.0f} mm"
    where = f"{paper_label(paper.name)}{_with(press)}"
    instead = _unmarked(card, press, paper, len(most.slots) if most else 0)
    if most is None:
        raise UsageError(
            f"a {size} card does not fit on {where}"
            f" — {instead + ' or ' if instead else ''}use a larger --sheet-paper"
        )
    count = len(most.slots)
    noun, verb = ("card", "fits") if count == 1 else ("cards", "fit")
    raise UsageError(
        f"--nup {wanted}: only {count} {noun} of {size} {verb} on {where}"
        f" — use --nup {count} or auto, {instead + ', ' if instead else ''}or a larger --sheet-paper"
    )


def _unmarked(card: tuple[float, float], press: PressOptions, paper: Paper, most: int) -> str:
    """The hint to leave out the crop marks, when more than `most` cards fit without them."""
    unmarked = _fit(card, press._replace(crop_marks=False), paper) if press.crop_marks else None
    if unmarked is None or len(unmarked.slots) <= most:
        return ""
    return f"leave out --crop-marks ({_fit_count(len(unmarked.slots))})"


def _fit_count(count: int) -> str:
    return "1 card fits" if count == 1 else f"{count} cards fit"


def _fit(
    card: tuple[float, float], press: PressOptions, paper: Paper, wanted: int | None = None
) -> Grid | None:
    """The grid on the paper: room around it for the bleed, and with crop marks for the
    marks, and under it for the slug line (centred, the slug goes over the cards when a
    duplex back leaves it no room under them)."""
    bleed = press.bleed_mm * MM
    room = marks.reach(bleed, press.crop_marks)
    under = room + (marks.SLUG_ROOM if press.crop_marks else 0.0)
    return fit(paper.size, card, press.gutter_mm * MM, (room, room, under, room), wanted)


def _with(press: PressOptions) -> str:
    if press.crop_marks:
        room = marks.reach(press.bleed_mm * MM, True) / MM
        return f" with crop marks (they take {room:.3g} mm around the cards)"
    return f" with {press.bleed_mm:g} mm bleed" if press.bleed_mm else ""


def _front_and_back(
    cards: list[Doc],
    grid: Grid,
    press: PressOptions,
    paper: Paper,
    count: tuple[int, int],
    copies: bool,
) -> list[Sheet]:
    flip = press.duplex or "long"
    bleed = press.bleed_mm * MM
    slots = grid.slots[: len(cards)]
    trim = union(slots)
    clips = [_clip(slot, slots, bleed) for slot in slots]
    fronts = [
        _onto(card, slot, grid.quarter_turns) for card, slot in zip(cards, slots, strict=True)
    ]
    words = _words(cards, copies, paper, count)
    front = Sheet(
        paper.size,
        [Placed(c.source, 0, m, clip) for c, m, clip in zip(cards, fronts, clips, strict=True)],
        trim,
        trim.grown(bleed),
        _furniture(slots, press, f"{words} · front", paper.size),
    )
    if all(len(card.sizes) < 2 for card in cards):
        return [front]
    backs = [
        Placed(
            c.source,
            1,
            behind(m, c.sizes[0][0], paper.size, flip),
            mirrored(clip, paper.size, flip),
        )
        for c, m, clip in zip(cards, fronts, clips, strict=True)
        if len(c.sizes) > 1
    ]
    back_slots = [mirrored(slot, paper.size, flip) for slot in slots]
    back = Sheet(
        paper.size,
        backs,
        mirrored(trim, paper.size, flip),
        mirrored(trim.grown(bleed), paper.size, flip),
        _furniture(
            back_slots,
            press,
            f"{words} · back: print two-sided, flip on the {flip} edge",
            paper.size,
        ),
        shift=(press.offset[0] * MM, press.offset[1] * MM),
    )
    return [front, back]


def _onto(card: Doc, slot: Box, turns: int) -> Matrix:
    width, height = card.sizes[0]
    return onto(width, height, slot, turns)


def _clip(slot: Box, slots: list[Box], bleed: float) -> Box:
    """The slot with its bleed, except on a side it shares with a neighbour (a shared cut)."""

    def shared(edge: str) -> bool:
        return any(_touches(slot, other, edge) for other in slots if other is not slot)

    return Box(
        slot.x0 - (0 if shared("left") else bleed),
        slot.y0 - (0 if shared("bottom") else bleed),
        slot.x1 + (0 if shared("right") else bleed),
        slot.y1 + (0 if shared("top") else bleed),
    )


def _touches(slot: Box, other: Box, edge: str) -> bool:
    along_x = min(slot.y1, other.y1) - max(slot.y0, other.y0) > EPS
    along_y = min(slot.x1, other.x1) - max(slot.x0, other.x0) > EPS
    return {
        "left": along_x and abs(other.x1 - slot.x0) < EPS,
        "right": along_x and abs(other.x0 - slot.x1) < EPS,
        "bottom": along_y and abs(other.y1 - slot.y0) < EPS,
        "top": along_y and abs(other.y0 - slot.y1) < EPS,
    }[edge]


def _words(cards: list[Doc], copies: bool, paper: Paper, count: tuple[int, int]) -> str:
    """The slug line: what is on the sheet and in which order."""
    width, height = cards[0].sizes[0]
    size = f"{len(cards)} × {width / MM:.0f}×{height / MM:.0f} mm on {paper_label(paper.name)}"
    where = f"sheet {count[0]} of {count[1]}"
    if copies:
        return f"{cards[0].name} · {size} · {where}"
    order = ", ".join(f"{n} {card.name}" for n, card in enumerate(cards, 1))
    return f"{size} · {where} · cut order, rows from the top left: {order}"


def _furniture(
    slots: list[Box], press: PressOptions, words: str, sheet: tuple[float, float]
) -> Furniture:
    bleed = press.bleed_mm * MM
    lines = marks.crop_marks(slots, bleed) if press.crop_marks else []
    return Furniture(lines, marks.slug_lines(words, slots, bleed, press.crop_marks, sheet))


def marked(doc: Doc, press: PressOptions) -> list[Sheet]:
    """Each page on a sheet of its own: the page, its bleed and, when asked, crop marks."""
    bleed = press.bleed_mm * MM
    room = marks.reserve(bleed, press.crop_marks)
    sheets = []
    for index, (width, height) in enumerate(doc.sizes):
        size = (width + 2 * room, height + 2 * room)
        slot = Box(room, room, room + width, room + height)
        words = f"{doc.name} · page {index + 1} of {len(doc.sizes)} · trim {width / MM:.0f}×{height / MM:.0f} mm"
        placed = [Placed(doc.source, index, onto(width, height, slot, 0), slot.grown(bleed))]
        sheets.append(
            Sheet(size, placed, slot, slot.grown(bleed), _furniture([slot], press, words, size))
        )
    return sheets
