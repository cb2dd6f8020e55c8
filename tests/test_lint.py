"""The safety lint (issue 16): rules as data, findings word for word, and the build's refusal.

The corpus is data: every `tests/cases/lint/RULE-bad.yaml` and `RULE-good.yaml` has a
`.expected` beside it holding the exact lines `handout check` prints for it, run from the
repository root (empty for a good case). Each shipped rule has one case of each.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2
import pytest

from clitools import REPO, Cli, assert_clean_exit, lines, reported
from handout.check.lint.rules import SHIPPED

LINT = REPO / "tests" / "cases" / "lint"
CASES = sorted(LINT.glob("*.yaml"))
FINDING = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<level>error|warning)\[")
SHIPPED_IDS = re.findall(r"^  - id: (\S+)$", SHIPPED.read_text("utf-8"), re.MULTILINE)
CLEAN = """\
title: Calf strokes
summary: Light strokes up the calf.
cautions:
  - Skip any area with varicose veins, broken skin or a fresh injury.
  - level: stop
    text: Stop if the client feels sharp pain.
steps:
  - title: Stroke the calf
    region: calf
    direction: up
    pressure: light
"""


def expected_lines(case: Path) -> list[str]:
    return case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()


def shown(case: Path) -> str:
    return case.relative_to(REPO).as_posix()


def findings(text: str) -> list[str]:
    return [line for line in lines(text) if FINDING.match(line)]


def errors(found: list[str]) -> list[str]:
    return [line for line in found if FINDING.match(line)["level"] == "error"]  # type: ignore[index]


# --------------------------------------------------------------------------------- the corpus


def test_every_rule_has_a_bad_and_a_good_case() -> None:
    assert len(SHIPPED_IDS) >= 12
    assert sorted(c.stem for c in CASES) == sorted(
        f"{rid}-{kind}" for rid in SHIPPED_IDS for kind in ("bad", "good")
    )
    for rid in SHIPPED_IDS:
        assert any(f"[{rid}]:" in line for line in expected_lines(LINT / f"{rid}-bad.yaml")), rid
        assert expected_lines(LINT / f"{rid}-good.yaml") == [], rid


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_check_prints_exactly_the_expected_findings(in_repo: Cli, case: Path) -> None:
    expected = expected_lines(case)
    result = in_repo("check", shown(case))
    assert_clean_exit(result, 1 if errors(expected) else 0)
    assert findings(result.stdout) == expected
    assert [line for line in reported(result) if line not in expected] == [
        _summary(expected) or "1 file OK"
    ]


def _summary(expected: list[str]) -> str:
    failed, warned = len(errors(expected)), len(expected) - len(errors(expected))
    parts = [
        f"{n} {noun}{'s' if n > 1 else ''}"
        for n, noun in ((failed, "problem"), (warned, "warning"))
        if n
    ]
    return f"{' and '.join(parts)} in 1 file" if parts else ""


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_strict_fails_on_any_finding(in_repo: Cli, case: Path) -> None:
    result = in_repo("check", "--strict", shown(case))
    assert_clean_exit(result, 1 if expected_lines(case) else 0)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_build_agrees_with_check(in_repo: Cli, case: Path, tmp_path: Path) -> None:
    """Errors refuse the build with check's very lines and nothing written; warnings are the
    build's warnings, each check's line."""
    expected = expected_lines(case)
    out = tmp_path / "out.pdf"
    result = in_repo("build", "--routine", shown(case), "--out", str(out))
    if errors(expected):
        assert_clean_exit(result, 1)
        assert lines(result.stderr) == errors(expected)
        assert list(tmp_path.iterdir()) == []
    else:
        assert_clean_exit(result, 0)
        assert [w for w in lines(result.stderr) if "[" in w] == [f"warning: {w}" for w in expected]
        assert out.is_file()


@pytest.mark.parametrize(
    "case", [c for c in CASES if errors(expected_lines(c))], ids=lambda p: p.stem
)
def test_no_lint_builds_anyway(in_repo: Cli, case: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    result = in_repo("build", "--routine", shown(case), "--out", str(out), "--no-lint")
    assert_clean_exit(result, 0)
    assert out.is_file()
    assert "[" not in result.stderr
    assert _unchecked_pages(out) == [len(pypdfium2.PdfDocument(str(out))) - 1]


@pytest.mark.parametrize(
    "args",
    [
        ["--routine", "front-legs"],
        ["--routine", "feet", "--format", "card"],
        ["--manual", "leg-and-foot"],
    ],
)
def test_only_a_build_without_the_lint_says_so_on_its_last_page(
    in_repo: Cli, tmp_path: Path, args: list[str]
) -> None:
    checked, unchecked = tmp_path / "checked.pdf", tmp_path / "unchecked.pdf"
    assert_clean_exit(in_repo("build", *args, "--out", str(checked)), 0)
    assert_clean_exit(in_repo("build", *args, "--out", str(unchecked), "--no-lint"), 0)
    assert _unchecked_pages(checked) == []
    assert _unchecked_pages(unchecked) == [len(pypdfium2.PdfDocument(str(unchecked))) - 1]


def _unchecked_pages(path: Path) -> list[int]:
    """The pages that say the document was built without the safety lint."""
    pdf = pypdfium2.PdfDocument(str(path))
    words = "Not safety-checked: built with --no-lint"
    return [i for i in range(len(pdf)) if words in pdf[i].get_textpage().get_text_range()]


def test_checking_the_folder_reports_every_case_in_file_order(in_repo: Cli) -> None:
    result = in_repo("check", "tests/cases/lint")
    expected = [line for case in CASES for line in expected_lines(case)]
    assert_clean_exit(result, 1)
    assert findings(result.stdout) == expected
    failed = len(errors(expected))
    assert lines(result.stderr)[-1] == (
        f"{failed} problems and {len(expected) - failed} warnings in {len(CASES)} files"
    )


# -------------------------------------------------------------------------------- the rules


def test_rules_lists_each_rule_on_one_line(in_repo: Cli) -> None:
    result = in_repo("check", "--rules")
    assert_clean_exit(result, 0)
    listed = lines(result.stdout)
    assert [line.split()[0] for line in listed] == SHIPPED_IDS
    assert listed[0] == (
        "back-of-knee-pressure    error    pressure on the back of the knee"
        " — work it with light pressure only, or leave it out"
    )
    assert all(line.split()[1] in ("error", "warning") for line in listed)


def test_every_shipped_rule_names_its_reason_and_seed() -> None:
    from handout.check.lint.rules import rules
    from handout.content.workspace import Workspace

    for rule in rules(Workspace(REPO / "tests")).values():
        assert rule.reason and len(rule.reason.split()) >= 8, rule.id
        assert rule.seed and re.fullmatch(r"00[0-4]_[0-9a-f]{16}\.txt", rule.seed), rule.id
        assert rule.message and " — " in rule.message, rule.id


# ------------------------------------------------------------------------------ allow


def routine_ws(tmp_path: Path, text: str, rules: str | None = None) -> None:
    (tmp_path / "content" / "routines").mkdir(parents=True)
    (tmp_path / "content" / "routines" / "r.yaml").write_text(text, "utf-8")
    if rules is not None:
        (tmp_path / "rules.yaml").write_text(rules, "utf-8")


KNEE = CLEAN + "  - title: Knee thumbing\n    region: back-of-knee\n    pressure: firm\n"
KNEE_FINDING = (
    "content/routines/r.yaml:14:15: error[back-of-knee-pressure]: pressure on the back of the"
    " knee — work it with light pressure only, or leave it out (step 2 'Knee thumbing')"
)


def test_a_clean_routine_gets_no_finding(in_tmp: Cli, tmp_path: Path) -> None:
    routine_ws(tmp_path, CLEAN)
    result = in_tmp("check", "--strict")
    assert_clean_exit(result, 0)
    assert lines(result.stdout) == ["1 file OK"]


def test_allow_on_the_step_silences_the_rule_there(in_tmp: Cli, tmp_path: Path) -> None:
    routine_ws(tmp_path, KNEE)
    assert findings(in_tmp("check").stdout) == [KNEE_FINDING]
    (tmp_path / "content" / "routines" / "r.yaml").write_text(
        KNEE + "    allow: [back-of-knee-pressure]\n", "utf-8"
    )
    assert_clean_exit(in_tmp("check", "--strict"), 0)


def test_allow_on_the_routine_silences_the_rule_everywhere(in_tmp: Cli, tmp_path: Path) -> None:
    text = KNEE.replace("cautions:", "allow: [back-of-knee-pressure, no-cautions]\ncautions:")
    routine_ws(tmp_path, text)
    assert_clean_exit(in_tmp("check", "--strict"), 0)


def test_allow_of_another_rule_silences_nothing(in_tmp: Cli, tmp_path: Path) -> None:
    routine_ws(tmp_path, KNEE + "    allow: [no-cautions]\n")
    result = in_tmp("check")
    assert_clean_exit(result, 1)
    assert findings(result.stdout) == [KNEE_FINDING]


@pytest.mark.parametrize(
    ("where", "name", "message"),
    [
        ("step", "back-of-kne", "15:13: step 2, allow: unknown rule 'back-of-kne' — did you mean 'back-of-knee-pressure'?"),
        ("step", "knees", "15:13: step 2, allow: unknown rule 'knees' — handout check --rules lists them"),
        ("routine", "no-caution", "3:9: allow: unknown rule 'no-caution' — did you mean 'no-cautions'?"),
    ],
)  # fmt: skip
def test_an_unknown_allow_is_an_error_with_did_you_mean(
    in_tmp: Cli, tmp_path: Path, where: str, name: str, message: str
) -> None:
    text = (
        KNEE + f"    allow: [{name}]\n"
        if where == "step"
        else CLEAN.replace("cautions:", f"allow: [{name}]\ncautions:")
    )
    routine_ws(tmp_path, text)
    result = in_tmp("check")
    assert_clean_exit(result, 1)
    assert [line for line in lines(result.stdout) if "allow" in line] == [
        f"content/routines/r.yaml:{message}"
    ]
    built = in_tmp("build", "--routine", "r")
    assert_clean_exit(built, 1)
    assert f"content/routines/r.yaml:{message}" in lines(built.stderr)


def test_a_file_with_schema_problems_is_not_linted(in_tmp: Cli, tmp_path: Path) -> None:
    routine_ws(tmp_path, KNEE + "    repeat: lots\n")
    result = in_tmp("check")
    assert_clean_exit(result, 1)
    assert lines(result.stdout) == [
        "content/routines/r.yaml:15:13: step 2, repeat: 'lots' is not a count"
        " — write a number like 3 or a range like 5-6"
    ]


def test_schema_problems_print_before_findings(in_tmp: Cli, tmp_path: Path) -> None:
    routine_ws(tmp_path, KNEE)
    (tmp_path / "content" / "routines" / "s.yaml").write_text("title: S\n", "utf-8")
    result = in_tmp("check")
    assert_clean_exit(result, 1)
    assert lines(result.stdout) == [
        "content/routines/s.yaml:1:1: missing required key 'steps' — add it",
        "content/routines/s.yaml:1:1: missing required key 'summary' — add it",
        KNEE_FINDING,
    ]
    assert lines(result.stderr)[-1] == "3 problems in 2 files"


def test_a_translation_is_spared_the_rules_that_read_words(in_tmp: Cli, tmp_path: Path) -> None:
    """English words mean nothing in German: only the rules on regions, pressure and the like."""
    routine_ws(tmp_path, KNEE)
    german = KNEE.replace("varicose veins", "Krampfadern").replace("Stop if", "Aufhören, wenn")
    (tmp_path / "content" / "routines" / "r.de.yaml").write_text(german, "utf-8")
    result = in_tmp("check", "content/routines/r.de.yaml")
    assert [line.split(": ", 1)[1][:29] for line in findings(result.stdout)] == [
        "error[back-of-knee-pressure]:"
    ]


# ----------------------------------------------------------------- a workspace's rules.yaml


def test_a_workspace_rule_changes_a_shipped_rules_level(in_tmp: Cli, tmp_path: Path) -> None:
    routine_ws(tmp_path, KNEE, "rules:\n  - id: back-of-knee-pressure\n    level: warning\n")
    result = in_tmp("check")
    assert_clean_exit(result, 0)
    assert findings(result.stdout) == [KNEE_FINDING.replace("error[", "warning[")]
    assert (
        "back-of-knee-pressure    warning  pressure on the back"
        in in_tmp("check", "--rules").stdout
    )
    built = in_tmp("build", "--routine", "r")
    assert_clean_exit(built, 0)
    assert f"warning: {KNEE_FINDING.replace('error[', 'warning[')}" in lines(built.stderr)


def test_a_workspace_rule_can_raise_a_warning_to_an_error(in_tmp: Cli, tmp_path: Path) -> None:
    routine_ws(tmp_path, CLEAN.replace("    pressure: light\n", "    pressure: light\n    time: 11 min\n"),
               "rules:\n  - id: step-too-long\n    level: error\n")  # fmt: skip
    result = in_tmp("check")
    assert_clean_exit(result, 1)
    assert [line.split(": ")[1] for line in findings(result.stdout)] == ["error[step-too-long]"]
    assert_clean_exit(in_tmp("build", "--routine", "r"), 1)
    assert not (tmp_path / "output").exists()


NEW_RULE = """\
rules:
  - id: no-oil-on-feet
    level: warning
    regions: [sole]
    words: [oil]
    message: oil on the sole — use a towel after
    reason: Oily soles slip on the floor when the client stands up.
