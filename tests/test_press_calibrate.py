"""`handout calibrate`: a two-sided page of two verniers, the back's lines 5.5 mm apart behind
the front's 5 mm apart for the chosen flip, moved by the configured duplex offset, so that the
number beside the pair that meets is the one to add to handout.yaml."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

import pikepdf
import pypdfium2
import pytest
from PIL import ImageOps

from clitools import Cli, assert_clean_exit, lines
from handout.content.paper import PaperError, paper_size
from pdfmeasure import Run, text_runs

MM = 72 / 25.4
EDGE = 5 * MM
OFFSET = "press: {duplex_offset_mm: [1.5, -0.5]}\n"
INSTRUCTIONS = (
    "Hold this side toward you against a window or lamp. In each row, find the line that meets a"
    " line from the other side best; the number beside it is what to add."
)


class Segment(NamedTuple):
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def length(self) -> float:
        return float(abs(self.x1 - self.x0) + abs(self.y1 - self.y0))


def segments(pdf: Path, page: int) -> list[Segment]:
    """The straight lines (`m` then `l`) a page strokes, in page coordinates."""
    found: list[Segment] = []
    start: tuple[float, float] | None = None
    with pikepdf.open(pdf) as doc:
        for op in pikepdf.parse_content_stream(doc.pages[page]):
            name = str(op.operator)
            if name in ("q", "BT"):
                break  # the words come after the lines, each in its own state
            numbers = [float(v) for v in op.operands] if name in ("cm", "m", "l") else []
            if name == "cm":
                assert numbers == [1, 0, 0, 1, 0, 0]  # lines are drawn untransformed
            elif name == "m":
                start = (numbers[0], numbers[1])
            elif name == "l" and start is not None:
                found.append(Segment(*start, numbers[0], numbers[1]))
    return found


class Tick(NamedTuple):
    """One line of a row: where it stands along the row, how long it is, and the span it
    reaches across the row."""

    at: float
    length: float
    reach: tuple[float, float]


class Rows(NamedTuple):
    """A side's two rows, each in order along it."""

    across: list[Tick]  # the upright lines, left to right
    up: list[Tick]  # the level lines, bottom to top


def rows(found: list[Segment]) -> Rows:
    upright = [
        Tick(s.x0, s.length, (min(s.y0, s.y1), max(s.y0, s.y1))) for s in found if s.x0 == s.x1
    ]
    level = [
        Tick(s.y0, s.length, (min(s.x0, s.x1), max(s.x0, s.x1))) for s in found if s.y0 == s.y1
    ]
    assert len(upright) == len(level) == 21 and len(found) == 42
    return Rows(sorted(upright), sorted(level))


def behind(x: float, y: float, size: tuple[float, float], flip: str) -> tuple[float, float]:
    """The point of one side behind (x, y) of the other: a portrait sheet turns about its
    vertical axis on the long edge, about its horizontal one on the short edge."""
    width, height = size
    return (width - x, y) if flip == "long" else (x, height - y)


def seen(found: list[Segment], size: tuple[float, float], flip: str) -> list[Segment]:
    """Lines of one side where they lie on the other."""
    return [
        Segment(*behind(s.x0, s.y0, size, flip), *behind(s.x1, s.y1, size, flip)) for s in found
    ]


def sides(pdf: Path, size: tuple[float, float], flip: str) -> tuple[Rows, Rows]:
    """The front's rows as they lie behind the back, and the back's rows."""
    return rows(seen(segments(pdf, 0), size, flip)), rows(segments(pdf, 1))


def value(text: str) -> float:
    return float(text.replace("−", "-"))


def readings(pdf: Path, back: Rows) -> dict[str, list[float]]:
    """The number each back line reads, from the numbers printed beside the long lines: a short
    line reads halfway between its neighbours."""
    numbers = [run for run in text_runs(pdf, [1]) if re.fullmatch(r"[+−]?\d", run.text)]

    def centre(run: Run, axis: int) -> float:
        return (run.box[axis] + run.box[axis + 2]) / 2

    found: dict[str, list[float]] = {}
    for name, ticks, axis in (("across", back.across, 0), ("up", back.up, 1)):
        labelled = {
            i: value(run.text)
            for i, tick in enumerate(ticks)
            for run in numbers
            if abs(centre(run, axis) - tick.at) < 1.5
        }
        assert sorted(labelled) == list(range(0, 21, 2))  # every long line, only those
        found[name] = [
            labelled[i] if i in labelled else (labelled[i - 1] + labelled[i + 1]) / 2
            for i in range(21)
        ]
    return found


