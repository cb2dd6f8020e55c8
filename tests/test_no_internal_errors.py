"""No internal errors (#12, item 3): each class of crash found so far is now one line for people.

- numbers too large to use (`repeat`, `time`, `duration`, an integer of thousands of digits)
  and text no file or PDF can hold (a lone UTF-16 half written as a YAML `\\ud800` escape) are
  refused by the field checks, so `check` and `build` print the same `file:line:col` lines;
- paper too small for a format's fixed parts (from --paper, handout.yaml or a template) is
  refused before reportlab sees it, naming the smallest size that works;
- `--lang` takes language codes only (exit 2), and SOURCE_DATE_EPOCH must be whole seconds.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from clitools import SUMMARY, Cli, assert_clean_exit, lines, reported
from handout.commands.build import today
from handout.content.fields import check
from handout.content.model import Routine

ROUTINE = "content/routines/r.yaml"
HEAD = "title: Calves\nsummary: A short routine.\n"
CAUTIONS = "cautions: [Keep it light.]\n"  # a routine the safety lint has nothing to say about


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def check_and_build(cli: Cli, *build: str) -> list[str]:
    """The problem lines, which `check` and the build must both print, each exiting 1."""
    checked = cli("check")
    assert_clean_exit(checked, 1)
    found = [line for line in reported(checked) if not SUMMARY.match(line)]
    built = cli("build", *build)
    assert_clean_exit(built, 1)
    assert lines(built.output) == found
    assert not Path("output").exists()
    return found


# numbers ---------------------------------------------------------------------------------

BIG = str(10**400)
RANGE = "5-1" + "0" * 300
LONG_TIME = "1" * 400 + " s"


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (f"repeat: {BIG}", f"step 1, repeat: '{BIG}' is too many — write a count of 1000 or less"),
        (
            f'repeat: "{RANGE}"',
            f"step 1, repeat: '{RANGE}' is too many — write a count of 1000 or less",
        ),
        (
            f"time: {LONG_TIME}",
            f"step 1, time: '{LONG_TIME}' is longer than a day — give a duration of 24 h or less",
        ),
        (
            "time: 25 h",
            "step 1, time: '25 h' is longer than a day — give a duration of 24 h or less",
        ),
        (
            "repeat: " + "7" * 5000,
            "a number of 5,000 characters is too long — write at most 1000 digits,"
            " or quote it as text",
        ),
    ],
    ids=["repeat-10**400", "range-to-10**300", "time-400-digits", "time-25-h", "5000-digits"],
)
def test_a_number_too_large_is_refused_by_check_and_build(
    in_tmp: Cli, tmp_path: Path, step: str, message: str
) -> None:
    write(tmp_path, ROUTINE, f"{HEAD}steps:\n  - title: Stroke\n    {step}\n")
    column = 5 + len(step.split(" ")[0]) + 1  # where the value starts, after "    key: "
    assert check_and_build(in_tmp, "--routine", "r") == [f"{ROUTINE}:5:{column}: {message}"]


def test_a_routine_duration_over_a_day_is_refused(in_tmp: Cli, tmp_path: Path) -> None:
    write(tmp_path, ROUTINE, f"{HEAD}duration: 1441 min\nsteps:\n  - title: Stroke\n")
    assert check_and_build(in_tmp, "--routine", "r") == [
        f"{ROUTINE}:3:11: duration: '1441 min' is longer than a day"
        " — give a duration of 24 h or less"
    ]


def test_the_largest_repeat_and_time_build(in_tmp: Cli, tmp_path: Path) -> None:
    write(tmp_path, ROUTINE, f"{HEAD}steps:\n  - title: Stroke\n    repeat: 1000\n    time: 24 h\n")
    assert_clean_exit(in_tmp("build", "--routine", "r"), 0)


# text ------------------------------------------------------------------------------------

LONE = "— write the character itself or remove it"


def test_a_lone_surrogate_in_a_routine_is_refused_where_it_stands(
    in_tmp: Cli, tmp_path: Path
) -> None:
    write(
        tmp_path,
        ROUTINE,
        'title: "\\ud800"\nsummary: S\nsteps:\n  - title: Stroke\n    text: ["Up.", "ab\\udfff"]\n',
    )
    assert check_and_build(in_tmp, "--routine", "r") == [
        f"{ROUTINE}:1:8: title: character 1 is \\ud800, a lone half of a UTF-16 pair {LONE}",
        f"{ROUTINE}:5:19: step 1, text line 2: character 3 is \\udfff,"
        f" a lone half of a UTF-16 pair {LONE}",
    ]


def test_a_lone_surrogate_in_a_manual_intro_is_refused(in_tmp: Cli, tmp_path: Path) -> None:
    write(tmp_path, ROUTINE, f"{HEAD}steps:\n  - title: Stroke\n{CAUTIONS}")
    write(tmp_path, "content/manuals/m.yaml", 'title: M\nintro: "x\\udc80"\nroutines: [r]\n')
    assert check_and_build(in_tmp, "--manual", "m") == [
        "content/manuals/m.yaml:2:8: intro: character 2 is \\udc80,"
        f" a lone half of a UTF-16 pair {LONE}"
    ]


def test_a_lone_surrogate_in_handout_yaml_is_refused(in_tmp: Cli, tmp_path: Path) -> None:
    write(tmp_path, ROUTINE, f"{HEAD}steps:\n  - title: Stroke\n{CAUTIONS}")
    write(tmp_path, "handout.yaml", 'clinic:\n  name: "Calm \\ud83d"\n')
    assert check_and_build(in_tmp, "--routine", "r") == [
        f"handout.yaml:2:9: clinic.name: character 6 is \\ud83d, a lone half of a UTF-16 pair {LONE}"
    ]


def test_a_pair_of_halves_is_the_character_they_make() -> None:
    steps = [{"title": "\ud83d\ude00 smile"}]
    routine = check(Routine, {"title": "T\ud83d\ude00", "summary": "S", "steps": steps})
    assert (routine.title, routine.steps[0].title) == ("T\U0001f600", "\U0001f600 smile")


def test_a_message_quoting_a_lone_surrogate_prints_it_escaped(in_tmp: Cli, tmp_path: Path) -> None:
    write(
        tmp_path, ROUTINE, f'{HEAD}"\\ud800": 1\nsteps:\n  - title: Stroke\n    region: "\\udc00"\n'
    )
    found = check_and_build(in_tmp, "--routine", "r")
    assert found[0].startswith(f"{ROUTINE}:3:1: unknown key '\\ud800' — remove it (allowed: ")
    assert found[1] == (
        f"{ROUTINE}:6:13: step 1, region: unknown region '\\udc00' — see handout schema for the list"
    )


# paper -----------------------------------------------------------------------------------

SMALLEST = "the smallest that works with its template's margins is"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--paper", "20x20mm", "--format", "booklet"],
            f"paper '20x20mm' is too small for a booklet — {SMALLEST} 90x90mm"
            " (60 mm inside the margins each way)",
        ),
        (
            ["--paper", "1200x20mm"],
            f"paper '1200x20mm' is too small for a sheet — {SMALLEST} 97x91mm"
            " (65 mm inside the margins each way)",
        ),
        (
            ["--paper", "a7"],
            f"paper 'a7' is too small for a sheet — {SMALLEST} 97x91mm"
            " (65 mm inside the margins each way)",
        ),
        (
            ["--paper", "40x200mm", "--format", "card"],
            f"paper '40x200mm' is too small for a card — {SMALLEST} 62x62mm"
            " (50 mm inside the margins each way)",
        ),
    ],
    ids=["tiny-booklet", "1200x20-sheet", "a7-sheet", "narrow-card"],
)
def test_paper_too_small_for_the_format_is_a_usage_error(
    in_repo: Cli, args: list[str], message: str
) -> None:
    result = in_repo("build", "--routine", "front-legs", "--out", "/nonexistent/x.pdf", *args)
    assert_clean_exit(result, 2)
    assert lines(result.output) == [message]


@pytest.mark.parametrize("fmt", ["card", "sheet", "booklet"])
def test_the_smallest_paper_named_is_accepted(in_tmp: Cli, fmt: str) -> None:
    smallest = {"card": "62x62mm", "sheet": "97x91mm", "booklet": "90x90mm"}[fmt]
    result = in_tmp("build", "--routine", "feet", "--format", fmt, "--paper", smallest)
    assert result.exit_code in (0, 1), result.output  # 1: the content does not fit, said so
    assert_clean_exit(result, result.exit_code)
    assert "too small for a" not in result.output


def test_paper_too_small_in_handout_yaml_is_that_files_error(in_tmp: Cli, tmp_path: Path) -> None:
    write(tmp_path, ROUTINE, f"{HEAD}steps:\n  - title: Stroke\n")
    write(tmp_path, "handout.yaml", "clinic: {name: Calm}\npaper: 80x80mm\n")
    result = in_tmp("build", "--routine", "r")
    assert_clean_exit(result, 1)
    assert lines(result.output) == [
        f"handout.yaml:2:8: paper '80x80mm' is too small for a sheet — {SMALLEST} 97x91mm"
        " (65 mm inside the margins each way)"
    ]


def test_paper_too_small_for_a_templates_margins_is_that_files_error(
    in_tmp: Cli, tmp_path: Path
) -> None:
    write(tmp_path, ROUTINE, f"{HEAD}steps:\n  - title: Stroke\n")
    write(
        tmp_path,
        "templates/wide.yaml",
        "format: booklet\npaper: a5\nmargins: {top: 10, right: 45, bottom: 10, left: 45}\n",
    )
    result = in_tmp("build", "--routine", "r", "--template", "wide")
    assert_clean_exit(result, 1)
    assert lines(result.output) == [
        f"templates/wide.yaml:2:8: paper 'a5' is too small for a booklet — {SMALLEST} 150x80mm"
        " (60 mm inside the margins each way)"
    ]


# --lang ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["../../etc", "de\n", "", "DE", "de_DE", "pt-br-x", "d"])
def test_lang_that_is_no_language_code_is_a_usage_error(in_tmp: Cli, lang: str) -> None:
    result = in_tmp("build", "--routine", "front-legs", "--lang", lang)
    assert_clean_exit(result, 2)
    assert (
        f"Error: Invalid value for '--lang': {lang!r} is not a language code — use two or three"
        " lowercase letters such as de, optionally with a region such as pt-br"
    ) in result.output
    assert not Path("output").exists()


def test_lang_with_a_region_is_a_language_code(in_repo: Cli, tmp_path: Path) -> None:
    result = in_repo(
        "build", "--routine", "front-legs", "--lang", "pt-br", "--out", str(tmp_path / "x.pdf")
    )
    assert_clean_exit(result, 0)
    assert lines(result.stderr) == [
        "warning: content/routines/front-legs.pt-br.yaml: no 'pt-br' translation of routine"
        " 'front-legs' — its text stays in the source language; write front-legs.pt-br.yaml to"
        " translate it"
    ]


# SOURCE_DATE_EPOCH -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "epoch", ["abc", "-5", "1e5", "+5", "99999999999999999999", "253402300800"]
)
def test_source_date_epoch_that_is_not_a_time_is_refused(
    in_tmp: Cli, monkeypatch: pytest.MonkeyPatch, epoch: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result = in_tmp("build", "--routine", "feet")
    assert_clean_exit(result, 2)
    assert lines(result.output) == [
        f"SOURCE_DATE_EPOCH='{epoch}' is not a time — set it to whole seconds since 1970"
        " (0 to 253402300799, e.g. 1700000000) or unset it"
    ]
    assert not Path("output").exists()


@pytest.mark.parametrize(
    ("epoch", "day"), [(" 1700000000 ", date(2023, 11, 14)), ("253402300799", date(9999, 12, 31))]
)
def test_source_date_epoch_dates_a_personal_sheet(
    monkeypatch: pytest.MonkeyPatch, epoch: str, day: date
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert today() == day


def test_check_of_a_name_too_long_for_the_file_system_is_not_found(in_tmp: Cli) -> None:
    name = "a" * 300
    result = in_tmp("check", name)
    assert_clean_exit(result, 1)
    assert reported(result) == [f"{name}: no such file or folder — check the path"]
