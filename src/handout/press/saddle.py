"""Saddle-stitched booklets: the pages set two to a side on printer spreads, in the order that
reads right once the sheets are printed two-sided, nested, folded and stapled on the spine.

Order and creep: press/signature.py. A blank page is simply not placed.

Paper: by default each sheet is the spread's own size, two pages side by side (A4 pages on A3
landscape, half-letter on letter, A6 on A5), or the standard paper it nearly is (A5 pages are
148 mm wide, ISO's A4 halved and rounded down, so their 296 mm spread is centred on A4); with
bleed, the spread grown by its bleed, and with crop marks by room for the marks and the slug line
too. With --sheet-paper the spread is centred on that paper, turned to lie like the spread, and
refused when it does not hold the spread with its bleed (and marks).

Duplex: spreads are landscape, and printers flip landscape sheets on the short edge for
booklets (what print dialogs call booklet printing): the back is set as it reads. Flipped on the
long edge, the back would come out upside down, so with `--duplex long` each back spread is
turned 180° on its sheet. The printer's measured offset (handout.yaml press:
duplex_offset_mm) shifts every back.

Creep: each page is shifted toward the spine by its sheet's share (press/signature.py) and
clipped to its own half of the spread, so nothing crosses the fold.

Marks (K-only, press/furniture.py): a dashed fold mark on the spine at the top and bottom of
every side, outside the bleed where the sheet has room, else running in from the paper's edge
(long enough to survive an office printer's unprintable margin of about 5 mm, short enough to
stay in the page's top and bottom margins). Staple marks: two ticks across the spine at 1/4 and
3/4 of the page height, on the centre spread only (the innermost sheet's back, where the
staples are clinched, so they never show on the cover and the clinches hide them).
"""

from __future__ import annotations

from typing import NamedTuple

from handout.content.paper import paper_label
from handout.errors import UsageError
from handout.press import marks
from handout.press.cards import Doc, Paper
from handout.press.compose import Placed, Sheet
from handout.press.furniture import Furniture, Line
from handout.press.geometry import EPS, MM, Box, onto
from handout.press.options import PressOptions
from handout.press.signature import Pair, creep_shifts, page_order, total_creep

FOLD_LENGTH = 6 * MM
STANDARD = ("a5", "a4", "a3", "letter", "tabloid")  # what a spread's own size may round up to
ROUNDING = 1.5 * MM  # how much larger, each way, such a paper may be
STAPLE_TICK = 4 * MM  # across the spine, centred on it
_HOW = "fold, nest in sheet order, staple on the spine"  # the front's slug line


class Layout(NamedTuple):
    """Where the spread lies: the sheet's size and the two pages' trim boxes on it."""

    size: tuple[float, float]
    left: Box
    right: Box

    @property
    def spread(self) -> Box:
        return Box(self.left.x0, self.left.y0, self.right.x1, self.right.y1)


def spreads(doc: Doc, press: PressOptions, paper: Paper | None) -> list[Sheet]:
    """The printed sides, each sheet's front then its back, the outermost sheet first."""
    order = page_order(len(doc.sizes))
    layout = _layout(doc.sizes[0], press, paper)
    shifts = creep_shifts(len(order), total_creep(press, len(order)) * MM)
    flip = press.duplex or "short"
    sheets = []
    for k, (front, back) in enumerate(order):
        where = f"{doc.name} · sheet {k + 1} of {len(order)}"
        sheets.append(
            _side(doc, layout, front, shifts[k], press, f"{where} · front · {_HOW}", back=False)
        )
        words = f"{where} · back: print two-sided, flip on the {flip} edge"
        sheets.append(
            _side(doc, layout, back, shifts[k], press, words, back=True, centre=k == len(order) - 1)
        )
    return sheets


def _layout(page: tuple[float, float], press: PressOptions, paper: Paper | None) -> Layout:
    width, height = page
    room = marks.reserve(press.bleed_mm * MM, press.crop_marks)
    needed = (2 * width + 2 * room, height + 2 * room)
    if paper is None:
        size = needed if press.crop_marks else _standard(needed)
    else:
        size = _paper(paper, needed, (2 * width, height), press)
    x0, y0 = (size[0] - 2 * width) / 2, (size[1] - height) / 2
    left = Box(x0, y0, x0 + width, y0 + height)
    return Layout(size, left, left.moved(width, 0))


def _standard(spread: tuple[float, float]) -> tuple[float, float]:
    """The landscape size of a standard paper the spread nearly fills, else the spread's."""
    from handout.content.paper import paper_size

    for name in STANDARD:
        size = paper_size(f"{name}-landscape")
        if all(-EPS <= have - need <= ROUNDING for have, need in zip(size, spread, strict=True)):
            return size
    return spread