def calibrate(cli: Cli, *args: str) -> Path:
    result = cli("calibrate", *args)
    assert_clean_exit(result, 0)
    sheet = args[args.index("--sheet-paper") + 1]
    assert lines(result.output) == [f"wrote output/calibrate-{sheet}.pdf (2 pages)"]
    return Path("output") / f"calibrate-{sheet}.pdf"


@pytest.mark.parametrize("sheet", ["a4", "letter"])
def test_two_pages_of_the_sheet_size(in_tmp: Cli, sheet: str) -> None:
    pdf = calibrate(in_tmp, "--sheet-paper", sheet)
    width, height = paper_size(sheet)
    with pikepdf.open(pdf) as doc:
        assert len(doc.pages) == 2
        for page in doc.pages:
            box = [float(v) for v in page.mediabox]
            assert box[0] == box[1] == 0
            assert box[2] == pytest.approx(width, abs=0.01)
            assert box[3] == pytest.approx(height, abs=0.01)


@pytest.mark.parametrize("sheet", ["a4", "letter"])
@pytest.mark.parametrize("flip", ["long", "short"])
def test_the_scale_zeros_lie_behind_the_front_lines(in_tmp: Cli, sheet: str, flip: str) -> None:
    pdf = calibrate(in_tmp, "--sheet-paper", sheet, "--duplex", flip)
    size = paper_size(sheet)
    front, back = sides(pdf, size, flip)
    assert rows(segments(pdf, 0)).across[10].at == pytest.approx(size[0] / 2, abs=0.001)
    for seen_front, own in ((front.across, back.across), (front.up, back.up)):
        # Line 0 of the back right behind line 0 of the front; 5 mm and 5.5 mm apart.
        assert own[10].at == pytest.approx(seen_front[10].at, abs=0.001)
        steps = [b.at - a.at for a, b in pairwise(seen_front)]
        assert steps == pytest.approx([5 * MM] * 20, abs=0.001)
        steps = [b.at - a.at for a, b in pairwise(own)]
        assert steps == pytest.approx([5.5 * MM] * 20, abs=0.001)
        # On both sides the even lines long, the odd ones short (see the shift test).
        for ticks in (seen_front, own):
            lengths = [round(t.length / MM, 3) for t in ticks]
            assert lengths == [8.0 if i % 2 else 12.0 for i in range(-10, 11)]
        # The two sides' lines overlap where they meet, by 4 mm.
        low = max(min(t.reach[0] for t in ticks) for ticks in (seen_front, own))
        high = min(max(t.reach[1] for t in ticks) for ticks in (seen_front, own))
        assert high - low == pytest.approx(4 * MM, abs=0.001)


@pytest.mark.parametrize("flip", ["long", "short"])
@pytest.mark.parametrize("applied", [(0.0, 0.0), (1.5, -0.5)])
def test_a_shift_of_the_back_reads_as_what_to_add(
    in_tmp: Cli, tmp_path: Path, flip: str, applied: tuple[float, float]
) -> None:
    """A printer that puts the back d off (back-page mm, across and up) makes exactly one pair
    of lines of one length meet in each row; the number beside it, added to the offset
    applied, gives −d: the offset that cancels the printer's. With nothing applied, the number
    read is −d itself."""
    (tmp_path / "handout.yaml").write_text(
        f"press: {{duplex_offset_mm: [{applied[0]}, {applied[1]}]}}\n", "utf-8"
    )
    pdf = calibrate(in_tmp, "--sheet-paper", "a4", "--duplex", flip)
    front, back = sides(pdf, paper_size("a4"), flip)
    read = readings(pdf, back)
    for name, now in zip(("across", "up"), applied, strict=True):
        theirs, ours = getattr(front, name), getattr(back, name)
        for half_mm in range(-10 - round(2 * now), 11 - round(2 * now)):
            d = half_mm / 2  # the printer's error: what the sheet carries beyond `now`
            meeting = [
                (f, b, i)
                for f in theirs
                for i, b in enumerate(ours)
                if abs(b.at + d * MM - f.at) < 0.01
            ]
            true = [i for f, b, i in meeting if abs(f.length - b.length) < 0.01]
            assert len(true) == 1, (name, d, meeting)
            assert now + read[name][true[0]] == pytest.approx(-d)
            assert len(meeting) <= 2  # the other pair, if any: a long and a short line


