"""Plain paragraphs set and drawn without reportlab's general machinery, to the same bytes.

Most paragraphs in a handout are plain: step titles, chips, labels, notes, step text with some
**bold**. reportlab breaks and draws every paragraph through machinery built for everything it
supports. `FastParagraph` is a Paragraph that sets plain text with `lines` (the same
lines reportlab makes) and draws it with the very PDF operators reportlab writes. Anything else
is left to reportlab unchanged; splitting a paragraph across pages always is.
"""

from __future__ import annotations

import weakref
from typing import Any, ClassVar

from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfmetrics import getFont

from handout.render.pdf import ops
from handout.render.pdf.ops import fill_op, translate_op
from handout.render.text import lacking
from handout.render.text.lacking import Paragraph
from handout.render.text.lines import (
    FUZZ,
    NO_BREAK,
    Line,
    Run,
    Text,
    bullet_color,
    bullet_of,
    lines_of_run,
    lines_of_runs,
    plain_style,
    text_of,
)


# >>> mirrors reportlab 5.1: pdfgen.canvas.Canvas.drawString; platypus.paragraph.Paragraph.wrap,
# split, drawOn, drawPara (_do_*_line, _putFragLine), _drawBullet; pdfgen.textobject.PDFTextObject;
# pdfbase.ttfonts.TTFont.splitString
def draw_text(canvas: Any, run: Run, x: float, y: float, leading: float) -> None:
    """One line of plain text as canvas.drawString writes it (the caller sets the colour)."""
    tx = _TextObject(canvas)
    tx.code.append(f"1 0 0 1 {fp_str(x, y)} Tm")
    tx.show(run, leading)
    tx.code.append("T*")
    tx.end()


class FastParagraph(Paragraph):  # type: ignore[misc]
    """A reportlab Paragraph that sets and draws plain text itself."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._bullet = bullet_of(self.bulletText, self.style)
        plain = self._bullet is not None and plain_style(self.style)
        self._text = text_of(self.frags) if plain else None
        self._lines: list[Line] | None = None  # set by the last wrap, when set here

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        style = self.style
        lines = self._lines = self._set(avail_width - style.leftIndent - style.rightIndent)
        if lines is None:
            size: tuple[float, float] = super().wrap(avail_width, avail_height)
            return size
        self.blPara = _Lines(lines)
        self.width, self.height = avail_width, style.leading * len(lines)
        return self.width, self.height

    def _set(self, room: float) -> list[Line] | None:
        """The lines of the text in `room`, or None to leave it to reportlab."""
        text, shrinkage = self._text, self.style.spaceShrinkage
        if text is None or self._bullet is None:
            return None
        first = room - self._bullet.narrow if self._bullet.narrow else room
        if text.line is not None and text.width <= first - FUZZ:
            return [Line(first - text.width, 0, text.line, max(r.size for r in text.line))]
        if text.single:
            return lines_of_run(text.runs[0], room, shrinkage, first)
        return lines_of_runs(text.runs, room, shrinkage, first)

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        lines = self._lines
        if lines is not None and len(lines) == 1:
            return [] if avail_height < self.height else [self]
        if lines is not None:  # reportlab splits its own lines, made at the width of the wrap
            self._lines = None  # (a frame passes its full width here, indents or not)
            Paragraph.wrap(self, self.width, avail_height)
        elif not hasattr(self, "blPara"):  # a split that found no room dropped them: reportlab
            Paragraph.wrap(self, avail_width, avail_height)  # wraps again, its own way
        parts: list[Any] = super().split(avail_width, avail_height)
        return parts

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        """What Flowable.drawOn writes, without reportlab's Python-side bookkeeping of the
        graphics state: a paragraph set here changes no state outside its own q ... Q."""
        if self._text is None or self._lines is None:
            super().drawOn(canvas, x, y, _sW)
            return
        ops.write(canvas, "q", translate_op(ops.aligned_x(self, x, _sW), y))
        self._write(canvas, self._text, self._lines)
        ops.restore(canvas)

    def drawPara(self, debug: int = 0) -> None:
        text, lines = self._text, self._lines
        if text is None or lines is None or debug:
            super().drawPara(debug)
            return
        self._write(self.canv, text, lines)

    def _write(self, canvas: Any, text: Text, lines: list[Line]) -> None:
        """The paragraph's operators as reportlab's drawPara writes them."""
        style = self.style
        y = self.height - lines[0].size
        bullet = self._bullet
        doc = ops.document(canvas)
        for run in text.runs + (bullet.runs if bullet is not None else []):
            lacking.keep(run.font, run.text, doc)  # all first, as `lacking.Paragraph` does
        ops.save(canvas)
        if bullet is not None and bullet.runs:
            self._draw_bullet(canvas, bullet.runs, y)
        shift = bullet.shift if bullet is not None and bullet.shift > 1e-6 else 0.0
        tx = _TextObject(canvas)
        if text.single:  # reportlab colours a one-run paragraph outside its text object
            ops.write(canvas, fill_op(text.runs[0].color))
        tx.code.append(f"1 0 0 1 {fp_str(style.leftIndent, y)} Tm")
        for i, line in enumerate(lines):
            if i == 0 and shift:  # the first line starts after a bullet wider than the indent
                tx.code.append(f"{fp_str(shift, 0)} Td")
            tx.line(line, style.leading, first=i == 0, single=text.single)
            if i == 0 and shift:
                tx.code.append(f"{fp_str(-shift, 0)} Td")
        tx.end()
        ops.restore(canvas)

    def _draw_bullet(self, canvas: Any, runs: list[Run], y: float) -> None:
        """The bullet as reportlab's _drawBullet writes it: each run sets its font and colour."""
        tx = _TextObject(canvas)
        tx.code.append(f"1 0 0 1 {fp_str(self.style.bulletIndent, y)} Tm")
        tx.color(bullet_color(self.style))
        for run in runs:
            tx.fill = tx.font = None
            tx.color(run.color)
            tx.show(run, run.size * 1.2)
        tx.end()


