"""`handout list`: routines, manuals and templates with their titles."""

from __future__ import annotations

from pathlib import Path

from handout.content.workspace import Workspace, resolve_root, shown
from handout.errors import HandoutError


def listing(root: Path | None) -> str:
    ws = Workspace(resolve_root(root))
    lines = [f"workspace: {shown(ws.root)}", "", "routines:"]
    lines += [
        f"  {rid:<22} {_title(ws, ws.routines_dir / f'{rid}.yaml')}" for rid in ws.routine_ids()
    ]
    lines += ["", "manuals:"]
    lines += [
        f"  {mid:<22} {_title(ws, ws.manuals_dir / f'{mid}.yaml')}" for mid in ws.manual_ids()
    ]
    lines += ["", "templates:"]
    lines += [f"  {name:<22} {_title(ws, path)}" for name, path in ws.template_files().items()]
    return "\n".join(lines)


def _title(ws: Workspace, path: Path) -> str:
    """The file's title, or a short note of why it has none (listing never fails on bad files;
    one a link takes outside the workspace is not read)."""
    try:
        from handout.content.yamlload import load_file

        ws.confine(path)
        data = load_file(path).data
    except HandoutError:
        return "(has problems — run handout check)"
    title = data.get("title") if isinstance(data, dict) else None
    return str(title) if title else "(no title)"
