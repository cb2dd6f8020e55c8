"""Text from YAML into reportlab paragraph markup.

Text is data, never markup: `<`, `>` and `&` are escaped first; then the
small `**bold**` / `*italic*` syntax is applied, and characters the main font
lacks are wrapped in the fallback font. Characters no font has are collected
so the build can warn about them by name.
"""

from __future__ import annotations

import re
import unicodedata

from handout.assets import fonts

_PRINTABLE = frozenset(chr(c) for c in fonts.main_charset() if c >= 0x20) | {" ", "\n"}
_FALLBACK_RUN = re.compile(rf'<(/?)([bi])>|<font face="{fonts.FALLBACK}">(.*?)</font>')
_EMPHASIS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|\*(?=[^\s*])(.+?)(?<=[^\s*])\*")


class Missing:
    """Characters that no embedded font can print, gathered over a build."""

    def __init__(self) -> None:
        self.chars: dict[str, None] = {}

    def warnings(self) -> list[str]:
        return [
            f"no font has U+{ord(c):04X} {unicodedata.name(c, 'UNKNOWN')} ('{c}') — it prints as a box; "
            "replace it or use another character"
            for c in self.chars
        ]


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_markup(text: str, missing: Missing | None = None) -> str:
    """Paragraph markup for `text` with emphasis applied and fonts chosen per character."""
    text = unicodedata.normalize("NFC", text)
    if "*" not in text:
        return _fonts(text, missing)
    out: list[str] = []
    pos = 0
    for match in _EMPHASIS.finditer(text):
        out.append(_fonts(text[pos : match.start()], missing))
        if match.group(1) is not None:
            out.append(f"<b>{_fonts(match.group(1), missing)}</b>")
        else:
            out.append(f"<i>{_fonts(match.group(2), missing)}</i>")
        pos = match.end()
    out.append(_fonts(text[pos:], missing))
    return "".join(out)


def plain(text: str) -> str:
    """The text as printed, without the emphasis markers (for metadata and bookmarks)."""
    return _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), unicodedata.normalize("NFC", text))


def _fonts(text: str, missing: Missing | None) -> str:
    """Escape `text`, wrapping runs the main font lacks in the fallback font."""
    if _PRINTABLE.issuperset(text):
        return escape(text)
    out: list[str] = []
    run: list[str] = []
    run_font = fonts.MAIN
    for char in text:
        if unicodedata.category(char) == "Cc" and char not in "\n\t":
            continue
        latin = char.isalpha() and ord(char) < 0x370
        if not latin and (char.isspace() or fonts.has_glyph(run_font, char)):
            run.append(char)  # stay in the run's font when it can: fewer font changes
            continue
        font = fonts.font_for(char)
        if font is None:
            if missing is not None:
                missing.chars[char] = None
            run.append(char)
            continue
        if font != run_font and run:
            out.append(_wrap("".join(run), run_font))
            run = []
        run_font = font
        run.append(char)
    if run:
        out.append(_wrap("".join(run), run_font))
    return "".join(out)


def _wrap(run: str, font: str) -> str:
    text = escape(run)
    return text if font == fonts.MAIN else f'<font face="{font}">{text}</font>'


def keep_emphasis(markup: str, *, bold: bool, italic: bool) -> str:
    """Markup whose fallback-font runs keep the bold and italic around them: reportlab resets
    bold and italic when a <font face> starts, so such runs would print regular inside a bold
    title or a <b> span."""
    if "<font face" not in markup:
        return markup  # no run in the fallback font
    depth = {"b": int(bold), "i": int(italic)}

    def visit(match: re.Match[str]) -> str:
        if match.group(2):
            depth[match.group(2)] += -1 if match.group(1) else 1
            return match.group(0)
        inner = match.group(3)
        if depth["b"] > 0:
            inner = f"<b>{inner}</b>"
        if depth["i"] > 0:
            inner = f"<i>{inner}</i>"
        return f'<font face="{fonts.FALLBACK}">{inner}</font>'

    return _FALLBACK_RUN.sub(visit, markup)
