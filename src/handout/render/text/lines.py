"""How reportlab sets plain runs of text into lines, computed directly.

reportlab's Paragraph.breakLines serves every feature it has: images, links, hyphenation,
right-to-left text, justification. For plain runs (text in one font, size and colour each,
`<br/>` between them) the result depends on a few rules only, written out here with the same
arithmetic, so `fast.FastParagraph` gets the very lines reportlab would, in a fraction of the time:

- words are split at spaces; a word may span runs ("**bold**," is two pieces, one word);
- a space after a word counts in the font of the word's last piece at the size of its first;
  a space opening a run becomes an empty word of that run, so it counts in that run's font;
- a line is filled greedily and may run into 5 % of its spaces (the style's spaceShrinkage);
- on a line, runs meeting at a space in the same font, size and colour merge into one.

A no-break space (U+00A0) is part of a word, in one run or across runs, as in reportlab's split;
it is as wide as a space and prints as one. Anything outside these rules (links, rises, soft
hyphens, a word wider than the line, which reportlab cuts) is reported as None and left to
reportlab.
"""

from __future__ import annotations

import functools
from string import whitespace
from typing import Any, NamedTuple

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_LEFT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import lstrip, split, strip
from reportlab.platypus.paraparser import ParaFrag

from handout.render.pdf import ops

# The attributes of a plain run of text (as `frags.py` and reportlab's parser make them).
_PLAIN = frozenset(
    (
        "rise",
        "greek",
        "link",
        "fontName",
        "bold",
        "italic",
        "fontSize",
        "textColor",
        "us_lines",
        "__tag__",
        "text",
    )
)
_BREAK = _PLAIN | {"lineBreak"}
# Style settings that change how reportlab sets a line, and the values handled here.
_STYLE = {
    "alignment": TA_LEFT,
    "firstLineIndent": 0,
    "wordWrap": None,
    "autoLeading": "",
    "endDots": None,
    "backColor": None,
    "borderWidth": 0,
    "shaping": 0,
    "hyphenationLang": "",
    "embeddedHyphenation": 0,
    "uriWasteReduce": 0,
    "textTransform": None,
}
SOFT_HYPHEN = "\xad"
NO_BREAK = "\xa0"
ZERO_WIDTH = "\u200b"
FUZZ = 1e-6  # stay clear of reportlab's own decision at the exact edge of a line
_SHORT = 80  # characters: a one-run text this long or less is first tried on one line
# Word widths per font and size, measured once: running text repeats its words.
_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


class Run(NamedTuple):
    """Text set in one font, size and colour; `brk` marks a `<br/>`."""

    text: str
    font: str
    size: float
    color: Color
    brk: bool = False

    def with_text(self, text: str) -> Run:
        """The same run holding other text (NamedTuple._replace, without its generality)."""
        return _run((text, self.font, self.size, self.color, self.brk))


class Line(NamedTuple):
    """A set line: spare width (negative when it runs into its spaces), words, runs."""

    extra: float
    words: int
    runs: list[Run]
    size: float  # the largest type on the line


# Tuple-level constructors for the hot loops: a NamedTuple's own __new__ is Python code.
_run = functools.partial(tuple.__new__, Run)
_line = functools.partial(tuple.__new__, Line)


class Text(NamedTuple):
    """A plain paragraph ready to set."""

    runs: list[Run]  # as written (cleaned of repeated spaces when a single run)
    line: list[Run] | None  # the runs as one line holds them; None when it cannot be one line
    width: float  # of that one line
    single: bool  # one run: reportlab's "kind 0", which colours outside the text object


@functools.lru_cache(maxsize=1024)
def plain_style(style: Any) -> bool:
    """Whether a style sets lines the way handled here; styles are shared, so asked once each."""
    return all(getattr(style, k, v) == v for k, v in _STYLE.items())


def splits_as_python(text: str) -> bool:
    """Whether str.split finds the words reportlab's split does: it keeps a no-break space in a
    word and strips a zero-width one."""
    return NO_BREAK not in text and ZERO_WIDTH not in text


def plain_color(color: Any) -> bool:
    return type(color) is Color and color.alpha == 1


