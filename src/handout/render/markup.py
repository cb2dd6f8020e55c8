"""Text from YAML into reportlab paragraph markup.

Text is data, never markup: `<`, `>` and `&` are escaped first; then the
small `**bold**` / `*italic*` syntax is applied, and characters the main font
lacks are wrapped in the fallback font. Characters no font has are collected
so the build can warn about them by name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from handout.render import fonts

_EMPHASIS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|\*(?=[^\s*])(.+?)(?<=[^\s*])\*")


@dataclass
class Missing:
    """Characters that no embedded font can print, gathered over a build."""

    chars: dict[str, None] = field(default_factory=dict)

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
    out: list[str] = []
    run: list[str] = []
    run_font = fonts.MAIN
    for char in text:
        if unicodedata.category(char) == "Cc" and char not in "\n\t":
            continue
        font = fonts.font_for(char)
        if font is None:
            if missing is not None:
                missing.chars[char] = None
            font = fonts.MAIN
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
