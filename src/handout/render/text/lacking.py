"""Characters a font lacks, kept in the PDF's text layer.

`markup` warns about the characters our one font lacks, naming them; they print as the font's
missing-glyph box. reportlab writes all of them as code 0, which
maps to no character, so copying, searching or reading the PDF aloud lost them. Before a text
is split into codes, `keep` gives each character its font lacks a code of its own that maps to
the character (`ops.code_lacking`): the box still prints, the text layer holds the character.

Both engines code them just before they draw: a paragraph all its characters first
(`Paragraph` here for reportlab's drawing, `fast.FastParagraph` for ours), a single line its
own (`engine.draw_line`), so the codes come in the same order and both write the same bytes.
A text without such characters is written as before, to the byte.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from reportlab import platypus
from reportlab.pdfbase.pdfmetrics import getFont

from handout.render.pdf import ops


@functools.cache
def _has(font: str) -> frozenset[str]:
    """The characters a font has (fonts are registered once, never changed)."""
    if not ops.is_embedded(font):
        return frozenset()
    return frozenset(map(chr, getFont(font).face.charToGlyph))


def lacking(font: str, text: str) -> list[str]:
    """The characters of `text` that the embedded `font` lacks, each once, in order (none for
    the standard fonts, which reportlab writes as text)."""
    has = _has(font)
    if not has or has.issuperset(text):
        return []
    return [char for char in dict.fromkeys(text) if char not in has]


def keep(font: str, text: str, doc: Any) -> None:
    """Each character of `text` that `font` lacks given a code in `doc` that stays in the
    text layer."""
    for char in lacking(font, text):
        ops.code_lacking(font, char, doc)


class Paragraph(platypus.Paragraph):  # type: ignore[misc]
    """reportlab's Paragraph, keeping the characters its fonts lack in the text layer: they
    are coded before reportlab draws. The parts a split makes inherit what was found."""

    _lacking: list[tuple[str, str]] | None = None  # (font, character)

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        found = self._found()
        parts: list[Any] = super().split(avail_width, avail_height)
        for part in parts:
            part._lacking = found
        return parts

    def drawPara(self, debug: int = 0) -> None:
        doc = ops.document(self.canv)
        for font, char in self._found():
            ops.code_lacking(font, char, doc)
        super().drawPara(debug)

    def _found(self) -> list[tuple[str, str]]:
        if self._lacking is None:
            bullet = self.bulletText if isinstance(self.bulletText, list) else []
            pieces = _pieces(self.frags + bullet)
            found = ((font, c) for font, text in pieces for c in lacking(font, text))
            self._lacking = list(dict.fromkeys(found))
        return self._lacking


# >>> mirrors reportlab 5.1: platypus.paragraph.Paragraph._setup and breakLines (self.frags: "either the parse fragments or frag word list")
def _pieces(frags: list[Any]) -> Iterator[tuple[str, str]]:
    """The (font, text) pieces of a paragraph's fragments: as parsed, or the words
    `[width, (fragment, text), ...]` reportlab's line breaking replaces them with."""
    for frag in frags:
        if isinstance(frag, list):
            yield from ((piece.fontName, text) for piece, text in frag[1:])
        else:
            yield frag.fontName, frag.text


# <<< end of mirror