"""


def test_a_workspace_can_add_a_rule(in_tmp: Cli, tmp_path: Path) -> None:
    step = "  - title: Oil the sole\n    region: sole\n    pressure: light\n"
    routine_ws(tmp_path, CLEAN + step, NEW_RULE)
    result = in_tmp("check")
    assert_clean_exit(result, 0)
    assert findings(result.stdout) == [
        "content/routines/r.yaml:12:12: warning[no-oil-on-feet]: oil on the sole"
        " — use a towel after (step 2 'Oil the sole')"
    ]
    assert lines(in_tmp("check", "--rules").stdout)[-1].startswith("no-oil-on-feet  ")


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ("rules:\n  - id: new-rule\n    regions: [calf]\n",
         "rules.yaml:2:5: rule 1: new rule 'new-rule' needs level, message, reason — add them"
         " (handout check --rules lists the rules it could override)"),
        ("rules:\n  - id: no-cautions\n    pressure: [firm]\n",
         "rules.yaml:3:15: rule 1, pressure: does not apply to scope routine"
         " — use it in a rule of scope step"),
        ("rules:\n  - id: Bad_Id\n",
         "rules.yaml:2:9: rule 1, id: 'Bad_Id' is not a rule id — use lowercase words joined by dashes"),
        ("rules:\n  - id: no-cautions\n  - id: no-cautions\n",
         "rules.yaml:3:9: rule 2: rule 'no-cautions' is listed twice — keep one"),
        ("rules:\n  - id: no-cautions\n    level: fatal\n",
         "rules.yaml:3:12: rule 1, level: 'fatal' is not one of error, warning"),
    ],
    ids=["incomplete", "wrong-scope", "bad-id", "twice", "bad-level"],
)  # fmt: skip
def test_a_broken_rules_file_is_reported_by_check_and_build(
    in_tmp: Cli, tmp_path: Path, rules: str, message: str
) -> None:
    routine_ws(tmp_path, CLEAN, rules)
    result = in_tmp("check")
    assert_clean_exit(result, 1)
    assert lines(result.stdout) == [message]
    built = in_tmp("build", "--routine", "r")
    assert_clean_exit(built, 1)
    assert lines(built.stderr) == [message]


# ------------------------------------------------------------------------ builds of every kind


def test_a_manual_and_build_all_refuse_on_an_error_unless_no_lint(
    in_tmp: Cli, tmp_path: Path
) -> None:
    routine_ws(tmp_path, KNEE)
    (tmp_path / "content" / "manuals").mkdir()
    (tmp_path / "content" / "manuals" / "m.yaml").write_text("title: M\nroutines: [r]\n", "utf-8")
    for args in (["--manual", "m"], ["--all", "--format", "sheet"]):
        refused = in_tmp("build", *args)
        assert_clean_exit(refused, 1)
        assert KNEE_FINDING in lines(refused.stderr)
        assert_clean_exit(in_tmp("build", *args, "--no-lint"), 0)
    assert sorted(p.name for p in (tmp_path / "output").glob("*.pdf")) == [
        "m-booklet.pdf",
        "r-sheet.pdf",
    ]
    checked = in_tmp("check", "content/manuals/m.yaml")
    assert_clean_exit(checked, 1)
    assert findings(checked.stdout) == [KNEE_FINDING]


SHIPPED_ROUTINES = sorted((REPO / "content" / "routines").glob("*.yaml"))


@pytest.mark.parametrize("routine", SHIPPED_ROUTINES, ids=lambda p: p.name)
def test_the_shipped_routines_pass_the_lint_strictly(in_repo: Cli, routine: Path) -> None:
    result = in_repo("check", "--strict", shown(routine))
    assert_clean_exit(result, 0)
    assert findings(result.stdout) == []


def test_a_finding_quotes_a_step_title_on_one_line_and_short(in_tmp: Cli, tmp_path: Path) -> None:
    title = '"Knee\\nthumbing, slowly and with care, from the hollow up to the thigh"'
    routine_ws(
        tmp_path, CLEAN + f"  - title: {title}\n    region: back-of-knee\n    pressure: firm\n"
    )
    result = in_tmp("check")
    assert_clean_exit(result, 1)
    assert findings(result.stdout) == [
        "content/routines/r.yaml:14:15: error[back-of-knee-pressure]: pressure on the back of the"
        " knee — work it with light pressure only, or leave it out"
        " (step 2 'Knee thumbing, slowly and with care…')"
    ]
