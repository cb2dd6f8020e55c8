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


Xdef test_the_same_page_twice_is_the_same_bytes(in_tmp: Cli) -> None:
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
