"""Check stage: everything a build would refuse, found before anything is laid out.

`handout check` and every build call these same functions, so check never says OK to what a
build refuses. Each raises `ContentError` with every problem it finds (not the first one only);
`file` turns that into a list for the `check` command.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from handout.content import load
from handout.content.fields import show_path, suggest
from handout.content.fields import shown as written
from handout.content.load import ManualDoc, RoutineDoc
from handout.content.model import Brand, Manual, Template
from handout.content.paper import FORMATS, PaperError, check_room, paper_size
from handout.content.parse import note
from handout.content.workspace import Workspace
from handout.content.yamlload import Located
from handout.errors import AssetError, ContentError, HandoutError, Problem, TemplateError


def routine(ws: Workspace, ref: str, lang: str | None = None) -> RoutineDoc:
    """A routine loaded and checked: its fields, its photos, and a translation's steps."""
    return checked_routine(load.routine(ws, ref, lang), ws)


def checked_routine(doc: RoutineDoc, ws: Workspace) -> RoutineDoc:
    problems = _against_source(doc, ws)
    if any(step.image for step in doc.routine.steps):
        from handout.assets import images

        try:
            images.step_photos(ws, doc, grayscale=False)
        except ContentError as exc:
            problems += exc.problems
    if problems:
        raise ContentError(problems)
    return doc


def _against_source(doc: RoutineDoc, ws: Workspace) -> list[Problem]:
    """A translation (ID.xx.yaml) must have the steps of its source (ID.yaml beside it)."""
    parts = doc.path.name.split(".")
    source_path = doc.path.with_name(f"{parts[0]}.yaml")
    if len(parts) != 3 or not source_path.is_file():
        return []
    try:
        source = load.routine_from(parts[0], source_path, ws)
    except ContentError:
        return []  # the source's own problems are reported against the source
    have, want = len(doc.routine.steps), len(source.routine.steps)
    if have == want:
        return []
    fix = (
        f"translate {_steps(have + 1, want)} too"
        if have < want
        else f"remove {_steps(want + 1, have)}, which {source_path.name} does not have"
    )
    message = f"steps: {have} steps, {source_path.name} has {want} — {fix}"
    return [doc.located.problem(("steps",), message, key=True)]


def _steps(first: int, last: int) -> str:
    """`step 4`, `steps 4 and 5`, `steps 4–7` (counted from 1, as the PDF numbers them)."""
    if first == last:
        return f"step {first}"
    return f"steps {first} and {last}" if last == first + 1 else f"steps {first}–{last}"


def brand(ws: Workspace) -> Brand:
    """handout.yaml loaded and checked, its logo opened as a build opens it."""
    model, located = load.brand_located(ws)
    if located is not None and model.clinic.logo:
        _raise(_logo(ws, model, located))
    return model


def brand_file(ws: Workspace) -> None:
    """What `check` finds in handout.yaml: what `brand` finds, and its paper against the
    workspace's sheet and booklet layouts, which builds of those formats print on it."""
    model, located = load.brand_located(ws)
    if located is not None:
        _raise(_logo(ws, model, located) + _paper_room(ws, model, located))


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise ContentError(problems)


def _logo(ws: Workspace, model: Brand, located: Located) -> list[Problem]:
    from handout.assets import images

    try:
        images.logo(ws, model, grayscale=False)
    except AssetError as error:
        return [located.problem(("clinic", "logo"), f"clinic.logo: {error}")]
    return []


def _paper_room(ws: Workspace, model: Brand, located: Located) -> list[Problem]:
    if not model.paper:
        return []
    problems = []
    for name in ("sheet", "booklet"):
        try:
            layout = template(ws, name)
        except HandoutError:
            continue  # a layout's own problems are reported against its file
        try:
            check_room(model.paper, paper_size(model.paper), layout.format, layout.kept_margins)
        except PaperError as exc:
            problems.append(located.problem(("paper",), str(exc)))
    return problems


def template(ws: Workspace, name: str) -> Template:
    """A layout template loaded and checked against its own paper."""
    return checked_template(load.template_file(ws, name), ws)


def checked_template(path: Path, ws: Workspace) -> Template:
    model, located = load.template_from(path, ws)
    problems = _format_and_name(model, located, path) + _sizes(model, located)
    if problems:
        raise TemplateError(problems)
    for warning in _inside_safe_zone(model, located):
        note(warning)
    return model


def _inside_safe_zone(model: Template, located: Located) -> list[Problem]:
    """A card's margins narrower than its lamination safe zone (the layout widens them)."""
    if model.format != "card":
        return []
    zone = written(model.safe_zone)
    return [
        located.problem(
            ("margins", side),
            f"margins.{side}: {written(value)} mm is inside the {zone} mm lamination safe zone"
            f" — the card keeps its content {zone} mm in; set it to {zone} or more",
        )
        for side in ("top", "right", "bottom", "left")
        if (value := getattr(model.margins, side)) < model.safe_zone
    ]


def _format_and_name(model: Template, located: Located, path: Path) -> list[Problem]:
    """templates/card.yaml is the card layout: it must say `format: card`."""
    name = path.name.split(".")[0]
    if name not in FORMATS or model.format == name:
        return []
    message = (
        f"format: '{model.format}' in {path.name}, the {name} layout — write format: {name},"
        f" or name a {model.format} layout for itself, e.g. my-{model.format}.yaml"
    )
    return [located.problem(("format",), message)]


def _sizes(model: Template, located: Located) -> list[Problem]:
    """Room inside the margins on the template's own paper (the rule a build applies to the
    paper it uses); a card's type floor not above the size it starts at."""
    problems: list[Problem] = []
    try:
        check_room(model.paper, paper_size(model.paper), model.format, model.kept_margins)
    except PaperError as exc:
        problems.append(located.problem(("paper",), str(exc)))
    sizes = model.type
    if sizes.min_cue > sizes.cue:
        problems.append(
            located.problem(
                ("type", "min_cue"),
                f"type.min_cue: {written(sizes.min_cue)} is above type.cue {written(sizes.cue)}"
                f" — the floor a card's cues shrink to must not exceed the size they start at",
            )
        )
    return problems


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
            f"{show_path(('routines', i))}: no routine '{rid}'"
            + (suggest(rid, known) or f" — add content/routines/{rid}.yaml or remove it"),
        )
        for i, rid in enumerate(model.routines)
        if rid not in known
    ]
    return missing + [
        located.problem(
            ("routines", i),
            f"{show_path(('routines', i))}: '{rid}' is listed twice"
            f" (first at {show_path(('routines', model.routines.index(rid)))}) — keep one",
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
        kind = kind_of(path)
        if kind == "manual":
            manual(home_of(path) or ws, str(path))
        elif kind == "brand":
            brand_file(Workspace(path.parent))
        elif kind == "template":
            checked_template(path, Workspace(Path(os.path.abspath(path)).parent.parent))
        else:
            home = home_of(path) or ws
            checked_routine(load.routine_from(path.name.split(".")[0], path, home), home)
    except ContentError as exc:
        return exc.problems
    return []


def home_of(path: Path) -> Workspace | None:
    """The workspace a file in <root>/content/<kind>/ belongs to (a manual's routines are there)."""
    parents = [path.absolute().parent.resolve(), *path.absolute().parent.resolve().parents]
    return Workspace(parents[2]) if len(parents) > 2 and parents[1].name == "content" else None


def kind_of(path: Path) -> str:
    if path.name == "handout.yaml":
        return "brand"
    parent = path.absolute().parent.resolve().name  # the file itself may be a looping link
    return {"manuals": "manual", "templates": "template"}.get(parent, "routine")
