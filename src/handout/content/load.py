"""Load step of the pipeline: workspace files → models, each value checked against its field."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from handout.content.fields import suggest
from handout.content.model import Brand, Manual, Routine, Template
from handout.content.parse import parse
from handout.content.workspace import Workspace, present, shown
from handout.content.yamlload import Located, load_file
from handout.errors import HandoutError


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


def _read(path: Path, ws: Workspace) -> Located:
    """A content file's data and positions; one a link takes outside the workspace is refused."""
    ws.confine(path)
    return load_file(path, shown(path))


def routine_from(rid: str, path: Path, ws: Workspace) -> RoutineDoc:
    located = _read(path, ws)
    return RoutineDoc(rid, path, parse(located, Routine), located)


def routine(ws: Workspace, ref: str, lang: str | None = None) -> RoutineDoc:
    rid, path = ws.routine_file(ref, lang)
    return routine_from(rid, path, ws)


def manual(ws: Workspace, ref: str) -> tuple[str, Path, Manual, Located]:
    """A manual file's id, path, model and positions (its routines are not loaded here)."""
    mid, path = ws.manual_file(ref)
    located = _read(path, ws)
    return mid, path, parse(located, Manual), located


def brand(ws: Workspace) -> Brand:
    """handout.yaml's fields (builds use `check.brand`, which also opens the logo)."""
    return brand_located(ws)[0]


def brand_located(ws: Workspace) -> tuple[Brand, Located | None]:
    """handout.yaml's model and positions; the defaults when there is none."""
    if not present(ws.brand_file):
        return Brand(), None
    located = load_file(ws.brand_file, shown(ws.brand_file))
    return parse(located, Brand), located


def template(ws: Workspace, name: str) -> Template:
    """A template's fields (builds use `check.template`, which also checks it against its paper)."""
    return template_from(template_file(ws, name), ws)[0]


def template_file(ws: Workspace, name: str) -> Path:
    files = ws.template_files()
    if name not in files:
        raise HandoutError(
            f"{shown(ws.root / 'templates')}: no template '{name}'"
            + (suggest(name, files) or f" — choose one of {', '.join(sorted(files))}")
        )
    return files[name]


def template_from(path: Path, ws: Workspace) -> tuple[Template, Located]:
    located = _read(path, ws)
    return parse(located, Template), located
