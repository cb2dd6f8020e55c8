"""The safety lint: domain rules (rules.yaml) run over a routine that passed its schema checks.

`findings` is the one entry point: `handout check` prints what it returns, and a build calls
`enforce`, which refuses on the errors among the same findings and passes the warnings on.
"""

from __future__ import annotations

from typing import NamedTuple

from handout.check.lint.match import fires, targets
from handout.check.lint.rules import TEXTUAL, Rule, rules
from handout.content.fields import show_path, suggest
from handout.content.load import RoutineDoc
from handout.content.parse import note
from handout.content.workspace import Workspace
from handout.content.yamlload import Key
from handout.errors import ContentError, Problem

__all__ = ["Finding", "enforce", "findings", "listing", "rules"]


class Finding(NamedTuple):
    """One finding: its level (error | warning) and the line printed for it."""

    level: str
    problem: Problem

    def __str__(self) -> str:
        return str(self.problem)


def findings(doc: RoutineDoc, ws: Workspace) -> list[Finding]:
    """Every finding of the workspace's rules in one routine, in file order; an `allow` that
    names no rule is an error finding of its own. A translation (ID.de.yaml) is spared the
    rules that read its words: they are English, and its source is checked with them."""
    known = rules(ws)
    translated = len(doc.path.name.split(".")) == 3
    found = _unknown_allows(doc, list(known)) + [
        finding
        for rule in known.values()
        if not (translated and TEXTUAL.intersection(rule.conditions))
        for finding in _run(rule, doc)
    ]
    return sorted(found, key=lambda f: f.problem)


def enforce(doc: RoutineDoc, ws: Workspace) -> None:
    """What a build does with the findings: refuse on errors (every one, as check prints them),
    pass warnings on to the build's warnings."""
    found = findings(doc, ws)
    errors = [f.problem for f in found if f.level == "error"]
    if errors:
        raise ContentError(errors)
    for finding in found:
        note(finding.problem)


def listing(ws: Workspace) -> list[str]:
    """`handout check --rules`: one line per rule, id, level and message."""
    known = rules(ws).values()
    width = max(len(rule.id) for rule in known)
    return [f"{rule.id:<{width}}  {rule.level:<7}  {rule.message}" for rule in known]


def _run(rule: Rule, doc: RoutineDoc) -> list[Finding]:
    found = []
    for target in targets(doc, rule.scope):
        if rule.id in target.allowed:
            continue
        at = fires(rule, target, doc.routine)
        if at is not None:
            text = f"{rule.level}[{rule.id}]: {rule.message}{target.label}"
            place = doc.located.problem(at, text, key=target.key and at == target.at)
            found.append(Finding(str(rule.level), place))
    return found


def _unknown_allows(doc: RoutineDoc, known: list[str]) -> list[Finding]:
    places: list[tuple[Key, list[str]]] = [(("allow",), doc.routine.allow)]
    places += [(("steps", i, "allow"), s.allow) for i, s in enumerate(doc.routine.steps)]
    return [
        Finding("error", doc.located.problem((*path, j), _unknown(path, rid, known)))
        for path, allowed in places
        for j, rid in enumerate(allowed)
        if rid not in known
    ]


def _unknown(path: Key, rid: str, known: list[str]) -> str:
    hint = suggest(rid, known) or " — handout check --rules lists them"
    return f"{show_path(path)}: unknown rule '{rid}'{hint}"