class _Lines:
    """What callers read of reportlab's `blPara`: how many lines, and each one's spare width."""

    kind = 0

    def __init__(self, lines: list[Line]) -> None:
        self.lines: list[tuple[float, list[str]]] = [(line.extra, []) for line in lines]
        self.fontSize = lines[0].size


class _TextObject:
    """PDF text operators as reportlab's text object writes them."""

    def __init__(self, canvas: Any) -> None:
        self.canvas, self.doc = canvas, ops.document(canvas)
        self.drawn = _Drawn.of(self.doc)
        self.code = ["BT"]
        self.font: tuple[str, float] | None = None
        self.subset = -1
        self.fill: Color | None = None

    def color(self, color: Color) -> None:
        if color is not self.fill and color != self.fill:
            self.fill = color
            self.code.append(fill_op(color))

    def show(self, run: Run, leading: float) -> None:
        if (run.font, run.size) != self.font:
            self.font, self.subset = (run.font, run.size), -1
        if not run.text:
            self.code.append("")  # reportlab writes an empty run as an empty operator
            return
        drawn = self.drawn
        codes = drawn.codes.get(run.font)
        if codes is None:
            codes = drawn.codes[run.font] = _Codes(getFont(run.font))
        for part, chunk in codes.chunks(run.text, self.doc):
            if part != self.subset:
                key = (run.font, part, run.size, leading)
                op = drawn.font_ops.get(key)
                if op is None:
                    name = codes.font.getSubsetInternalName(part, self.doc)
                    op = drawn.font_ops[key] = f"{name} {fp_str(run.size)} Tf {fp_str(leading)} TL"
                self.code.append(op)
                self.subset = part
            self.code.append(f"({escapePDF(chunk)}) Tj")  # what the canvas's escape does

    def line(self, line: Line, leading: float, *, first: bool, single: bool) -> None:
        """One line; an over-full one shrinks its spaces. Several runs set their font and
        colour as they change (reportlab's _putFragLine), the first line its leading."""
        squeeze = False
        if line.extra <= -1e-8:
            spaces = line.words + sum(r.text.count(NO_BREAK) for r in line.runs) - 1
            squeeze = spaces > 0
        if squeeze:
            self.code.append(f"{fp_str(line.extra / spaces)} Tw")
        if first and not single:
            self.code.append(f"{fp_str(leading)} TL")
        for run in line.runs:
            if not single:
                self.color(run.color)
            self.show(run, leading)
        self.code.append("T*")
        if squeeze:
            self.code.append("0 Tw")

    def end(self) -> None:
        self.code.append("ET")
        ops.write(self.canvas, " ".join(self.code))


class _Codes:
    """A font's one-byte codes in one document, as a str.translate table."""

    def __init__(self, font: Any) -> None:
        self.font = font
        self.state: Any = None  # the font's state in the document, once it has one
        self.known = -1
        self.table: dict[int, int] = {}
        self.chars: frozenset[str] = frozenset()

    def chunks(self, text: str, doc: Any) -> list[tuple[int, bytes]]:
        """font.splitString(text, doc), without its loop over characters once every character
        of the text has its code in the first subset (nearly always, after the first page)."""
        font, state = self.font, self.state
        if state is None:
            state = self.state = font.state.get(doc)
            if state is None:
                return font.splitString(text, doc)  # type: ignore[no-any-return]
        if self.known != len(state.assignments):
            self.update(state.assignments)
        if not self.chars.issuperset(text):
            return font.splitString(text, doc)  # type: ignore[no-any-return]
        return [(0, text.translate(self.table).encode("latin-1"))]

    def update(self, assignments: dict[int, int]) -> None:
        self.known = len(assignments)
        self.table = {code: n for code, n in assignments.items() if n < 256}
        if 32 in self.table:
            self.table[0xA0] = self.table[32]  # splitString prints a no-break space as a space
        self.chars = frozenset(map(chr, self.table))


# <<< end of mirror


class _Drawn:
    """What is known of the document being drawn (builds run one document at a time): its
    fonts' codes and the font operators written so far."""

    current: ClassVar[_Drawn | None] = None

    def __init__(self, doc: Any) -> None:
        self.doc = weakref.ref(doc)
        self.codes: dict[str, _Codes] = {}
        self.font_ops: dict[tuple[str, int, float, float], str] = {}

    @classmethod
    def of(cls, doc: Any) -> _Drawn:
        drawn = cls.current
        if drawn is None or drawn.doc() is not doc:
            drawn = cls.current = _Drawn(doc)
        return drawn
