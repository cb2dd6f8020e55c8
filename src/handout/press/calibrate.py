"""The duplex calibration page: two sides that measure how far a printer puts a sheet's back
off its front, in the numbers `handout.yaml` wants (`press: {duplex_offset_mm: [x, y]}`).

Each side prints two verniers, one across (x) and one up (y). The front's lines stand 5 mm
apart; the back's, right behind them, 5.5 mm apart, the middle ones behind each other (for the
chosen flip) and all of them moved by the offset configured now, as every card back is. Held
against a light, back towards you, the front's lines show through. A back printed d off puts
its line i at 5.5·i + d from the middle, on the front's line i (at 5·i) where d = −0.5·i, and
that line is numbered s = 0.5·i = −d: the number to add to the offset applied now. Numbers run
across (x, to the right) and up (y) as seen looking at the back: the coordinates the offset
moves backs in (press/cards.py).

A vernier repeats: with d, line i − 10 (or i + 10) of the back meets the front's line i − 11
(i + 11) as well. Both sides therefore draw their even lines long and their odd lines short:
the true pair is two lines of one length, the false one a long and a short line.
"""

from __future__ import annotations

from typing import NamedTuple

from handout.content.paper import paper_label
from handout.errors import UsageError
from handout.press.cards import Paper
from handout.press.furniture import Furniture, Info, Label, Line, draw
from handout.press.geometry import MM, Box, Matrix, mirrored

EDGE = 5 * MM  # office printers print nothing this close to the paper's edge
MARGIN = 15 * MM  # where the page's contents start, inside the edge
COUNT = 10  # lines −COUNT … +COUNT in each row
FRONT_PITCH, BACK_PITCH = 5 * MM, 5.5 * MM  # between neighbouring lines: the 0.5 mm vernier
LONG, SHORT = 12 * MM, 8 * MM  # the even lines' length (whole mm on the back), the odd ones'
OVERLAP = 4 * MM  # the two sides' lines overlap this much, so they meet even when set off
TITLE, FRONT_TITLE = 22.0, 18.0  # the back's title and the front's, points
HEADING, BODY, NUMBER, NOTE = 13.0, 11.0, 10.0, 9.0  # the other type sizes, points
LEADING = 1.3
CAP = 0.7  # a figure's height, in type sizes
GAP = 3 * MM  # between a row's lines and its numbers or names
SECTION = 8 * MM  # between the page's parts
CLEAR = 8 * MM  # between the up row and the words beside it


class Paragraph(NamedTuple):
    text: str
    size: float = BODY
    space: float = 0.0  # before it, points
    bold: bool = False


class Row(NamedTuple):
    """One vernier on the back: `place` maps its frame (u along the row from line 0, v across
    it towards the front's lines) onto the back page; its numbers sit on the far side from the
    front's lines, set `anchor` with their baselines `drop` type sizes below the point."""

    place: Matrix
    anchor: str
    drop: float


class Layout(NamedTuple):
    """What the back prints, before the offset moves it, and the front's lines and names in
    back-page coordinates (where they lie behind the back); `rest` is the band of the back
    left empty for the front's words."""

    back: Furniture
    front: Furniture
    rest: Box


def calibration_pdf(paper: Paper, flip: str, offset: tuple[float, float], info: Info) -> bytes:
    """The two-sided page for `paper` flipped on its `flip` edge, the back moved by `offset`
    (mm, across and up as seen on the back)."""
    front, back = sides(paper, flip, offset)
    return draw([(paper.size, front), (paper.size, back)], info)


def sides(paper: Paper, flip: str, offset: tuple[float, float]) -> tuple[Furniture, Furniture]:
    """What the front and the back print. The front's words go behind a band of the back with
    nothing on it, so neither side's words show through onto the other's lines or words."""
    width, height = paper.size
    dx, dy = (v * MM for v in offset)
    room = Box(  # where the back's contents go, so that moved they stay off the edge
        max(MARGIN, EDGE - dx),
        max(MARGIN, EDGE - dy),
        min(width - MARGIN, width - EDGE - dx),
        min(height - MARGIN, height - EDGE - dy),
    )
    words = _set(_front_words(paper, flip), MARGIN, width - 2 * MARGIN)
    depth = -words[-1].y + 0.3 * BODY
    slack = _layout(paper, flip, offset, room).rest.height - depth - MARGIN
    if slack < 0:
        raise _too_small(paper)
    layout = _layout(paper, flip, offset, room, slack / 3)  # the rows nearer the middle
    band = mirrored(layout.rest, paper.size, flip)
    top = band.y1 - MARGIN if band.y0 > 0 else band.y0 + MARGIN + depth  # at the paper's edge
    front_words = [word._replace(y=word.y + top) for word in words]
    seen = _mirrored(layout.front, paper.size, flip)
    front = Furniture(seen.lines, seen.labels + front_words)
    return front, _moved(layout.back, dx, dy)


