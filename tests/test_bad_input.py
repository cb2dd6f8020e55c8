"""Bad input gets a clear error: one line per problem, at the right place, exit 1, no traceback.

The corpus is data: every `tests/cases/bad/**/NAME.yaml` has a `NAME.expected`
next to it holding the exact lines `handout check` prints for it, run from the
repository root. A file in a `manuals/` folder is checked as a manual, one in
a `templates/` folder as a layout template, a file named `handout.yaml` as a
workspace's brand file, anything else as a routine.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import Result

from clitools import REPO, SUMMARY, Cli, assert_clean_exit, hang_guard, lines, reported
from handout.content.yamlload import MAX_BYTES

BAD = REPO / "tests" / "cases" / "bad"
CASES = sorted(BAD.rglob("*.yaml"))
LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<message>\S.*)$")


def case_id(path: Path) -> str:
    return path.relative_to(BAD).with_suffix("").as_posix()


def expected_lines(case: Path) -> list[str]:
    return case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()


def problem_lines(result: Result) -> list[str]:
    """What `check` printed, less its closing count (the streams may change; the lines may not)."""
    return [line for line in reported(result) if not SUMMARY.match(line)]


def shown(case: Path) -> str:
    return case.relative_to(REPO).as_posix()


def test_the_corpus_is_there() -> None:
    assert len(CASES) >= 30
    assert all(expected_lines(case) for case in CASES), "every case expects at least one problem"
    assert not sorted(p for p in BAD.rglob("*.expected") if not p.with_suffix(".yaml").exists())


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_check_prints_exactly_the_expected_problems(in_repo: Cli, case: Path) -> None:
    expected = expected_lines(case)
    result = in_repo("check", shown(case))
    assert_clean_exit(result, 1)
    summaries = [line for line in lines(result.output) if SUMMARY.match(line)]
    assert problem_lines(result) == expected
    assert len(summaries) == 1
    count = SUMMARY.match(summaries[0])
    assert count is not None and int(count.group(1)) == len(expected)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_expected_line_names_the_file_and_a_real_position(case: Path) -> None:
    source = case.read_bytes().splitlines() or [b""]
    for text in expected_lines(case):
        match = LINE.match(text)
        assert match, f"not file:line:col: message — {text!r}"
        assert match["file"] == shown(case)
        line, col = int(match["line"]), int(match["col"])
        assert 1 <= line <= len(source), text
        assert 1 <= col <= len(source[line - 1]) + 1, text
        assert "\n" not in match["message"] and "Traceback" not in match["message"]


def build_args(case: Path) -> list[str]:
    """A build that reads the bad file: as the routine, the manual, the template or the brand."""
    routine = ["--routine", "content/routines/front-legs.yaml"]
    if case.name == "handout.yaml":
        return ["build", "--root", shown(case.parent), *routine]
    if case.parent.name == "templates":
        return ["build", "--root", shown(case.parent.parent), *routine, "--template", case.stem]
    kind = "--manual" if case.parent.name == "manuals" else "--routine"
    return ["build", kind, shown(case)]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_build_stops_with_the_same_messages_and_writes_nothing(
    in_repo: Cli, case: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.pdf"
    result = in_repo(*build_args(case), "--out", str(out))
    assert_clean_exit(result, 1)
    assert lines(result.stderr) == expected_lines(case)
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_all_problems_in_a_file_are_reported_at_once(in_repo: Cli) -> None:
    result = in_repo("check", "tests/cases/bad/many-problems.yaml")
    assert_clean_exit(result, 1)
    problems = [line for line in lines(result.output) if LINE.match(line)]
    assert len(problems) == 3
    assert len({LINE.match(p)["line"] for p in problems}) == 3  # type: ignore[index]
    assert any("duplicate key 'cue'" in p for p in problems)
    assert any("'hard' is not one of light, medium, firm" in p for p in problems)
    assert any("unknown region 'elbow'" in p for p in problems)


def test_checking_the_folder_reports_every_file(in_repo: Cli) -> None:
    result = in_repo("check", "tests/cases/bad")
    assert_clean_exit(result, 1)
    expected = [line for case in CASES for line in expected_lines(case)]
    assert problem_lines(result) == expected
    assert lines(result.output)[-1] == f"{len(expected)} problems in {len(CASES)} files"


def test_an_alias_bomb_fails_fast(in_tmp: Cli, tmp_path: Path) -> None:
    # Twelve levels of ten: 10**12 values once expanded, a few hundred bytes on disk.
    rows = ["title: Bomb", "summary: Too many laughs.", 'l0: &l0 ["lol", "lol", "lol"]']
    rows += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 13)]
    rows += ["steps:", "  - title: One"]
    (tmp_path / "bomb.yaml").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with hang_guard(30):  # expanded, it would take hours: any machine fails it at the cap
        result = in_tmp("check", "bomb.yaml")
    assert_clean_exit(result, 1)
    [problem] = [line for line in lines(result.output) if LINE.match(line)]
    assert "(an alias bomb?) — remove the anchors (&) and aliases (*)" in problem


def test_an_alias_repeats_its_anchor_and_its_positions(in_tmp: Cli, tmp_path: Path) -> None:
    rows = [
        "title: Aliases",
        "summary: One step written once, used twice.",
        "steps:",
        "  - &twice {title: Knead, pressure: hard}",
        "  - *twice",
    ]
    (tmp_path / "twice.yaml").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = in_tmp("check", "twice.yaml")
    assert_clean_exit(result, 1)
    assert reported(result) == [
        "twice.yaml:4:37: step 1, pressure: 'hard' is not one of light, medium, firm",
        "twice.yaml:4:37: step 2, pressure: 'hard' is not one of light, medium, firm",
        "2 problems in 1 file",
    ]


def test_the_corpus_alias_bomb_fails_fast(in_repo: Cli) -> None:
    with hang_guard(30):
        result = in_repo("check", "tests/cases/bad/alias-bomb.yaml")
    assert_clean_exit(result, 1)


def test_a_file_over_the_size_cap_is_refused(in_tmp: Cli, tmp_path: Path) -> None:
    valid = "title: Big\nsummary: Padded with a comment.\nsteps:\n  - title: One\ncautions: [Go gently.]\n"
    padding = MAX_BYTES + 1 - len(valid) - 2
    (tmp_path / "big.yaml").write_text(valid + "#" + "x" * padding + "\n", encoding="utf-8")
    assert (tmp_path / "big.yaml").stat().st_size == MAX_BYTES + 1
    result = in_tmp("check", "big.yaml")
    assert_clean_exit(result, 1)
    assert problem_lines(result) == [
        f"big.yaml:1:1: file is {MAX_BYTES + 1:,} bytes, over the {MAX_BYTES:,}-byte limit"
        " — split it into smaller files"
    ]


def test_a_file_exactly_at_the_size_cap_is_read(in_tmp: Cli, tmp_path: Path) -> None:
    valid = "title: Big\nsummary: Padded with a comment.\nsteps:\n  - title: One\ncautions: [Go gently.]\n"
    padding = MAX_BYTES - len(valid) - 2
    (tmp_path / "big.yaml").write_text(valid + "#" + "x" * padding + "\n", encoding="utf-8")
    assert (tmp_path / "big.yaml").stat().st_size == MAX_BYTES
    result = in_tmp("check", "big.yaml")
    assert_clean_exit(result, 0)
    assert re.fullmatch(r"1 file OK", result.stdout.strip())


def test_non_utf8_bytes_are_located(in_tmp: Cli, tmp_path: Path) -> None:
    (tmp_path / "latin.yaml").write_bytes(
        b"title: Feet\nsummary: Fine so far.\nsteps:\n  - title: Caf\xc3\xa9 \xe0 pied\n"
    )
    result = in_tmp("check", "latin.yaml")
    assert_clean_exit(result, 1)
    assert problem_lines(result) == [
        "latin.yaml:4:17: byte 0xe0 is not UTF-8 — save the file as UTF-8"
    ]


def test_a_bom_is_accepted(in_tmp: Cli, tmp_path: Path) -> None:
    (tmp_path / "bom.yaml").write_bytes(
        "\ufefftitle: Feet\nsummary: Saved with a BOM.\nsteps:\n  - title: One\n".encode()
    )
    assert_clean_exit(in_tmp("check", "bom.yaml"), 0)


def test_a_manual_does_not_repeat_its_routines_problems(in_tmp: Cli, tmp_path: Path) -> None:
    (tmp_path / "content" / "routines").mkdir(parents=True)
    (tmp_path / "content" / "manuals").mkdir()
    (tmp_path / "content" / "routines" / "a.yaml").write_text(
        "title: A\nsummary: B\nsteps:\n  - title: One\n    pressure: hard\n", "utf-8"
    )
    (tmp_path / "content" / "manuals" / "m.yaml").write_text("title: M\nroutines: [a]\n", "utf-8")
    result = in_tmp("check")
    assert_clean_exit(result, 1)
    assert problem_lines(result) == [
        "content/routines/a.yaml:5:15: step 1, pressure: 'hard' is not one of light, medium, firm"
    ]
