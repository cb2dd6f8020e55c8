"""Small things users hit (issue 12, item 8): --version, a colour YAML reads as a comment, ids
with control characters, `build --all` saying each problem once, --client/--note where they do
not print, list items counted from 1 in every message, and every paper size named."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest

import handout
from clitools import REPO, Cli, assert_clean_exit, lines
from handout.content import yamlload
from handout.content.fields import Invalid, check, show_path
from handout.content.model import Routine
from handout.content.paper import paper_size
from handout.content.yamlload import load_text

GOOD = (REPO / "content" / "routines" / "feet.yaml").read_text("utf-8")
BAD = "title: Bad\nsummary: S\nsteps:\n  - title: One\n    pressure: hard\n"
BAD_LINE = (
    "content/routines/bad.yaml:5:15: step 1, pressure: 'hard' is not one of light, medium, firm"
)


def workspace(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


# --version ----------------------------------------------------------------------------------


def test_version_prints_the_installed_version(in_repo: Cli) -> None:
    result = in_repo("--version")
    assert_clean_exit(result, 0)
    assert result.output == f"handout {importlib.metadata.version('handout')}\n"


def test_version_without_package_metadata_is_the_code_s(
    in_repo: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    result = in_repo("--version")
    assert_clean_exit(result, 0)
    assert result.output == f"handout {handout.__version__}\n"


HEAVY = (
    "yaml",
    "reportlab",
    "PIL",
    "pikepdf",
    "importlib.metadata",
    "handout.commands",
    "handout.content",
)
PROBE = """
import sys
sys.argv = ["handout", *sys.argv[1:]]
from handout.cli import main
try:
    main()
except SystemExit:
    pass