def _layout(
    paper: Paper, flip: str, offset: tuple[float, float], room: Box, drop: float = 0.0
) -> Layout:
    """The back inside `room`, from the top down: the words, the across row, then the up row
    at the right with what to do with the readings at its left, each `drop` lower than it need
    be; below them the band for the front's words."""
    width = paper.size[0]
    header = _set(_back_words(paper, flip), room.x0, room.width)
    header = [line._replace(y=line.y + room.y1 + (LEADING - CAP) * TITLE) for line in header]
    name_at = header[-1].y - SECTION - HEADING - drop  # the across row's name
    edge = name_at - 2 * GAP - LONG + OVERLAP / 2  # where its two sides' lines meet
    across_back, across_front = _row(Row(Matrix(e=width / 2, f=edge), "middle", CAP), "across (x)")
    name = Label("Across (x)", width / 2 - BACK_PITCH * COUNT, name_at, HEADING, bold=True)
    top = edge - LONG + OVERLAP / 2 - GAP - CAP * NUMBER - SECTION - drop  # the up row's name
    right = room.x1 - 2 * NUMBER - LONG + OVERLAP / 2 - GAP  # where the up row meets
    up = Row(Matrix(0, 1, -1, 0, right, top - 2 * GAP - BACK_PITCH * COUNT), "start", 0.35)
    up_back, up_front = _row(up, "up (y)")
    heading = Label("Up (y)", right + (OVERLAP - LONG) / 2, top, HEADING, "middle", bold=True)
    left = right - LONG - CLEAR
    steps = _set(_steps(offset), room.x0, left - room.x0)
    steps = [line._replace(y=line.y + top + LEADING * HEADING) for line in steps]
    bottom = min(top - 2 * (GAP + BACK_PITCH * COUNT) - 3 * GAP, steps[-1].y) - SECTION
    ends = across_front.labels[0].x - 10 * MM  # the front's name, at the across row's end
    if min(ends - max(MARGIN, room.x0), left - room.x0 - 60 * MM) < 0:
        raise _too_small(paper)
    back = Furniture(
        across_back.lines + up_back.lines,
        [*header, name, *across_back.labels, heading, *up_back.labels, *steps],
    )
    front = Furniture(across_front.lines + up_front.lines, across_front.labels + up_front.labels)
    return Layout(back, front, Box(0, 0, width, bottom))


