"""The version stamp a sheet or card carries: which content it was built from, and when.

The hash is of the routine as loaded (its model, as canonical JSON), not of the file's bytes:
a comment, a reflowed line or a reordered key leaves the stamp alone, a changed word gives
another. A translation is a model of its own, so it has its own hash.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from handout.content.fields import Record
from handout.content.model import Routine, is_language

if TYPE_CHECKING:
    from handout.content.load import RoutineDoc

DIGITS = 7  # hex digits of the hash printed: a version told apart from its neighbours


class Stamp(NamedTuple):
    """`front-legs · v3f9a1c2 · 2026-12-02`, and where the current version is online."""

    name: str  # the routine's id; a translation's with its language: self-legs.de
    digest: str
    day: date
    url: str | None = None  # <site>/routines/<id>, when handout.yaml names a site

    @property
    def text(self) -> str:
        """The stamp as printed (ISO date: it reads the same in every language); a line that
        must wrap breaks after a dot, never before one."""
        return f"{self.name}\u00a0· v{self.digest}\u00a0· {self.day.isoformat()}"


def canonical(value: Any) -> Any:
    """A model as plain JSON data: a record's fields by name, lists in order."""
    if isinstance(value, Record):
        return {field.name: canonical(getattr(value, field.name)) for field in value.fields}
    if isinstance(value, list | tuple):
        return [canonical(item) for item in value]
    return value


def content_hash(routine: Routine) -> str:
    """The first DIGITS hex digits of the SHA-256 of the routine's canonical JSON."""
    data = json.dumps(canonical(routine), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:DIGITS]


def stamp_name(rid: str, path: Path) -> str:
    """The id, with the language of a translation's file (`self-legs.de.yaml`: self-legs.de)."""
    middle = path.name.split(".")[1:-1]
    return f"{rid}.{middle[0]}" if len(middle) == 1 and is_language(middle[0]) else rid


def routine_url(site: str, rid: str) -> str:
    """The routine's page on the clinic's site, with one slash between the two."""
    return f"{site.rstrip('/')}/routines/{rid}"


def stamp(doc: RoutineDoc, day: date, site: str | None) -> Stamp:
    """The stamp of a routine as loaded, built on `day`, linked to `site` when there is one."""
    url = routine_url(site, doc.id) if site else None
    return Stamp(stamp_name(doc.id, doc.path), content_hash(doc.routine), day, url)
