"""`handout calibrate`: a two-sided page whose back scales lie behind its front cross for the
chosen flip, moved by the configured duplex offset, so that the numbers read are the ones to
add to handout.yaml."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

import pikepdf
import pypdfium2
import pytest
from PIL import ImageOps

from clitools import Cli, assert_clean_exit, lines
from handout.content.paper import PaperError, paper_size
from pdfmeasure import text_runs

MM = 72 / 25.4
EDGE = 5 * MM
OFFSET = "press: {duplex_offset_mm: [1.5, -0.5]}\n"


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


class Scales(NamedTuple):
    """The back's two scales as printed: each tick's position along its scale, in order."""

    across: list[float]  # x of the ticks of the across scale (upright ticks)
    across_at: float  # the y of the across scale's line
    up: list[float]  # y of the ticks of the up scale (level ticks)
    up_at: float


def scales(pdf: Path) -> Scales:
    back = segments(pdf, 1)
    ticks = [s for s in back if s.length < 5 * MM]  # not the scale lines nor the leaders
    upright = [s for s in ticks if s.x0 == s.x1]
    level = [s for s in ticks if s.y0 == s.y1]
    assert len(upright) == len(level) == 21  # −5 to +5 mm every 0.5 mm
    return Scales(
        sorted(s.x0 for s in upright),
        min(min(s.y0, s.y1) for s in upright),
        sorted(s.y0 for s in level),
        min(min(s.x0, s.x1) for s in level),
    )


def cross(pdf: Path) -> tuple[Segment, Segment]:
    """The front's upright and level line."""
    front = segments(pdf, 0)
    assert len(front) == 2
    upright = next(s for s in front if s.x0 == s.x1)
    level = next(s for s in front if s.y0 == s.y1)
    return upright, level


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


def behind(x: float, y: float, size: tuple[float, float], flip: str) -> tuple[float, float]:
    """The point of the back behind (x, y) of the front: a portrait sheet turns about its
    vertical axis on the long edge, about its horizontal one on the short edge."""
    width, height = size
    return (width - x, y) if flip == "long" else (x, height - y)


@pytest.mark.parametrize("sheet", ["a4", "letter"])
@pytest.mark.parametrize("flip", ["long", "short"])
def test_the_scale_zeros_lie_behind_the_front_lines(in_tmp: Cli, sheet: str, flip: str) -> None:
    pdf = calibrate(in_tmp, "--sheet-paper", sheet, "--duplex", flip)
    size = paper_size(sheet)
    upright, level = cross(pdf)
    found = scales(pdf)
    # Zero of each scale: the middle tick; behind the line it is read by.
    (zero_x, _), (_, zero_y) = behind(upright.x0, 0, size, flip), behind(0, level.y0, size, flip)
    assert found.across[10] == pytest.approx(zero_x, abs=0.001)
    assert found.up[10] == pytest.approx(zero_y, abs=0.001)
    # Ticks every 0.5 mm, +5 mm to the right and up as seen on the back.
    for ticks in (found.across, found.up):
        steps = [b - a for a, b in pairwise(ticks)]
        assert steps == pytest.approx([0.5 * MM] * 20, abs=0.001)
    # The front's lines reach across the scales they are read on, 5 mm out of place or not.
    ends = sorted(behind(0, y, size, flip)[1] for y in (upright.y0, upright.y1))
    assert ends[0] < found.across_at - 5 * MM and ends[1] > found.across_at + 9 * MM
    ends = sorted(behind(x, 0, size, flip)[0] for x in (level.x0, level.x1))
    assert ends[0] < found.up_at - 5 * MM and ends[1] > found.up_at + 9 * MM


@pytest.mark.parametrize("flip", ["long", "short"])
def test_the_configured_offset_moves_the_back(in_tmp: Cli, tmp_path: Path, flip: str) -> None:
    plain = scales(calibrate(in_tmp, "--sheet-paper", "a4", "--duplex", flip))
    (tmp_path / "handout.yaml").write_text(OFFSET, "utf-8")
    pdf = calibrate(in_tmp, "--sheet-paper", "a4", "--duplex", flip, "--force")
    moved = scales(pdf)
    assert moved.across[10] - plain.across[10] == pytest.approx(1.5 * MM, abs=0.001)
    assert moved.up[10] - plain.up[10] == pytest.approx(-0.5 * MM, abs=0.001)
    assert moved.across_at - plain.across_at == pytest.approx(-0.5 * MM, abs=0.001)
    assert moved.up_at - plain.up_at == pytest.approx(1.5 * MM, abs=0.001)
    words = [run.text for run in text_runs(pdf, [1])]
    assert "offset applied now: +1.5, −0.5 mm — add what you read to these" in words


def test_the_words_are_there_and_legible(in_tmp: Cli) -> None:
    pdf = calibrate(in_tmp, "--sheet-paper", "a4")
    runs = text_runs(pdf)
    assert min(run.size for run in runs) >= 8
    front = " ".join(run.text for run in runs if run.page == 0)
    back = [run.text for run in runs if run.page == 1]
    assert "Duplex calibration: front" in front
    assert "handout.yaml" in front
    assert "press: {duplex_offset_mm: [1.5, -0.5]}" in front
    assert "cross both scales at 0, 0." in front
    assert "offset applied now: 0, 0 mm — add what you read to these" in back
    assert {"across (x)", "up (y)", "0"} <= set(back)
    numbers = ["−5", "−4", "−3", "−2", "−1", "+1", "+2", "+3", "+4", "+5"]
    assert all(back.count(n) == 2 for n in numbers)  # on each scale


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
