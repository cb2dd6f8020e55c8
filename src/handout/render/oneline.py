"""Plain paragraphs set without reportlab's general line breaker, to the same result.

Most paragraphs in a handout are plain: one font, or a few runs on a single line (step titles,
chips, labels, short notes). reportlab breaks and draws every paragraph through machinery built
for everything it supports, 50–300 µs each however short. `Para` measures its runs once; a
text in one font is broken into lines by reportlab's own rule, runs that fit one line are set
in one step, and both are drawn with the very PDF operators reportlab writes. Anything else —
several runs that wrap, bullets, links, rises, other alignments, words too long for the line —
is left to reportlab unchanged.
"""

from __future__ import annotations

import weakref
from typing import Any, NamedTuple

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont, stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import _wsc as _WHITESPACE
from reportlab.platypus.paragraph import split, strip
from reportlab.platypus.paraparser import ParaFrag

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
# Style settings that change how reportlab sets a line, and the values we handle ourselves.
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
}
_SOFT_HYPHEN = "\xad"  # reportlab may break a word there: left to it
_NO_BREAK = "\xa0"
# Word widths per font and size, measured once: running text repeats its words.
_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}
_FUZZ = 1e-6  # stay clear of reportlab's own decision at the exact edge of the line


class Run(NamedTuple):
    """Text set in one font, size and colour."""

    text: str
    font: str
    size: float
    color: Color


class _Text(NamedTuple):
    """A plain paragraph's runs as reportlab sets them on a line, and their width."""

    runs: list[Run]
    width: float
    single: bool  # one run (reportlab's "kind 0"): may wrap; coloured outside the text object


class Para(Paragraph):  # type: ignore[misc]
    """A reportlab Paragraph that sets and draws plain text itself."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._bullet = _bullet(self.bulletText, self.style)
        plain = self._bullet is not None and _plain_style(self.style)
        self._text = _text(self.frags) if plain else None
        self._lines: list[str] | None = None  # the lines set by the last wrap, if set here

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        style, text = self.style, self._text
        room = avail_width - style.leftIndent - style.rightIndent
        self._lines = None
        if text is not None and text.width <= room - _FUZZ:
            self._lines = [" ".join(r.text for r in text.runs)]
            self.blPara = _OneLine(room - text.width, max(r.size for r in text.runs))
        elif text is not None and text.single:
            self._break(text.runs[0], room)
        if self._lines is None:
            size: tuple[float, float] = super().wrap(avail_width, avail_height)
            return size
        self.width, self.height = avail_width, style.leading * len(self._lines)
        return self.width, self.height

    def _break(self, run: Run, room: float) -> None:
        """Lines of a one-run text, by reportlab's rule for it (none if a word is too long)."""
        lines = _broken(run, room, self.style.spaceShrinkage)
        if lines is not None:
            self._lines = [" ".join(words) for _, words in lines]
            ascent, descent = getAscentDescent(run.font, run.size)
            self.blPara = self.frags[0].clone(
                kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=run.size
            )

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        if self._lines is None or len(self._lines) > 1:
            parts: list[Any] = super().split(avail_width, avail_height)
            return parts
        return [] if avail_height < self.height else [self]

    def drawPara(self, debug: int = 0) -> None:
        text, lines = self._text, self._lines
        if text is None or lines is None or debug:
            super().drawPara(debug)
            return
        canvas, style = self.canv, self.style
        y = self.height - self.blPara.fontSize
        canvas.saveState()
        if self._bullet:
            self._draw_bullet(self._bullet, y)
        ops = _Ops(canvas)
        origin = f"1 0 0 1 {fp_str(style.leftIndent, y)} Tm"
        if text.single:
            canvas.setFillColor(text.runs[0].color)
            ops.code.append(origin)
            run = text.runs[0]
            for (extra, words), line in zip(self.blPara.lines, lines, strict=True):
                ops.line(Run(line, run.font, run.size, run.color), extra, len(words), style.leading)
        else:
            ops.code += [origin, f"{fp_str(style.leading)} TL"]
            for run in text.runs:
                ops.color(run.color)
                ops.show(run, style.leading)
            ops.code.append("T*")
        ops.end()
        canvas.restoreState()

    def _draw_bullet(self, runs: list[Run], y: float) -> None:
        """The bullet as reportlab's _drawBullet writes it: each run sets its font and colour."""
        ops = _Ops(self.canv)
        ops.code.append(f"1 0 0 1 {fp_str(self.style.bulletIndent, y)} Tm")
        ops.color(_bullet_color(self.style))
        for run in runs:
            ops.fill = ops.font = None
            ops.color(run.color)
            ops.show(run, run.size * 1.2)
        ops.end()


