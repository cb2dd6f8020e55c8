"""Load step of the pipeline: workspace files → models, each value checked against its field."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from handout.content.fields import suggest
from handout.content.model import Brand, Manual, Routine, Template
from handout.content.parse import parse
from handout.content.workspace import Workspace, shown
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


def routine_from(rid: str, path: Path) -> RoutineDoc:
    located = load_file(path, shown(path))
    return RoutineDoc(rid, path, parse(located, Routine), located)


def routine(ws: Workspace, ref: str, lang: str | None = None) -> RoutineDoc:
    rid, path = ws.routine_file(ref, lang)
    return routine_from(rid, path)


def manual(ws: Workspace, ref: str) -> tuple[str, Path, Manual, Located]:
    """A manual file's id, path, model and positions (its routines are not loaded here)."""
    mid, path = ws.manual_file(ref)
    located = load_file(path, shown(path))
    return mid, path, parse(located, Manual), located


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