@pytest.mark.parametrize("flip", ["long", "short"])
def test_the_configured_offset_moves_the_back(in_tmp: Cli, tmp_path: Path, flip: str) -> None:
    plain = calibrate(in_tmp, "--sheet-paper", "a4", "--duplex", flip).rename(tmp_path / "0.pdf")
    (tmp_path / "handout.yaml").write_text(OFFSET, "utf-8")
    pdf = calibrate(in_tmp, "--sheet-paper", "a4", "--duplex", flip)
    assert segments(pdf, 0) == segments(plain, 0)  # the front stays where it is
    dx, dy = 1.5 * MM, -0.5 * MM
    moved = [Segment(s.x0 + dx, s.y0 + dy, s.x1 + dx, s.y1 + dy) for s in segments(plain, 1)]
    for line, want in zip(segments(pdf, 1), moved, strict=True):
        assert line == pytest.approx(want, abs=0.001)
    words, before = text_runs(pdf, [1]), text_runs(plain, [1])
    assert len(words) == len(before)
    for run, was in zip(words, before, strict=True):
        if run.text == was.text:
            assert run.box[0] - was.box[0] == pytest.approx(dx, abs=0.05)
            assert run.box[1] - was.box[1] == pytest.approx(dy, abs=0.05)
    assert "press: {duplex_offset_mm: [1.5, -0.5]}" in [run.text for run in words]
    assert "press: {duplex_offset_mm: [0, 0]}" in [run.text for run in before]


def test_the_words_are_there_and_legible(in_tmp: Cli) -> None:
    pdf = calibrate(in_tmp, "--sheet-paper", "a4")
    runs = text_runs(pdf)
    assert min(run.size for run in runs) >= 8
    front = [run for run in runs if run.page == 0]
    back = [run for run in runs if run.page == 1]
    said = " ".join(run.text for run in back)
    assert [run.size for run in front if run.text == "Duplex calibration · front"] == [18]
    assert "flipping on the long edge. The reading is on the other side" in " ".join(
        run.text for run in front
    )
    assert {"across (x)", "up (y)"} <= {run.text for run in front}
    assert [run.size for run in back if run.text == "Duplex calibration"] == [22]
    assert INSTRUCTIONS in said
    assert "A short line reads halfway between its neighbours" in said
    assert "press: {duplex_offset_mm: [x, y]}" in said
    assert "press: {duplex_offset_mm: [1.5, -0.5]}" in said  # the example
    assert "Print this page again: both rows should now meet at 0." in said
    assert {"Across (x)", "Up (y)"} <= {run.text for run in back}
    numbers = ["−5", "−4", "−3", "−2", "−1", "0", "+1", "+2", "+3", "+4", "+5"]
    assert all([run.text for run in back].count(n) == 2 for n in numbers)  # one in each row
    wording = [run for run in runs if len(run.text.split()) > 2]
    assert min(run.size for run in wording) >= 10


class Box(NamedTuple):
    x0: float
    y0: float
    x1: float
    y1: float

    def near(self, other: Box, by: float) -> bool:
        """Whether the two come within `by` of each other."""
        return (
            max(self.x0, other.x0) - min(self.x1, other.x1) < by
            and max(self.y0, other.y0) - min(self.y1, other.y1) < by
        )


class Marks(NamedTuple):
    words: list[Box]
    lines: list[Box]


def marks(pdf: Path, page: int, size: tuple[float, float], flip: str) -> Marks:
    """A page's words and lines as boxes, where they lie on the back (the front's behind it)."""

    def placed(x0: float, y0: float, x1: float, y1: float) -> Box:
        if page == 0:
            (x0, y0), (x1, y1) = behind(x0, y0, size, flip), behind(x1, y1, size, flip)
        return Box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))

    return Marks(
        [placed(*run.box) for run in text_runs(pdf, [page])],
        [placed(*line) for line in segments(pdf, page)],
    )


@pytest.mark.parametrize("sheet", ["a4", "letter"])
@pytest.mark.parametrize("flip", ["long", "short"])
def test_the_words_stay_clear_of_the_other_side(in_tmp: Cli, sheet: str, flip: str) -> None:
    """Held against the light, neither side's words come within 3 mm of the other side's
    lines or words."""
    pdf = calibrate(in_tmp, "--sheet-paper", sheet, "--duplex", flip)
    size = paper_size(sheet)
    front, back = marks(pdf, 0, size, flip), marks(pdf, 1, size, flip)
    clash = [(a, b) for a in front.words for b in back.words + back.lines if a.near(b, 3 * MM)]
    clash += [(a, b) for a in back.words for b in front.lines if a.near(b, 3 * MM)]
    assert clash == []


