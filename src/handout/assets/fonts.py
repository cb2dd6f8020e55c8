"""Fonts: Fira Sans for all text (Latin, Greek and Cyrillic in one face, so digits and words
always match, with a plain zero), Atkinson Hyperlegible for the few characters Fira lacks.

Both are embedded (TrueType subsets). `coverage` says which font holds a
character so markup can switch fonts per run and name what neither has.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

MAIN = "Handout"
FALLBACK = "HandoutX"
_FILES = {
    MAIN: ("fontpkg_fira_sans", "FiraSans-{}.ttf"),
    FALLBACK: ("fontpkg_atkinson_hyperlegible", "AtkinsonHyperlegible-{}.ttf"),
}
_STYLES = {"": "Regular", "-Bold": "Bold", "-Italic": "Italic", "-BoldItalic": "BoldItalic"}


def _font_file(package: str, pattern: str, style: str) -> Path:
    return Path(str(resources.files(package) / "files" / pattern.format(style)))


def register() -> None:
    """Register the main family (the fallback is registered when a character first needs it)."""
    _family(MAIN)


@functools.cache
def _family(family: str) -> None:
    """The regular and bold faces; the italic ones are read on first use (see `face`): each
    file costs milliseconds to read."""
    face(family)
    face(family + "-Bold")


@functools.cache
def face(name: str) -> str:
    """`name`, registered first if it is one of our faces (e.g. 'Handout-Italic') not yet read.
    Everything that sets text in a font calls this (styles, paragraph fragments)."""
    family, dash, style = name.partition("-")
    if family in _FILES and dash + style in _STYLES:
        package, pattern = _FILES[family]
        path = _font_file(package, pattern, _STYLES[dash + style])
        pdfmetrics.registerFont(TTFont(name, path))
        _map(family)  # registering maps the face's own name to itself: put ours back
    return name


def _map(family: str) -> None:
    """The bold/italic mappings <b> and <i> use."""
    for bold, italic, suffix in (
        (0, 0, ""),
        (1, 0, "-Bold"),
        (0, 1, "-Italic"),
        (1, 1, "-BoldItalic"),
    ):
        addMapping(family, bold, italic, family + suffix)


@functools.cache
def _charset(family: str) -> frozenset[int]:
    _family(family)
    return frozenset(pdfmetrics.getFont(family).face.charToGlyph)


def main_charset() -> frozenset[int]:
    return _charset(MAIN)


def has_glyph(font: str, char: str) -> bool:
    return ord(char) in _charset(font)


def font_for(char: str) -> str | None:
    """The family that can print `char`: MAIN first, else FALLBACK, else None."""
    if char.isspace() or has_glyph(MAIN, char):
        return MAIN
    if has_glyph(FALLBACK, char):
        return FALLBACK
    return None
