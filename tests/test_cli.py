"""The command line: every command's exit codes and output (SPEC.md, Commands and Workspace)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from clitools import REPO, SUMMARY, Cli, assert_clean_exit, lines, reported
from handout import check
from handout.content import load
from handout.content.workspace import Workspace
from pdftools import pdf_text

COMMANDS = [
    "build",
    "check",
    "list",
    "new",
    "schema",
    "preview",
    "icons",
    "calibrate",
    "batch",
    "watch",
]
ROUTINES = [
    "back-legs", "back-legs-clinic", "feet", "front-legs", "inner-outer-legs", "leg-basics",
    "self-legs",
]  # fmt: skip
SPEC_REGIONS = """head, face, neck, shoulders, upper-back, lower-back, chest, abdomen, arm,
forearm, hand, glutes, hip, thigh-front, thigh-back, inner-thigh,
outer-thigh, knee, back-of-knee, shin, calf, ankle, heel, foot, sole, toes,
whole-leg, whole-body""".replace("\n", " ").split(", ")
WS = Workspace(REPO)


def listed(output: str, section: str) -> dict[str, str]:
    """The `id title` rows under one heading of `handout list`."""
    rows: dict[str, str] = {}
    inside = False
    for line in output.splitlines():
        if not line.startswith(" "):
            inside = line.strip() == f"{section}:"
            continue
        if inside and line.strip() and not line.startswith("    "):  # deeper: a detail
            name, _, title = line.strip().partition(" ")
            rows[name] = title.strip()
    return rows


def workspace_line(output: str) -> Path:
    [line] = [line for line in output.splitlines() if line.startswith("workspace: ")]
    return Path(line.removeprefix("workspace: "))


# --help -------------------------------------------------------------------------------------


def test_top_level_help_lists_every_command(in_repo: Cli) -> None:
    result = in_repo("--help")
    assert_clean_exit(result, 0)
    assert result.output.startswith("Usage: handout ")
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s+\S", result.output, re.MULTILINE), command


def test_no_arguments_shows_help_and_is_a_usage_error(in_repo: Cli) -> None:
    result = in_repo()
    assert_clean_exit(result, 2)
    assert "Usage: handout " in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(in_repo: Cli, command: str) -> None:
    result = in_repo(command, "--help")
    assert_clean_exit(result, 0)
    assert result.output.startswith(f"Usage: handout {command} ")
    assert "--help" in result.output
    width = max(len(line) for line in result.output.splitlines())
    assert width <= 100, "help must wrap to the terminal width"


@pytest.mark.parametrize(
    "command", ["build", "check", "list", "new", "preview", "calibrate", "batch", "watch"]
)
def test_workspace_commands_take_root(in_repo: Cli, command: str) -> None:
    assert "--root" in in_repo(command, "--help").output


def test_an_unknown_command_is_a_usage_error(in_repo: Cli) -> None:
    result = in_repo("bulid")
    assert_clean_exit(result, 2)
    assert "bulid" in result.output


# list ---------------------------------------------------------------------------------------


def test_list_shows_every_routine_and_manual_with_its_title(in_repo: Cli) -> None:
    result = in_repo("list")
    assert_clean_exit(result, 0)
    routines = listed(result.output, "routines")
    assert sorted(routines) == ROUTINES
    for rid, title in routines.items():
        assert title == load.routine(WS, rid).routine.title
    manuals = listed(result.output, "manuals")
    assert manuals == {"leg-and-foot": check.manual(WS, "leg-and-foot").manual.title}
    assert set(listed(result.output, "templates")) >= {"card", "sheet", "booklet"}


def test_list_names_the_workspace(in_repo: Cli) -> None:
    result = in_repo("list")
    assert workspace_line(result.output) == Path(".")


def test_list_survives_a_broken_file(in_tmp: Cli, tmp_path: Path) -> None:
    (tmp_path / "content" / "routines").mkdir(parents=True)
    (tmp_path / "content" / "routines" / "broken.yaml").write_text("title: [oops\n", "utf-8")
    result = in_tmp("list")
    assert_clean_exit(result, 0)
    assert listed(result.output, "routines") == {"broken": "(has problems — run handout check)"}


# check --------------------------------------------------------------------------------------


def test_check_passes_the_shipped_content(in_repo: Cli) -> None:
    files = [
        *(REPO / "content" / "routines").glob("*.yaml"),
        *(REPO / "content" / "manuals").glob("*.yaml"),
        *(REPO / "templates").glob("*.yaml"),
        REPO / "handout.yaml",
    ]
    result = in_repo("check")
    assert_clean_exit(result, 0)
    assert lines(result.stdout) == [f"{len(files)} files OK"]
    assert result.stderr == "workspace: .\n"  # the workspace on stderr, stdout as it was


def test_check_with_explicit_paths(in_repo: Cli) -> None:
    result = in_repo("check", "content/routines/feet.yaml", "content/manuals")
    assert_clean_exit(result, 0)
    assert lines(result.stdout) == ["2 files OK"]


def test_check_fails_on_a_bad_file(in_repo: Cli) -> None:
    result = in_repo("check", "content/routines/feet.yaml", "tests/cases/bad/bad-pressure.yaml")
    assert_clean_exit(result, 1)
    out = reported(result)
    assert out[0].startswith("tests/cases/bad/bad-pressure.yaml:5:15: step 1, pressure: 'hard'")
    summary = SUMMARY.match(out[-1])
    assert summary is not None
    assert (summary.group(1), summary.group(2)) == ("1", "2")


def test_check_of_a_missing_path(in_repo: Cli) -> None:
    result = in_repo("check", "content/routines/nothere.yaml")
    assert_clean_exit(result, 1)
    assert lines(result.stderr) == [
        "content/routines/nothere.yaml: no such file or folder — check the path"
    ]


# new ----------------------------------------------------------------------------------------


def test_new_scaffolds_a_routine_that_passes_check(in_tmp: Cli, tmp_path: Path) -> None:
    result = in_tmp("new", "neck-release")
    assert_clean_exit(result, 0)
    written = tmp_path / "content" / "routines" / "neck-release.yaml"
    assert lines(result.stdout) == ["wrote content/routines/neck-release.yaml"]
    assert written.is_file()
    text = written.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/routine.schema.json\n")
    schema = tmp_path / "schema" / "routine.schema.json"
    assert (written.parent / "../../schema/routine.schema.json").resolve() == schema.resolve()
    assert json.loads(schema.read_text("utf-8"))["properties"]["steps"]
    check = in_tmp("check")
    assert_clean_exit(check, 0)
    assert lines(check.stdout) == ["1 file OK"]
    listing = in_tmp("list")
    assert listed(listing.output, "routines") == {"neck-release": "Neck release"}


def test_new_shows_every_step_field(in_tmp: Cli, tmp_path: Path) -> None:
    from handout.content.fields import names
    from handout.content.model import Routine, Step

    assert_clean_exit(in_tmp("new", "demo"), 0)
    text = (tmp_path / "content" / "routines" / "demo.yaml").read_text("utf-8")
    for name in [*names(Routine), *names(Step)]:
        assert re.search(rf"^\s*(#\s*)?(- )?{name}:", text, re.MULTILINE), name


def test_new_refuses_an_existing_id(in_tmp: Cli, tmp_path: Path) -> None:
    assert_clean_exit(in_tmp("new", "feet"), 0)
    path = tmp_path / "content" / "routines" / "feet.yaml"
    path.write_text("# mine\n" + path.read_text("utf-8"), "utf-8")
    before = path.read_bytes()
    result = in_tmp("new", "feet")
    assert_clean_exit(result, 1)
    assert lines(result.stderr) == [
        "content/routines/feet.yaml: already exists — choose another id or edit that file"
    ]
    assert path.read_bytes() == before


@pytest.mark.parametrize("bad", ["Neck", "neck release", "neck_release", "../evil", "", "x" * 65])
def test_new_refuses_a_bad_id(in_tmp: Cli, tmp_path: Path, bad: str) -> None:
    result = in_tmp("new", bad)
    assert_clean_exit(result, 1)
    assert f"'{bad}' is not a usable id — use lowercase letters, digits and dashes" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_keeps_an_existing_schema(in_tmp: Cli, tmp_path: Path) -> None:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "routine.schema.json").write_text("{}", "utf-8")
    assert_clean_exit(in_tmp("new", "feet"), 0)
    assert (tmp_path / "schema" / "routine.schema.json").read_text("utf-8") == "{}"


def test_new_with_a_missing_root_writes_nothing(in_tmp: Cli, tmp_path: Path) -> None:
    result = in_tmp("new", "feet", "--root", "nowhere")
    assert_clean_exit(result, 1)
    assert not (tmp_path / "nowhere").exists()


# schema -------------------------------------------------------------------------------------


def test_schema_is_json_with_the_routine_fields(in_repo: Cli) -> None:
    result = in_repo("schema")
    assert_clean_exit(result, 0)
    schema = json.loads(result.stdout)
    assert schema["type"] == "object"
    assert {"title", "summary", "steps"} <= set(schema["required"])
    assert {"title", "steps", "cautions", "duration", "audience"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False


def test_schema_region_enum_holds_every_region(in_repo: Cli) -> None:
    assert len(SPEC_REGIONS) == 28
    schema = json.loads(in_repo("schema").stdout)
    enums = [node["enum"] for node in _walk(schema) if isinstance(node.get("enum"), list)]
    regions = [e for e in enums if "calf" in e]
    assert regions, "no region enum"
    assert all(sorted(e) == sorted(SPEC_REGIONS) for e in regions)


def _walk(node: object) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += _walk(value)
    elif isinstance(node, list):
        for value in node:
            found += _walk(value)
    return found


# build: the errors (the PDFs themselves are tested in test_output*) --------------------------


def test_build_of_an_unknown_routine_names_close_ids(in_repo: Cli, tmp_path: Path) -> None:
    result = in_repo("build", "--routine", "front-leg", "--out", str(tmp_path / "x.pdf"))
    assert_clean_exit(result, 1)
    [message] = lines(result.stderr)
    assert message.startswith(
        "content/routines: no routine 'front-leg' — did you mean 'front-legs'"
    )
    assert not (tmp_path / "x.pdf").exists()


def test_build_of_a_routine_nothing_like_any_id(in_repo: Cli) -> None:
    result = in_repo("build", "--routine", "zzzz")
    assert_clean_exit(result, 1)
    assert lines(result.stderr) == [
        "content/routines: no routine 'zzzz' — run handout list to see the routines"
    ]


def test_build_of_an_unknown_manual_names_close_ids(in_repo: Cli) -> None:
    result = in_repo("build", "--manual", "leg-and-fot")
    assert_clean_exit(result, 1)
    assert lines(result.stderr) == [
        "content/manuals: no manual 'leg-and-fot' — did you mean 'leg-and-foot'?"
    ]


@pytest.mark.parametrize(
    "args",
    [[], ["--routine", "feet", "--all"], ["--routine", "feet", "--manual", "leg-and-foot"]],
    ids=["none", "routine-and-all", "routine-and-manual"],
)
def test_build_needs_exactly_one_target(in_repo: Cli, args: list[str]) -> None:
    result = in_repo("build", *args)
    assert_clean_exit(result, 2)
    assert "give exactly one of --routine ID, --manual ID or --all" in result.output


def test_build_with_a_missing_root(in_repo: Cli) -> None:
    result = in_repo("build", "--root", "no-such-folder", "--routine", "feet")
    assert_clean_exit(result, 1)
    assert lines(result.stderr) == [
        "no-such-folder: no such folder — give --root the path of a workspace folder"
    ]


@pytest.mark.parametrize("command", [["list"], ["check"], ["build", "--routine", "feet"]])
def test_every_workspace_command_refuses_a_missing_root(in_tmp: Cli, command: list[str]) -> None:
    result = in_tmp(*command, "--root", "missing")
    assert_clean_exit(result, 1)
    assert "missing: no such folder" in result.stderr


def test_build_with_an_unknown_format(in_repo: Cli, tmp_path: Path) -> None:
    result = in_repo(
        "build", "--routine", "feet", "--format", "poster", "--out", str(tmp_path / "x.pdf")
    )
    assert_clean_exit(result, 2)
    assert lines(result.stderr) == ["unknown format 'poster' — use card, sheet or booklet"]
    assert list(tmp_path.iterdir()) == []


def test_build_with_a_bad_paper(in_repo: Cli, tmp_path: Path) -> None:
    result = in_repo(
        "build", "--routine", "feet", "--paper", "a9x", "--out", str(tmp_path / "x.pdf")
    )
    assert_clean_exit(result, 2)
    [message] = lines(result.stderr)
    assert message == (
        "unknown paper 'a9x' — use a3, a4, a5, a6, a7, b5, letter, legal, half-letter, tabloid,"
        " sra3 or sra4, or a size in mm, cm or in such as 100x150mm or 4x6in (20 to 1200 mm a side);"
        " add -landscape to turn any of them"
    )
    assert list(tmp_path.iterdir()) == []


def test_build_of_a_bad_file_is_exit_1_with_its_problems(in_repo: Cli, tmp_path: Path) -> None:
    result = in_repo(
        "build", "--routine", "tests/cases/bad/many-problems.yaml", "--out", str(tmp_path / "x.pdf")
    )
    assert_clean_exit(result, 1)
    assert len(lines(result.stderr)) == 3
    assert list(tmp_path.iterdir()) == []


def test_a_missing_translation_builds_the_source_with_a_warning(
    in_repo: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "feet-fr.pdf"
    result = in_repo("build", "--routine", "feet", "--lang", "fr", "--out", str(out))
    assert_clean_exit(result, 0)
    assert lines(result.stderr) == [
        "warning: content/routines/feet.fr.yaml: no 'fr' translation of routine 'feet'"
        " — its text stays in the source language; write feet.fr.yaml to translate it"
    ]
    assert "Foot Massage" in pdf_text(out)


# workspace resolution -------------------------------------------------------------------------


def test_an_empty_folder_uses_the_built_in_workspace(in_tmp: Cli, tmp_path: Path) -> None:
    from handout.content.workspace import builtin_root

    result = in_tmp("list")
    assert_clean_exit(result, 0)
    assert sorted(listed(result.output, "routines")) == ROUTINES
    assert (tmp_path / workspace_line(result.output)).resolve() == builtin_root().resolve()
    assert list(tmp_path.iterdir()) == []


def test_a_folder_with_content_is_the_workspace(in_tmp: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "content" / "routines"
    folder.mkdir(parents=True)
    (folder / "x.yaml").write_text("title: Mine\nsummary: Only.\nsteps:\n  - title: One\n", "utf-8")
    result = in_tmp("list")
    assert_clean_exit(result, 0)
    assert listed(result.output, "routines") == {"x": "Mine"}
    assert listed(result.output, "manuals") == {}
    assert workspace_line(result.output) == Path(".")


def test_a_folder_with_only_handout_yaml_brands_the_built_in_content(
    in_tmp: Cli, tmp_path: Path
) -> None:
    """A clinic folder holding just its handout.yaml builds the built-in routines its way."""
    (tmp_path / "handout.yaml").write_text("paper: letter\n", "utf-8")
    result = in_tmp("list")
    assert_clean_exit(result, 0)
    assert sorted(listed(result.output, "routines")) == ROUTINES
    assert workspace_line(result.output) == Path(".")
    built = in_tmp("build", "--routine", "feet")
    assert_clean_exit(built, 0)
    import pikepdf

    with pikepdf.open(tmp_path / "output" / "feet-sheet.pdf") as pdf:
        assert [round(float(v)) for v in pdf.pages[0].mediabox[2:]] == [612, 792]


def test_root_wins_over_the_current_folder(in_tmp: Cli, tmp_path: Path) -> None:
    mine = tmp_path / "content" / "routines"
    mine.mkdir(parents=True)
    (mine / "x.yaml").write_text("title: Mine\nsummary: Only.\nsteps:\n  - title: One\n", "utf-8")
    result = in_tmp("list", "--root", str(REPO))
    assert_clean_exit(result, 0)
    assert sorted(listed(result.output, "routines")) == ROUTINES


def test_root_is_taken_as_given(in_tmp: Cli, tmp_path: Path) -> None:
    """--root names the workspace even when it holds nothing yet; with no content/ of its own
    it builds the built-in routines."""
    (tmp_path / "empty").mkdir()
    result = in_tmp("list", "--root", "empty")
    assert_clean_exit(result, 0)
    assert sorted(listed(result.output, "routines")) == ROUTINES
    assert workspace_line(result.output) == Path("empty")


def test_check_of_a_workspace_folder_checks_its_content(in_repo: Cli) -> None:
    whole = in_repo("check")
    dot = in_repo("check", ".")
    assert_clean_exit(dot, 0)
    assert dot.stdout == whole.stdout  # not .venv/ or tests/cases/bad/


def test_a_manual_finds_its_routines_in_its_own_workspace(in_tmp: Cli, tmp_path: Path) -> None:
    clinic = tmp_path / "clinic"
    (clinic / "content" / "routines").mkdir(parents=True)
    (clinic / "content" / "manuals").mkdir()
    (clinic / "content" / "routines" / "neck.yaml").write_text(
        "title: Neck\nsummary: S.\nsteps:\n  - title: One\n", "utf-8"
    )
    (clinic / "content" / "manuals" / "course.yaml").write_text(
        "title: Course\nroutines: [neck]\n", "utf-8"
    )
    for target in ("clinic", "clinic/content/manuals/course.yaml"):
        result = in_tmp("check", target)
        assert_clean_exit(result, 0)


def test_preview_writes_one_png_per_page_next_to_the_pdf(in_tmp: Cli, tmp_path: Path) -> None:
    from PIL import Image

    result = in_tmp("preview", "front-legs", "--dpi", "40")
    assert_clean_exit(result, 0)
    pngs = sorted((tmp_path / "output").glob("front-legs-sheet-*.png"))
    assert [p.name for p in pngs] == [f"front-legs-sheet-{n}.png" for n in (1, 2, 3)]
    assert lines(result.stdout) == [f"wrote {Path('output') / p.name}" for p in pngs]
    with Image.open(pngs[0]) as image:
        assert image.size == (round(210 / 25.4 * 40), round(297 / 25.4 * 40))


def test_icons_writes_the_region_sheet(in_tmp: Cli, tmp_path: Path) -> None:
    result = in_tmp("icons", "--out", "regions.pdf")
    assert_clean_exit(result, 0)
    assert lines(result.stdout) == ["wrote regions.pdf"]
    assert (tmp_path / "regions.pdf").read_bytes().startswith(b"%PDF-")


# the command as a process -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "stream", "text"),
    [
        (["list"], 0, "stdout", "front-legs"),
        (["build", "--routine", "no-such-routine"], 1, "stderr", "no-such-routine"),
        (["build"], 2, "stderr", "give exactly one of --routine ID, --manual ID or --all"),
    ],
)
def test_the_process_exits_with_the_code_and_flushes_its_output(
    tmp_path: Path, args: list[str], code: int, stream: str, text: str
) -> None:
    """`python -m handout` ends through cli.run (os._exit): the status and every line survive."""
    done = subprocess.run(
        [sys.executable, "-m", "handout", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == code
    assert text in getattr(done, stream)
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize(("given", "status"), [(None, 0), (0, 0), (2, 2), ("bye", 1)])
def test_exit_codes_follow_system_exit(given: object, status: int) -> None:
    from handout.cli import _exit_code

    assert _exit_code(given) == status
