"""Audiences: `therapist_note:` prints on cards and therapist documents, never for a client."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
import yaml

from clitools import REPO, Cli, assert_clean_exit, lines
from handout.content.labels import LANGUAGES, labels
from pdftools import normal, pdf_text

STEP_NOTE = "Quokka rule, watch the client's face"
ROUTINE_NOTE = "Zebra rule, check the pedal pulses first"
NOTES = (STEP_NOTE, ROUTINE_NOTE)

ROUTINE = f"""\
title: Calf care
summary: A short calf routine.
audience: {{audience}}
therapist_note: {ROUTINE_NOTE}
cautions:
  - With varicose veins, stroke only lightly around them and never press on them.
  - level: stop
    text: Stop if anything hurts, tingles or goes numb.
steps:
  - title: Warm the calf
    cue: Long light strokes up the calf
    region: calf
    direction: toward-heart
    pressure: light
    therapist_note: {STEP_NOTE}
  - title: Circle the ankle
    cue: Small circles round the ankle bones
    region: ankle
    pressure: light
"""

MANUAL = "title: Course\nroutines: [notes]\n"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "handout.yaml").write_text("paper: a4\n", encoding="utf-8")
    (tmp_path / "content" / "routines").mkdir(parents=True)
    (tmp_path / "content" / "manuals").mkdir()
    (tmp_path / "content" / "manuals" / "course.yaml").write_text(MANUAL, encoding="utf-8")
    return tmp_path


def _routine(workspace: Path, audience: str) -> None:
    path = workspace / "content" / "routines" / "notes.yaml"
    path.write_text(ROUTINE.format(audience=audience), encoding="utf-8")


def _built(cli: Cli, *args: str) -> Path:
    result = cli("build", *args, "--out", "out.pdf")
    assert_clean_exit(result, 0)
    return Path("out.pdf")


def _raw(path: Path) -> bytes:
    """Every object of the PDF, its streams decompressed."""
    with pikepdf.open(path) as pdf:
        return b"".join(
            obj.read_bytes() if isinstance(obj, pikepdf.Stream) else repr(obj).encode()
            for obj in pdf.objects
        )


def _shown(path: Path) -> list[bool]:
    """Whether each note is in the PDF's text layer."""
    text = normal(pdf_text(path))
    return [normal(note) in text for note in NOTES]


def _assert_absent(path: Path) -> None:
    assert _shown(path) == [False, False]
    raw = _raw(path)
    for note in NOTES:
        assert note.split()[0].encode() not in raw  # 'Quokka', 'Zebra': in no stream either


@pytest.mark.parametrize(
    ("audience", "args"),
    [("self", []), ("therapist", ["--audience", "client"]), ("self", ["--audience", "client"])],
)
def test_a_client_sheet_holds_no_therapist_note(
    in_tmp: Cli, workspace: Path, audience: str, args: list[str]
) -> None:
    _routine(workspace, audience)
    _assert_absent(_built(in_tmp, "--routine", "notes", *args))


@pytest.mark.parametrize(
    ("audience", "args"),
    [
        ("therapist", []),
        ("self", ["--audience", "therapist"]),
        ("therapist", ["--format", "booklet"]),
    ],
)
def test_a_therapist_document_shows_the_notes(
    in_tmp: Cli, workspace: Path, audience: str, args: list[str]
) -> None:
    _routine(workspace, audience)
    path = _built(in_tmp, "--routine", "notes", *args)
    assert _shown(path) == [True, True]
    assert normal("For the therapist: " + STEP_NOTE) in normal(pdf_text(path))
    assert b"Quokka" in _raw(path)  # the raw check above can fail


def test_a_self_routine_booklet_is_for_its_client(in_tmp: Cli, workspace: Path) -> None:
    _routine(workspace, "self")
    _assert_absent(_built(in_tmp, "--routine", "notes", "--format", "booklet"))


@pytest.mark.parametrize(("args", "shown"), [([], True), (["--audience", "client"], False)])
def test_a_manual_is_for_therapists_unless_asked(
    in_tmp: Cli, workspace: Path, args: list[str], shown: bool
) -> None:
    _routine(workspace, "self")
    assert _shown(_built(in_tmp, "--manual", "course", *args)) == [shown, shown]


@pytest.mark.parametrize("args", [[], ["--audience", "client"]])
def test_a_card_always_shows_the_notes(in_tmp: Cli, workspace: Path, args: list[str]) -> None:
    _routine(workspace, "self")
    path = _built(in_tmp, "--routine", "notes", "--format", "card", *args)
    assert _shown(path) == [True, True]


def test_a_card_with_no_room_beside_the_steps_moves_its_notes_to_the_back(
    in_tmp: Cli, workspace: Path
) -> None:
    """inner-outer-legs fills its card: a note under step 1 of some length overflows it, and
    then goes to the back, led by its step. Whatever its length, a card that builds shows it."""
    data = yaml.safe_load((REPO / "content" / "routines" / "inner-outer-legs.yaml").read_text())
    path = workspace / "content" / "routines" / "full.yaml"
    places = []
    for count in range(1, 5):
        note = " ".join(["Watch the face and breathing; ease off if they tense."] * count)
        data["steps"][0]["therapist_note"] = note
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        result = in_tmp("build", "--routine", "full", "--format", "card", "--no-lint")
        if result.exit_code == 1:
            assert "too long on two sides" in result.output
            continue
        assert_clean_exit(result, 0)
        text = normal(pdf_text(Path("output/full-card.pdf")))
        assert normal(note) in text
        places.append(normal(f"For the therapist: Step 1 {note}") in text)
    assert places[0] is False  # a short note stays under its step
    assert True in places


def test_an_unknown_audience_is_a_usage_error(in_tmp: Cli, workspace: Path) -> None:
    _routine(workspace, "therapist")
    result = in_tmp("build", "--routine", "notes", "--audience", "nobody")
    assert_clean_exit(result, 2)
    assert lines(result.output)[-1] == (
        "Error: Invalid value for '--audience': 'nobody' is not one of client, therapist"
    )
    assert not Path("output").exists()


def test_check_accepts_therapist_notes(in_tmp: Cli, workspace: Path) -> None:
    _routine(workspace, "therapist")
    result = in_tmp("check")
    assert_clean_exit(result, 0)
    assert "therapist_note" not in result.output


def test_every_language_labels_the_note() -> None:
    for lang in LANGUAGES:
        assert "therapist_note" in LANGUAGES[lang] or lang == "en"
        assert labels(lang)["therapist_note"]


def test_the_scaffold_shows_the_field(in_tmp: Cli, tmp_path: Path) -> None:
    assert_clean_exit(in_tmp("new", "neck"), 0)
    text = (tmp_path / "content" / "routines" / "neck.yaml").read_text("utf-8")
    assert text.count("# therapist_note: ") == 2
