"""Paper names and sizes in points."""

from __future__ import annotations

import re
from typing import Protocol

FORMATS: tuple[str, ...] = ("card", "sheet", "booklet")  # what a template lays out

MM = 72 / 25.4
INCH = 72.0

_NAMED_MM: dict[str, tuple[float, float]] = {
    "a3": (297, 420), "a4": (210, 297), "a5": (148, 210), "a6": (105, 148), "a7": (74, 105),
    "b5": (176, 250), "letter": (215.9, 279.4), "legal": (215.9, 355.6),
    "half-letter": (139.7, 215.9), "tabloid": (279.4, 431.8), "sra3": (320, 450), "sra4": (225, 320),
}  # fmt: skip
_CUSTOM = re.compile(r"^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)(in|mm|cm)$")
_UNIT = {"in": INCH, "mm": MM, "cm": 10 * MM}


# The least room inside the margins, in mm each way, that a format's fixed parts need (a
# sheet's header and chips, a booklet's running lines, a card's cues and body map). With less,
# reportlab fails inside its layout, or a card reports that it is metres too long.
MIN_INSIDE_MM = {"card": 50, "sheet": 65, "booklet": 60}


# How far past the trim a page may draw what is meant to bleed (a card's band, a cover's colour):
# the most --bleed may ask for. Clipped away on an unpressed page.
BLEED_REACH_MM = 10


class PaperError(ValueError):
    pass


class Margins(Protocol):
    """A template's margins in mm (model.Margins), read only."""

    @property
    def top(self) -> float: ...
    @property
    def right(self) -> float: ...
    @property
    def bottom(self) -> float: ...
    @property
    def left(self) -> float: ...


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
            raise PaperError(_unknown(name))
        w, h = (float(match.group(i)) * _UNIT[match.group(3)] for i in (1, 2))
        if not (min(w, h) >= 20 * MM and max(w, h) <= 1200 * MM):
            raise PaperError(
                f"paper '{name}' is out of range — sizes go from 20 mm to 1200 mm a side"
            )
    return (max(w, h), min(w, h)) if landscape else (w, h)


def paper_label(name: str) -> str:
    """A paper's name as people write it: A4, SRA3, Letter, Half-letter, 100×150 mm, 4×6 in,
    A5 landscape."""
    text = name.strip().lower().replace(" ", "")
    turned = text.endswith(("-landscape", "-l"))
    text = text.removesuffix("-landscape").removesuffix("-l")
    match = _CUSTOM.match(text)
    if match:
        label = f"{match.group(1)}×{match.group(2)} {match.group(3)}"
    elif re.fullmatch(r"s?r?a\d|b\d", text):
        label = text.upper()
    else:
        label = text.capitalize()
    return f"{label} landscape" if turned else label


def _unknown(name: str) -> str:
    """The message for a paper name that is not a size: every size that works."""
    *most, last = _NAMED_MM
    return (
        f"unknown paper '{name}' — use {', '.join(most)} or {last}, or a size in mm, cm or in"
        " such as 100x150mm or 4x6in (20 to 1200 mm a side); add -landscape to turn any of them"
    )


def check_room(name: str, size: tuple[float, float], fmt: str, margins: Margins) -> None:
    """Refuse paper that leaves a layout of `fmt` too little room inside `margins` (mm),
    naming the smallest size that works with these margins."""
    least = MIN_INSIDE_MM[fmt]
    need = (least + margins.left + margins.right, least + margins.top + margins.bottom)
    if size[0] < need[0] * MM - 0.01 or size[1] < need[1] * MM - 0.01:
        smallest = f"{need[0]:g}x{need[1]:g}mm"
        raise PaperError(
            f"paper '{name}' is too small for a {fmt} — the smallest that works with its"
            f" template's margins is {smallest} ({least} mm inside the margins each way)"
        )
