"""The lamination safe zone: a card keeps its content `safe_zone` mm (default 3) inside the trim,
whatever its margins say, and `check` warns about a card template whose margins are smaller."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2
import pytest

from clitools import REPO, Cli, assert_clean_exit, lines
from pdfmeasure import text_runs

MM = 72 / 25.4
ROUTINE = "front-legs"


def workspace(root: Path, template: str, name: str = "card") -> None:
    """A workspace of one routine and the template `name` (`template`: its YAML text)."""
    routines = root / "content" / "routines"
    routines.mkdir(parents=True)
    shutil.copy(REPO / "content" / "routines" / f"{ROUTINE}.yaml", routines)
    (root / "templates").mkdir()
    (root / "templates" / f"{name}.yaml").write_text(template, "utf-8")


def card(margins: str, extra: str = "") -> str:
    return f"format: card\npaper: a6\nmargins: {margins}\n{extra}"


def nearest_edge_mm(pdf: Path) -> float:
    """How close any text of the PDF comes to its page's edge, in mm."""
    width, height = pypdfium2.PdfDocument(str(pdf))[0].get_size()
    runs = text_runs(pdf)
    assert runs
    return min(min(r.box[0], r.box[1], width - r.box[2], height - r.box[3]) for r in runs) / MM


def build(cli: Cli, tmp_path: Path) -> tuple[Path, list[str]]:
    out = tmp_path / "card.pdf"
    result = cli("build", "--routine", ROUTINE, "--format", "card", "--out", str(out))
    assert_clean_exit(result, 0)
    return out, lines(result.output)


WARNING = (
    "warning: templates/card.yaml:3:{col}: margins.{side}: 1 mm is inside the 3 mm lamination"
    " safe zone — the card keeps its content 3 mm in; set it to 3 or more"
)
ALL_ONE = "{top: 1, right: 1, bottom: 1, left: 1}"


def test_a_card_keeps_its_content_in_the_safe_zone(in_tmp: Cli, tmp_path: Path) -> None:
    workspace(tmp_path, card(ALL_ONE))
    out, said = build(in_tmp, tmp_path)
    assert nearest_edge_mm(out) >= 3 - 0.1
    warned = [line for line in said if line.startswith("warning: ")]
    assert warned == [  # a build says what check says, each once
        WARNING.format(col=col, side=side)
        for col, side in ((16, "top"), (26, "right"), (37, "bottom"), (46, "left"))
    ]


def test_with_no_safe_zone_content_comes_to_the_margins(in_tmp: Cli, tmp_path: Path) -> None:
    workspace(tmp_path, card(ALL_ONE, "safe_zone: 0\n"))
    out, said = build(in_tmp, tmp_path)
    assert 1 - 0.1 <= nearest_edge_mm(out) < 3 - 0.1
    assert not [line for line in said if line.startswith("warning: ")]
    result = in_tmp("check")
    assert_clean_exit(result, 0)
    assert "warning" not in result.output


def test_check_warns_once_per_side_inside_the_zone(in_tmp: Cli, tmp_path: Path) -> None:
    workspace(tmp_path, card("{top: 6, right: 6, bottom: 6, left: 1}"))
    result = in_tmp("check")
    assert_clean_exit(result, 0)
    warned = [line for line in lines(result.output) if line.startswith("warning: ")]
    assert warned == [WARNING.format(col=46, side="left")]
    assert lines(result.output)[-1] == "2 files OK"


@pytest.mark.parametrize(
    ("template", "says"),
    [
        (card("{top: 2.5, right: 3, bottom: 3, left: 3}", "safe_zone: 4\n"), True),
        (card("{top: 3, right: 3, bottom: 3, left: 3}"), False),
        ("format: sheet\npaper: a4\nmargins: {top: 1, right: 1, bottom: 1, left: 1}\n", False),
    ],
)
def test_which_templates_are_warned_about(
    in_tmp: Cli, tmp_path: Path, template: str, says: bool
) -> None:
    workspace(tmp_path, template, "card" if "card" in template else "tight")
    result = in_tmp("check")
    assert_clean_exit(result, 0)
    warned = [line for line in lines(result.output) if line.startswith("warning: ")]
    expected = [
        "warning: templates/card.yaml:3:16: margins.top: 2.5 mm is inside the 4 mm lamination"
        " safe zone — the card keeps its content 4 mm in; set it to 4 or more"
    ]
    for side, col in (("right", 28), ("bottom", 39), ("left", 48)):
        expected.append(
            f"warning: templates/card.yaml:3:{col}: margins.{side}: 3 mm is inside the 4 mm"
            " lamination safe zone — the card keeps its content 4 mm in; set it to 4 or more"
        )
    assert warned == (expected if says else [])
