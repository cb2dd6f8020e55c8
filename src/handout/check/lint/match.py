"""Where a rule looks (its targets: each step, each caution, or the routine) and whether its
conditions hold there; each condition of rules.yaml is one small function here."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from handout.check.lint.rules import NO_DIRECTION, Rule
from handout.content.load import RoutineDoc
from handout.content.model import Caution, Routine, Step, duration_seconds
from handout.content.yamlload import Key

Texts = list[tuple[Key, str]]


class Target(NamedTuple):
    """One thing a rule is tried on, with what its conditions read."""

    at: Key  # where a finding points when no single field triggers it
    label: str  # what the finding names, e.g. " (step 4 'Knee thumbing')"
    texts: Texts  # what `words` searches, each with its place in the file
    cautions: list[str]  # the caution texts in reach (`without_caution_about`)
    allowed: frozenset[str]  # rule ids silenced here
    regions: list[str]
    step: Step | None = None
    caution: Caution | None = None
    step_path: Key = ()
    key: bool = False  # `at` names a key (the routine's title or cautions), not a value


def targets(doc: RoutineDoc, scope: str) -> Iterator[Target]:
    routine = doc.routine
    if scope == "routine":
        yield _routine_target(doc)
    elif scope == "step":
        yield from (_step_target(routine, i, step) for i, step in enumerate(routine.steps))
    else:
        yield from _caution_targets(routine)


def _routine_target(doc: RoutineDoc) -> Target:
    routine = doc.routine
    key = "cautions" if ("cautions",) in doc.located.keys else "title"
    texts = [text for i, step in enumerate(routine.steps) for text in _step_texts(i, step)]
    allowed = frozenset(routine.allow)
    return Target((key,), "", texts, _all_cautions(routine), allowed, routine.regions, key=True)


def _step_target(routine: Routine, index: int, step: Step) -> Target:
    cautions = [c.text for c in [*step.caution, *routine.cautions]]
    allowed = frozenset([*routine.allow, *step.allow])
    path: Key = ("steps", index)
    label = f" ({_step_label(index, step)})"
    texts = _step_texts(index, step)
    return Target(path, label, texts, cautions, allowed, step.region, step=step, step_path=path)


def _caution_targets(routine: Routine) -> Iterator[Target]:
    every = _all_cautions(routine)
    allowed = frozenset(routine.allow)
    for j, caution in enumerate(routine.cautions):
        path: Key = ("cautions", j)
        texts = [((*path, "text"), caution.text)]
        yield Target(path, f" (caution {j + 1})", texts, every, allowed, [], caution=caution)
    for i, step in enumerate(routine.steps):
        for j, caution in enumerate(step.caution):
            path = ("steps", i, "caution", j)
            label = f" ({_step_label(i, step)}, caution {j + 1})"
            texts = [((*path, "text"), caution.text)]
            mine = allowed | frozenset(step.allow)
            yield Target(path, label, texts, every, mine, step.region, caution=caution)


TITLE_MOST = 40  # characters of a step's title a finding quotes


def _step_label(index: int, step: Step) -> str:
    """`step 4 'Knee thumbing'`: the title on one line, a long one cut short (a finding is one
    line; its place in the file is already given)."""
    title = " ".join(step.title.split())
    if len(title) > TITLE_MOST:
        cut = title[:TITLE_MOST]
        title = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:.") + "…"
    return f"step {index + 1} '{title}'"


def _step_texts(index: int, step: Step) -> Texts:
    path: Key = ("steps", index)
    texts: Texts = [((*path, "title"), step.title)]
    if step.cue:
        texts.append(((*path, "cue"), step.cue))
    if isinstance(step.text, str):
        texts.append(((*path, "text"), step.text))
    elif step.text:
        texts += [((*path, "text", j), line) for j, line in enumerate(step.text)]
    return texts


def _all_cautions(routine: Routine) -> list[str]:
    return [c.text for c in routine.cautions] + [
        c.text for step in routine.steps for c in step.caution
    ]


def fires(rule: Rule, target: Target, routine: Routine) -> Key | None:
    """Where the rule's finding points on this target, or None when a condition fails."""
    if not all(_CONDITIONS[name](rule, target, routine) for name in rule.conditions):
        return None
    return _trigger(rule, target)


def _trigger(rule: Rule, target: Target) -> Key:
    """The field that triggers the rule, the most telling first: the words found, then the
    pressure, the direction, the time, the region; else the target itself."""
    if rule.words:
        pattern = _pattern(tuple(rule.words))
        return next(path for path, text in target.texts if pattern.search(text))
    fields = (
        ("pressure", bool(rule.pressure)),
        ("direction", bool(rule.direction or rule.direction_not)),
        ("time", rule.time_times_repeat_over is not None),
        ("region", bool(rule.regions)),
    )
    named = next((name for name, used in fields if used), None)
    if target.step is None or named is None or getattr(target.step, named) in (None, []):
        return target.at
    return (*target.step_path, named)


@functools.lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Whole words in any case; `*` ends a stem, spaces in a phrase match any spacing."""
    parts = [r"\s+".join(re.escape(p).replace(r"\*", r"\w*") for p in w.split()) for w in words]
    return re.compile(rf"\b(?:{'|'.join(parts)})\b", re.IGNORECASE)


def _mentions(words: list[str], texts: list[str]) -> bool:
    pattern = _pattern(tuple(words))
    return any(pattern.search(text) for text in texts)


def _seconds(step: Step) -> float:
    """Time × repeat, at the top of a range (`5–6` counts 6)."""
    if step.time is None:
        return 0.0
    count = int(re.findall(r"\d+", str(step.repeat))[-1]) if step.repeat else 1
    return duration_seconds(step.time) * count


def _step(target: Target) -> Step:
    assert target.step is not None, "a step condition on a step target (rules.py checks scopes)"
    return target.step


def _caution(target: Target) -> Caution:
    assert target.caution is not None, "a caution condition on a caution target"
    return target.caution


Condition = Callable[[Rule, Target, Routine], bool]
_CONDITIONS: dict[str, Condition] = {
    "audience": lambda rule, t, routine: routine.audience == rule.audience,
    "regions": lambda rule, t, routine: bool(set(t.regions) & set(rule.regions)),
    "pressure": lambda rule, t, routine: _step(t).pressure in rule.pressure,
    "direction": lambda rule, t, routine: (_step(t).direction or NO_DIRECTION) in rule.direction,
    "direction_not": lambda rule, t, routine: (
        _step(t).direction is not None and _step(t).direction not in rule.direction_not
    ),
    "words": lambda rule, t, routine: _mentions(rule.words, [text for _, text in t.texts]),
    "without_words": lambda rule, t, routine: (
        not _mentions(rule.without_words, [text for _, text in t.texts])
    ),
    "without_caution_about": lambda rule, t, routine: (
        not _mentions(rule.without_caution_about, t.cautions)
    ),
    "caution_level": lambda rule, t, routine: _caution(t).level in rule.caution_level,
    "fewer_words_than": lambda rule, t, routine: (
        len(re.findall(r"\w+", _caution(t).text)) < (rule.fewer_words_than or 0)
    ),
    "time_times_repeat_over": lambda rule, t, routine: (
        _seconds(_step(t)) > (rule.time_times_repeat_over or 0)
    ),
    "no_cautions": lambda rule, t, routine: not t.cautions,
}
