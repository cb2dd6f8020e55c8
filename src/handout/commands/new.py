"""`handout new`: a commented routine scaffold that passes `check`."""

from __future__ import annotations

import re
from pathlib import Path

from handout.commands.schema import SCHEMA_FILE, schema_json
from handout.content.workspace import Workspace, enclosing, resolve_root, shown
from handout.errors import HandoutError

_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


def new(root: Path | None, routine_id: str) -> str:
    if not _ID.fullmatch(routine_id):
        raise HandoutError(
            f"{routine_id!r} is not a usable id — use lowercase letters, digits and dashes, e.g. neck-release"
        )
    here = Path.cwd()  # in a workspace (or any folder inside one) that workspace, else here
    ws = Workspace(resolve_root(root) if root is not None else enclosing(here) or here.resolve())
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
  - Skip any area with varicose veins, broken skin or a fresh injury.
  - level: stop                   # note | caution | stop
    text: Stop at once if the client feels sharp pain, as pain means harm.

steps:                            # at least one
  - title: Warm the area          # required
    cue: Long light strokes, ankle to hip   # short line for cards (about 8 words)
    region: whole-leg             # one region or a list; see handout schema for the names
    direction: toward-heart       # up | down | toward-heart | away-from-heart | circles | across | along
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
    # therapist_note: Ask about pain before going firmer.   # therapists only: cards, --audience therapist
    # allow: [rule-id]            # silence a safety-lint rule for this step

finish: Rest both hands on the foot for a moment.
# frequency: twice a day         # how often; shown once near the title of sheets
# therapist_note: Check the client's skin before oiling.   # therapists only, never on a client's sheet
# allow: [rule-id]               # silence a safety-lint rule for the whole routine (handout check --rules)
"""
