"""Pressure as dots: one, two or three of three filled (light, medium, firm), the word kept in
the text layer for screen readers and text search, and a legend that says what the dots mean."""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handout.assets import fonts
from handout.render.text.engine import paragraph
from handout.render.theme import Theme

LEVELS = {"light": 1, "medium": 2, "firm": 3}
OUT_OF = 3


def draw_dots(
    canvas: Canvas, filled: int, x: float, y: float, size: float, on: Color, off: Color
) -> float:
    """Three dots of diameter `size` from (x, y) (their bottom-left), the first `filled` in `on`,
    the rest in `off`; returns the width drawn."""
    step = size * 1.45
    canvas.saveState()
    for i in range(OUT_OF):
        canvas.setFillColor(on if i < filled else off)
        canvas.circle(x + i * step + size / 2, y + size / 2, size / 2, stroke=0, fill=1)
    canvas.restoreState()
    return step * (OUT_OF - 1) + size


def dots_width(size: float) -> float:
    return size * 1.45 * (OUT_OF - 1) + size


class PressureDots(Flowable):  # type: ignore[misc]
    """A step's pressure as dots, its word (e.g. 'medium pressure') written under them as
    invisible text at `word_size`: found by screen readers and text search, not printed, so
    the dots stay uncluttered at arm's length (the card's legend names them in print)."""

    def __init__(
        self, level: str, word: str, size: float, word_size: float, theme: Theme, *, line: float
    ) -> None:
        super().__init__()
        self.filled = LEVELS[level]
        self.word, self.size, self.word_size = word, size, word_size
        self.on, self.off = theme.accent, theme.rule
        self.width, self.height = dots_width(size), line  # centred on a line of this height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        low = (self.height - self.size) / 2
        draw_dots(canvas, self.filled, 0, low, self.size, self.on, self.off)
        text = canvas.beginText(0, low)
        text.setTextRenderMode(3)  # invisible: in the text layer, not on paper
        text.setFont(fonts.MAIN, self.word_size)
        text.textOut(self.word)
        canvas.drawText(text)


class Legend(Flowable):  # type: ignore[misc]
    """One line: the dots of each pressure followed by its word ('●○○ light  ●●○ medium …')."""

    def __init__(self, words: list[tuple[str, str]], size: float, theme: Theme) -> None:
        super().__init__()
        self.size, self.theme = size, theme
        style = theme.style("legend", size, leading=1.2)
        self.items = [(LEVELS[level], paragraph(word, style)) for level, word in words]
        self.dot = size * 0.62

    def _widths(self) -> list[float]:
        widths = []
        for _, para in self.items:
            para.wrap(100_000, 1_000)
            widths.append(float(para.getActualLineWidths0()[0]))
        return widths

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.words_w = self._widths()
        self.width, self.height = avail_width, self.size * 1.2
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        x = 0.0
        gap = self.size * 0.4
        for (filled, para), word_w in zip(self.items, self.words_w, strict=True):
            x += draw_dots(
                canvas, filled, x, self.size * 0.18, self.dot, self.theme.accent, self.theme.rule
            )
            para.drawOn(canvas, x + gap, -self.size * 0.05)
            x += gap + word_w + self.size * 1.3
