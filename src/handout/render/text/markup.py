"""Text from YAML into reportlab paragraph markup.

Text is data, never markup: `<`, `>` and `&` are escaped first; then the
small `**bold**` / `*italic*` syntax is applied. Characters the font lacks are
collected so the build can warn about them by name (they print as the font's
missing-glyph box and stay in the text layer: `lacking`). A short last word is
tied to the word before it by a no-break space, so a paragraph never ends with a
word alone on its line (`tie_last_word`).
"""

from __future__ import annotations

import re
import unicodedata

from handout.assets import fonts
from handout.render.text.lines import NO_BREAK

_PRINTABLE = frozenset(chr(c) for c in fonts.main_charset() if c >= 0x20) | {" ", "\n"}
_EMPHASIS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|\*(?=[^\s*])(.+?)(?<=[^\s*])\*")
# A last word this short goes down with the word before it; a paragraph of fewer words, or
# a pair longer than this, is left alone (a pair wider than a narrow column would be cut).
TIE_WORD, TIE_PAIR, TIE_WORDS = 12, 20, 4
_OTHER_SPACE = re.compile(r"[^\S\u00a0]")  # a line break or tab: no plain pair of words


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
    """Paragraph markup for `text` with emphasis applied, its short last word tied."""
    text = tie_last_word(unicodedata.normalize("NFC", text))
    if "*" not in text:
        return _escaped(text, missing)
    out: list[str] = []
    pos = 0
    for match in _EMPHASIS.finditer(text):
        out.append(_escaped(text[pos : match.start()], missing))
        if match.group(1) is not None:
            out.append(f"<b>{_escaped(match.group(1), missing)}</b>")
        else:
            out.append(f"<i>{_escaped(match.group(2), missing)}</i>")
        pos = match.end()
    out.append(_escaped(text[pos:], missing))
    return "".join(out)


def tie_last_word(text: str) -> str:
    """The text with a no-break space before its last word when that word is short and the
    text has words enough to wrap: the word then never stands alone on a paragraph's last
    line, in either text engine (both keep a no-break space inside a word)."""
    end = len(text.rstrip())
    space = text.rfind(" ", 0, end)
    last = text[space + 1 : end]
    if space < 0 or len(last) > TIE_WORD or _OTHER_SPACE.search(last):
        return text
    start = len(text[:space].rstrip(" "))
    before = _OTHER_SPACE.split(text[max(0, start - TIE_PAIR) : start])[-1]
    if not before or len(before) + 1 + len(last) > TIE_PAIR:
        return text
    if len(text.split(maxsplit=TIE_WORDS - 1)) < TIE_WORDS:
        return text
    return f"{text[:start]}{NO_BREAK}{text[space + 1 :]}"


def plain(text: str) -> str:
    """The text as printed, without the emphasis markers (for metadata and bookmarks)."""
    return _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), unicodedata.normalize("NFC", text))


def _escaped(text: str, missing: Missing | None) -> str:
    """`text` escaped, without control characters; those the font lacks noted in `missing`."""
    if _PRINTABLE.issuperset(text):
        return escape(text)
    kept = "".join(c for c in text if unicodedata.category(c) != "Cc" or c in "\n\t")
    if missing is not None:
        for char in kept:
            if not fonts.has(char):
                missing.chars[char] = None
    return escape(kept)
