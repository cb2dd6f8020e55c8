"""`handout check` finds everything a build would refuse (issue 12, item 2).

Each case is a small workspace with one thing wrong. `check` must report it as
`file:line:col: message`, exit 1, and a build that reads the same file must stop with
the very same line (both go through `handout.check`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from clitools import Cli, assert_clean_exit, hang_guard, lines, reported

ROUTINE = "title: R\nsummary: S.\nsteps:\n{steps}cautions: [Keep it light.]\n"


def steps(count: int) -> str:
    return "".join(f"  - title: Step {i}\n" for i in range(1, count + 1))


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace (the current folder) with routine `r` of three steps and an assets folder."""
    (tmp_path / "content" / "routines").mkdir(parents=True)
    (tmp_path / "assets").mkdir()
    (tmp_path / "content" / "routines" / "r.yaml").write_text(
        ROUTINE.format(steps=steps(3)), "utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check_and_build(invoke: Cli, *build: str) -> tuple[list[str], list[str]]:
    """The problem lines of `check` and the error lines of `build ARGS`, both exit 1, nothing written."""
    checked = invoke("check")
    assert_clean_exit(checked, 1)
    built = invoke("build", *build)
    assert_clean_exit(built, 1)
    assert not Path("output").exists()
    return lines(checked.stdout), lines(built.stderr)


# ------------------------------------------------------------------------- the clinic logo


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        ("nothere.png", "no image 'nothere.png' — put it in assets/ or next to the file that names it"),
        ("../x.png", "'../x.png' points outside the workspace — keep images inside it, e.g. in assets/"),
        ("assets", "'assets' is a folder — name an image file (PNG or JPEG)"),
        ("fake.png", "'fake.png' is not a usable image (not a PNG or JPEG file) — save it as PNG or JPEG"),
    ],
)  # fmt: skip
def test_a_bad_logo_is_found_by_check_as_build_finds_it(
    in_tmp: Cli, ws: Path, logo: str, message: str
) -> None:
    Image.new("RGB", (4, 4)).save(ws.parent / "x.png")
    (ws / "assets" / "fake.png").write_text("<svg/>", "utf-8")
    (ws / "handout.yaml").write_text(f"clinic:\n  name: C\n  logo: {logo}\n", "utf-8")
    checked, built = check_and_build(in_tmp, "--routine", "r")
    assert checked == [f"handout.yaml:3:9: clinic.logo: {message}"]
    assert built == checked


