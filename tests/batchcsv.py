"""A clinic's CSV of clients for `handout batch`, made up: for the batch tests and the bench."""

from __future__ import annotations

import csv
from pathlib import Path

FIRST = ["Zoë", "Иван", "Νίκος", "Anna", "José", "Ørjan", "Mia", "Łukasz"]
LAST = ["Müller", "Петров", "Παπαδόπουλος", "Schmidt", "García", "Ødegård", "Lee", "Wałęsa"]


def clients_csv(
    path: Path,
    rows: int,
    routines: tuple[str, ...] = ("front-legs", "self-legs", "feet", "back-legs"),
    langs: tuple[str, ...] = ("", "de", "ru"),
) -> Path:
    """`rows` clients, one sheet each, cycling through `routines` and `langs` ("": the
    workspace's language), every third with a note and every fourth with a date."""
    lines = [["client", "routine", "note", "lang", "date"]]
    for n in range(rows):
        name = f"{FIRST[n % len(FIRST)]} {LAST[n // len(FIRST) % len(LAST)]} {n}"
        note = "Twice a day, gently." if n % 3 == 0 else ""
        day = f"2026-03-{n % 28 + 1:02d}" if n % 4 == 0 else ""
        lang = langs[n % len(langs)]
        lines.append([name, routines[n % len(routines)], note, lang, day])
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(lines)
    return path