# >>> mirrors reportlab 5.1: platypus.paragraph's test for fragments it can set as plain text (_FK_TEXT fragments, no rise, link, underline or greek)
def runs_of(frags: list[Any], *, breaks: bool = False) -> list[Run] | None:
    """The fragments as runs, when every one is plain text in an embedded font."""
    allowed = _BREAK if breaks else _PLAIN
    out: list[Run] = []
    for frag in frags:
        if (
            type(frag) is not ParaFrag
            or not allowed.issuperset(frag.__dict__)
            or frag.rise
            or frag.link
            or frag.us_lines
            or frag.greek
            or not plain_color(frag.textColor)
            or not ops.is_embedded(frag.fontName)
            or SOFT_HYPHEN in frag.text
        ):
            return None
        brk = bool(getattr(frag, "lineBreak", False))
        out.append(_run((frag.text, frag.fontName, frag.fontSize, frag.textColor, brk)))
    return out


# <<< end of mirror


def text_of(frags: list[Any]) -> Text | None:
    """A plain paragraph's runs, with their one-line form; None for anything else."""
    runs = runs_of(frags, breaks=True)
    if not runs:
        return None
    if len(runs) == 1:
        first = runs[0]
        if first.brk:
            return None
        run = first.with_text(_words_of(first.text))
        if not run.text:
            return None
        if len(run.text) > _SHORT:  # running text: broken into lines word by word anyway
            return Text([run], None, 0.0, True)
        return Text([run], [run], stringWidth(run.text, run.font, run.size), True)
    if any(r.brk or NO_BREAK in r.text for r in runs):  # no-break spaces: reportlab's split
        return Text(runs, None, 0.0, False)  # makes empty words `_one_line` does not model
    line, width = _one_line(runs)
    return Text(runs, line, width, False)


# >>> mirrors reportlab 5.1: platypus.paragraph split(strip(text)) and the one-line measure of Paragraph.wrap
def _words_of(text: str) -> str:
    """The words of a text joined by single spaces, as reportlab's split(strip(text)) finds
    them (str.split does the same without a no-break or zero-width space)."""
    if splits_as_python(text):
        return " ".join(text.split())
    return " ".join(split(strip(text)))


def _one_line(runs: list[Run]) -> tuple[list[Run] | None, float]:
    """Runs as one line holds them, and the line's width (the rules above, in one pass).

    Each space stays in the run it is written in, never doubled nor at the ends. A paragraph
    ending in a run of spaces only draws an empty run reportlab's way: left to `lines`.
    (No run holds a no-break space here, so str.split splits as reportlab's split does.)
    """
    if not runs[-1].text.strip():
        return None, 0.0
    out: list[Run] = []
    width = 0.0
    after_space = True  # the paragraph's leading spaces are dropped
    open_size: float | None = None  # first size of a word still open at the end of a run
    for run in runs:
        raw = run.text
        core = " ".join(raw.split())
        lead = raw[:1] in ops.WHITESPACE and not after_space
        trail = raw[-1:] in ops.WHITESPACE and bool(core) and run is not runs[-1]
        text = " " * lead + core + " " * trail
        if not text:
            continue
        font, size = run.font, run.size
        width += stringWidth(text, font, size)  # not cached: texts, unlike words, seldom recur
        if lead:
            open_size = None
        if open_size is not None and open_size != size and " " in text:
            width += _width(" ", font, open_size) - _width(" ", font, size)
        last = out[-1] if out else None
        if last is not None and last[1:] == run[1:] and (after_space or lead):
            out[-1] = Run(last.text + text, font, size, run.color)
        else:
            out.append(Run(text, font, size, run.color))
        after_space = text.endswith(" ")
        open_size = None if after_space else size if " " in text or open_size is None else open_size
    return out, width


# <<< end of mirror


def _widths(font: str, size: float) -> dict[str, float]:
    """The table of word widths measured so far in a font and size."""
    known = _WIDTHS.get((font, size))
    if known is None:
        if len(_WIDTHS) >= 64:  # card fitting tries many sizes: keep the memory bounded
            _WIDTHS.clear()
        known = _WIDTHS[font, size] = {}
    return known


def _width(word: str, font: str, size: float) -> float:
    known = _widths(font, size)
    width = known.get(word)
    if width is None:
        width = known[word] = stringWidth(word, font, size)
    return width


