"""The duplex calibration page: two sides that measure how far a printer puts a sheet's back
off its front, in the numbers `handout.yaml` wants (`press: {duplex_offset_mm: [x, y]}`).

The front prints a thin cross through the sheet's centre. The back prints two millimetre
scales whose zeros lie exactly behind the cross's lines (for the chosen flip), moved by the
offset configured now, just as every card back is. Held against a light with the back
towards you, the front's lines show through: a back printed +d off shows the line at −d on
its scale, and moving the backs by what is read cancels it, so the numbers read are the
numbers to add to the offset applied now. Scales read across (x, to the right) and up (y) as
seen looking at the back: the coordinates the offset moves backs in (press/cards.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from handout.errors import UsageError
from handout.press.cards import Paper
from handout.press.furniture import Furniture, Info, Label, Line, draw
from handout.press.geometry import MM, Box, mirrored

EDGE = 5 * MM  # office printers print nothing this close to the paper's edge
TEXT_EDGE = 12 * MM  # where the words start, inside the edge
ARM = 30 * MM  # the front's lines reach this far from the centre: past the scales' ticks
AWAY = 20 * MM  # from the centre (on the back) to each scale's line
REACH = 40 * MM  # the scales and their labels stay this close to the centre
READS = 5  # each scale runs from −READS to +READS mm
STEP = 0.5  # mm between ticks
HALF_TICK, TICK, ZERO_TICK = 1.5 * MM, 2.5 * MM, 3.5 * MM
FAN = 8 * MM  # the leaders spread the millimetre labels out to a legible spacing over this
ACROSS_SPACING, UP_SPACING = 13.0, 11.0  # points between neighbouring labels
TITLE, HEADING, BODY, NUMBER = 18.0, 12.0, 10.0, 9.0  # type sizes, points
LEADING = 1.3
CLEAR = 6 * MM  # between the words and the cross or the scales
MEASURE = 150 * MM  # the longest line of words


class Paragraph(NamedTuple):
    text: str
    size: float = BODY
    space: float = 0.0  # before it, points


def calibration_pdf(paper: Paper, flip: str, offset: tuple[float, float], info: Info) -> bytes:
    """The two-sided page for `paper` flipped on its `flip` edge, the back moved by `offset`
    (mm, across and up as seen on the back)."""
    front, back = sides(paper, flip, offset)
    return draw([(paper.size, front), (paper.size, back)], info)


def sides(paper: Paper, flip: str, offset: tuple[float, float]) -> tuple[Furniture, Furniture]:
    """What the front and the back print. The back's words go behind a part of the front
    with none, so the two sides' words never show through each other."""
    width, height = paper.size
    margin = max(abs(v) for v in offset) * MM  # how far the back's move may take anything
    if min(width, height) / 2 < REACH + EDGE + margin:
        raise _too_small(paper)
    centre = Box(width / 2, height / 2, width / 2, height / 2)
    cross = _cross(centre)
    front_words = _placed(_front_words(paper, flip), paper, _span(cross), at_top=True)
    behind = mirrored(centre, paper.size, flip)  # the centre seen from the back
    scales = _scales(behind.x0, behind.y0)
    band = Box(0, min(w.y for w in front_words), width, max(w.y for w in front_words))
    words_behind = mirrored(band, paper.size, flip)
    back_words = _placed(
        _back_words(flip, offset),
        paper,
        _span(scales),
        at_top=words_behind.y0 + words_behind.y1 < height,
        margin=margin,
    )
    back = Furniture(scales.lines, back_words + scales.labels)
    return Furniture(cross.lines, front_words), _moved(back, offset[0] * MM, offset[1] * MM)


def _cross(centre: Box) -> Furniture:
    x, y = centre.x0, centre.y0
    return Furniture([Line(x, y - ARM, x, y + ARM), Line(x - ARM, y, x + ARM, y)], [])


def _front_words(paper: Paper, flip: str) -> list[Paragraph]:
    return [
        Paragraph("Duplex calibration: front", TITLE),
        Paragraph(f"{paper.name.upper()} · print two-sided, flipping on the {flip} edge", HEADING),
        Paragraph(
            "1. Print this page two-sided on the paper and printer your cards go to,"
            f" flipping on the {flip} edge.",
            space=8,
        ),
        Paragraph(
            "2. Hold the printed sheet against a window or a lamp, the side with the two scales"
            " facing you. The thin cross printed on this side shows through.",
            space=4,
        ),
        Paragraph(
            "3. Read the across (x) scale where the upright line crosses its short ticks, and the"
            " up (y) scale where the level line crosses its ticks: two numbers in mm, with their"
            " signs (left of 0 and below 0 are negative).",
            space=4,
        ),
        Paragraph(
            "4. Add them to the offset applied now (printed on the back) and write the sums into"
            " handout.yaml, for example:",
            space=4,
        ),
        Paragraph("press: {duplex_offset_mm: [1.5, -0.5]}", HEADING, space=3),
        Paragraph(
            "Every card back then moves by that much. Print this page again: the lines should now"
            " cross both scales at 0, 0.",
            space=4,
        ),
    ]


