"""Fonts: Fira Sans for all text, one family embedded as TrueType subsets.

Fira Sans sets Latin, Greek and Cyrillic in one face, so digits always match the words around
them, and its zero is plain (not slashed: it never reads as "Ø" in a date or a page number).
It holds every character the previous fallback face, Atkinson Hyperlegible, had, so one family
is all there is; `has` says which characters it can print, so markup can name the others.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

MAIN = "Handout"
_PACKAGE, _PATTERN = "fontpkg_fira_sans", "FiraSans-{}.ttf"
_STYLES = {"": "Regular", "-Bold": "Bold", "-Italic": "Italic", "-BoldItalic": "BoldItalic"}


def _font_file(style: str) -> Path:
    """The file of one of the family's styles ('Regular', 'Bold', 'Italic', 'BoldItalic')."""
    return Path(str(resources.files(_PACKAGE) / "files" / _PATTERN.format(style)))


@functools.cache
def register() -> None:
    """The regular and bold faces; the italic ones are read on first use (see `face`): each
    file costs milliseconds to read."""
    face(MAIN)
    face(MAIN + "-Bold")


@functools.cache
def face(name: str) -> str:
    """`name`, registered first if it is one of our faces (e.g. 'Handout-Italic') not yet read.
    Everything that sets text in a font calls this (styles, paragraph fragments)."""
    family, dash, style = name.partition("-")
    if family == MAIN and dash + style in _STYLES:
        pdfmetrics.registerFont(TTFont(name, _font_file(_STYLES[dash + style])))
        _map()  # registering maps the face's own name to itself: put ours back
    return name


def _map() -> None:
    """The bold/italic mappings <b> and <i> use."""
    for bold, italic, suffix in (
        (0, 0, ""),
        (1, 0, "-Bold"),
        (0, 1, "-Italic"),
        (1, 1, "-BoldItalic"),
    ):
        addMapping(MAIN, bold, italic, MAIN + suffix)


@functools.cache
def main_charset() -> frozenset[int]:
    """The code points the family prints (its four styles hold the same ones)."""
    register()
    return frozenset(pdfmetrics.getFont(MAIN).face.charToGlyph)


def has(char: str) -> bool:
    """Whether the font prints `char` (spaces always count as printable)."""
    return char.isspace() or ord(char) in main_charset()