def test_a_logo_over_the_pixel_cap_is_found_by_check(
    in_tmp: Cli, ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handout.assets import images

    monkeypatch.setattr(images, "MAX_PIXELS", 99)
    Image.new("RGB", (10, 10)).save(ws / "assets" / "big.png")
    (ws / "handout.yaml").write_text("clinic: {logo: big.png}\n", "utf-8")
    checked, built = check_and_build(in_tmp, "--routine", "r")
    assert checked == [
        "handout.yaml:1:16: clinic.logo: 'big.png' is 10×10 pixels, more than this tool opens"
        " (0 million) — save a smaller copy, e.g. 3000 pixels wide"
    ]
    assert built == checked


def test_a_good_logo_passes_both(in_tmp: Cli, ws: Path) -> None:
    Image.new("RGB", (10, 10)).save(ws / "assets" / "logo.png")
    (ws / "handout.yaml").write_text("clinic: {logo: logo.png}\n", "utf-8")
    assert_clean_exit(in_tmp("check"), 0)
    assert_clean_exit(in_tmp("build", "--routine", "r"), 0)


# ------------------------------------------------------------------ templates and their paper


def template(ws: Path, name: str, text: str) -> None:
    (ws / "templates").mkdir(exist_ok=True)
    (ws / "templates" / f"{name}.yaml").write_text(text, "utf-8")


@pytest.mark.parametrize(
    ("name", "text", "build", "fmt"),
    [
        ("sheet", "format: sheet\npaper: a6\nmargins: {left: 60, right: 50}\n", [], "sheet"),
        ("sheet", "format: sheet\npaper: a6\nmargins: {left: 30, right: 30}\n", [], "sheet"),
        ("big-card", "format: card\npaper: 100x40mm\nmargins:\n  top: 20\n  bottom: 20\n",
         ["--template", "big-card"], "card"),
    ],
)  # fmt: skip
def test_margins_that_leave_no_room_on_the_paper_are_found(
    in_tmp: Cli, ws: Path, name: str, text: str, build: list[str], fmt: str
) -> None:
    """Margins wider or taller than the template's own paper: the rule a build applies to the
    paper it uses (enough room inside the margins for the format), at the template's paper."""
    template(ws, name, text)
    checked, built = check_and_build(in_tmp, "--routine", "r", *build)
    [line] = checked
    assert line.startswith(f"templates/{name}.yaml:2:8: paper '"), line
    assert f"is too small for a {fmt} — the smallest that works with its template's margins" in line
    assert built == checked


def test_a_brand_paper_too_small_for_the_layouts_is_found(in_tmp: Cli, ws: Path) -> None:
    """handout.yaml's paper is what sheets and booklets print on: check finds what their
    builds refuse (cards keep their own paper)."""
    (ws / "handout.yaml").write_text("clinic: {name: C}\npaper: a7\n", "utf-8")
    checked, built = check_and_build(in_tmp, "--routine", "r")
    assert [line.split(" — ")[0] for line in checked] == [
        "handout.yaml:2:8: paper 'a7' is too small for a booklet",
        "handout.yaml:2:8: paper 'a7' is too small for a sheet",
    ]
    assert built == checked[1:]
    assert_clean_exit(in_tmp("build", "--routine", "r", "--format", "card"), 0)


def test_a_type_floor_above_the_start_is_found(in_tmp: Cli, ws: Path) -> None:
    template(ws, "card", "format: card\ntype:\n  cue: 10\n  min_cue: 12\n")
    checked, built = check_and_build(in_tmp, "--routine", "r", "--format", "card")
    assert checked == [
        "templates/card.yaml:4:12: type.min_cue: 12 is above type.cue 10"
        " — the floor a card's cues shrink to must not exceed the size they start at"
    ]
    assert built == checked


def test_a_format_that_disagrees_with_the_file_name_is_found(in_tmp: Cli, ws: Path) -> None:
    template(ws, "card", "format: sheet\n")
    checked, built = check_and_build(in_tmp, "--routine", "r", "--format", "card")
    assert checked == [
        "templates/card.yaml:1:9: format: 'sheet' in card.yaml, the card layout — write"
        " format: card, or name a sheet layout for itself, e.g. my-sheet.yaml"
    ]
    assert built == checked


def test_a_layout_of_its_own_name_may_have_any_format(in_tmp: Cli, ws: Path) -> None:
    template(ws, "my-sheet", "format: card\npaper: a5\n")
    assert_clean_exit(in_tmp("check"), 0)


# ------------------------------------------------------------------------------ translations


@pytest.mark.parametrize(
    ("count", "fix"),
    [
        (2, "steps: 2 steps, r.yaml has 3 — translate step 3 too"),
        (1, "steps: 1 steps, r.yaml has 3 — translate steps 2 and 3 too"),
        (4, "steps: 4 steps, r.yaml has 3 — remove step 4, which r.yaml does not have"),
        (6, "steps: 6 steps, r.yaml has 3 — remove steps 4–6, which r.yaml does not have"),
    ],
)
def test_a_translation_with_other_steps_than_its_source(
    in_tmp: Cli, ws: Path, count: int, fix: str
) -> None:
    (ws / "content" / "routines" / "r.de.yaml").write_text(
        ROUTINE.format(steps=steps(count)), "utf-8"
    )
    checked, built = check_and_build(in_tmp, "--routine", "r", "--lang", "de")
    assert checked == [f"content/routines/r.de.yaml:3:1: {fix}"]
    assert built == checked


def test_a_translation_with_the_same_steps_passes(in_tmp: Cli, ws: Path) -> None:
    (ws / "content" / "routines" / "r.de.yaml").write_text(ROUTINE.format(steps=steps(3)), "utf-8")
    assert_clean_exit(in_tmp("check"), 0)


# ---------------------------------------------------------------------- one run, every problem


def test_one_run_reports_every_kind_of_problem(in_tmp: Cli, ws: Path) -> None:
    (ws / "handout.yaml").write_text("clinic: {logo: nothere.png}\n", "utf-8")
    template(ws, "card", "format: sheet\n")
    (ws / "content" / "routines" / "r.de.yaml").write_text(ROUTINE.format(steps=steps(2)), "utf-8")
    result = in_tmp("check")
    assert_clean_exit(result, 1)
    files = [line.split(":")[0] for line in lines(result.stdout)]
    assert files == ["content/routines/r.de.yaml", "templates/card.yaml", "handout.yaml"]
    assert lines(result.stderr)[-1] == "3 problems in 4 files"


# ------------------------------------------------------------- content files that are not files


def test_a_brand_file_that_is_a_folder_is_an_error(in_tmp: Cli, ws: Path) -> None:
    (ws / "handout.yaml").mkdir()
    checked, built = check_and_build(in_tmp, "--routine", "r")
    assert checked == ["handout.yaml:1:1: file is a folder — give the path of a .yaml file"]
    assert built == checked


FIFO = "file is not a regular file (a FIFO, device or socket) — give the path of a .yaml file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_brand_file_that_is_a_fifo_is_an_error_and_never_opened(in_tmp: Cli, ws: Path) -> None:
    os.mkfifo(ws / "handout.yaml")
    with hang_guard(60):  # opening the FIFO would wait for a writer for ever
        checked, built = check_and_build(in_tmp, "--routine", "r")
    assert checked == [f"handout.yaml:1:1: {FIFO}"]
    assert built == checked


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_given_to_check_is_an_error(in_tmp: Cli, ws: Path) -> None:
    os.mkfifo(ws / "pipe.yaml")
    with hang_guard(60):
        result = in_tmp("check", "pipe.yaml", "content/routines/r.yaml")
    assert_clean_exit(result, 1)
    assert lines(result.stdout) == [f"pipe.yaml:1:1: {FIFO}"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_folder_with_only_a_fifo_brand_file_is_that_workspace(
    in_tmp: Cli, tmp_path: Path
) -> None:
    os.mkfifo(tmp_path / "handout.yaml")
    with hang_guard(60):
        result = in_tmp("check")
    assert_clean_exit(result, 1)
    assert f"handout.yaml:1:1: {FIFO}" in lines(result.stdout)


# --------------------------------------------------------------------------- nothing to check


def test_check_of_a_folder_without_content_says_so(in_tmp: Cli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("not content", "utf-8")
    result = in_tmp("check", "empty")
    assert_clean_exit(result, 1)
    assert lines(result.stderr) == [
        "empty: no content to check — add a routine (handout new ID) or give the path of a .yaml file"
    ]


def test_check_of_a_root_without_content_says_so(in_tmp: Cli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = in_tmp("check", "--root", "empty")
    assert_clean_exit(result, 1)
    assert reported(result) == [
        "empty: no content to check — add a routine (handout new ID) or give the path of a .yaml file"
    ]


def test_check_of_a_workspace_with_empty_content_says_so(in_tmp: Cli, tmp_path: Path) -> None:
    (tmp_path / "content" / "routines").mkdir(parents=True)
    result = in_tmp("check")
    assert_clean_exit(result, 1)
    assert lines(result.stderr) == [
        ".: no content to check — add a routine (handout new ID) or give the path of a .yaml file"
    ]
