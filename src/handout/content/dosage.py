"""A step's dose in the build's words: '3×', '30 s', 'light pressure'.

Each phrase keeps its value and unit together with a no-break space, so a line never ends
between '10' and 'min'. Units come from the labels table (`unit_s`, `unit_min`, `unit_h`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from handout.content.model import Step

NBSP = "\u00a0"
_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([^\W\d_]+)")
_UNITS = {
    "s": "unit_s", "sec": "unit_s", "secs": "unit_s", "second": "unit_s", "seconds": "unit_s",
    "min": "unit_min", "mins": "unit_min", "minute": "unit_min", "minutes": "unit_min",
    "h": "unit_h", "hr": "unit_h", "hour": "unit_h", "hours": "unit_h",
}  # fmt: skip


def duration(text: str, words: Mapping[str, str]) -> str:
    """A duration such as '1 min 30 s' with the build's unit words and no-break spaces."""
    parts = [f"{number}{NBSP}{words[_UNITS[unit.lower()]]}" for number, unit in _PART.findall(text)]
    return NBSP.join(parts) if parts else text


def repeat(count: int | str, words: Mapping[str, str]) -> str:
    """A count or range with the repeat sign: '3×', '5–6×'."""
    return f"{count}{words['times']}"


def pressure(level: str, words: Mapping[str, str]) -> str:
    """'light pressure', its words joined by a no-break space."""
    return words[f"pressure_{level}"].replace(" ", NBSP)


def dosage(step: Step, words: Mapping[str, str]) -> list[str]:
    """The step's dose, repeat first, then time, then pressure; [] when it states none."""
    parts = []
    if step.repeat is not None:
        parts.append(repeat(step.repeat, words))
    if step.time:
        parts.append(duration(step.time, words))
    if step.pressure:
        parts.append(pressure(step.pressure, words))
    return parts
