"""Turns plain data plus positions into models, with one positioned message per problem.

`fields.check` finds the problems and words them; this module places each one
at its line and column: `file:line:col: step 3, pressure: 'hard' is not one of
light, medium, firm`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TypeVar

from handout.content.fields import Invalid, Issue, Record, check
from handout.content.yamlload import Located
from handout.errors import ContentError, Problem

M = TypeVar("M", bound=Record)


def parse(located: Located, model: type[M]) -> M:
    """Validate the located data as `model`, raising every problem at once.

    The problems the YAML loader collected (duplicate keys, tags, merge keys)
    are raised here too, together with the model's own; a value the loader
    left out is not reported a second time.
    """
    try:
        result = check(model, located.data)
    except Invalid as exc:
        found = [
            _placed(located, issue)
            for issue in exc.issues
            if not any(issue.path[: len(bad)] == bad for bad in located.dropped)
        ]
        raise ContentError(located.problems + found) from None
    if located.problems:
        raise ContentError(located.problems)
    notes = _NOTES.get()
    if notes is not None:
        notes.extend(located.commented.values())
    return result


def _placed(located: Located, issue: Issue) -> Problem:
    """The issue at its line and column; an empty value that was written as a comment
    (`accent: #1e6e5a`) is reported as that."""
    if not issue.key and issue.path in located.commented:
        return located.commented[issue.path]
    return located.problem(issue.path, issue.message, key=issue.key)


_NOTES: ContextVar[list[Problem] | None] = ContextVar("notes", default=None)


@contextlib.contextmanager
def noted() -> Iterator[list[Problem]]:
    """Collect the warnings of every file parsed inside the block (values that load but are
    likely not what was meant); nothing is collected outside such a block."""
    notes: list[Problem] = []
    token = _NOTES.set(notes)
    try:
        yield notes
    finally:
        _NOTES.reset(token)


def note(problem: Problem) -> None:
    """Add a warning to the collector of the enclosing `noted` block, if there is one."""
    notes = _NOTES.get()
    if notes is not None:
        notes.append(problem)