print("loaded:", *sorted(m for m in sys.modules if m in HEAVY))
"""


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_import_nothing_heavy(flag: str) -> None:
    code = f"HEAVY = {HEAVY!r}\n{PROBE}"
    done = subprocess.run(
        [sys.executable, "-c", code, flag], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    [loaded] = [line for line in done.stdout.splitlines() if line.startswith("loaded:")]
    wanted = "loaded: importlib.metadata" if flag == "--version" else "loaded:"
    assert loaded.rstrip() == wanted


# a colour written without quotes -----------------------------------------------------------

BRAND = "clinic:\n  name: Test clinic\n  accent: #1e6e5a   # our teal\n"
BRAND_WARNING = (
    'warning: handout.yaml:3:11: accent: #1e6e5a is read as a comment — write accent: "#1e6e5a"'
)


def test_check_warns_of_a_commented_accent_and_passes(in_tmp: Cli, tmp_path: Path) -> None:
    workspace(tmp_path, {"handout.yaml": BRAND, "content/routines/feet.yaml": GOOD})
    result = in_tmp("check")
    assert_clean_exit(result, 0)
    assert BRAND_WARNING in lines(result.stderr)
    assert lines(result.stdout) == ["2 files OK"]


def test_a_build_warns_of_a_commented_accent_once(in_tmp: Cli, tmp_path: Path) -> None:
    workspace(tmp_path, {"handout.yaml": BRAND, "content/routines/feet.yaml": GOOD})
    result = in_tmp("build", "--routine", "feet", "--format", "card")
    assert_clean_exit(result, 0)
    assert lines(result.stderr) == [BRAND_WARNING]
    assert (tmp_path / "output" / "feet-card.pdf").is_file()


def test_template_colours_written_as_comments_are_their_problems(
    in_tmp: Cli, tmp_path: Path
) -> None:
    text = "format: card\naccent: #1E6E5A\nink: #123   # near black\n"
    workspace(tmp_path, {"templates/mine.yaml": text, "content/routines/feet.yaml": GOOD})
    expected = [
        'templates/mine.yaml:2:9: accent: #1E6E5A is read as a comment — write accent: "#1E6E5A"',
        'templates/mine.yaml:3:6: ink: #123 is read as a comment — write ink: "#123"',
    ]
    checked = in_tmp("check", "templates/mine.yaml")
    assert_clean_exit(checked, 1)
    assert lines(checked.stdout) == expected
    built = in_tmp("build", "--routine", "feet", "--template", "mine")
    assert_clean_exit(built, 1)
    assert lines(built.stderr) == expected
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("parser", ["libyaml", "python"])
@pytest.mark.parametrize(
    ("line", "col"),
    [("accent: #abc", 9), ("accent:  #AABBCC # x", 10), ("  accent:   #1e6e5a", 13)],
)
def test_the_loader_notes_a_colour_comment_with_either_parser(
    monkeypatch: pytest.MonkeyPatch, parser: str, line: str, col: int
) -> None:
    if parser == "python":
        monkeypatch.setattr(yamlload, "_CParser", None)
    text = f"clinic:\n{line}\n" if line.startswith(" ") else f"name: x\n{line}\n"
    located = load_text(text, "f.yaml")
    [(path, note)] = located.commented.items()
    assert path[-1] == "accent"
    assert (note.line, note.col) == (2, col)


@pytest.mark.parametrize(
    "line",
    [
        'accent: "#1e6e5a"',  # quoted: a value
        "accent: # pick one later",  # a comment that is no colour
        "accent: #1e6e5",  # five digits: no colour
        "accent: #1e6e5ax",
        "accent: ~ #1e6e5a",  # an explicit null
        "- #1e6e5a",  # a list item has no key to write it under
    ],
)
def test_the_loader_leaves_other_comments_alone(line: str) -> None:
    assert load_text(f"{line}\n", "f.yaml").commented == {}


# ids with control characters ---------------------------------------------------------------

CONTROL = ["feet\n", "fe\tet", "feet\r", "fe\x1bet", "feet\u2028", "fe\x85et"]


@pytest.mark.parametrize("bad", CONTROL)
def test_new_refuses_an_id_with_a_control_character(in_tmp: Cli, tmp_path: Path, bad: str) -> None:
    result = in_tmp("new", bad)
    assert_clean_exit(result, 1)
    assert lines(result.stderr) == [
        f"{bad!r} is not a usable id — use lowercase letters, digits and dashes, e.g. neck-release"
    ]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("bad", CONTROL)
@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["build", "--routine"], "routine"),
        (["build", "--manual"], "manual"),
        (["preview"], "routine"),
        (["build", "--routine", "feet", "--template"], "template"),
    ],
)
def test_build_refuses_a_name_with_a_control_character(
    in_repo: Cli, tmp_path: Path, args: list[str], what: str, bad: str
) -> None:
    result = in_repo(*args, bad, "--out", str(tmp_path / "x.pdf"))
    assert_clean_exit(result, 2)
    assert result.stderr == (
        f"{what} {bad!r} contains a line break or another control character — remove it\n"
    )
    assert list(tmp_path.iterdir()) == []


# build --all -------------------------------------------------------------------------------


def test_build_all_says_each_problem_once_and_writes_the_rest(in_tmp: Cli, tmp_path: Path) -> None:
    workspace(
        tmp_path,
        {
            "content/routines/bad.yaml": BAD,
            "content/routines/feet.yaml": GOOD,
            "content/manuals/one.yaml": "title: One\nroutines: [bad, feet]\n",
            "content/manuals/two.yaml": "title: Two\nroutines: [bad]\n",
            "handout.yaml": BRAND,
        },
    )
    result = in_tmp("build", "--all")
    assert_clean_exit(result, 1)
    assert [line for line in lines(result.stderr) if "bad.yaml" in line] == [BAD_LINE]
    assert [line for line in lines(result.stderr) if "handout.yaml" in line] == [BRAND_WARNING]
    assert lines(result.stdout) == ["wrote 2 PDFs to output"]
    assert sorted(p.name for p in (tmp_path / "output").glob("*.pdf")) == [
        "feet-card.pdf",
        "feet-sheet.pdf",
    ]


# --client and --note where they do not print ------------------------------------------------


@pytest.mark.parametrize(
    ("args", "warning"),
    [
        (
            ["--routine", "feet", "--format", "card", "--client", "Ann"],
            "a card does not show --client",
        ),
        (
            ["--routine", "feet", "--format", "card", "--client", "Ann", "--note", "Daily"],
            "a card does not show --client or --note",
        ),
        (
            ["--routine", "feet", "--format", "booklet", "--note", "Daily"],
            "a booklet does not show --note",
        ),
        (["--manual", "leg-and-foot", "--client", "Ann"], "a booklet does not show --client"),
    ],
)
def test_client_and_note_warn_where_they_do_not_print(
    in_repo: Cli, tmp_path: Path, args: list[str], warning: str
) -> None:
    result = in_repo("build", *args, "--out", str(tmp_path / "x.pdf"))
    assert_clean_exit(result, 0)
    assert lines(result.stderr) == [
        f"warning: {warning} — only a sheet prints the client's name and note"
    ]


def test_a_sheet_prints_client_and_note_without_a_warning(in_repo: Cli, tmp_path: Path) -> None:
    result = in_repo(
        "build", "--routine", "feet", "--client", "Ann", "--note", "Daily", "--out",
        str(tmp_path / "x.pdf"),
    )  # fmt: skip
    assert_clean_exit(result, 0)
    assert lines(result.stderr) == []


# list items counted from 1 -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        (("steps", 1, "caution", 0, "level"), "step 2, caution 1, level"),
        (("steps", 1, "caution", "level"), "step 2, caution.level"),
        (("cautions", 0), "caution 1"),
        (("routines", 3), "routine 4"),
        (("steps", 0, "text", 2), "step 1, text line 3"),
        (("steps", 4, "region", 1), "step 5, region 2"),
        (("equipment", 0), "equipment item 1"),
        (("tags", 9), "tag 10"),
        (("clinic", "accent"), "clinic.accent"),
        (("type", "min_cue"), "type.min_cue"),
        (("steps", 2), "step 3"),
    ],
)
def test_a_path_is_shown_in_words_counted_from_1(path: tuple[str | int, ...], shown: str) -> None:
    assert show_path(path) == shown


def test_no_message_counts_from_0() -> None:
    data = {
        "title": "T",
        "summary": "S",
        "equipment": [1],
        "tags": ["a", None],
        "cautions": ["fine", {"level": "danger", "text": "x"}],
        "steps": [
            {"title": "a", "text": ["ok", 3], "region": ["calf", "elbow"]},
            {"title": "b", "caution": [{"level": "x", "text": "y"}], "allow": [[1]]},
            "x",
        ],
    }
    with pytest.raises(Invalid) as caught:
        check(Routine, data)
    messages = [issue.message for issue in caught.value.issues]
    assert [m.split(":")[0] for m in messages] == [
        "equipment item 1",
        "tag 2",
        "caution 2, level",
        "step 1, region 2",
        "step 1, text line 2",
        "step 2, caution 1, level",
        "step 2, allow item 1",
        "step 3",
    ]
    assert not [m for m in messages if re.search(r"\[\d+\]", m)]


# --paper -----------------------------------------------------------------------------------

NAMED = [
    "a3", "a4", "a5", "a6", "a7", "b5", "letter", "legal", "half-letter", "tabloid", "sra3", "sra4"
]  # fmt: skip


def test_an_unknown_paper_names_every_size_that_works() -> None:
    with pytest.raises(ValueError, match="unknown paper") as caught:
        paper_size("a9x")
    message = str(caught.value)
    assert message.startswith(f"unknown paper 'a9x' — use {', '.join(NAMED[:-1])} or sra4,")
    for name in [*NAMED, *re.findall(r"\d+x\d+(?:mm|in)", message)]:
        assert paper_size(name)
        assert paper_size(f"{name}-landscape")
    assert "-landscape" in message and "20 to 1200 mm" in message