# >>> mirrors reportlab 5.1: platypus.paragraph.Paragraph.breakLines, kind 0 (one run of text)
def lines_of_run(
    run: Run, room: float, shrinkage: float, first: float | None = None
) -> list[Line] | None:
    """reportlab's lines for a one-run paragraph (breakLines, kind 0); the first line is
    `first` wide when a bullet narrows it."""
    font, size = run.font, run.size
    known = _widths(font, size)
    space = _width(" ", font, size)
    shrink = shrinkage * space
    lines: list[Line] = []
    line: list[str] = []
    width = -space
    limit = room if first is None else first
    narrowest = min(room, limit)
    for word in run.text.split(" "):
        word_width = known.get(word)
        if word_width is None:
            word_width = known[word] = stringWidth(word, font, size)
        if word_width > narrowest:
            return None
        wider = width + space + word_width
        if wider <= limit + shrink * len(line) or not line:
            line.append(word)
            width = wider
        else:
            lines.append(_line((limit - width, len(line), [run.with_text(" ".join(line))], size)))
            limit = room
            line, width = [word], word_width
    lines.append(_line((limit - width, len(line), [run.with_text(" ".join(line))], size)))
    return lines


# <<< end of mirror


# >>> mirrors reportlab 5.1: platypus.paragraph._getFragWords and Paragraph.breakLines, kind 1 (runs of text)
class _Word(NamedTuple):
    """A word as reportlab's _getFragWords makes it: its width and its pieces."""

    width: float
    pieces: list[tuple[Run, str]]
    space: bool  # a space follows it
    brk: bool = False
    space_width: float = 0.0  # of that space, in its last piece's font at its first's size


_word = functools.partial(tuple.__new__, _Word)


def _words(runs: list[Run]) -> list[_Word]:
    """The words of plain runs (_getFragWords for plain fragments)."""
    out: list[_Word] = []
    pieces: list[tuple[Run, str]] = []
    width = 0.0
    strip_lead = True
    for run in runs:
        if run.brk:
            if pieces:
                out.append(_Word(width, pieces, False))
                pieces, width = [], 0.0
            out.append(_Word(0.0, [(run, "")], False, True))
            strip_lead = True
            continue
        text = run.text
        if not text:
            continue
        if strip_lead:
            text = lstrip(text)
            if not text:
                continue
            strip_lead = False
        parts = split(text)
        if text[0] in whitespace or not parts:
            if pieces:
                out.append(_Word(width, pieces, False))
                pieces, width = [], 0.0
                after_space = False
            else:
                after_space = bool(out) and out[-1].space
            if not after_space:
                parts.insert(0, "")
            elif not parts:
                continue
        font, size = run.font, run.size
        known = _widths(font, size)
        space = _width(" ", font, size)
        last = len(parts) - 1
        for i, part in enumerate(parts):
            part_width = known.get(part)
            if part_width is None:
                part_width = known[part] = stringWidth(part, font, size)
            pieces.append((run, part))
            width += part_width
            if i == last and text[-1] not in whitespace:
                break  # the word goes on into the next run
            first = pieces[0][0]
            gap = space if first is run else _width(" ", font, first.size)
            out.append(_word((width, pieces, True, False, gap)))
            pieces, width = [], 0.0
    if pieces:
        out.append(_Word(width, pieces, False))
    if not out and runs:
        out.append(_Word(0.0, [(runs[0], "")], False))
    return out


