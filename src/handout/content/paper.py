"""Paper names and sizes in points."""

from __future__ import annotations

import re

MM = 72 / 25.4
INCH = 72.0

_NAMED_MM: dict[str, tuple[float, float]] = {
    "a3": (297, 420), "a4": (210, 297), "a5": (148, 210), "a6": (105, 148), "a7": (74, 105),
    "b5": (176, 250), "letter": (215.9, 279.4), "legal": (215.9, 355.6),
    "half-letter": (139.7, 215.9), "tabloid": (279.4, 431.8),
}  # fmt: skip
_CUSTOM = re.compile(r"^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)(in|mm|cm)$")
_UNIT = {"in": INCH, "mm": MM, "cm": 10 * MM}
NAMES = ("a4", "letter", "a5", "a6", "4x6in", "5x7in")


class PaperError(ValueError):
    pass


def paper_size(name: str) -> tuple[float, float]:
    """(width, height) in points for a paper name: a4, letter, a6, 4x6in, 100x150mm, a5-landscape…"""
    text = name.strip().lower().replace(" ", "")
    landscape = text.endswith(("-landscape", "-l"))
    text = text.removesuffix("-landscape").removesuffix("-l")
    if text in _NAMED_MM:
        w, h = (v * MM for v in _NAMED_MM[text])
    else:
        match = _CUSTOM.match(text)
        if not match:
            raise PaperError(
                f"unknown paper '{name}' — use {', '.join(NAMES)}, or a size such as 100x150mm"
            )
        w, h = (float(match.group(i)) * _UNIT[match.group(3)] for i in (1, 2))
        if not (min(w, h) >= 20 * MM and max(w, h) <= 1200 * MM):
            raise PaperError(
                f"paper '{name}' is out of range — sizes go from 20 mm to 1200 mm a side"
            )
    return (max(w, h), min(w, h)) if landscape else (w, h)
