"""Caution levels are one table (content/levels.py): a level added there is accepted on load,
named, drawn in every format and listed on the manual's safety page, strongest first."""

from __future__ import annotations

import io
import typing
from pathlib import Path

import pytest
from reportlab.lib.colors import black
from reportlab.pdfgen.canvas import Canvas
from tests.pdftools import page_texts, pdf_text

from handout import check
from handout.commands import build
from handout.content import levels
from handout.content.fields import json_schema
from handout.content.labels import EN, LANGUAGES, labels, level_label
from handout.content.levels import LEVELS, Level
from handout.content.model import Routine
from handout.content.workspace import Workspace
from handout.errors import ContentError
from handout.render import callout

DANGER = Level("danger", "Danger", 4, "triangle", 3.0, False, "#7a0010", 0.14, 0.0, 0.8)

ROUTINE = """\
title: Danger drill
summary: A routine with a caution stronger than stop.
cautions:
  - level: danger
    text: Walk away from the table at once.
  - level: stop
    text: Never press on the spine.
steps:
  - title: Breathe
    caution:
      level: {step_level}
      text: Keep the client warm.
"""


@pytest.fixture
def danger(monkeypatch: pytest.MonkeyPatch) -> Level:
    monkeypatch.setitem(LEVELS, DANGER.name, DANGER)
    return DANGER


def _workspace(root: Path, step_level: str = "danger") -> Workspace:
    routines, manuals = root / "content" / "routines", root / "content" / "manuals"
    routines.mkdir(parents=True)
    manuals.mkdir()
    (routines / "drill.yaml").write_text(ROUTINE.format(step_level=step_level), "utf-8")
    (manuals / "course.yaml").write_text("title: Course\nroutines: [drill]\n", "utf-8")
    return Workspace(root)


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.usefixtures("danger")
def test_a_new_level_loads_and_an_undefined_one_is_still_refused(tmp_path: Path) -> None:
    routine = check.routine(_workspace(tmp_path / "good"), "drill").routine
    assert [c.level for c in routine.cautions] == ["danger", "stop"]
    with pytest.raises(ContentError) as refused:
        check.routine(_workspace(tmp_path / "bad", step_level="warning"), "drill")
    [line] = refused.value.lines()
    assert line.endswith(
        "drill.yaml:11:14: step 1, caution.level: "
        "'warning' is not one of note, caution, stop, danger"
    )


@pytest.mark.usefixtures("danger")
def test_the_schema_lists_the_new_level() -> None:
    schema = json_schema(Routine, "routine")
    enums = [
        d["properties"]["level"]["enum"]
        for d in schema["$defs"].values()
        if "level" in d.get("properties", {})
    ]
    assert enums == [["note", "caution", "stop", "danger"]]


@pytest.mark.usefixtures("danger")
@pytest.mark.parametrize(
    ("fmt", "paper", "grayscale", "count"),
    [
        ("sheet", None, False, 2),  # the routine's caution and the step's
        ("card", "a5", True, 2),
        ("booklet", None, False, 3),  # and the safety page
    ],
)
def test_every_format_prints_the_new_level(
    tmp_path: Path, fmt: str, paper: str | None, grayscale: bool, count: int
) -> None:
    out = tmp_path / f"drill-{fmt}.pdf"
    options = build.Options(format=fmt, paper=paper, grayscale=grayscale, out=out)
    text = _words(pdf_text(build.build_routine(_workspace(tmp_path), "drill", options).out))
    assert text.count("DANGER") == count
    assert "DANGER Walk away from the table at once." in text


@pytest.mark.usefixtures("danger")
def test_the_safety_page_lists_the_new_level_strongest_first(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    out = build.build_manual(ws, "course", build.Options(out=tmp_path / "course.pdf")).out
    [safety] = [_words(t) for t in page_texts(out) if EN["safety_intro"][:30] in _words(t)]
    assert "DANGER Walk away from the table at once." in safety
    assert safety.index("DANGER") < safety.index("STOP")


def test_the_safety_page_orders_by_strength(danger: Level) -> None:
    assert [level.name for level in levels.by_strength()] == ["danger", "stop", "caution", "note"]


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_level_has_a_label_in_every_language(lang: str, danger: Level) -> None:
    words = labels(lang)
    for name, level in LEVELS.items():
        label = level_label(words, name)
        assert label.strip()
        assert label == LANGUAGES[lang].get(name, level.label)
    assert level_label(words, danger.name) == "Danger"


def test_a_missing_translation_falls_back_to_the_table_label(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(LEVELS, DANGER.name, DANGER._replace(label="Grave danger"))
    assert level_label(labels("de"), "danger") == "Grave danger"
    assert level_label(labels("de"), "stop") == "Stopp"


def test_no_level_is_named_like_another_printed_word() -> None:
    """Level words share the label dictionaries: a level called e.g. `notes` would print the
    notes heading instead of its own label."""
    assert not set(LEVELS) & set(EN)


def test_every_icon_shape_is_drawable() -> None:
    assert set(callout.SHAPES) == set(typing.get_args(levels.Shape))
    assert {level.icon for level in LEVELS.values()} <= set(callout.SHAPES)
    canvas = Canvas(io.BytesIO())
    for name in LEVELS:
        callout.draw_level_icon(canvas, name, 10, 10, 12, black)
    canvas.save()
