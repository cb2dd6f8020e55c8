"""The sheet's clinic header and footer, laid out before the pages so nothing is ever cut.

The clinic's logo sits at the right; the sheet's kind, the clinic's name and its contact lines
stack in the column left of it. Contact lines wrap (at most two lines, else a smaller size,
never under the large-print floor, then as many lines as they need): no detail is dropped or
cut with an ellipsis, and no line can reach into the logo.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from handout.content.dosage import NBSP
from handout.layout import parts
from handout.layout.context import Context
from handout.render.text.engine import paragraph

FLOOR = 9.5  # pt: the smallest text on a large-print sheet
CONTACT_SIZES = (10.5, 10.0, FLOOR)
GAP = 5 * mm  # between the text column and the logo
RULE_GAP = 3.5 * mm  # from the lowest line to the rule under the header
SEPARATOR = f"{NBSP}{NBSP}·  "  # the dot stays with the item before it


def _lines(para: Paragraph, width: float) -> tuple[int, float]:
    """How many lines the paragraph takes at `width`, and its height."""
    _, height = para.wrap(width, 10_000)
    return max(1, round(height / para.style.leading)), float(height)


class ClinicHeader:
    """The first page's header: where everything goes, measured once for a content width."""

    def __init__(self, ctx: Context, kind: str, width: float) -> None:
        self.ctx = ctx
        theme = ctx.theme
        clinic = ctx.brand.clinic
        narrow = width < 110 * mm
        self.width = width
        self.logo = (0.0, 0.0)
        if ctx.logo is not None:
            self.logo = parts.logo_size(
                ctx.logo, min(50 * mm, width * 0.34), (11 if narrow else 15) * mm
            )
        self.column = width - (self.logo[0] + GAP if ctx.logo is not None else 0)
        kicker = theme.style("kicker", FLOOR + 0.5, bold=True, color=theme.accent, leading=1.25)
        # paragraph, its height, the gap above it, the width it is set in
        self.stack: list[tuple[Paragraph, float, float, float]] = []
        self.bottom = 0.0  # how far down the last placed paragraph reaches
        self._add(paragraph(ctx.md(kind.upper()), kicker), 0, self.column)
        if clinic.name:
            style = theme.style("clinic", 14 if narrow else 16, bold=True, leading=1.2)
            self._add(paragraph(ctx.md(clinic.name), style), 1.5 * mm, self.column)
        rows, room = self._contact_rows(), float(self.column)
        for size in CONTACT_SIZES:
            set_rows = self._set(rows, size)
            if all(_lines(row, room)[0] <= 2 for row in set_rows):
                break
        else:  # too narrow beside the logo: the contact runs the full width below it
            set_rows, room = self._set(rows, FLOOR), width
            self.bottom = max(self.bottom, self.logo[1])
        for i, row in enumerate(set_rows):
            self._add(row, 0.8 * mm if i == 0 else 0, room)
        self.height = max(self.bottom, self.logo[1]) + RULE_GAP

    def _add(self, para: Paragraph, gap: float, width: float) -> None:
        height = _lines(para, width)[1]
        self.stack.append((para, height, gap, width))
        self.bottom += gap + height

    def _contact_rows(self) -> list[str]:
        """The address, then phone, email and website (each kept whole on a line)."""
        clinic = self.ctx.brand.clinic
        md = self.ctx.md
        reach = [x for x in (clinic.phone, clinic.email, clinic.website) if x]
        rows = [md(clinic.address)] if clinic.address else []
        if reach:
            rows.append(SEPARATOR.join(md(x.replace(" ", NBSP)) for x in reach))
        return rows

    def _set(self, rows: list[str], size: float) -> list[Paragraph]:
        style = self.ctx.theme.style("contact", size, leading=1.3)
        return [paragraph(markup, style) for markup in rows]

    def draw(self, canvas: Canvas, left: float, top: float, right: float) -> None:
        ctx = self.ctx
        canvas.saveState()
        if ctx.logo is not None:
            logo_w, logo_h = self.logo
            canvas.drawImage(ctx.logo, right - logo_w, top - logo_h, logo_w, logo_h, mask="auto")
        y = top
        for para, height, gap, width in self.stack:
            if width > self.column:  # full width: below the logo
                y = min(y, top - self.logo[1])
            y -= gap + height
            para.wrap(width, 10_000)
            para.drawOn(canvas, left, y)
        rule_y = top - self.height + RULE_GAP * 0.45
        canvas.setStrokeColor(ctx.theme.accent)
        canvas.setLineWidth(1.6)
        canvas.line(left, rule_y, right, rule_y)
        canvas.restoreState()


class Footer:
    """The footer: the disclaimer (wrapped, never cut) and the page number, above a thin rule."""

    def __init__(self, ctx: Context, width: float) -> None:
        self.ctx = ctx
        self.text_w = width - 32 * mm
        style = ctx.theme.style("footer", FLOOR, leading=1.25)
        self.para = paragraph(ctx.md(ctx.brand.footer or ctx.words["disclaimer"]), style)
        _, self.text_h = _lines(self.para, self.text_w)
        self.height = self.text_h + 3 * mm

    def draw(self, canvas: Canvas, left: float, bottom: float, right: float, page: str) -> None:
        ctx = self.ctx
        canvas.saveState()
        rule_y = bottom + self.text_h + 1.5 * mm
        canvas.setStrokeColor(ctx.theme.rule)
        canvas.setLineWidth(0.6)
        canvas.line(left, rule_y, right, rule_y)
        self.para.wrap(self.text_w, 10_000)
        self.para.drawOn(canvas, left, bottom)
        canvas.setFillColor(ctx.theme.ink)
        top_line = bottom + self.text_h - FLOOR * 1.25
        parts.draw_line(canvas, ctx, page, right, top_line + FLOOR * 0.3, FLOOR, align="right")
        canvas.restoreState()