def _plain_style(style: Any) -> bool:
    return all(getattr(style, k, v) == v for k, v in _STYLE.items())


def _plain(color: Any) -> bool:
    return type(color) is Color and color.alpha == 1


def _runs(frags: list[Any]) -> list[Run] | None:
    """The fragments as runs, when every one is plain text in an embedded font."""
    out: list[Run] = []
    for frag in frags:
        if (
            type(frag) is not ParaFrag
            or not _PLAIN.issuperset(frag.__dict__)
            or frag.rise
            or frag.link
            or frag.us_lines
            or frag.greek
            or not _plain(frag.textColor)
            or not getFont(frag.fontName)._dynamicFont
            or _SOFT_HYPHEN in frag.text
        ):
            return None
        out.append(Run(frag.text, frag.fontName, frag.fontSize, frag.textColor))
    return out


def _text(frags: list[Any]) -> _Text | None:
    """A plain paragraph's runs as reportlab sets them on one line, with their width;
    None for anything else."""
    runs = _runs(frags)
    if not runs:
        return None
    if len(runs) == 1:
        first = runs[0]
        run = Run(" ".join(split(strip(first.text))), first.font, first.size, first.color)
        return _Text([run], stringWidth(run.text, run.font, run.size), True) if run.text else None
    return _joined(runs)


def _bullet(bullet: object, style: Any) -> list[Run] | None:
    """The runs of a bullet reportlab draws in the indent before the first line; None when it
    is not plain text or would push the first line over (reportlab then narrows that line)."""
    if not bullet:
        return []
    runs = _runs(bullet) if isinstance(bullet, list) else None
    if not runs or not all(r.text for r in runs) or not _plain(_bullet_color(style)):
        return None
    if style.bulletAnchor != "start" or getattr(style, "bulletOffsetY", 0):
        return None
    width = sum(stringWidth(r.text, r.font, r.size) for r in runs)
    reach = style.bulletIndent + width + 0.6 * style.bulletFontSize
    return runs if reach <= style.leftIndent + style.firstLineIndent else None


def _bullet_color(style: Any) -> Any:
    return getattr(style, "bulletColor", style.textColor)


def _joined(runs: list[Run]) -> _Text | None:
    """Runs as reportlab's line holds them, and the line's width as it measures it.

    Each space stays in the run it is written in, never doubled nor at the ends; runs meeting
    at a space in the same font, size and colour merge. A space after a word counts in the
    font of the word's last piece at the size of its first; a space opening a run, in that
    run's. A paragraph ending in a run of spaces only, or holding a no-break space (which
    reportlab's word splitting treats apart), is left to reportlab.
    """
    if not strip(runs[-1].text) or any(_NO_BREAK in r.text for r in runs):
        return None
    out: list[Run] = []
    width = 0.0
    after_space = True  # the paragraph's leading spaces are dropped
    open_size: float | None = None  # first size of a word still open at the end of a run
    for run in runs:
        core = " ".join(split(run.text))
        lead = run.text[:1] in _WHITESPACE and not after_space
        trail = run.text[-1:] in _WHITESPACE and bool(core) and run is not runs[-1]
        text = " " * lead + core + " " * trail
        if not text:
            continue
        width += stringWidth(text, run.font, run.size)
        if lead:
            open_size = None
        if open_size is not None and open_size != run.size and " " in text:
            width += stringWidth(" ", run.font, open_size) - stringWidth(" ", run.font, run.size)
        if out and out[-1][1:] == run[1:] and (after_space or lead):
            out[-1] = out[-1]._replace(text=out[-1].text + text)
        else:
            out.append(run._replace(text=text))
        after_space = text.endswith(" ")
        open_size = (
            None if after_space else run.size if " " in text or open_size is None else open_size
        )
    return _Text(out, width, False)


