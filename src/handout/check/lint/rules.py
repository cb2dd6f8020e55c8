"""The lint's rules: the set shipped beside this module, changed or added to by a workspace's
own rules.yaml (same form; a known id changes only the keys it gives)."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from handout.content.fields import (
    Checked,
    Choice,
    Flag,
    ListOf,
    Nested,
    Number,
    Record,
    Text,
    check,
    show_path,
    spec,
)
from handout.content.levels import LEVELS
from handout.content.model import AUDIENCES, DIRECTIONS, PRESSURES, REGIONS, listed, optional
from handout.content.parse import parse
from handout.content.workspace import Workspace, present, shown
from handout.content.yamlload import Located, load_file
from handout.errors import ContentError, Problem

SHIPPED = Path(__file__).with_name("rules.yaml")
WORKSPACE_FILE = "rules.yaml"
SCOPES = ("step", "routine", "caution")
NO_DIRECTION = "none"
_KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# Which conditions a rule of each scope may use (rules.yaml's header says what each means).
CONDITIONS: dict[str, frozenset[str]] = {
    "step": frozenset(
        {"audience", "regions", "pressure", "direction", "direction_not", "words",
         "without_words", "without_caution_about", "time_times_repeat_over"}
    ),
    "routine": frozenset(
        {"audience", "regions", "words", "without_words", "without_caution_about", "no_cautions"}
    ),
    "caution": frozenset(
        {"audience", "caution_level", "words", "without_words", "fewer_words_than"}
    ),
}  # fmt: skip
# The conditions that read the content's words (English): translations are spared them.
TEXTUAL = frozenset({"words", "without_words", "without_caution_about", "fewer_words_than"})
_NEEDED = ("level", "message", "reason")


def _kebab(text: str) -> str:
    if not _KEBAB.fullmatch(text):
        raise ValueError(f"'{text}' is not a rule id — use lowercase words joined by dashes")
    return text


TEXT = Text()
WORDS = ListOf(TEXT, single=True)


def _choices(values: tuple[str, ...], *, region: bool = False) -> Any:
    return listed(ListOf(Choice(values, region=region), single=True))


class Rule(Record):
    """One rule; level, message and reason are optional only in an override of a known rule."""

    id: str = spec(Checked(TEXT, _kebab))
    level: str | None = optional(Choice(("error", "warning")))
    scope: str = spec(Choice(SCOPES), default="step")
    message: str | None = optional(TEXT)
    reason: str | None = optional(TEXT)
    seed: str | None = optional(TEXT, description="The source text the reason comes from.")
    audience: str | None = optional(Choice(AUDIENCES))
    regions: list[str] = _choices(REGIONS, region=True)
    pressure: list[str] = _choices(PRESSURES)
    direction: list[str] = _choices((*DIRECTIONS, NO_DIRECTION))
    direction_not: list[str] = _choices(DIRECTIONS)
    words: list[str] = listed(WORDS)
    without_words: list[str] = listed(WORDS)
    without_caution_about: list[str] = listed(WORDS)
    caution_level: list[str] = _choices(tuple(LEVELS))
    fewer_words_than: int | None = optional(Number(1, 1000, whole=True))
    time_times_repeat_over: float | None = optional(Number(1, 86400))
    no_cautions: bool = spec(Flag(), default=False)

    @property
    def conditions(self) -> list[str]:
        """The conditions this rule sets (those not left at their default)."""
        return [
            f.name
            for f in self.fields
            if f.name in CONDITIONS["step"] | CONDITIONS["routine"] | CONDITIONS["caution"]
            and getattr(self, f.name) not in (None, [], False)
        ]


class RuleFile(Record):
    rules: list[Rule] = spec(ListOf(Nested(Rule)))


def rules(ws: Workspace) -> dict[str, Rule]:
    """The rules in use in `ws`, by id, in the order they are listed (shipped ones first)."""
    merged = dict(_shipped())
    own = ws.root / WORKSPACE_FILE
    if present(own):
        merged = _overridden(merged, load_file(own, shown(own)))
    return merged


@functools.cache
def _shipped() -> dict[str, Rule]:
    return _overridden({}, load_file(SHIPPED, shown(SHIPPED)))


def _overridden(base: dict[str, Rule], located: Located) -> dict[str, Rule]:
    """`base` with the rules of one file laid over it, every problem of the file raised at once."""
    given = parse(located, RuleFile).rules
    raw = located.data["rules"]
    result = dict(base)
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, (rule, data) in enumerate(zip(given, raw, strict=True)):
        path = ("rules", index)
        if rule.id in seen:
            message = f"{show_path(path)}: rule '{rule.id}' is listed twice — keep one"
            problems.append(located.problem((*path, "id"), message))
            continue
        seen.add(rule.id)
        merged = _merged(base.get(rule.id), data)
        problems += _faults(merged, path, located, new=rule.id not in base)
        result[rule.id] = merged
    if problems:
        raise ContentError(problems)
    return result


def _merged(base: Rule | None, data: dict[str, Any]) -> Rule:
    """The override's keys over the base rule's (both already checked, so this cannot fail)."""
    if base is None:
        return check(Rule, data)
    values = {f.name: getattr(base, f.name) for f in base.fields}
    return check(Rule, {**values, **data})


def _faults(
    rule: Rule, path: tuple[str | int, ...], located: Located, *, new: bool
) -> list[Problem]:
    """A new rule without what it must say; conditions that do not fit the rule's scope."""
    where = show_path(path)
    problems = []
    missing = [name for name in _NEEDED if getattr(rule, name) is None]
    if missing and new:
        problems.append(
            located.problem(
                path,
                f"{where}: new rule '{rule.id}' needs {', '.join(missing)} — add them"
                " (handout check --rules lists the rules it could override)",
            )
        )
    wrong = [name for name in rule.conditions if name not in CONDITIONS[rule.scope]]
    for name in wrong:
        problems.append(
            located.problem(
                (*path, name),
                f"{where}, {name}: does not apply to scope {rule.scope} — use it in a rule of"
                f" scope {' or '.join(s for s in SCOPES if name in CONDITIONS[s])}",
            )
        )
    if not rule.conditions:
        problems.append(
            located.problem(path, f"{where}: rule '{rule.id}' has no condition — add at least one")
        )
    return problems
