"""The workspace is the boundary (issue 12, item 7).

Routine, manual and template files that a link takes outside the workspace are refused, and
such a file's real folder never becomes a place images may come from; `handout` run in a
workspace's subfolder finds the workspace as git finds its repository; `list` and `check` say
which workspace they use.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from clitools import Cli, assert_clean_exit, lines, reported

ROUTINE = "title: {title}\nsummary: S.\nsteps:\n  - title: One\ncautions: [Keep it light.]\n"
LEAVES = (
    "file is a link that leads outside the workspace"
    " — copy the file into the workspace instead of linking to it"
)


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace `ws` (the current folder) with routine `r`, and a folder `outside` beside it."""
    root = tmp_path / "ws"
    (root / "content" / "routines").mkdir(parents=True)
    (root / "content" / "manuals").mkdir()
    (root / "content" / "routines" / "r.yaml").write_text(ROUTINE.format(title="Mine"), "utf-8")
    (tmp_path / "outside").mkdir()
    monkeypatch.chdir(root)
    return root


def link(at: Path, to: Path, text: str) -> None:
    """A valid content file `to` outside the workspace, and a link to it at `at`."""
    to.write_text(text, "utf-8")
    at.parent.mkdir(parents=True, exist_ok=True)
    at.symlink_to(to)


def refused(invoke: Cli, shown: str, *build: str) -> None:
    """`check` and the build both name the linked file, with the same line; nothing written."""
    checked = invoke("check")
    assert_clean_exit(checked, 1)
    assert lines(checked.stdout) == [f"{shown}:1:1: {LEAVES}"]
    built = invoke("build", *build)
    assert_clean_exit(built, 1)
    assert lines(built.stderr) == [f"{shown}:1:1: {LEAVES}"]
    assert not Path("output").exists()


def test_a_routine_linked_from_outside_is_refused(in_tmp: Cli, ws: Path) -> None:
    outside = ws.parent / "outside" / "secret.yaml"
    link(ws / "content" / "routines" / "evil.yaml", outside, ROUTINE.format(title="Secret"))
    refused(in_tmp, "content/routines/evil.yaml", "--routine", "evil")
    listing = in_tmp("list")
    assert_clean_exit(listing, 0)
    assert "Secret" not in listing.stdout  # list does not read it either


def test_a_routine_in_a_linked_folder_outside_is_refused(in_tmp: Cli, ws: Path) -> None:
    (ws.parent / "outside" / "x.yaml").write_text(ROUTINE.format(title="X"), "utf-8")
    (ws / "content" / "routines" / "more").symlink_to(ws.parent / "outside")
    result = in_tmp("build", "--routine", "content/routines/more/x.yaml")
    assert_clean_exit(result, 1)
    assert lines(result.stderr) == [f"content/routines/more/x.yaml:1:1: {LEAVES}"]


def test_a_manual_linked_from_outside_is_refused(in_tmp: Cli, ws: Path) -> None:
    outside = ws.parent / "outside" / "course.yaml"
    link(ws / "content" / "manuals" / "course.yaml", outside, "title: C\nroutines: [r]\n")
    refused(in_tmp, "content/manuals/course.yaml", "--manual", "course")


def test_a_template_linked_from_outside_is_refused(in_tmp: Cli, ws: Path) -> None:
    outside = ws.parent / "outside" / "sheet.yaml"
    link(ws / "templates" / "sheet.yaml", outside, "format: sheet\n")
    refused(in_tmp, "templates/sheet.yaml", "--routine", "r")


def test_a_link_that_stays_inside_is_fine(in_tmp: Cli, ws: Path) -> None:
    (ws / "shared").mkdir()
    (ws / "shared" / "s.yaml").write_text(ROUTINE.format(title="Shared"), "utf-8")
    (ws / "content" / "routines" / "s.yaml").symlink_to(Path("..", "..", "shared", "s.yaml"))
    assert_clean_exit(in_tmp("check"), 0)
    assert_clean_exit(in_tmp("build", "--routine", "s"), 0)


def test_a_linked_routines_real_folder_gives_no_images(in_tmp: Cli, ws: Path) -> None:
    """A routine named by a path outside the workspace, through a link: its images may come
    from the folder the link is in, never from the folder the link leads to."""
    secret = ws.parent / "secret"
    secret.mkdir()
    Image.new("RGB", (8, 8)).save(secret / "photo.png")
    text = "title: T\nsummary: S.\nsteps:\n  - title: One\n    image: photo.png\n"
    link(ws.parent / "elsewhere" / "link.yaml", secret / "r.yaml", text)
    result = in_tmp("build", "--routine", "../elsewhere/link.yaml")
    assert_clean_exit(result, 1)
    assert lines(result.stderr) == [
        "../elsewhere/link.yaml:5:12: step 1, image: 'photo.png' points outside the workspace"
        " — keep images inside it, e.g. in assets/"
    ]


# ----------------------------------------------------------------- the workspace is found


def test_a_subfolder_finds_its_workspace(
    in_tmp: Cli, ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ws / "content" / "routines")
    listing = in_tmp("list")
    assert_clean_exit(listing, 0)
    assert lines(listing.stdout)[0] == f"workspace: {Path('..', '..')}"
    assert "  r                      Mine" in lines(listing.stdout)
    checked = in_tmp("check")
    assert_clean_exit(checked, 0)
    assert lines(checked.stderr) == [f"workspace: {Path('..', '..')}"]
    assert lines(checked.stdout) == ["1 file OK"]
    built = in_tmp("build", "--routine", "r", "--out", str(ws.parent / "r.pdf"))
    assert_clean_exit(built, 0)


def test_the_nearest_workspace_wins(in_tmp: Cli, ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inner = ws / "clinics" / "north"
    inner.mkdir(parents=True)
    (inner / "handout.yaml").write_text("paper: letter\n", "utf-8")
    (inner / "logos").mkdir()
    monkeypatch.chdir(inner / "logos")
    listing = in_tmp("list")
    assert lines(listing.stdout)[0] == f"workspace: {Path('..')}"


def test_a_folder_in_no_workspace_uses_the_built_in_one(in_tmp: Cli, tmp_path: Path) -> None:
    from handout.content.workspace import builtin_root

    result = in_tmp("check")
    [first] = [line for line in lines(result.stderr) if line.startswith("workspace: ")]
    assert (tmp_path / first.removeprefix("workspace: ")).resolve() == builtin_root().resolve()


def test_check_names_its_workspace_first(in_repo: Cli) -> None:
    result = in_repo("check", "tests/cases/bad/bad-pressure.yaml")
    assert_clean_exit(result, 1)
    assert lines(result.stderr)[0] == "workspace: ."
    assert lines(result.output)[0] == "workspace: ."
    assert reported(result)[0].startswith("tests/cases/bad/bad-pressure.yaml:5:15: ")


def test_new_in_a_subfolder_writes_into_the_workspace(
    in_tmp: Cli, ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ws / "content" / "routines")
    result = in_tmp("new", "neck")
    assert_clean_exit(result, 0)
    assert lines(result.stdout) == [f"wrote {Path('neck.yaml')}"]
    assert (ws / "content" / "routines" / "neck.yaml").is_file()
    assert not (ws / "content" / "routines" / "content").exists()