def _row(row: Row, name: str) -> tuple[Furniture, Furniture]:
    """The back's lines and numbers of one vernier, and the front's lines and name behind
    them: the name beyond the row's end at line −COUNT."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from handout.assets import fonts

    back, front, numbers = [], [], []
    for i in range(-COUNT, COUNT + 1):
        length = SHORT if i % 2 else LONG
        back.append(_line(row.place, BACK_PITCH * i, OVERLAP / 2, OVERLAP / 2 - length))
        front.append(_line(row.place, FRONT_PITCH * i, -OVERLAP / 2, length - OVERLAP / 2))
        if i % 2 == 0:
            x, y = row.place.apply(BACK_PITCH * i, OVERLAP / 2 - LONG - GAP)
            numbers.append(Label(_signed(i / 2), x, y - row.drop * NUMBER, NUMBER, row.anchor))
    fonts.register()
    # How far the name reaches along the row: half its width in a level row, its size in an
    # upright one.
    reach = abs(row.place.a) * stringWidth(name, fonts.MAIN, NOTE) / 2 + abs(row.place.b) * NOTE
    x, y = row.place.apply(-BACK_PITCH * COUNT - GAP - reach, (LONG - OVERLAP) / 2)
    front_name = Label(name, x, y - 0.35 * NOTE, NOTE, "middle")
    return Furniture(back, numbers), Furniture(front, [front_name])


def _line(place: Matrix, u: float, v0: float, v1: float) -> Line:
    (x0, y0), (x1, y1) = place.apply(u, v0), place.apply(u, v1)
    return Line(x0, y0, x1, y1)


def _back_words(paper: Paper, flip: str) -> list[Paragraph]:
    return [
        Paragraph("Duplex calibration", TITLE, bold=True),
        Paragraph(
            f"{paper_label(paper.name)} · printed two-sided, flipped on the {flip} edge · back",
            space=3,
        ),
        Paragraph(
            "Hold this side toward you against a window or lamp. In each row, find the line"
            " that meets a line from the other side best; the number beside it is what to add.",
            BODY,
            space=10,
        ),
        Paragraph(
            "Only a long line meeting a long one, or a short one meeting a short one, counts. A"
            " short line reads halfway between its neighbours: between +1 and +2 it is +1.5.",
            BODY,
            space=4,
        ),
    ]


def _steps(offset: tuple[float, float]) -> list[Paragraph]:
    """What to do with the two readings, beside the up row."""
    applied = ", ".join(f"{v:g}" for v in offset)
    return [
        Paragraph("Offset applied now", HEADING, bold=True),
        Paragraph(f"press: {{duplex_offset_mm: [{applied}]}}", BODY, space=2),
        Paragraph("What to do", HEADING, space=14, bold=True),
        Paragraph(
            "Add the across reading to the first number applied now and the up reading to the"
            " second, and write the sums into handout.yaml:",
            space=2,
        ),
        Paragraph("press: {duplex_offset_mm: [x, y]}", HEADING, space=4),
        Paragraph("For example, +1.5 read across and −0.5 up, with 0, 0 applied now:", space=6),
        Paragraph("press: {duplex_offset_mm: [1.5, -0.5]}", space=2),
        Paragraph(
            "Every card back then moves by that much. Print this page again: both rows should"
            " now meet at 0.",
            space=14,
        ),
    ]


def _front_words(paper: Paper, flip: str) -> list[Paragraph]:
    return [
        Paragraph("Duplex calibration · front", FRONT_TITLE, bold=True),
        Paragraph(
            f"Print this page two-sided on the {paper_label(paper.name)} paper and the printer your"
            f" cards go to, flipping on the {flip} edge. The reading is on the other side: turn"
            " the sheet over.",
            space=4,
        ),
    ]


def _signed(value: float) -> str:
    """+1.5, −0.5, 0: with a typographic minus, and a plus so the sign is never missed."""
    text = f"{abs(value):g}"
    return "0" if value == 0 else f"{'+' if value > 0 else '−'}{text}"


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
        font = fonts.face(fonts.MAIN + "-Bold") if paragraph.bold else fonts.MAIN
        for line in simpleSplit(paragraph.text, font, paragraph.size, measure):
            y -= paragraph.size * LEADING
            labels.append(Label(line, left, y, paragraph.size, bold=paragraph.bold))
    return labels


def _mirrored(furniture: Furniture, sheet: tuple[float, float], flip: str) -> Furniture:
    """`furniture` of the back as the front prints it behind: lines moved to the other side,
    words centred on the point behind their own centre (set the right way round)."""
    lines = [
        Line(box.x0, box.y0, box.x1, box.y1)
        for li in furniture.lines
        for box in [mirrored(Box(*li[:4]), sheet, flip)]
    ]
    labels = []
    for label in furniture.labels:
        middle = label.y + 0.35 * label.size
        box = mirrored(Box(label.x, middle, label.x, middle), sheet, flip)
        labels.append(label._replace(x=box.x0, y=box.y0 - 0.35 * label.size))
    return Furniture(lines, labels)


def _moved(furniture: Furniture, dx: float, dy: float) -> Furniture:
    lines = [Line(li.x0 + dx, li.y0 + dy, li.x1 + dx, li.y1 + dy) for li in furniture.lines]
    labels = [label._replace(x=label.x + dx, y=label.y + dy) for label in furniture.labels]
    return Furniture(lines, labels)