class _Pending:
    """The line being filled: its runs (text still growing) and measures."""

    def __init__(self, first: _Word | None = None) -> None:
        self.runs: list[list[Any]] = []  # [run, text]
        self.words = 0
        self.width = 0.0
        self.space = 0.0
        self.size = 0.0
        if first is not None:
            self.width, self.words = first.width, 1
            self.size = first.pieces[0][0].size
            self.runs = [[first.pieces[0][0], first.pieces[0][1]]]
            self.pieces(first)

    def pieces(self, word: _Word) -> bool:
        """Add the word's later pieces, each a run of its own; whether one has text."""
        text = False
        for run, part in word.pieces[1:]:
            self.runs.append([run, part])
            text = text or bool(part)
            self.size = max(self.size, run.size)
        return text

    def shrinkable(self, shrinkage: float) -> float:
        spaces = self.space
        for run, text in self.runs:
            count = text.count(" ")
            if count:
                spaces += count * _width(" ", run.font, run.size)
        return spaces * shrinkage

    def add(self, word: _Word, wider: float) -> None:
        pieces = word.pieces
        first, text = pieces[0]
        if text:
            self.words += 1
        self.size = max(self.size, first.size)
        runs = self.runs
        last = runs[-1] if runs else None
        if last is None:
            self.runs = [[first, text]]
        elif last[0] is not first and last[0][1:] != first[1:]:  # another font, size or colour
            if self.space and not last[1].endswith(" "):
                last[1] += " "
            runs.append([first, text])
        elif self.space and not last[1].endswith(" "):
            last[1] += " " + text
        else:
            last[1] += text
        self.space = word.space_width
        if len(pieces) > 1 and self.pieces(word) and not text:
            self.words += 1
        self.width = wider

    def line(self, room: float, brk: Run | None = None) -> Line:
        runs = [run.with_text(text) for run, text in self.runs]
        if brk is not None:
            runs.append(brk.with_text(""))
        return _line((room - self.width, self.words, runs, self.size))


def lines_of_runs(
    runs: list[Run], room: float, shrinkage: float, first: float | None = None
) -> list[Line] | None:
    """reportlab's lines for plain runs (breakLines, kind 1); the first line is `first` wide
    when a bullet narrows it."""
    lines: list[Line] = []
    line = _Pending()
    limit = room if first is None else first
    for word in _words(runs):
        if not line.runs:
            line = _Pending()
            line.size = word.pieces[-1][0].size
        wider = line.width + line.space + word.width if word.width > 0 else line.width
        # over the line even with its spaces shrunk (which only ever adds room: not needed
        # to see that a word fits)
        over = wider > limit and wider > limit + (line.shrinkable(shrinkage) if shrinkage else 0.0)
        if not word.brk and over and word.width > limit:
            return None  # reportlab cuts a word too long for the line
        if word.brk:
            lines.append(line.line(limit, word.pieces[0][0]))
            line = _Pending()
            limit = room
        elif over and line.words > 0:
            lines.append(line.line(limit))
            line = _Pending(word)
            last_run = word.pieces[-1][0]
            line.space = _width(" ", last_run.font, last_run.size) if word.space else 0.0
            limit = room
        else:
            line.add(word, wider)
    if line.runs:
        lines.append(line.line(limit))
    return lines


# <<< end of mirror


class Bullet(NamedTuple):
    """A bullet reportlab draws in the indent before the first line. When it reaches past the
    indent, the first line is that much narrower and starts `shift` further right."""

    runs: list[Run]
    narrow: float = 0.0
    shift: float = 0.0


_NO_BULLET = Bullet([])


# >>> mirrors reportlab 5.1: platypus.paragraph._handleBulletWidth and _drawBullet's cursor
def bullet_of(bullet: object, style: Any) -> Bullet | None:
    """The paragraph's bullet (no runs when it has none); None when it is not plain text."""
    if not bullet:
        return _NO_BULLET
    runs = runs_of(bullet) if isinstance(bullet, list) else None
    if not runs or not all(r.text for r in runs) or not plain_color(bullet_color(style)):
        return None
    if style.bulletAnchor != "start" or getattr(style, "bulletOffsetY", 0):
        return None
    width = 0.0  # as _handleBulletWidth measures it
    end = style.bulletIndent  # and as the text object's cursor moves while drawing it
    for r in runs:
        width += stringWidth(r.text, r.font, r.size)
        end += stringWidth(r.text, r.font, r.size)
    reach = style.bulletIndent + width + 0.6 * style.bulletFontSize
    indent = style.leftIndent + style.firstLineIndent
    if reach <= indent:
        return Bullet(runs)
    return Bullet(
        runs, reach - indent, max(0.0, end + style.bulletFontSize * 0.6 - style.leftIndent)
    )


def bullet_color(style: Any) -> Any:
    return getattr(style, "bulletColor", style.textColor)


# <<< end of mirror