@pytest.mark.parametrize("flip", ["long", "short"])
def test_nothing_prints_near_the_edge(in_tmp: Cli, tmp_path: Path, flip: str) -> None:
    (tmp_path / "handout.yaml").write_text(OFFSET, "utf-8")
    pdf = calibrate(in_tmp, "--sheet-paper", "letter", "--duplex", flip)
    scale = 2.0  # pixels per point
    for page in pypdfium2.PdfDocument(str(pdf)):
        image = page.render(scale=scale).to_pil().convert("L")
        inked = ImageOps.invert(image).getbbox()
        assert inked is not None
        x0, y0, x1, y1 = (v / scale for v in inked)
        width, height = page.get_size()
        assert min(x0, y0, width - x1, height - y1) >= EDGE


def test_lines_are_k_only_black(in_tmp: Cli) -> None:
    pdf = calibrate(in_tmp, "--sheet-paper", "a4")
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            ops = pikepdf.parse_content_stream(page)
            colours = {
                (str(op.operator), tuple(float(v) for v in op.operands))
                for op in ops
                if str(op.operator) in ("K", "k", "RG", "rg", "G", "g", "CS", "cs", "SC", "SCN")
            }
            assert colours <= {("K", (0, 0, 0, 1)), ("k", (0, 0, 0, 1))}
            widths = {float(op.operands[0]) for op in ops if str(op.operator) == "w"}
            assert widths == {0.25}


def test_the_same_page_twice_is_the_same_bytes(in_tmp: Cli) -> None:
    first = calibrate(in_tmp, "--sheet-paper", "a4").read_bytes()
    again = calibrate(in_tmp, "--sheet-paper", "a4", "--force").read_bytes()
    assert first == again


def test_out_and_standard_output(in_tmp: Cli, tmp_path: Path) -> None:
    result = in_tmp("calibrate", "--sheet-paper", "a4", "--out", "cal.pdf")
    assert_clean_exit(result, 0)
    assert lines(result.output) == ["wrote cal.pdf (2 pages)"]
    assert (tmp_path / "cal.pdf").read_bytes().startswith(b"%PDF-")


def unknown(name: str) -> str:
    try:
        paper_size(name)
    except PaperError as exc:
        return str(exc)
    raise AssertionError(f"{name} is a paper")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sheet-paper", "b9"], f"--sheet-paper: {unknown('b9')}"),
        (
            ["--sheet-paper", "a6"],
            "--sheet-paper a6: too small for the calibration page"
            " — use the paper your cards print on, such as a4 or letter",
        ),
    ],
)
def test_paper_it_cannot_use_is_a_usage_error(in_tmp: Cli, args: list[str], message: str) -> None:
    result = in_tmp("calibrate", *args)
    assert_clean_exit(result, 2)
    assert lines(result.output) == [message]
    assert not Path("output").exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--sheet-paper", "a4", "--duplex", "tall"], "'tall' is not one of long, short"),
    ],
)
def test_bad_options_exit_2(in_tmp: Cli, args: list[str], says: str) -> None:
    result = in_tmp("calibrate", *args)
    assert_clean_exit(result, 2)
    assert says in result.output


def test_the_sheet_defaults_to_the_workspace_paper(in_tmp: Cli, tmp_path: Path) -> None:
    (tmp_path / "handout.yaml").write_text("paper: letter\n", encoding="utf-8")
    result = in_tmp("calibrate")
    assert_clean_exit(result, 0)
    assert lines(result.output) == ["wrote output/calibrate-letter.pdf (2 pages)"]
    (tmp_path / "handout.yaml").write_text("paper: a5\n", encoding="utf-8")  # no office sheet
    assert lines(in_tmp("calibrate").output) == ["wrote output/calibrate-a4.pdf (2 pages)"]


def test_help_fits_the_terminal(in_repo: Cli) -> None:
    result = in_repo("calibrate", "--help")
    assert_clean_exit(result, 0)
    assert result.output.startswith("Usage: handout calibrate ")
    assert {"--sheet-paper", "--duplex", "--out", "--force", "--root"} <= set(result.output.split())
    assert max(len(line) for line in result.output.splitlines()) <= 100
