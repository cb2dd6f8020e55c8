"""A step's dose in the build's words: '3×', '30 s', 'light pressure' ('3 раза', '30 с').

Each phrase keeps its value and unit together with a no-break space, so a line never ends
between '10' and 'min'. The words come from the labels table (`# units`): `unit_s`,
`unit_min`, `unit_h` (CLDR's short units), `decimal` (the decimal sign) and `repeat_forms`,
the count's phrase in each plural form the language has, '|' between them: one form ('{}×'),
one|other ('{} vez|{} veces'), or one|few|many ('{} раз|{} раза|{} раз').
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from handout.content.model import Step

NBSP = "\u00a0"
_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([^\W\d_]+)")
_LAST_NUMBER = re.compile(r"(\d+)\D*$")
_UNITS = {
    "s": "unit_s", "sec": "unit_s", "secs": "unit_s", "second": "unit_s", "seconds": "unit_s",
    "min": "unit_min", "mins": "unit_min", "minute": "unit_min", "minutes": "unit_min",
    "h": "unit_h", "hr": "unit_h", "hour": "unit_h", "hours": "unit_h",
}  # fmt: skip


def duration(text: str, words: Mapping[str, str]) -> str:
    """A duration such as '1 min 30 s' with the build's unit words, decimal sign and no-break
    spaces; the text as written when it names a unit the table lacks."""
    parts = _PART.findall(text)
    if not parts or any(unit.lower() not in _UNITS for _, unit in parts):
        return text
    decimal = words["decimal"]
    return NBSP.join(
        f"{number.replace('.', decimal)}{NBSP}{words[_UNITS[unit.lower()]]}"
        for number, unit in parts
    )


def repeat(count: int | str, words: Mapping[str, str]) -> str:
    """A count or range in the language's words: '3×', '5–6×'; '3 раза', '5–6 раз' (a range
    takes the form of its last number)."""
    forms = words["repeat_forms"].split("|")
    match = _LAST_NUMBER.search(str(count))
    form = forms[_plural(int(match.group(1)), len(forms))] if match else forms[-1]
    return form.format(count).replace(" ", NBSP)


def _plural(n: int, forms: int) -> int:
    """Which of a language's plural forms a whole number takes (CLDR's cardinal rules): with
    two forms, 'one' for 1 only; with three, the East Slavic one/few/many."""
    if forms == 1:
        return 0
    if forms == 2:
        return 0 if n == 1 else 1
    if n % 10 == 1 and n % 100 != 11:
        return 0
    return 1 if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else 2


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
