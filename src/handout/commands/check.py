"""`handout check`: every problem in the given files, or in the workspace's content."""

from __future__ import annotations

from pathlib import Path

from handout import check as checker
from handout.content.workspace import Workspace, is_workspace, resolve_root
from handout.errors import HandoutError, Problem


def content_files(ws: Workspace) -> list[Path]:
    files = sorted(ws.routines_dir.glob("*.yaml")) + sorted(ws.manuals_dir.glob("*.yaml"))
    files += sorted((ws.root / "templates").glob("*.yaml"))
    if ws.brand_file.is_file():
        files.append(ws.brand_file)
    return files


def _expand(paths: list[Path]) -> list[Path]:
    """The files to check: a workspace folder gives its content files, any other folder
    every YAML file inside it (hidden folders such as .venv and .git left out)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir() and is_workspace(path):
            files.extend(content_files(Workspace(path)))
        elif path.is_dir():
            found = (p for p in path.rglob("*.y*ml") if p.is_file())
            files.extend(sorted(p for p in found if not _hidden(p.relative_to(path))))
        elif path.exists():
            files.append(path)
        else:
            raise HandoutError(f"{path}: no such file or folder — check the path")
    return files


def _hidden(path: Path) -> bool:
    return any(part.startswith(".") for part in path.parts)


def check(root: Path | None, paths: list[Path]) -> tuple[list[Problem], int]:
    """Every problem in the given files (default: the workspace's content) and the file count."""
    ws = Workspace(resolve_root(root))
    files = _expand(paths) if paths else content_files(ws)
    found = [problem for path in files for problem in checker.file(path, ws)]
    # A manual reports the problems of its routines too; say each problem once.
    return list(dict.fromkeys(found)), len(files)
