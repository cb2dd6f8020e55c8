"""`handout schema`: the JSON Schema of routine files."""

from __future__ import annotations

import json
from pathlib import Path

SCHEMA_FILE = Path("schema") / "routine.schema.json"


def schema_json() -> str:
    from handout.content.fields import json_schema
    from handout.content.model import Routine

    return json.dumps(json_schema(Routine, "handout routine"), indent=2, ensure_ascii=False)
