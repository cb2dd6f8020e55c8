"""The sheet's clinic header and footer, laid out before the pages so nothing is ever cut.

The clinic's logo sits at the right and, when handout.yaml names a `site:`, a QR code of the
routine's current version online left of it (under it, where side by side they would leave the
text too narrow); the sheet's kind, the clinic's name and its contact lines stack in the column
left of them. Contact lines wrap (at most two lines, else a
smaller size, never under the large-print floor, then as many lines as they need): no detail is
dropped or cut with an ellipsis, and no line can reach into the logo or the code. The footer
says which version of the content the sheet was built from (content/version.py).
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from handout.content.dosage import NBSP
from handout.layout import parts
from handout.layout.context import Context
from handout.render.blocks import one_line
from handout.render.text.engine import paragraph
from handout.render.text.markup import plain

FLOOR = 9.5  # pt: the smallest text on a large-print sheet
CONTACT_SIZES = (10.5, 10.0, FLOOR)
GAP = 5 * mm  # between the text column and the logo
RULE_GAP = 3.5 * mm  # from the lowest line to the rule under the header
SEPARATOR = f"{NBSP}{NBSP}·  "  # the dot stays with the item before it
QR_SIDE = 16 * mm  # the code's modules; with their quiet zone about 20 mm, read at arm's length
CAPTION_MOST = 32 * mm  # the code's caption wraps past this width
MIN_COLUMN = 60 * mm  # the text column's least width beside the logo and the code side by side
UNDER = 3 * mm  # between the logo and the code under it
EDGE_LEAST = 7 * mm  # the stamp's line keeps this far from the paper's edge (printers leave ~5)


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
        url = ctx.stamp.url if ctx.stamp is not None else None
        self.code = VersionCode(ctx, url) if url else None
        (aside_w, self.aside), self.code_at = self._aside(width)
        self.column = width - (aside_w + GAP if aside_w else 0)
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
            self.bottom = max(self.bottom, self.aside)
        for i, row in enumerate(set_rows):
            self._add(row, 0.8 * mm if i == 0 else 0, room)
        self.height = max(self.bottom, self.aside) + RULE_GAP

    def _aside(self, width: float) -> tuple[tuple[float, float], tuple[float, float]]:
        """The size of what stands right of the text column: the logo, and the code left of it
        (or under it, where side by side they would leave the column under MIN_COLUMN); and how
        far the code's top right corner is from the logo's."""
        logo_w, logo_h = self.logo
        if self.code is None:
            return (logo_w, logo_h), (0.0, 0.0)
        code_w, code_h = self.code.width, self.code.height
        if not logo_w:
            return (code_w, code_h), (0.0, 0.0)
        if width - logo_w - code_w - 2 * GAP >= MIN_COLUMN:
            return (logo_w + GAP + code_w, max(logo_h, code_h)), (logo_w + GAP, 0.0)
        self.code.fit(logo_w)  # under the logo: its caption no wider than the logo, if it can
        code_w, code_h = self.code.width, self.code.height
        return (max(logo_w, code_w), logo_h + UNDER + code_h), (0.0, logo_h + UNDER)

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
        if self.code is not None:
            across, down = self.code_at
            self.code.draw(canvas, right - across - self.code.width, top - down)
        y = top
        for para, height, gap, width in self.stack:
            if width > self.column:  # full width: below the logo and the code
                y = min(y, top - self.aside)
            y -= gap + height
            para.wrap(width, 10_000)
            para.drawOn(canvas, left, y)
        rule_y = top - self.height + RULE_GAP * 0.45
        canvas.setStrokeColor(ctx.theme.accent)
        canvas.setLineWidth(1.6)
        canvas.line(left, rule_y, right, rule_y)
        canvas.restoreState()


class VersionCode:
    """A QR code of the routine's page on the clinic's site (a link too, on screen), with a
    caption centred under it ('Current version'): a client finds the newest sheet by it."""

    def __init__(self, ctx: Context, url: str) -> None:
        from handout.render.qr import QrCode  # its encoder's package is slow to import

        self.url = url
        self.code = QrCode(url, QR_SIDE, ctx.theme.ink)
        self.quiet = 4 * QR_SIDE / len(self.code.modules)  # the clear margin a reader needs
        style = ParagraphStyle(
            "code-caption", ctx.theme.style("code-caption", FLOOR, leading=1.2), alignment=TA_CENTER
        )
        words = ctx.words["current_version"]
        self.caption = paragraph(ctx.md(words), style)
        self.natural = one_line(self.caption)[0]
        self.widest = max(stringWidth(w, style.fontName, FLOOR) for w in plain(words).split())
        self.fit(CAPTION_MOST)

    def fit(self, room: float) -> None:
        """The caption wrapped at `room`, never narrower than the code or its longest word."""
        self.width = max(QR_SIDE, self.widest, min(self.natural, room))
        self.caption_h = _lines(self.caption, self.width)[1]
        self.height = QR_SIDE + self.quiet + self.caption_h

    def draw(self, canvas: Canvas, left: float, top: float) -> None:
        x = left + (self.width - QR_SIDE) / 2
        self.code.drawOn(canvas, x, top - QR_SIDE)
        canvas.linkURL(self.url, (x, top - QR_SIDE, x + QR_SIDE, top), relative=1, thickness=0)
        self.caption.wrap(self.width, 10_000)
        self.caption.drawOn(canvas, left, top - self.height)


class Footer:
    """The footer: the disclaimer (wrapped, never cut) with the page number at the right of its
    first line, above a thin rule; under it the version stamp. The stamp's line hangs into the
    bottom margin, as far as the margin keeps it EDGE_LEAST from the paper's edge, so a sheet
    has as much room for its content as it had without one (and as many pages)."""

    def __init__(self, ctx: Context, width: float) -> None:
        self.ctx = ctx
        self.text_w = width - 32 * mm
        style = ctx.theme.style("footer", FLOOR, leading=1.25)
        self.para = paragraph(ctx.md(ctx.brand.footer or ctx.words["disclaimer"]), style)
        _, self.text_h = _lines(self.para, self.text_w)
        self.width = width  # the stamp's: it is under the page number's line
        self.stamp = paragraph(ctx.md(ctx.stamp.text), style) if ctx.stamp else None
        self.stamp_h = _lines(self.stamp, width)[1] if self.stamp else 0.0
        self.sink = min(self.stamp_h, max(0.0, ctx.margins[2] - EDGE_LEAST))
        self.height = self.text_h + self.stamp_h - self.sink + 3 * mm

    def draw(self, canvas: Canvas, left: float, bottom: float, right: float, page: str) -> None:
        ctx = self.ctx
        canvas.saveState()
        text_y = bottom - self.sink + self.stamp_h
        rule_y = text_y + self.text_h + 1.5 * mm
        canvas.setStrokeColor(ctx.theme.rule)
        canvas.setLineWidth(0.6)
        canvas.line(left, rule_y, right, rule_y)
        self.para.wrap(self.text_w, 10_000)
        self.para.drawOn(canvas, left, text_y)
        if self.stamp is not None:
            self.stamp.wrap(self.width, 10_000)
            self.stamp.drawOn(canvas, left, text_y - self.stamp_h)
        canvas.setFillColor(ctx.theme.ink)
        top_line = text_y + self.text_h - FLOOR * 1.25
        parts.draw_line(canvas, ctx, page, right, top_line + FLOOR * 0.3, FLOOR, align="right")
        canvas.restoreState()
