"""`handout check`: every problem in the given files, or in the workspace's content."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from handout import check as checker
from handout.check import lint
from handout.content import load
from handout.content.parse import noted
from handout.content.workspace import Workspace, is_workspace, present, resolve_root, shown
from handout.errors import ContentError, HandoutError, Problem


class Report(NamedTuple):
    """What `check` found: the problems (each once), how many files it read, and the workspace
    it used (as a person would type its path)."""

    problems: list[Problem]
    files: int
    workspace: str
    warnings: list[Problem]  # what loads but was likely meant otherwise; never a failure
    findings: list[lint.Finding]  # the safety lint's, of the files with no problems


def content_files(ws: Workspace) -> list[Path]:
    """A workspace's content files; anything named like one is checked, whatever it is (a
    folder or a FIFO named handout.yaml is reported, not passed over)."""
    files = sorted(ws.routines_dir.glob("*.yaml")) + sorted(ws.manuals_dir.glob("*.yaml"))
    files += sorted((ws.root / "templates").glob("*.yaml"))
    if present(ws.brand_file):
        files.append(ws.brand_file)
    return files


def _expand(paths: list[Path]) -> list[Path]:
    """The files to check: a workspace folder gives its content files, any other folder
    every YAML file inside it (hidden folders such as .venv and .git left out)."""
    files: list[Path] = []
    for path in paths:
        if os.path.isdir(path):  # os.path: a name too long for the file system is no folder
            files.extend(_nonempty(_in_folder(path), path))
        elif present(path):
            files.append(path)
        else:
            raise HandoutError(f"{path}: no such file or folder — check the path")
    return files


def _workspace_files(ws: Workspace) -> list[Path]:
    """The content of the workspace in use; a --root folder that is no workspace has none."""
    return content_files(ws) if is_workspace(ws.root) else []


def _in_folder(folder: Path) -> list[Path]:
    if is_workspace(folder):
        return content_files(Workspace(folder))
    found = (p for p in folder.rglob("*.y*ml") if not p.is_dir())
    return sorted(p for p in found if not _hidden(p.relative_to(folder)))


def _nonempty(files: list[Path], folder: Path) -> list[Path]:
    if not files:
        raise HandoutError(
            f"{shown(folder)}: no content to check — add a routine (handout new ID)"
            " or give the path of a .yaml file"
        )
    return files


def _hidden(path: Path) -> bool:
    return any(part.startswith(".") for part in path.parts)


def check(root: Path | None, paths: list[Path]) -> Report:
    """Every problem in the given files (default: the workspace's content), the safety lint's
    findings in those without problems, and the file count."""
    ws = Workspace(resolve_root(root))
    files = _expand(paths) if paths else _nonempty(_workspace_files(ws), ws.root)
    found: list[Problem] = []
    findings: list[lint.Finding] = []
    with noted() as notes:
        for path in files:
            problems = checker.file(path, ws)
            found += problems
            if not problems:
                findings += _linted(path, ws, found)
    # A manual reports the problems of its routines too; say each problem once.
    return Report(
        list(dict.fromkeys(found)),
        len(files),
        shown(ws.root),
        list(dict.fromkeys(notes)),
        list(dict.fromkeys(findings)),
    )


def _linted(path: Path, ws: Workspace, problems: list[Problem]) -> list[lint.Finding]:
    """The lint's findings in a routine file, or in each routine of a manual; a broken rules.yaml
    is added to `problems` instead (the kinds of file are those `checker.file` tells apart)."""
    kind = checker.kind_of(path)
    home = checker.home_of(path) or ws
    try:
        if kind == "routine":
            docs = [load.routine_from(path.name.split(".")[0], path, home)]
        elif kind == "manual":
            docs = checker.manual(home, str(path)).routines
        else:
            return []
        return [finding for doc in docs for finding in lint.findings(doc, home)]
    except ContentError as exc:
        problems.extend(exc.problems)
        return []


def rules(root: Path | None) -> list[str]:
    """`handout check --rules`: the rules in use in the workspace."""
    return lint.listing(Workspace(resolve_root(root)))
