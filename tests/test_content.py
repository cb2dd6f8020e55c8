"""The shipped content: it validates, and the seed routines keep their key facts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clitools import REPO, Cli, assert_clean_exit, lines
from handout import check
from handout.content import load
from handout.content.model import Routine
from handout.content.workspace import Workspace

WS = Workspace(REPO)
ROUTINE_FILES = sorted((REPO / "content" / "routines").glob("*.yaml"))
MANUAL_FILES = sorted((REPO / "content" / "manuals").glob("*.yaml"))
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/routine.schema.json"


def routine(rid: str) -> Routine:
    return load.routine(WS, rid).routine


def all_cautions() -> list[str]:
    texts: list[str] = []
    for rid in WS.routine_ids():
        r = routine(rid)
        texts += [c.text for c in r.cautions]
        texts += [c.text for step in r.steps for c in step.caution]
    return texts


def test_the_seed_content_is_all_there() -> None:
    assert (
        len(WS.routine_ids()) == 7
    )  # translations (<id>.<lang>.yaml) are not routines of their own
    assert [p.stem for p in MANUAL_FILES] == ["leg-and-foot"]


@pytest.mark.parametrize("path", ROUTINE_FILES + MANUAL_FILES, ids=lambda p: p.stem)
def test_every_shipped_file_passes_check(in_repo: Cli, path: Path) -> None:
    result = in_repo("check", path.relative_to(REPO).as_posix())
    assert_clean_exit(result, 0)
    assert re.fullmatch(r"1 file OK", result.stdout.strip())


@pytest.mark.parametrize("path", ROUTINE_FILES, ids=lambda p: p.stem)
def test_every_routine_points_editors_at_the_schema(path: Path) -> None:
    assert path.read_text("utf-8").splitlines()[0] == SCHEMA_LINE
    assert (path.parent / "../../schema/routine.schema.json").resolve().is_file()


@pytest.mark.parametrize("rid", WS.routine_ids())
def test_every_step_has_a_cue(rid: str) -> None:
    missing = [step.title for step in routine(rid).steps if not step.cue]
    assert missing == []


@pytest.mark.parametrize("rid", WS.routine_ids())
def test_every_routine_warns_about_varicose_veins(rid: str) -> None:
    assert any("varicose" in c.text.lower() for c in routine(rid).cautions)


def test_the_manual_holds_every_routine_once() -> None:
    doc = check.manual(WS, "leg-and-foot")
    assert sorted(doc.manual.routines) == sorted(WS.routine_ids())
    assert len(set(doc.manual.routines)) == len(doc.manual.routines)
    assert [d.id for d in doc.routines] == doc.manual.routines


def test_back_legs_clinic_has_nineteen_steps() -> None:
    assert len(routine("back-legs-clinic").steps) == 19


def test_leg_basics_keeps_its_counts_and_times() -> None:
    steps = routine("leg-basics").steps
    assert len(steps) == 7
    assert "5–6" in [s.repeat for s in steps]  # written "5-6"; the model uses an en dash
    assert "30 s" in [s.time for s in steps]
    assert routine("leg-basics").duration == "12 min"


def test_self_legs_is_for_the_client() -> None:
    assert routine("self-legs").audience == "self"
    others = [rid for rid in WS.routine_ids() if rid != "self-legs"]
    assert all(routine(rid).audience == "therapist" for rid in others)


@pytest.mark.parametrize(
    "words",
    [("instep",), ("consent", "groin"), ("over-reach",), ("nails",), ("behind the knee",)],
    ids=lambda w: "+".join(w),
)
def test_a_caution_covers(words: tuple[str, ...]) -> None:
    assert any(all(w in text.lower() for w in words) for text in all_cautions())


def test_the_knee_hollow_is_a_stop_caution_somewhere() -> None:
    stops = [
        c.text.lower()
        for rid in WS.routine_ids()
        for c in routine(rid).cautions
        if c.level == "stop"
    ]
    assert any("knee" in text for text in stops)


def test_the_schema_file_is_current(in_repo: Cli) -> None:
    """schema/routine.schema.json is `handout schema > schema/routine.schema.json`."""
    result = in_repo("schema")
    assert_clean_exit(result, 0)
    stored = (REPO / "schema" / "routine.schema.json").read_text("utf-8")
    assert stored == result.stdout, "regenerate: handout schema > schema/routine.schema.json"
    assert lines(stored)
