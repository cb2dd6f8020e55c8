"""Turns plain data plus positions into models, with one positioned message per problem.

`fields.check` finds the problems and words them; this module places each one
at its line and column: `file:line:col: steps[2].pressure: 'hard' is not one of
light, medium, firm`.
"""

from __future__ import annotations

from typing import TypeVar

from handout.content.fields import Invalid, Record, check
from handout.content.yamlload import Located
from handout.errors import ContentError

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
            located.problem(issue.path, issue.message, key=issue.key)
            for issue in exc.issues
            if not any(issue.path[: len(bad)] == bad for bad in located.dropped)
        ]
        raise ContentError(located.problems + found) from None
    if located.problems:
        raise ContentError(located.problems)
    return result
