"""Load step of the pipeline: workspace files → validated models."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from handout.errors import ContentError, HandoutError, Problem
from handout.fields import suggest
from handout.model import Brand, Manual, Routine, Template
from handout.validate import parse
from handout.workspace import Workspace, shown
from handout.yamlload import Located, load_file


class RoutineDoc(NamedTuple):
    """A routine with its id, its file and where each of its values stands."""

    id: str
    path: Path
    routine: Routine
    located: Located


class ManualDoc(NamedTuple):
    id: str
    path: Path
    manual: Manual
    routines: list[RoutineDoc]


def routine_from(rid: str, path: Path) -> RoutineDoc:
    located = load_file(path, shown(path))
    return RoutineDoc(rid, path, parse(located, Routine), located)


def routine(ws: Workspace, ref: str, lang: str | None = None) -> RoutineDoc:
    rid, path = ws.routine_file(ref, lang)
    return routine_from(rid, path)


def manual(ws: Workspace, ref: str, lang: str | None = None) -> ManualDoc:
    mid, path = ws.manual_file(ref)
    located = load_file(path, shown(path))
    model = parse(located, Manual)
    known = ws.routine_ids()
    missing = [
        located.problem(
            ("routines", i),
            f"routines[{i}]: no routine '{rid}'"
            + (suggest(rid, known) or f" — add content/routines/{rid}.yaml or remove it"),
        )
        for i, rid in enumerate(model.routines)
        if rid not in known
    ]
    missing += [
        located.problem(
            ("routines", i),
            f"routines[{i}]: '{rid}' is listed twice (first at routines[{model.routines.index(rid)}])"
            " — keep one",
        )
        for i, rid in enumerate(model.routines)
        if model.routines.index(rid) < i
    ]
    if missing:
        raise ContentError(missing)
    docs = _collect(lambda rid: routine(ws, rid, lang), model.routines)
    return ManualDoc(mid, path, model, docs)


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


def brand(ws: Workspace) -> Brand:
    if not ws.brand_file.exists():
        return Brand()
    located = load_file(ws.brand_file, shown(ws.brand_file))
    return parse(located, Brand)


def template(ws: Workspace, name: str) -> Template:
    files = ws.template_files()
    if name not in files:
        raise HandoutError(
            f"{shown(ws.root / 'templates')}: no template '{name}'"
            + (suggest(name, files) or f" — choose one of {', '.join(sorted(files))}")
        )
    path = files[name]
    located = load_file(path, shown(path))
    return parse(located, Template)


def check_file(path: Path, ws: Workspace) -> list[Problem]:
    """Every problem in one content file, whatever kind of file it is."""
    try:
        kind = _kind_of(path, ws)
        if kind == "manual":
            manual(_home(path) or ws, str(path))
        elif kind == "brand":
            brand(Workspace(path.parent))
        elif kind == "template":
            parse(load_file(path, shown(path)), Template)
        else:
            _check_photos(routine_from(path.name.split(".")[0], path), _home(path) or ws)
    except ContentError as exc:
        return exc.problems
    return []


def _check_photos(doc: RoutineDoc, ws: Workspace) -> None:
    """Every `image:` must name an image inside the workspace (read as a build would)."""
    if any(step.image for step in doc.routine.steps):
        from handout.render import images

        images.step_photos(ws, doc, grayscale=False)


def _home(path: Path) -> Workspace | None:
    """The workspace a file in <root>/content/<kind>/ belongs to (a manual's routines are there)."""
    parents = [path.absolute().parent.resolve(), *path.absolute().parent.resolve().parents]
    return Workspace(parents[2]) if len(parents) > 2 and parents[1].name == "content" else None


def _kind_of(path: Path, ws: Workspace) -> str:
    if path.name == "handout.yaml":
        return "brand"
    parent = path.absolute().parent.resolve().name  # the file itself may be a looping link
    return {"manuals": "manual", "templates": "template"}.get(parent, "routine")