def _broken(run: Run, room: float, shrinkage: float) -> list[tuple[float, list[str]]] | None:
    """reportlab's lines for a one-run paragraph (Paragraph.breakLines, kind 0): greedy, a line
    may run into the shrinkable part of its spaces. None when a word is wider than the line,
    which reportlab splits."""
    font, size = run.font, run.size
    space = stringWidth(" ", font, size)
    shrink = shrinkage * space
    known = _WIDTHS.setdefault((font, size), {})
    lines: list[tuple[float, list[str]]] = []
    line: list[str] = []
    width = -space
    for word in run.text.split(" "):
        word_width = known.get(word)
        if word_width is None:
            word_width = known[word] = stringWidth(word, font, size)
        if word_width > room:
            return None
        wider = width + space + word_width
        if wider <= room + shrink * len(line) or not line:
            line.append(word)
            width = wider
        else:
            lines.append((room - width, line))
            line, width = [word], word_width
    lines.append((room - width, line))
    return lines


class _OneLine:
    """What callers read of reportlab's `blPara` for one line: its spare width, the size."""

    kind = 0

    def __init__(self, extra: float, size: float) -> None:
        self.lines: list[tuple[float, list[str]]] = [(extra, [])]
        self.fontSize = size


class _Ops:
    """PDF text operators as reportlab's text object writes them."""

    def __init__(self, canvas: Any) -> None:
        self.canvas, self.doc = canvas, canvas._doc
        self.code = ["BT"]
        self.font: tuple[str, float] | None = None
        self.subset = -1
        self.fill: Color | None = None

    def color(self, color: Color) -> None:
        if color != self.fill:
            self.fill = color
            self.code.append(f"{fp_str(color.red, color.green, color.blue)} rg")

    def show(self, run: Run, leading: float) -> None:
        if (run.font, run.size) != self.font:
            self.font, self.subset = (run.font, run.size), -1
        font = getFont(run.font)
        for part, chunk in _chunks(font, run.text, self.doc):
            if part != self.subset:
                name = font.getSubsetInternalName(part, self.doc)
                self.code.append(f"{name} {fp_str(run.size)} Tf {fp_str(leading)} TL")
                self.subset = part
            self.code.append(f"({self.canvas._escape(chunk)}) Tj")

    def line(self, run: Run, extra: float, words: int, leading: float) -> None:
        """One line of a one-run paragraph; an over-full line shrinks its spaces."""
        spaces = words + run.text.count(_NO_BREAK) - 1
        if extra > -1e-8 or spaces <= 0:
            self.show(run, leading)
            self.code.append("T*")
            return
        self.code.append(f"{fp_str(extra / spaces)} Tw")
        self.show(run, leading)
        self.code += ["T*", "0 Tw"]

    def end(self) -> None:
        self.code.append("ET")
        self.canvas._code.append(" ".join(self.code))


class _Codes:
    """A font's one-byte codes in one document, as a str.translate table."""

    def __init__(self) -> None:
        self.known = -1
        self.table: dict[int, int] = {}
        self.chars: frozenset[str] = frozenset()

    def update(self, assignments: dict[int, int]) -> None:
        self.known = len(assignments)
        self.table = {code: n for code, n in assignments.items() if n < 256}
        if 32 in self.table:
            self.table[0xA0] = self.table[32]  # splitString prints a no-break space as a space
        self.chars = frozenset(map(chr, self.table))


_CODES: weakref.WeakKeyDictionary[Any, _Codes] = weakref.WeakKeyDictionary()


def _chunks(font: Any, text: str, doc: Any) -> list[tuple[int, bytes]]:
    """font.splitString(text, doc), without its loop over characters once every character
    of the text has its code in the first subset (nearly always, after the first page)."""
    state = font.state.get(doc)
    if state is None:
        return font.splitString(text, doc)  # type: ignore[no-any-return]
    codes = _CODES.get(state)
    if codes is None:
        codes = _CODES[state] = _Codes()
    if codes.known != len(state.assignments):
        codes.update(state.assignments)
    if not codes.chars.issuperset(text):
        return font.splitString(text, doc)  # type: ignore[no-any-return]
    return [(0, text.translate(codes.table).encode("latin-1"))]
