"""Cautions said once: folding into routine cautions, merging runs, the manual's table."""

from __future__ import annotations

from handout.content.cautions import Said, applies_to, gathered, normalised, sayings, step_numbers
from handout.content.fields import check
from handout.content.labels import labels
from handout.content.model import Caution, Routine


def _routine(cautions: list, steps: list[list]) -> Routine:
    data = {
        "title": "T",
        "summary": "S",
        "cautions": cautions,
        "steps": [{"title": f"Step {n}", "caution": c} for n, c in enumerate(steps, 1)],
    }
    return check(Routine, data)


def test_normalised_sets_aside_case_marks_spacing_and_end_punctuation() -> None:
    assert normalised("  Keep **clear**  of the knee. ") == normalised("keep clear of the knee")


def test_a_step_caution_repeating_a_routine_caution_is_folded_into_it() -> None:
    routine = _routine(["Mind the knee."], [[], ["mind the knee"], ["Mind the KNEE"], []])
    said = sayings(routine)
    assert said.routine == [Said(Caution(text="Mind the knee."), (2, 3))]
    assert said.steps == [[], [], [], []]


def test_consecutive_identical_step_cautions_print_once_at_the_first() -> None:
    same = "Keep to the muscle bulk."
    routine = _routine([], [[], [same], [same], [same], ["Other."], [same]])
    said = sayings(routine)
    assert said.steps[1] == [Said(Caution(text=same), (2, 3, 4))]
    assert said.steps[2] == said.steps[3] == []
    assert said.steps[4] == [Said(Caution(text="Other."), (5,))]
    assert said.steps[5] == [Said(Caution(text=same), (6,))]


def test_the_stronger_level_wins_when_cautions_merge() -> None:
    routine = _routine([], [["Careful."], [{"level": "stop", "text": "careful"}]])
    assert sayings(routine).steps[0] == [Said(Caution(level="stop", text="Careful."), (1, 2))]


def test_a_routine_prints_every_wording_even_when_ids_match() -> None:
    first = {"text": "Never press the knee hollow.", "id": "knee"}
    second = {"text": "Stay off the back of the knee.", "id": "knee"}
    routine = _routine([first], [[second]])
    said = sayings(routine)
    assert [s.caution.text for s in said.routine] == ["Never press the knee hollow."]
    assert [s.caution.text for s in said.steps[0]] == ["Stay off the back of the knee."]


def test_step_numbers_are_runs() -> None:
    assert step_numbers([17, 3, 14, 15, 16, 5]) == "3, 5, 14–17"
    assert step_numbers([1, 2]) == "1, 2"
    assert applies_to((14, 15, 16, 17), labels("en")) == "applies to steps 14–17"
    assert applies_to((4,), labels("en")) == ""
    assert applies_to((1, 2), labels("de")) == "gilt für die Schritte 1, 2"


def test_the_manual_table_says_each_caution_once_with_where_it_applies() -> None:
    knee = {"level": "stop", "text": "Never press the knee hollow.", "id": "knee"}
    one = _routine([knee], [[]])
    two = _routine(
        ["Oil lightly."], [[{"level": "stop", "text": "Off the knee.", "id": "knee"}], []]
    )
    table = gathered([("One", one), ("Two", two)])
    assert [g.caution.text for g in table] == ["Never press the knee hollow.", "Oil lightly."]
    assert table[0].where == [("One", ()), ("Two", (1,))]
    assert table[1].where == [("Two", ())]
