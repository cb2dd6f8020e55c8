"""The field kinds behind the model: records, messages, and the JSON Schema editors read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from handout.commands.schema import schema_json
from handout.content.fields import Invalid, check
from handout.content.model import Caution, Margins, Routine, Step, Template

REPO = Path(__file__).resolve().parents[1]
ROUTINES = sorted((REPO / "content" / "routines").glob("*.yaml"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_json())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", ROUTINES, ids=lambda p: p.name)
def test_every_shipped_routine_fits_the_schema(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    assert list(validator.iter_errors(data)) == []


SMALL: dict[str, Any] = {"title": "T", "summary": "S", "steps": [{"title": "One"}]}


@pytest.mark.parametrize(
    "change",
    [
        {"cautions": "Mind the knee."},
        {"cautions": {"level": "stop", "text": "Never here."}},
        {"cautions": ["Mind.", {"level": "note", "text": "Hm."}]},
        {"steps": [{"title": "a", "region": "calf", "repeat": "5-6", "time": "30 s"}]},
        {"steps": [{"title": "a", "text": ["Up.", "Down."], "repeat": 3, "cue": None}]},
        {"duration": "10 min", "equipment": ["oil"], "audience": "self"},
    ],
)
def test_what_the_checker_accepts_the_schema_accepts(
    change: dict[str, Any], validator: jsonschema.Draft202012Validator
) -> None:
    data = {**SMALL, **change}
    check(Routine, data)
    assert list(validator.iter_errors(data)) == []


@pytest.mark.parametrize(
    "change",
    [
        {"stpes": []},
        {"steps": []},
        {"steps": [{"title": "a", "region": "elbow"}]},
        {"steps": [{"title": "a", "pressure": "hard"}]},
        {"steps": [{"title": ""}]},
        {"steps": [{"title": "a", "repeat": 0}]},
        {"cautions": [{"level": "danger", "text": "x"}]},
        {"title": 42},
        {"audience": "client"},
    ],
)
def test_what_the_schema_rejects_the_checker_rejects(
    change: dict[str, Any], validator: jsonschema.Draft202012Validator
) -> None:
    data = {**SMALL, **change}
    with pytest.raises(Invalid):
        check(Routine, data)
    assert list(validator.iter_errors(data)) != []


def test_every_problem_is_reported_with_its_path() -> None:
    data = {"title": 42, "steps": [{"title": "a", "pressure": "hard"}, "x"], "stpes": 1}
    with pytest.raises(Invalid) as caught:
        check(Routine, data)
    assert [(i.path, i.message, i.key) for i in caught.value.issues] == [
        (("stpes",), "unknown key 'stpes' — did you mean 'steps'?", True),
        (("title",), "title: expected text, got a number — put it in quotes", False),
        ((), "missing required key 'summary' — add it", False),
        (
            ("steps", 0, "pressure"),
            "step 1, pressure: 'hard' is not one of light, medium, firm",
            False,
        ),
        (
            ("steps", 1),
            "step 2: expected a mapping (key: value), got text — write it as key: value lines",
            False,
        ),
    ]


def test_not_a_number_is_named() -> None:
    with pytest.raises(Invalid) as caught:
        check(Template, {"format": "card", "margins": {"top": float("nan")}})
    assert (
        str(caught.value) == "margins.top: nan is not a number — write just the number, e.g. 10.5"
    )


def test_numbers_are_kept_as_floats_and_whole_numbers_as_ints() -> None:
    template = check(Template, {"format": "card", "margins": {"top": 10}, "columns": 2})
    assert template.margins == Margins(top=10.0)
    assert isinstance(template.margins.top, float)
    assert template.columns == 2
    assert isinstance(template.columns, int)


def test_records_are_frozen_values() -> None:
    one = Caution(text="Go gently.")
    assert one == Caution(level="caution", text="Go gently.")
    assert one != Caution(level="stop", text="Go gently.")
    assert hash(one) == hash(Caution(text="Go gently."))
    assert repr(one) == "Caution(level='caution', text='Go gently.', id=None)"
    with pytest.raises(AttributeError, match="frozen"):
        one.text = "changed"  # type: ignore[misc]


def test_records_refuse_unknown_and_missing_fields() -> None:
    with pytest.raises(TypeError, match="Caution has no field colour"):
        Caution(text="x", colour="red")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="Caution needs text"):
        Caution()  # type: ignore[call-arg]


def test_defaults_are_fresh_for_each_record() -> None:
    first, second = Step(title="a"), Step(title="b")
    assert first.region == [] and first.region is not second.region
