"""Cautions said once.

In a routine, a step caution that repeats a routine caution is folded into it; consecutive
steps with the same caution print it once, at the first of them; each printed caution knows
the steps it applies to. There two cautions are the same when their text is, once case,
emphasis marks, spacing and end punctuation are set aside: every wording is printed, so
nothing is lost. A manual's safety table (`gathered`) also joins cautions that share an `id:`,
since each chapter still prints its own wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from handout.content.levels import LEVELS
from handout.content.model import Caution, Routine

_MARKS = re.compile(r"[*_]+")
_SPACE = re.compile(r"\s+")
_ENDS = " .;:!,—–-"


class Said(NamedTuple):
    """A caution to print once, with the step numbers (from 1) it applies to."""

    caution: Caution
    steps: tuple[int, ...] = ()


class Sayings(NamedTuple):
    """A routine's cautions said once: the routine's own, and each step's (by step index)."""

    routine: list[Said]
    steps: list[list[Said]]


def key(caution: Caution) -> str:
    """What makes two cautions of a manual the same: the id, else the normalised text."""
    if caution.id:
        return "id:" + caution.id.strip().casefold()
    return text_key(caution)


def text_key(caution: Caution) -> str:
    """What makes two cautions of a routine the same: the normalised text."""
    return "text:" + normalised(caution.text)


def normalised(text: str) -> str:
    return _SPACE.sub(" ", _MARKS.sub("", text)).strip(_ENDS).casefold()


def _stronger(one: Caution, other: Caution) -> Caution:
    """`one`, raised to `other`'s level when that is stronger."""
    if LEVELS[other.level].strength > LEVELS[one.level].strength:
        return Caution(level=other.level, text=one.text, id=one.id)
    return one


class _Pending:
    """A caution being gathered: the caution so far and its step numbers."""

    def __init__(self, caution: Caution) -> None:
        self.caution = caution
        self.steps: list[int] = []

    def add(self, caution: Caution, step: int) -> None:
        self.caution = _stronger(self.caution, caution)
        if step not in self.steps:
            self.steps.append(step)

    def said(self) -> Said:
        return Said(self.caution, tuple(self.steps))


def sayings(routine: Routine) -> Sayings:
    """Each caution of `routine` once, where it is printed (see the module's docstring)."""
    own: dict[str, _Pending] = {}
    for caution in routine.cautions:
        k = text_key(caution)
        if k in own:
            own[k].caution = _stronger(own[k].caution, caution)
        else:
            own[k] = _Pending(caution)
    steps: list[list[_Pending]] = []
    running: dict[str, _Pending] = {}  # the previous step's cautions, by key
    for number, step in enumerate(routine.steps, 1):
        here: dict[str, _Pending] = {}
        printed: list[_Pending] = []
        for caution in step.caution:
            k = text_key(caution)
            pending = own.get(k) or here.get(k) or running.get(k)
            if pending is None:
                pending = _Pending(caution)
                printed.append(pending)
            pending.add(caution, number)
            here[k] = pending
        steps.append(printed)
        running = {k: p for k, p in here.items() if k not in own}
    return Sayings([p.said() for p in own.values()], [[p.said() for p in s] for s in steps])


def step_numbers(numbers: Iterable[int]) -> str:
    """`[3, 5, 14, 15, 16, 17]` as '3, 5, 14–17' (the numbers in order, runs as ranges)."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def applies_to(steps: tuple[int, ...], words: Mapping[str, str]) -> str:
    """'applies to steps 14–17' in the build's words; '' for a caution of one step or none."""
    if len(steps) < 2:
        return ""
    return words["applies_steps"].format(step_numbers(steps))


class Gathered(NamedTuple):
    """A caution of a manual, once, with where it applies: (routine title, step numbers)."""

    caution: Caution
    where: list[tuple[str, tuple[int, ...]]]


def gathered(routines: Iterable[tuple[str, Routine]]) -> list[Gathered]:
    """Every caution of a manual's routines once, strongest level first, else in first-seen
    order; each with the routines it applies to and, for step cautions, the steps (none: the
    whole routine)."""
    found: dict[str, tuple[Caution, dict[str, set[int] | None]]] = {}

    def add(item: Said, title: str, whole: bool) -> None:
        k = key(item.caution)
        caution, where = found.get(k, (item.caution, {}))
        found[k] = (_stronger(caution, item.caution), where)
        if whole or where.get(title, set()) is None:
            where[title] = None
        else:
            where.setdefault(title, set()).update(item.steps)  # type: ignore[union-attr]

    for title, routine in routines:
        said = sayings(routine)
        for item in said.routine:
            add(item, title, True)
        for step in said.steps:
            for item in step:
                add(item, title, False)
    order = sorted(found.values(), key=lambda f: -LEVELS[f[0].level].strength)
    return [
        Gathered(c, [(t, tuple(sorted(s or ()))) for t, s in where.items()]) for c, where in order
    ]
