"""The self-care log: a week of tick boxes, Monday to Sunday, morning and evening."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from handout.render.text.engine import paragraph
from handout.render.theme import Theme

ROW_MOST = 11 * mm  # a box's row at its roomiest
ROW_LEAST = 8 * mm  # and at its tightest, when the log fills a gap


class WeekLog(Flowable):  # type: ignore[misc]
    """A heading and a tick-box table: a column per day, a row per time of day. Its rows are
    `row` high (between ROW_LEAST and ROW_MOST): the sheet chooses them to fill a page's gap."""

    def __init__(
        self,
        title: str,
        hint: str,
        days: Sequence[str],
        times: Sequence[str],
        theme: Theme,
        size: float,
        row: float = ROW_MOST,
    ) -> None:
        super().__init__()
        self.theme, self.size = theme, size
        self.row = max(ROW_LEAST, min(ROW_MOST, row))
        heading = theme.style("log-title", size * 1.1, bold=True, color=theme.accent, leading=1.3)
        note = theme.style("log-hint", size, leading=1.3)
        self.title = paragraph(title, heading)
        self.hint = paragraph(hint, note)
        cell = theme.style("log-cell", size * 0.88, bold=True, leading=1.2)
        self.days = [paragraph(day, cell) for day in days]
        self.times = [paragraph(time, cell) for time in times]
        self.spaceBefore = size * 1.2

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.label_w = max(self._natural(p) for p in self.times) + self.size * 0.8
        self.col = (avail_width - self.label_w) / len(self.days)
        _, self.title_h = self.title.wrap(avail_width, avail_height)
        _, self.hint_h = self.hint.wrap(avail_width, avail_height)
        self.head_h = self.size * 1.4
        grid = self.head_h + len(self.times) * self.row
        self.height = self.title_h + self.hint_h + self.size * 0.6 + grid
        return self.width, self.height

    @staticmethod
    def _natural(para: Paragraph) -> float:
        para.wrap(10_000, 100)
        return float(max(para.getActualLineWidths0() or [0.0]))

    def draw(self) -> None:
        canvas: Canvas = self.canv
        theme = self.theme
        y = self.height - self.title_h
        self.title.drawOn(canvas, 0, y)
        y -= self.hint_h
        self.hint.drawOn(canvas, 0, y)
        y -= self.size * 0.6
        top = y
        for i, day in enumerate(self.days):
            w = self._natural(day)
            x = self.label_w + i * self.col + (self.col - w) / 2
            day.wrap(self.col, 100)
            day.drawOn(canvas, x, top - self.head_h + self.size * 0.3)
        canvas.saveState()
        canvas.setStrokeColor(theme.rule)
        canvas.setLineWidth(0.6)
        grid_top = top - self.head_h
        for r, time in enumerate(self.times):
            row_top = grid_top - r * self.row
            canvas.line(0, row_top, self.width, row_top)
            _, h = time.wrap(self.label_w, 100)
            time.drawOn(canvas, 0, row_top - self.row / 2 - h / 2)
            self._boxes(canvas, row_top)
        bottom = grid_top - len(self.times) * self.row
        canvas.line(0, bottom, self.width, bottom)
        canvas.restoreState()

    def _boxes(self, canvas: Canvas, row_top: float) -> None:
        side = min(self.row * 0.62, self.col * 0.55, 7 * mm)
        canvas.setStrokeColor(self.theme.ink)
        canvas.setLineWidth(1)
        canvas.setFillColor(self.theme.tint)
        for i in range(len(self.days)):
            x = self.label_w + i * self.col + (self.col - side) / 2
            canvas.roundRect(x, row_top - self.row / 2 - side / 2, side, side, side * 0.18, 1, 1)