def _paper(
    paper: Paper,
    needed: tuple[float, float],
    spread: tuple[float, float],
    press: PressOptions,
) -> tuple[float, float]:
    """The paper turned to lie like the spread, refused when the spread (with its bleed and
    marks) does not fit on it."""
    short, long = sorted(paper.size)
    size = (long, short) if needed[0] >= needed[1] else (short, long)
    if needed[0] <= size[0] + EPS and needed[1] <= size[1] + EPS:
        return size
    marked = " with crop marks" if press.crop_marks else ""
    if press.bleed_mm and not press.crop_marks:
        marked = f" with {press.bleed_mm:g} mm bleed"
    raise UsageError(
        f"a {spread[0] / MM:.0f}×{spread[1] / MM:.0f} mm spread{marked} does not fit on"
        f" {paper_label(paper.name)} — use a larger --sheet-paper or leave it out (the spread's own size)"
    )


def _side(
    doc: Doc,
    layout: Layout,
    pair: Pair,
    shift: float,
    press: PressOptions,
    words: str,
    *,
    back: bool,
    centre: bool = False,
) -> Sheet:
    """One printed side: its two pages (blanks left out), boxes and marks."""
    turned = back and press.duplex == "long"
    bleed = press.bleed_mm * MM
    placed = [
        _placed(doc, page, layout, on_left, shift, bleed, turned)
        for page, on_left in zip(pair, (True, False), strict=True)
        if page is not None
    ]
    spread = layout.spread
    offset = (press.offset[0] * MM, press.offset[1] * MM) if back else (0.0, 0.0)
    return Sheet(
        layout.size,
        placed,
        spread,
        _on_sheet(spread.grown(bleed), layout.size),
        _furniture(layout, press, words, staples=centre),
        shift=offset,
    )


def _placed(
    doc: Doc,
    page: int,
    layout: Layout,
    on_left: bool,
    shift: float,
    bleed: float,
    turned: bool,
) -> Placed:
    """The page in its half, moved `shift` toward the spine, showing only that half and its
    bleed on the three outer edges; with `turned`, all of it turned 180° on the sheet."""
    half = layout.left if on_left else layout.right
    slot = half.moved(shift if on_left else -shift, 0)
    grown = half.grown(bleed)
    clip = (
        Box(grown.x0, grown.y0, half.x1, grown.y1)
        if on_left
        else Box(half.x0, grown.y0, grown.x1, grown.y1)
    )
    clip = _on_sheet(clip, layout.size)
    if turned:
        slot, clip = _half_turned(slot, layout.size), _half_turned(clip, layout.size)
    width, height = doc.sizes[page]
    return Placed(doc.source, page, onto(width, height, slot, 2 if turned else 0), clip)


def _half_turned(box: Box, sheet: tuple[float, float]) -> Box:
    """The box turned 180° about the sheet's centre."""
    width, height = sheet
    return Box(width - box.x1, height - box.y1, width - box.x0, height - box.y0)


def _on_sheet(box: Box, sheet: tuple[float, float]) -> Box:
    return Box(max(box.x0, 0.0), max(box.y0, 0.0), min(box.x1, sheet[0]), min(box.y1, sheet[1]))


def _furniture(layout: Layout, press: PressOptions, words: str, *, staples: bool) -> Furniture:
    bleed = press.bleed_mm * MM
    spread = layout.spread
    lines = _fold_marks(layout, bleed) + (_staple_marks(spread) if staples else [])
    if press.crop_marks:
        lines += marks.crop_marks([spread], bleed)
    return Furniture(lines, marks.slug_lines(words, [spread], bleed, press.crop_marks, layout.size))


def _fold_marks(layout: Layout, bleed: float) -> list[Line]:
    """A dashed line on the spine at the top and at the bottom: outside the bleed when the
    sheet has room for it there, else running in from the paper's edge."""
    spread, height = layout.spread, layout.size[1]
    spine = spread.x0 + spread.width / 2
    start = bleed + marks.MARK_GAP
    if min(spread.y0, height - spread.y1) >= start + FOLD_LENGTH - EPS:
        top = (spread.y1 + start, spread.y1 + start + FOLD_LENGTH)
        bottom = (spread.y0 - start, spread.y0 - start - FOLD_LENGTH)
    else:
        top, bottom = (height, height - FOLD_LENGTH), (0.0, FOLD_LENGTH)
    return [Line(spine, y0, spine, y1, dashed=True) for y0, y1 in (top, bottom)]


def _staple_marks(spread: Box) -> list[Line]:
    """Ticks across the spine at a quarter and three quarters of the height."""
    spine = spread.x0 + spread.width / 2
    return [
        Line(spine - STAPLE_TICK / 2, y, spine + STAPLE_TICK / 2, y)
        for y in (spread.y0 + spread.height / 4, spread.y0 + spread.height * 3 / 4)
    ]
