"""The small commands: check, list, new, schema, icons."""

from __future__ import annotations

import json
import re
from pathlib import Path

from handout import load
from handout.errors import HandoutError, Problem
from handout.workspace import Workspace, is_workspace, resolve_root, shown

SCHEMA_FILE = Path("schema") / "routine.schema.json"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


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
    found = [problem for path in files for problem in load.check_file(path, ws)]
    # A manual reports the problems of its routines too; say each problem once.
    return list(dict.fromkeys(found)), len(files)


def listing(root: Path | None) -> str:
    ws = Workspace(resolve_root(root))
    lines = [f"workspace: {shown(ws.root)}", "", "routines:"]
    lines += [f"  {rid:<22} {_title(ws.routines_dir / f'{rid}.yaml')}" for rid in ws.routine_ids()]
    lines += ["", "manuals:"]
    lines += [f"  {mid:<22} {_title(ws.manuals_dir / f'{mid}.yaml')}" for mid in ws.manual_ids()]
    lines += ["", "templates:"]
    lines += [f"  {name:<22} {_title(path)}" for name, path in ws.template_files().items()]
    return "\n".join(lines)


def _title(path: Path) -> str:
    """The file's title, or a short note of why it has none (listing never fails on bad files)."""
    try:
        from handout.yamlload import load_file

        data = load_file(path).data
    except HandoutError:
        return "(has problems — run handout check)"
    title = data.get("title") if isinstance(data, dict) else None
    return str(title) if title else "(no title)"


def new(root: Path | None, routine_id: str) -> str:
    if not _ID.match(routine_id):
        raise HandoutError(
            f"'{routine_id}' is not a usable id — use lowercase letters, digits and dashes, e.g. neck-release"
        )
    ws = Workspace(resolve_root(root) if root is not None else Path.cwd().resolve())
    path = ws.root / "content" / "routines" / f"{routine_id}.yaml"
    if path.exists():
        raise HandoutError(f"{shown(path)}: already exists — choose another id or edit that file")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(scaffold(routine_id), encoding="utf-8")
    schema_path = ws.root / SCHEMA_FILE
    if not schema_path.exists():
        schema_path.parent.mkdir(parents=True, exist_ok=True)
        schema_path.write_text(schema_json() + "\n", encoding="utf-8")
    return shown(path)


def schema_json() -> str:
    from handout.fields import json_schema
    from handout.model import Routine

    return json.dumps(json_schema(Routine, "handout routine"), indent=2, ensure_ascii=False)


def scaffold(routine_id: str) -> str:
    title = routine_id.replace("-", " ").capitalize()
    return SCAFFOLD.replace("{title}", title).replace("{schema}", f"../../{SCHEMA_FILE.as_posix()}")


SCAFFOLD = """\
# yaml-language-server: $schema={schema}
# A handout routine. Build it with: handout build --routine <this file's name>
# Every field is shown; the optional ones can be deleted.

title: {title}                    # required
summary: What this routine does, in one or two sentences.   # required
audience: therapist               # therapist | self (self = the client massages themself)
position: Lying face up, a bolster under the knees.
duration: 10 min                  # optional; else summed from the step times
equipment: [oil, towel]
tags: [relaxation]

cautions:                         # a string means level "caution"
  - Skip any area with broken skin or a fresh injury.
  - level: stop                   # note | caution | stop
    text: Stop at once if the client feels sharp pain.

steps:                            # at least one
  - title: Warm the area          # required
    cue: Long light strokes, ankle to hip   # short line for cards (about 8 words)
    region: whole-leg             # one region or a list; see handout schema for the names
    text:                         # a string, or a list = numbered sub-steps
      - Oil your hands and rest them on the ankle.
      - Glide up to the hip and return down the sides.
    purpose: Warms the tissue and spreads the oil.
    pressure: light               # light | medium | firm
    repeat: 3                     # a count, or a range such as "5-6"
    time: 30 s                    # per step
    # caution: Keep the pressure light over the knee.   # a string, {level, text} or a list
    # image: photos/warm.jpg      # relative to this file or to assets/
    # video: https://example.org/clip   # printed as a QR code on sheets
    # allow: [rule-id]            # silence a safety-lint rule for this step

finish: Rest both hands on the foot for a moment.
"""


def icons(out: Path) -> str:
    from handout.render import bodymap
    from handout.write import atomic_path

    with atomic_path(out) as temp:
        bodymap.region_sheet(str(temp))
    return shown(out)
