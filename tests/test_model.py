"""The content model: durations, repeats, cautions, regions and total time."""

from __future__ import annotations

import re
from typing import Any

import pytest

from handout.content.fields import Invalid, check
from handout.content.model import Brand, Caution, Manual, Routine, Step, duration_seconds


def make(**fields: Any) -> Routine:
    base: dict[str, Any] = {"title": "T", "summary": "S", "steps": [{"title": "One"}]}
    return check(Routine, {**base, **fields})


def step(**fields: Any) -> Step:
    return check(Step, {"title": "One", **fields})


# durations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30 s", 30),
        ("30s", 30),
        ("45 sec", 45),
        ("2 min", 120),
        ("1 min 30 s", 90),
        ("1 minute 30 seconds", 90),
        ("1.5 min", 90),
        ("1 h", 3600),
        ("  12 MIN ", 720),
    ],
)
def test_duration_seconds(text: str, seconds: float) -> None:
    assert duration_seconds(text) == seconds


@pytest.mark.parametrize(
    "text", ["soon", "0 s", "0 min 0 s", "", "30", "min", "30 parsecs", "-5 s"]
)
def test_duration_rejects(text: str) -> None:
    with pytest.raises(ValueError, match=r" — "):
        duration_seconds(text)


def test_a_bare_number_is_told_to_add_a_unit() -> None:
    with pytest.raises(ValueError, match=r"^'30' has no unit — write 30 s or 30 min$"):
        duration_seconds("30")
    with pytest.raises(Invalid, match="has no unit"):
        step(time=30)


def test_step_time_is_kept_as_written_but_trimmed() -> None:
    assert step(time=" 1 min 30 s ").time == "1 min 30 s"


@pytest.mark.parametrize("bad", ["soon", "0 s", 30, True, ["30 s"]])
def test_step_time_rejects(bad: Any) -> None:
    with pytest.raises(Invalid):
        step(time=bad)


# repeats -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "kept"),
    [(3, 3), ("3", 3), ("5-6", "5–6"), ("5–6", "5–6"), (" 2 - 5 ", "2–5"), ("10-12", "10–12")],
)
def test_repeat_is_normalised(given: Any, kept: int | str) -> None:
    assert step(repeat=given).repeat == kept


@pytest.mark.parametrize("bad", [0, -1, "0", "6-5", "5-5", "0-3", "lots", True, False, 2.5, "3x"])
def test_repeat_rejects(bad: Any) -> None:
    with pytest.raises(Invalid):
        step(repeat=bad)


def test_a_backwards_range_says_which_way_round() -> None:
    with pytest.raises(Invalid, match=re.escape("put the smaller number first, e.g. 5-6")):
        step(repeat="6-5")


# cautions ----------------------------------------------------------------------------------


def test_a_caution_string_is_level_caution() -> None:
    r = make(cautions=["Mind the knee.", {"level": "stop", "text": "Never the hollow."}])
    assert r.cautions == [
        Caution(level="caution", text="Mind the knee."),
        Caution(level="stop", text="Never the hollow."),
    ]


def test_a_single_step_caution_becomes_a_list() -> None:
    assert step(caution="Go gently.").caution == [Caution(level="caution", text="Go gently.")]
    assert step(caution={"level": "note", "text": "Hm."}).caution == [
        Caution(level="note", text="Hm.")
    ]
    assert step().caution == []


@pytest.mark.parametrize(
    "bad", [{"level": "danger", "text": "x"}, {"level": "stop"}, {"text": ""}, 5]
)
def test_a_bad_caution_is_rejected(bad: Any) -> None:
    with pytest.raises(Invalid):
        step(caution=bad)


# regions -----------------------------------------------------------------------------------


def test_a_single_region_becomes_a_list() -> None:
    assert step(region="calf").region == ["calf"]
    assert step(region=["calf", "shin"]).region == ["calf", "shin"]


def test_routine_regions_in_first_seen_order_without_repeats() -> None:
    r = make(
        steps=[
            {"title": "a", "region": ["calf", "ankle"]},
            {"title": "b"},
            {"title": "c", "region": "thigh-back"},
            {"title": "d", "region": ["ankle", "calf", "foot"]},
        ]
    )
    assert r.regions == ["calf", "ankle", "thigh-back", "foot"]


def test_unknown_region_is_rejected() -> None:
    with pytest.raises(Invalid):
        step(region="elbow")


# total time --------------------------------------------------------------------------------


def test_total_seconds_uses_the_stated_duration() -> None:
    r = make(duration="12 min", steps=[{"title": "a", "time": "30 s"}])
    assert r.total_seconds == 720


def test_total_seconds_sums_step_times_times_repeats() -> None:
    r = make(
        steps=[
            {"title": "a", "time": "30 s"},
            {"title": "b", "time": "1 min", "repeat": 3},
            {"title": "c"},
            {"title": "d", "time": "10 s", "repeat": "5-6"},
        ]
    )
    assert r.total_seconds == 30 + 180 + 50


def test_total_seconds_is_none_when_nothing_is_timed() -> None:
    assert make().total_seconds is None


# the rest of the model ---------------------------------------------------------------------


def test_text_may_be_a_paragraph_or_sub_steps() -> None:
    assert step(text="Stroke up.").substeps == ["Stroke up."]
    assert step(text=["Up.", "Down."]).substeps == ["Up.", "Down."]
    assert step().substeps == []


def test_models_are_strict_and_closed() -> None:
    with pytest.raises(Invalid):
        make(title=42)
    with pytest.raises(Invalid):
        make(stpes=[])
    with pytest.raises(Invalid):
        make(steps=[])
    with pytest.raises(Invalid):
        make(audience="client")


def test_manual_needs_routines() -> None:
    assert check(Manual, {"title": "M", "routines": ["feet"]}).routines == ["feet"]
    with pytest.raises(Invalid, match=r"^routines: must not be empty — add at least one item$"):
        check(Manual, {"title": "M", "routines": []})


@pytest.mark.parametrize(("given", "kept"), [("#2F6F6A", "#2f6f6a"), ("#abc", "#abc")])
def test_brand_accent_colour(given: str, kept: str) -> None:
    assert check(Brand, {"clinic": {"accent": given}}).clinic.accent == kept


@pytest.mark.parametrize("bad", ["teal", "#12345", "2f6f6a", "#ggg"])
def test_brand_accent_colour_rejects(bad: str) -> None:
    with pytest.raises(Invalid, match="is not a colour"):
        check(Brand, {"clinic": {"accent": bad}})
