"""The press options on the command line: what goes together, what is refused (word for word),
where the pressed PDFs go, `--all --format card --nup auto`, and handout.yaml's `press:`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from clitools import REPO, Cli, assert_clean_exit, lines

ROUTINES = sorted(
    p.stem for p in (REPO / "content" / "routines").glob("*.yaml") if "." not in p.stem
)

REFUSED = [
    (
        ["--routine", "feet", "--nup", "auto"],
        "--nup places cards on press sheets — use it with --format card",
    ),
    (
        ["--routine", "feet", "--format", "card", "--impose", "saddle"],
        "--impose saddle folds a booklet into spreads — use it with --manual ID or --format booklet",
    ),
    (
        ["--manual", "leg-and-foot", "--creep", "0.5"],
        "--creep shifts the pages of a saddle-stitched booklet — add --impose saddle",
    ),
    (
        ["--manual", "leg-and-foot", "--paper-thickness", "0.1"],
        "--paper-thickness shifts the pages of a saddle-stitched booklet — add --impose saddle",
    ),
    (
        [
            "--manual",
            "leg-and-foot",
            "--impose",
            "saddle",
            "--creep",
            "1",
            "--paper-thickness",
            "0.1",
        ],
        "give --creep or --paper-thickness, not both — --creep wins over a guess",
    ),
    (
        ["--routine", "feet", "--format", "card", "--gutter", "4"],
        "--gutter is the gap between cards on a press sheet — add --nup N or auto",
    ),
    (
        ["--routine", "feet", "--format", "card", "--sheet-paper", "a3"],
        "--sheet-paper is the paper cards or spreads are printed on — add --nup N or --impose saddle",
    ),
    (
        ["--routine", "feet", "--format", "card", "--nup", "2", "--crop-marks", "--gutter", "4"],
        "--gutter 4 is narrower than the 3 mm bleed on both cards"
        " — use --gutter 6 or more, or --gutter 0 for shared cut lines",
    ),
    (
        ["--routine", "feet", "--format", "card", "--nup", "2", "--sheet-paper", "a9x"],
        "--sheet-paper: unknown paper 'a9x' — use a3, a4, a5, a6, a7, b5, letter, legal,"
        " half-letter, tabloid, sra3 or sra4, or a size in mm, cm or in such as 100x150mm or"
        " 4x6in (20 to 1200 mm a side); add -landscape to turn any of them",
    ),
    (
        ["--all", "--nup", "auto"],
        "--nup places cards on press sheets — use it with --format card",
    ),
    (["--all", "--format", "poster"], "unknown format 'poster' — use card, sheet or booklet"),
]


@pytest.mark.parametrize(("args", "message"), REFUSED, ids=[m[:30] for _, m in REFUSED])
def test_press_options_that_do_not_go_together_are_refused(
    in_tmp: Cli, tmp_path: Path, args: list[str], message: str
) -> None:
    result = in_tmp("build", *args)
    assert_clean_exit(result, 2)
    assert lines(result.stderr) == [message]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("flag", "value", "said"),
    [
        (
            "--nup",
            "many",
            "'many' is not a number of cards — use auto or a whole number from 1 to 100",
        ),
        ("--nup", "0", "'0' is not a number of cards — use auto or a whole number from 1 to 100"),
        ("--duplex", "sideways", "'sideways' is not one of long, short"),
        ("--impose", "perfect", "'perfect' is not one of saddle"),
        ("--bleed", "nan", "nan is not a number of millimetres — give one such as 3"),
        ("--creep", "nan", "nan is not a number of millimetres — give one such as 3"),
    ],
)
def test_bad_press_values_are_command_line_errors(
    in_tmp: Cli, flag: str, value: str, said: str
) -> None:
    result = in_tmp("build", "--routine", "feet", "--format", "card", flag, value)
    assert_clean_exit(result, 2)
    assert said in result.stderr


def test_pressed_outputs_are_named_for_their_sheets(in_tmp: Cli, tmp_path: Path) -> None:
    for args in (
        ["--routine", "feet", "--format", "card", "--nup", "auto"],
        ["--routine", "feet", "--format", "card", "--nup", "2", "--sheet-paper", "letter"],
        ["--routine", "feet", "--format", "card", "--crop-marks"],
    ):
        assert_clean_exit(in_tmp("build", *args), 0)
    found = sorted(p.name for p in (tmp_path / "output").glob("*.pdf"))
    assert found == ["feet-card-nup-a4.pdf", "feet-card-nup-letter.pdf", "feet-card.pdf"]


def test_every_card_on_shared_sheets(in_tmp: Cli, tmp_path: Path) -> None:
    result = in_tmp("build", "--all", "--format", "card", "--nup", "auto", "--crop-marks")
    assert_clean_exit(result, 0)
    assert "wrote 1 PDF to output" in result.stdout
    [out] = list((tmp_path / "output").glob("*.pdf"))
    assert out.name == "cards-nup-a4.pdf"
    pdf = pdfium.PdfDocument(out)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    titles = [
        line.split(":", 1)[1].strip()
        for rid in ROUTINES
        for line in (REPO / "content" / "routines" / f"{rid}.yaml").read_text().splitlines()
        if line.startswith("title:")
    ]
    assert len(titles) == len(ROUTINES)
    for title in titles:
        assert title in text, title


def test_all_with_a_format_builds_only_that_format(in_tmp: Cli, tmp_path: Path) -> None:
    assert_clean_exit(in_tmp("build", "--all", "--format", "sheet"), 0)
    found = sorted(p.name for p in (tmp_path / "output").glob("*.pdf"))
    translations = [f"self-legs-{lang}-sheet.pdf" for lang in ("de", "ru")]
    assert found == sorted([f"{rid}-sheet.pdf" for rid in ROUTINES] + translations)


def test_a_marked_card_has_its_trim_and_bleed_boxes(in_tmp: Cli, tmp_path: Path) -> None:
    out = tmp_path / "card.pdf"
    assert_clean_exit(
        in_tmp("build", "--routine", "feet", "--format", "card", "--bleed", "2", "--out", str(out)),
        0,
    )
    mm = 72 / 25.4
    with pikepdf.open(out) as pdf:
        for page in pdf.pages:
            trim, bleed, media = (
                [float(v) for v in page[key]] for key in ("/TrimBox", "/BleedBox", "/MediaBox")
            )
            assert trim[2] - trim[0] == pytest.approx(105 * mm, abs=0.01)
            assert trim[3] - trim[1] == pytest.approx(148 * mm, abs=0.01)
            assert [b - t for b, t in zip(bleed, trim, strict=True)] == pytest.approx(
                [-2 * mm, -2 * mm, 2 * mm, 2 * mm], abs=0.01
            )
            # bleed only: the page is the paper plus its bleed
            assert media == pytest.approx(bleed, abs=0.01)


BRANDS = [
    (
        "press:\n  duplex_offset_mm: [1, 2, 3]\n",
        "handout.yaml:2:21: press.duplex_offset_mm: 3 numbers — give two, across and up in mm,"
        " e.g. [0.5, -0.3]",
    ),
    (
        "press:\n  duplex_offset_mm: [1, 25]\n",
        "handout.yaml:2:25: press.duplex_offset_mm item 2: 25 is too large — use 20 or less",
    ),
]


@pytest.mark.parametrize(("brand", "message"), BRANDS)
def test_a_bad_duplex_offset_is_a_content_error(
    in_tmp: Cli, tmp_path: Path, brand: str, message: str
) -> None:
    (tmp_path / "handout.yaml").write_text(brand, encoding="utf-8")
    (tmp_path / "content" / "routines").mkdir(parents=True)
    result = in_tmp("check")
    assert_clean_exit(result, 1)
    assert message in lines(result.stdout)


PROBE = """
import sys
from pathlib import Path
from handout.commands import build
from handout.content.workspace import Workspace
build.build_routine(Workspace(Path(sys.argv[1])), "feet", build.Options(format="card", out=Path(sys.argv[2])))
print("pikepdf" in sys.modules)
"""


def test_a_build_with_no_press_option_does_not_import_pikepdf(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(REPO), str(tmp_path / "c.pdf")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False"]