def _back_words(flip: str, offset: tuple[float, float]) -> list[Paragraph]:
    shown = ", ".join(_signed(v) for v in offset)
    return [
        Paragraph("Duplex calibration: back", TITLE),
        Paragraph(f"offset applied now: {shown} mm — add what you read to these", HEADING),
        Paragraph(
            f"Hold this side towards you against a light; it was printed flipped on the {flip}"
            " edge. Read where each line from the front crosses the short"
            " ticks, in mm; left of 0 and below 0 are negative. Write the sums into handout.yaml:",
            space=4,
        ),
        Paragraph("press: {duplex_offset_mm: [x, y]}", HEADING, space=3),
    ]


def _scales(x: float, y: float) -> Furniture:
    """Both scales, around the centre (x, y) of the back: across above it, up to its right."""
    across, up = _across(x, y + AWAY), _up(x + AWAY, y)
    return Furniture(across.lines + up.lines, across.labels + up.labels)


def _across(x: float, y: float) -> Furniture:
    """The across (x) scale: its zero at (x, y), ticks up from its line, labels fanned out
    above; read by the upright line of the front."""
    lines = [Line(x - (READS + STEP) * MM, y, x + (READS + STEP) * MM, y)]
    labels = [Label("across (x)", x - (READS + 2) * MM, y - 0.35 * HEADING, HEADING, "end")]
    for value, length in _ticks():
        tx = x + value * MM
        lines.append(Line(tx, y, tx, y + length))
        if value.is_integer():
            lx = x + value * ACROSS_SPACING
            lines.append(Line(tx, y + TICK, lx, y + TICK + FAN))
            labels.append(Label(_signed(value), lx, y + TICK + FAN + 3, NUMBER, "middle"))
    return Furniture(lines, labels)


def _up(x: float, y: float) -> Furniture:
    """The up (y) scale: its zero at (x, y), ticks right of its line, labels fanned out to
    the right; read by the level line of the front."""
    lines = [Line(x, y - (READS + STEP) * MM, x, y + (READS + STEP) * MM)]
    bottom = y - READS * UP_SPACING - 1.8 * HEADING
    labels = [Label("up (y)", x, bottom, HEADING, "start")]
    for value, length in _ticks():
        ty = y + value * MM
        lines.append(Line(x, ty, x + length, ty))
        if value.is_integer():
            ly = y + value * UP_SPACING
            lines.append(Line(x + TICK, ty, x + TICK + FAN, ly))
            labels.append(Label(_signed(value), x + TICK + FAN + 3, ly - 0.35 * NUMBER, NUMBER))
    return Furniture(lines, labels)


def _ticks() -> Iterator[tuple[float, float]]:
    """Each tick's value (mm) and length: whole millimetres longer, zero longest."""
    for index in range(int(-READS / STEP), int(READS / STEP) + 1):
        value = index * STEP
        yield value, ZERO_TICK if value == 0 else TICK if value.is_integer() else HALF_TICK


def _signed(value: float) -> str:
    """+1.5, −0.5, 0: with a typographic minus, and a plus so the sign is never missed."""
    text = f"{abs(value):g}"
    return "0" if value == 0 else f"{'+' if value > 0 else '−'}{text}"


def _placed(
    words: list[Paragraph],
    paper: Paper,
    keep_out: tuple[float, float],
    *,
    at_top: bool,
    margin: float = 0.0,
) -> list[Label]:
    """The paragraphs at the sheet's top or bottom, in lines of a comfortable length or, where
    that leaves too little height, as wide as the sheet; refused when they would still come
    near the heights `keep_out` (the cross, the scales)."""
    width, height = paper.size
    left = TEXT_EDGE + margin
    for measure in (min(MEASURE, width - 2 * left), width - 2 * left):
        lines = _set(words, left, measure)
        depth = -lines[-1].y
        top = height - left if at_top else left + depth  # the last baseline `left` up
        low, high = top - depth, top
        if (low >= keep_out[1] + CLEAR) if at_top else (high <= keep_out[0] - CLEAR):
            return [line._replace(y=line.y + top) for line in lines]
    raise _too_small(paper)


def _too_small(paper: Paper) -> UsageError:
    return UsageError(
        f"--sheet-paper {paper.name}: too small for the calibration page"
        " — use the paper your cards print on, such as a4 or letter"
    )


def _set(words: list[Paragraph], left: float, measure: float) -> list[Label]:
    """The paragraphs wrapped to `measure`, their baselines below 0."""
    from reportlab.lib.utils import simpleSplit

    from handout.assets import fonts

    fonts.register()
    y = 0.0
    labels: list[Label] = []
    for paragraph in words:
        y -= paragraph.space
        for line in simpleSplit(paragraph.text, fonts.MAIN, paragraph.size, measure):
            y -= paragraph.size * LEADING
            labels.append(Label(line, left, y, paragraph.size))
    return labels


def _span(furniture: Furniture) -> tuple[float, float]:
    """The lowest and highest point of what `furniture` prints (its words roughly)."""
    ys = [v for line in furniture.lines for v in (line.y0, line.y1)]
    ys += [
        v for label in furniture.labels for v in (label.y - 0.3 * label.size, label.y + label.size)
    ]
    return min(ys), max(ys)


def _moved(furniture: Furniture, dx: float, dy: float) -> Furniture:
    lines = [Line(li.x0 + dx, li.y0 + dy, li.x1 + dx, li.y1 + dy) for li in furniture.lines]
    labels = [label._replace(x=label.x + dx, y=label.y + dy) for label in furniture.labels]
    return Furniture(lines, labels)
