"""`handout list`: routines, manuals and templates with their titles."""

from __future__ import annotations

from pathlib import Path

from handout.content.workspace import Workspace, resolve_root, shown
from handout.errors import HandoutError


def listing(root: Path | None) -> str:
    ws = Workspace(resolve_root(root))
    lines = [f"workspace: {shown(ws.root)}", "", "routines:"]
    for rid in ws.routine_ids():
        lines.append(f"  {rid:<22} {_title(ws, ws.routines_dir / f'{rid}.yaml')}")
        languages = ws.translations(rid)
        if languages:
            said = ", ".join(_translation(ws, rid, lang) for lang in languages)
            lines.append(f"    {'':<20} translations: {said}")
    lines += ["", "manuals:"]
    lines += [
        f"  {mid:<22} {_title(ws, ws.manuals_dir / f'{mid}.yaml')}" for mid in ws.manual_ids()
    ]
    lines += ["", "templates:"]
    lines += [f"  {name:<22} {_title(ws, path)}" for name, path in ws.template_files().items()]
    return "\n".join(lines)


def _translation(ws: Workspace, rid: str, lang: str) -> str:
    """`de`, or `ru (out of date: …)` when its steps are not its source's."""
    source, translated = (ws.routines_dir / name for name in (f"{rid}.yaml", f"{rid}.{lang}.yaml"))
    differs = _difference(_data(ws, source), _data(ws, translated), source.name)
    return f"{lang} (out of date: {differs})" if differs else lang


def _difference(source: object, translated: object, source_name: str) -> str | None:
    """How a translation's steps differ from its source's (their count, then each step's
    regions), judged from the data: the words are another language's, the steps the same."""
    have, want = _steps(translated), _steps(source)
    if have is None or want is None:
        return None  # a file with problems: handout check says what
    if len(have) != len(want):
        return f"{len(have)} steps, {source_name} has {len(want)}"
    other = [str(n) for n, (a, b) in enumerate(zip(have, want, strict=True), 1) if a != b]
    if other:
        which = f"step {other[0]}" if len(other) == 1 else f"steps {', '.join(other)}"
        return (
            f"{which} {'works' if len(other) == 1 else 'work'} other regions than in {source_name}"
        )
    return None


def _steps(data: object) -> list[frozenset[str]] | None:
    """Each step's regions, None when the data has no list of steps."""
    steps = data.get("steps") if isinstance(data, dict) else None
    if not isinstance(steps, list):
        return None
    return [_regions(step.get("region") if isinstance(step, dict) else None) for step in steps]


def _regions(value: object) -> frozenset[str]:
    return frozenset(map(str, value if isinstance(value, list) else [value] if value else []))


UNREADABLE = object()


def _data(ws: Workspace, path: Path) -> object:
    """A content file's data, UNREADABLE when it cannot be read (listing never fails on bad files;
    one a link takes outside the workspace is not read)."""
    try:
        from handout.content.yamlload import load_file

        ws.confine(path)
        return load_file(path).data
    except HandoutError:
        return UNREADABLE


def _title(ws: Workspace, path: Path) -> str:
    """The file's title, or a short note of why it has none."""
    data = _data(ws, path)
    if data is UNREADABLE:
        return "(has problems — run handout check)"
    title = data.get("title") if isinstance(data, dict) else None
    return str(title) if title else "(no title)"
