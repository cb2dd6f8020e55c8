"""Our paragraph markup read straight into reportlab fragments, without its HTML parser.

reportlab parses every Paragraph's markup with `html.parser`, most of the cost of making a
paragraph (README, Performance). The markup `markup.py` and the layouts write uses a few
tags only — `<b>`, `<i>`, `<font face|color|size>`, `<br/>`, `<bullet>` — and the entities
`&amp; &lt; &gt; &nbsp;`. This module reads exactly that subset into the same `ParaFrag`
lists reportlab's `ParaParser` makes (same attributes, same splits at tags and entities);
anything else goes to reportlab's own parser, so the result never differs.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from reportlab.lib.colors import Color, toColor
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaFrag, known_entities

from handout.assets import fonts
from handout.render.pdf import ops
from handout.render.text.fast import FastParagraph
from handout.render.text.lines import splits_as_python

_TOKEN = re.compile(
    r"([^<&]+)|&([a-zA-Z][-.a-zA-Z0-9]*);|<(/?)([a-z]+)((?:\s+[a-z]+=\"[^\"<>&]*\")*)\s*(/?)>|(.)",
    re.S,
)
_ATTRIBUTE = re.compile(r'([a-z]+)="([^"]*)"')
_FONT_ATTRIBUTES = {"face": "fontName", "color": "textColor", "size": "fontSize"}

Frag = dict[str, Any]


class _Unsupported(ValueError):
    """Markup outside the subset read here."""


def fast_paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    """`FastParagraph(markup, style)`, built from fragments read here when the markup allows."""
    text = _cleaned(markup)
    try:
        reader = _Reader(text, style)
    except ValueError:  # outside the subset, or wrong: reportlab's parser decides
        return parsed(FastParagraph, markup, style)
    return FastParagraph(text, style, bulletText=reader.bullet or None, frags=reader.frags)


def parsed(kind: type[Paragraph], markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of `kind` read by reportlab's own parser, the faces it names registered
    (ours are read from disk on first use, after parsing and before measuring)."""
    made: Paragraph = kind(markup, style)
    bullet = made.bulletText if isinstance(made.bulletText, list) else []
    for frag in made.frags + bullet:
        fonts.face(frag.fontName)
    return made


# >>> mirrors reportlab 5.1: platypus.paragraph.cleanBlockQuotedText and platypus.paraparser.ParaParser (handle_data, start_/end_ b, i, font, br, bullet; _initial_frag)
def _cleaned(markup: str) -> str:
    """reportlab's cleanBlockQuotedText: runs of whitespace become one space, none at the ends.
    Without a no-break or zero-width space (which its split treats apart), str.split does it."""
    if splits_as_python(markup):
        return " ".join(markup.split())
    return str(cleanBlockQuotedText(markup))


class _Reader:
    """The fragments of a text and of its bullet, as ParaParser.parse makes them."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        self.style = style
        self.stack = [_initial(style.fontName, style.fontSize, style.textColor, "para")]
        self.frags: list[ParaFrag] = []
        self.bullet: list[ParaFrag] = []
        self.had_bullet = False
        if "<" not in text and "&" not in text:  # text alone: one run, if any
            if text:
                self._data(self.stack[-1], text)
            return
        for data, entity, closing, tag, attributes, empty, other in _TOKEN.findall(text):
            if data or entity:
                self._data(self.stack[-1], data or _entity(entity))
            elif other or (empty and tag != "br") or (closing and (empty or attributes)):
                raise _Unsupported(other or tag)
            elif closing:
                self._end(tag)
            elif tag == "br" and not attributes:
                self._data({**self.stack[-1], "__tag__": "br", "lineBreak": True}, "")
            else:
                self.stack.append(self._start(tag, attributes))
        if len(self.stack) != 1:
            raise _Unsupported("unclosed tag")

    def _start(self, tag: str, attributes: str) -> Frag:
        """The state inside an opening tag (`attributes` as written, e.g. ` color="#123"`)."""
        top, style = self.stack[-1], self.style
        if tag in ("b", "i") and not attributes:
            return {**top, "__tag__": tag, "bold" if tag == "b" else "italic": 1}
        if tag == "font" and attributes:
            return {**top, "__tag__": "font", **_font(attributes)}
        if tag == "bullet" and not attributes and not self.had_bullet:
            self.had_bullet = True
            color = getattr(style, "bulletColor", None) or style.textColor
            frag = _initial(style.bulletFontName, style.bulletFontSize, color, "bullet")
            return {**frag, "isBullet": 1}
        raise _Unsupported(tag)

    def _end(self, tag: str) -> None:
        if len(self.stack) < 2 or self.stack.pop()["__tag__"] != tag:
            raise _Unsupported(f"/{tag}")

    def _data(self, top: Frag, text: str) -> None:
        """A run of text in the current state (ParaParser.handle_data)."""
        frag = ParaFrag()
        frag.__dict__.update(top)
        frag.fontName = _face(top["fontName"], top["bold"], top["italic"])
        frag.text = text
        bullet = frag.__dict__.pop("isBullet", None)
        (self.bullet if bullet else self.frags).append(frag)


@functools.lru_cache(maxsize=64)
def _face(family: str, bold: int, italic: int) -> str:
    """The face for a family in bold and/or italic, registered on first use."""
    return fonts.face(tt2ps(family, bold, italic))


def _initial(font: str, size: float, color: object, tag: str) -> Frag:
    """The outermost fragment state (as ParaParser starts its own)."""
    family, bold, italic = ps2tt(font)
    return {
        "rise": 0,
        "greek": 0,
        "link": [],
        "fontName": family,
        "bold": bold,
        "italic": italic,
        "fontSize": size,
        "textColor": color,
        "us_lines": [],
        "__tag__": tag,
    }


@functools.lru_cache(maxsize=256)
def _font(written: str) -> Frag:
    """What a <font> tag's attributes set, read once per way of writing them (the layouts
    repeat a few colours and sizes); the result is shared, so never changed."""
    attributes = dict(_ATTRIBUTE.findall(written))
    if not set(attributes) <= set(_FONT_ATTRIBUTES):
        raise _Unsupported("font")
    out: Frag = {}
    for name, value in attributes.items():
        key = _FONT_ATTRIBUTES[name]
        if key == "fontName":
            out["fontName"], out["bold"], out["italic"] = ps2tt(value)
        elif key == "textColor":
            out[key] = _color(value)
        else:
            out[key] = ops.number(value)
    return out


@functools.lru_cache(maxsize=256)
def _color(value: str) -> Color:
    """toColor, once per colour: it parses through a safe literal evaluator."""
    return toColor(value)


# <<< end of mirror


def _entity(name: str) -> str:
    try:
        return str(known_entities[name])
    except KeyError:
        raise _Unsupported(name) from None
