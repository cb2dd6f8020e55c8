"""Where crop marks and slug lines go: every cut line marked outside the cards and their bleed,
never over a card, and the room they need around the cards."""

from __future__ import annotations

from handout.press.furniture import SLUG_SIZE, Label, Line
from handout.press.geometry import EPS, MM, Box, union

MARK_GAP = 2 * MM  # between the bleed and a mark, so a mark never prints on a card's bleed
MARK_LENGTH = 5 * MM
SLUG_ROOM = 4.5 * MM  # a 6 pt slug line, the gap to the marks and the sheet margin
SLUG_GAP = 1 * MM  # between the marks (or the bleed) and the slug line
CAP_HEIGHT = 4.3  # points, of the 6 pt slug line
DESCENT = 1.6  # points, of the 6 pt slug line
LEADING = 1.2 * SLUG_SIZE
SHEET_MARGIN = 1 * MM  # no slug line closer than this to the paper's edge
ELLIPSIS = "…"


def reach(bleed: float, crop_marks: bool) -> float:
    """How far past the cards' trim their bleed and marks reach."""
    return bleed + (MARK_GAP + MARK_LENGTH if crop_marks else 0.0)


def reserve(bleed: float, crop_marks: bool) -> float:
    """The room needed on each side of the cards: their bleed, the marks and the slug line."""
    if not crop_marks:
        return bleed
    return reach(bleed, crop_marks) + SLUG_ROOM


def crop_marks(trims: list[Box], bleed: float) -> list[Line]:
    """A mark on each cut line, both ends, outside all the cards and their bleed."""
    extent = union(trims)
    start = bleed + MARK_GAP
    end = start + MARK_LENGTH
    lines = []
    for x in _distinct([v for box in trims for v in (box.x0, box.x1)]):
        lines.append(Line(x, extent.y1 + start, x, extent.y1 + end))
        lines.append(Line(x, extent.y0 - end, x, extent.y0 - start))
    for y in _distinct([v for box in trims for v in (box.y0, box.y1)]):
        lines.append(Line(extent.x0 - end, y, extent.x0 - start, y))
        lines.append(Line(extent.x1 + start, y, extent.x1 + end, y))
    return lines


def _distinct(values: list[float]) -> list[float]:
    found: list[float] = []
    for value in sorted(values):
        if not found or value - found[-1] > EPS:
            found.append(value)
    return found


def slug_lines(
    text: str, trims: list[Box], bleed: float, crop_marks: bool, sheet: tuple[float, float]
) -> list[Label]:
    """The slug line (what a sheet is, how to print and cut it) fitted to the sheet: under the cards past their bleed and marks, or over
    them when there is no room under them (a duplex back flipped on the short edge); wrapped
    at its ` · ` to the sheet's width, the last line that fits cut short with an ellipsis when
    not all of it fits; nothing when not one line fits."""
    extent = union(trims)
    past = reach(bleed, crop_marks) + SLUG_GAP
    width = sheet[0] - SHEET_MARGIN - extent.x0
    lines = _wrapped(text, width)
    under = _fitting(extent.y0 - past - CAP_HEIGHT - SHEET_MARGIN)
    over = _fitting(sheet[1] - SHEET_MARGIN - extent.y1 - past - DESCENT - CAP_HEIGHT)
    if under >= len(lines) or under >= over:
        lines = _shortened(lines, under, width)
        first = extent.y0 - past - CAP_HEIGHT
    else:
        lines = _shortened(lines, over, width)
        first = extent.y1 + past + DESCENT + (len(lines) - 1) * LEADING
    return [Label(line, extent.x0, first - i * LEADING) for i, line in enumerate(lines)]


def _fitting(depth: float) -> int:
    """How many lines fit in `depth` points from the first baseline to the last."""
    if depth < -EPS:
        return 0
    return 1 + int((depth + EPS) // LEADING)


def _wrapped(text: str, width: float) -> list[str]:
    """The text in lines no wider than `width`, broken after a ` · `; a part wider than a line
    on its own is cut short."""
    lines: list[str] = []
    for part in text.split(" · "):
        joined = f"{lines[-1]} · {part}" if lines else part
        if lines and _width(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(_cut(part, width))
    return lines


def _shortened(lines: list[str], fitting: int, width: float) -> list[str]:
    if len(lines) <= fitting:
        return lines
    if fitting == 0:
        return []
    kept = lines[:fitting]
    return [*kept[:-1], _cut(kept[-1], width, more=True)]


def _cut(text: str, width: float, *, more: bool = False) -> str:
    """`text`, or as much of it as fits `width` followed by an ellipsis (always with `more`:
    the text goes on)."""
    if not more and _width(text) <= width:
        return text
    while text and _width(text + ELLIPSIS) > width:
        text = text[:-1]
    return text.rstrip(" ·") + ELLIPSIS


def _width(text: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from handout.assets import fonts

    fonts.register()
    return float(stringWidth(text, fonts.MAIN, SLUG_SIZE))
