"""Check stage: everything a build would refuse, found before anything is laid out.

`handout check` and every build call these same functions, so check never says OK to what a
build refuses. Each raises `ContentError` with every problem it finds (not the first one only);
`file` turns that into a list for the `check` command.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from handout.content import load
from handout.content.fields import suggest
from handout.content.load import ManualDoc, RoutineDoc
from handout.content.model import Manual, Template
from handout.content.parse import parse
from handout.content.workspace import Workspace, shown
from handout.content.yamlload import Located, load_file
from handout.errors import ContentError, Problem


def routine(ws: Workspace, ref: str, lang: str | None = None) -> RoutineDoc:
    """A routine loaded and checked: its fields, and the photos its steps name."""
    return checked_routine(load.routine(ws, ref, lang), ws)


def checked_routine(doc: RoutineDoc, ws: Workspace) -> RoutineDoc:
    if any(step.image for step in doc.routine.steps):
        from handout.assets import images

        images.step_photos(ws, doc, grayscale=False)
    return doc


def manual(ws: Workspace, ref: str, lang: str | None = None) -> ManualDoc:
    """A manual loaded and checked with every routine it lists, all problems reported together."""
    mid, path, model, located = load.manual(ws, ref)
    problems = _references(model, located, ws.routine_ids())
    if problems:
        raise ContentError(problems)
    docs = _collect(lambda rid: routine(ws, rid, lang), model.routines)
    return ManualDoc(mid, path, model, docs)


def _references(model: Manual, located: Located, known: list[str]) -> list[Problem]:
    """A manual's routines must exist, each listed once."""
    missing = [
        located.problem(
            ("routines", i),
            f"routines[{i}]: no routine '{rid}'"
            + (suggest(rid, known) or f" — add content/routines/{rid}.yaml or remove it"),
        )
        for i, rid in enumerate(model.routines)
        if rid not in known
    ]
    return missing + [
        located.problem(
            ("routines", i),
            f"routines[{i}]: '{rid}' is listed twice (first at routines[{model.routines.index(rid)}])"
            " — keep one",
        )
        for i, rid in enumerate(model.routines)
        if model.routines.index(rid) < i
    ]


def _collect(load_one: Callable[[str], RoutineDoc], ids: list[str]) -> list[RoutineDoc]:
    """Load every routine, reporting the problems of all of them together."""
    docs: list[RoutineDoc] = []
    problems: list[Problem] = []
    for rid in ids:
        try:
            docs.append(load_one(rid))
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return docs


def file(path: Path, ws: Workspace) -> list[Problem]:
    """Every problem in one content file, whatever kind of file it is."""
    try:
        kind = _kind_of(path)
        if kind == "manual":
            manual(_home(path) or ws, str(path))
        elif kind == "brand":
            load.brand(Workspace(path.parent))
        elif kind == "template":
            parse(load_file(path, shown(path)), Template)
        else:
            checked_routine(load.routine_from(path.name.split(".")[0], path), _home(path) or ws)
    except ContentError as exc:
        return exc.problems
    return []


def _home(path: Path) -> Workspace | None:
    """The workspace a file in <root>/content/<kind>/ belongs to (a manual's routines are there)."""
    parents = [path.absolute().parent.resolve(), *path.absolute().parent.resolve().parents]
    return Workspace(parents[2]) if len(parents) > 2 and parents[1].name == "content" else None


def _kind_of(path: Path) -> str:
    if path.name == "handout.yaml":
        return "brand"
    parent = path.absolute().parent.resolve().name  # the file itself may be a looping link
    return {"manuals": "manual", "templates": "template"}.get(parent, "routine")
