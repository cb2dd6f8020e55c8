"""The take-home / reference sheet: clinic header, routine, steps; A4 or Letter, 1–2 pages."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageTemplate, Spacer, Table, TableStyle

from handout.assets import fonts
from handout.content.model import Routine
from handout.layout import parts
from handout.layout.context import Context
from handout.layout.document import Doc, TotalCanvas, frame
from handout.render import bodymap
from handout.render.blocks import Boxed
from handout.render.pdf import ops
from handout.render.text.engine import paragraph

FIRST_HEADER = 21 * mm
LATER_HEADER = 9 * mm


def build_sheet(
    rid: str, routine: Routine, ctx: Context, pagesize: tuple[float, float]
) -> tuple[bytes, int]:
    """The sheet's PDF bytes and page count."""

    doc = Doc(pagesize, ctx, title=routine.title, subject=routine.summary)
    _width, height = pagesize
    top, _, bottom, left = ctx.margins
    footer = 8 * mm
    header = _Header(routine, ctx, doc)
    first = frame(
        left, bottom + footer, doc.width, height - top - bottom - footer - header.height, "first"
    )
    later = frame(
        left, bottom + footer, doc.width, height - top - bottom - footer - LATER_HEADER, "later"
    )
    doc.addPageTemplates(
        [
            PageTemplate("first", [first], onPage=header.first, autoNextPageTemplate="later"),
            PageTemplate("later", [later], onPage=header.later),
        ]
    )
    story = _story(rid, routine, ctx, doc.width, ops.frame_height(later))

    def canvasmaker(*args: object, **kwargs: object) -> TotalCanvas:
        canvas = TotalCanvas(*args, **kwargs)
        canvas.on_total = header.footer
        return canvas

    doc.build(story, canvasmaker=canvasmaker)
    return doc.pdf_bytes(), doc.page


def _story(
    rid: str, routine: Routine, ctx: Context, width: float, frame_height: float
) -> list[Flowable]:
    tpl = ctx.template
    sizes = tpl.type
    theme = ctx.theme
    story: list[Flowable] = _title_block(routine, ctx, width)
    story.extend(_personal(ctx, width))
    if routine.cautions:
        story.append(Spacer(1, sizes.body * 0.6))
        story.extend(parts.cautions(routine.cautions, ctx, sizes.body))
    story.append(Spacer(1, sizes.body * 0.9))
    story.append(
        paragraph(
            ctx.md(ctx.words["steps"].upper()),
            theme.style(
                "section", sizes.small, bold=True, color=theme.accent, spaceAfter=sizes.small * 0.6
            ),
        )
    )
    story.append(_Rule(theme.rule))
    for number, step in enumerate(routine.steps, 1):
        story.append(Spacer(1, sizes.body * 0.9))
        story.append(
            parts.step_block(
                step,
                number,
                ctx,
                frame_height=frame_height,
                photo=ctx.photos.get((rid, number - 1)),
            )
        )
    closing = parts.finish(routine.finish, ctx, sizes.body)
    if closing is not None:
        story.append(closing)
    return story


def _title_block(routine: Routine, ctx: Context, width: float) -> list[Flowable]:
    """Title, summary and facts; the body map beside them on wide paper, below on narrow."""
    sizes = ctx.template.type
    theme = ctx.theme
    text: list[Flowable] = [
        paragraph(ctx.md(routine.title), theme.style("title", sizes.title, bold=True, leading=1.15))
    ]
    summary = (
        parts.paragraphs(
            routine.summary,
            ctx,
            theme.style(
                "summary",
                sizes.body * 1.12,
                leading=1.4,
                color=theme.ink,
                spaceBefore=sizes.body * 0.5,
            ),
        )
        if ctx.template.show.summary
        else []
    )
    meta = parts.meta_lines(routine, ctx, sizes.small * 1.08)
    text += summary
    if meta:
        text += [Spacer(1, sizes.body * 0.6), *meta]
    if not (ctx.template.show.body_map and routine.regions):
        return text
    map_w = 40 * mm
    very_long = len(summary) > 1 or len(meta) > 1  # runs over pages: on its own, not in a table
    if width < 120 * mm or very_long:
        drawing = bodymap.Pictogram("map", routine.regions, 30 * mm, ctx.icon_style)
        return [*text, Spacer(1, sizes.body * 0.6), drawing]
    drawing = bodymap.Pictogram("map", routine.regions, 38 * mm, ctx.icon_style)
    table = Table(
        [[text, drawing]],
        colWidths=[width - map_w, map_w],
        splitInRow=1,
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.MAIN),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 6 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    return [table]


def _personal(ctx: Context, width: float) -> list[Flowable]:
    who = ctx.personal
    if not who.client and not who.note:
        return []
    theme = ctx.theme
    size = ctx.template.type.body
    words = ctx.words
    rows = []
    line = []
    if who.client:
        line.append(
            f'<font color="#{theme.muted.hexval()[2:]}">{ctx.md(words["prepared_for"])}</font>\u2002<b>{ctx.md(who.client)}</b>'
        )
    if who.day:
        line.append(
            f'<font color="#{theme.muted.hexval()[2:]}">{ctx.md(words["date"])}</font>\u2002{ctx.md(ctx.date_text(who.day))}'
        )
    rows.append(
        [
            paragraph(
                "&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;".join(line),
                theme.style("client", size * 1.05, leading=1.3),
            )
        ]
    )
    note_title = paragraph(
        ctx.md(words["notes"].upper()),
        theme.style("notes-title", size * 0.8, bold=True, color=theme.accent),
    )
    notes = (
        parts.paragraphs(who.note, ctx, theme.style("notes", size * 1.05, leading=1.45))
        if who.note
        else [_WriteLines(3, size * 2.2, theme.rule)]
    )
    if len(notes) > 1:  # very long: its pieces run over pages in a box that splits between them
        box = Boxed(
            [note_title, Spacer(1, size * 0.3), *notes],
            theme.tint,
            theme.accent,
            (size * 0.9, size * 0.7, size * 0.9),
        )
        return [Spacer(1, size * 1.1), rows[0][0], Spacer(1, size * 0.6), box]
    rows.append([[note_title, Spacer(1, size * 0.3), *notes]])
    box = Table(
        rows,
        colWidths=[width],
        splitInRow=1,
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.MAIN),
                ("BOX", (0, 1), (-1, 1), 1, theme.accent),
                ("ROUNDEDCORNERS", [4, 4, 4, 4]),
                ("LEFTPADDING", (0, 0), (-1, -1), size * 0.9),
                ("RIGHTPADDING", (0, 0), (-1, -1), size * 0.9),
                ("TOPPADDING", (0, 1), (-1, 1), size * 0.7),
                ("BOTTOMPADDING", (0, 1), (-1, 1), size * 0.9),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("TOPPADDING", (0, 0), (0, 0), 0),
                ("BOTTOMPADDING", (0, 0), (0, 0), size * 0.6),
            ]
        ),
    )
    return [Spacer(1, size * 1.1), box]


class _Rule(Flowable):  # type: ignore[misc]
    def __init__(self, color: object, weight: float = 0.8) -> None:
        super().__init__()
        self.color = color
        self.weight = weight

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.weight

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.weight)
        self.canv.line(0, 0, self.width, 0)


class _WriteLines(Flowable):  # type: ignore[misc]
    """Ruled lines for the therapist to write on."""

    def __init__(self, count: int, gap: float, color: object) -> None:
        super().__init__()
        self.count, self.gap, self.color = count, gap, color

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.count * self.gap

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(0.6)
        for i in range(self.count):
            self.canv.line(0, i * self.gap, self.width, i * self.gap)


class _Header:
    """Draws the clinic header, the running header and the footer."""

    def __init__(self, routine: Routine, ctx: Context, doc: Doc) -> None:
        self.routine = routine
        self.ctx = ctx
        self.doc = doc
        branded = ctx.brand.clinic.name or ctx.logo is not None
        self.height = FIRST_HEADER if branded else LATER_HEADER + 2 * mm

    def first(self, canvas: Canvas, doc: Doc) -> None:
        ctx = self.ctx
        theme = ctx.theme
        clinic = ctx.brand.clinic
        width, height = doc.pagesize
        left, right = doc.leftMargin, width - doc.rightMargin
        top = height - doc.topMargin
        canvas.saveState()
        logo_w = 0.0
        if ctx.logo is not None:
            logo_w, logo_h = parts.logo_size(ctx.logo, 50 * mm, 15 * mm)
            canvas.drawImage(ctx.logo, right - logo_w, top - logo_h, logo_w, logo_h, mask="auto")
        name = clinic.name
        kind = ctx.words["self_care"] if self.routine.audience == "self" else ctx.words["routine"]
        canvas.setFillColor(theme.accent)
        if name:
            parts.draw_line(
                canvas,
                ctx,
                name,
                left,
                top - 13,
                14,
                bold=True,
                room=right - left - logo_w - 6 * mm,
            )
            contact = "  ·  ".join(
                x for x in (clinic.phone, clinic.email, clinic.website, clinic.address) if x
            )
            canvas.setFillColor(theme.muted)
            parts.draw_line(
                canvas, ctx, contact, left, top - 27, 8.5, room=right - left - logo_w - 45 * mm
            )
        canvas.setFillColor(theme.muted)
        if name or logo_w:
            label_x = right - logo_w - (4 * mm if logo_w else 0)
            parts.draw_line(
                canvas, ctx, kind.upper(), label_x, top - 27, 8, bold=True, align="right"
            )
        else:
            parts.draw_line(canvas, ctx, kind.upper(), left, top - 8, 8, bold=True)
        rule_y = top - self.height + 4 * mm
        canvas.setStrokeColor(theme.accent)
        canvas.setLineWidth(1.6)
        canvas.line(left, rule_y, right, rule_y)
        canvas.restoreState()

    def later(self, canvas: Canvas, doc: Doc) -> None:
        ctx = self.ctx
        theme = ctx.theme
        width, height = doc.pagesize
        left, right = doc.leftMargin, width - doc.rightMargin
        top = height - doc.topMargin
        canvas.saveState()
        canvas.setFillColor(theme.muted)
        parts.draw_line(
            canvas,
            ctx,
            self.routine.title,
            left,
            top - 8,
            8.5,
            bold=True,
            room=(right - left) * 0.6,
        )
        if ctx.brand.clinic.name:
            parts.draw_line(
                canvas,
                ctx,
                ctx.brand.clinic.name,
                right,
                top - 8,
                8.5,
                align="right",
                room=(right - left) * 0.35,
            )
        canvas.setStrokeColor(theme.rule)
        canvas.setLineWidth(0.6)
        canvas.line(left, top - 12, right, top - 12)
        canvas.restoreState()

    def footer(self, canvas: Canvas, number: int, total: int) -> None:
        ctx = self.ctx
        doc = self.doc
        width, _ = doc.pagesize
        left, right = doc.leftMargin, width - doc.rightMargin
        y = doc.bottomMargin + 1.5 * mm
        canvas.saveState()
        canvas.setStrokeColor(ctx.theme.rule)
        canvas.setLineWidth(0.6)
        canvas.line(left, y + 10, right, y + 10)
        canvas.setFillColor(ctx.theme.muted)
        footer = ctx.brand.footer or ctx.words["disclaimer"]
        parts.draw_line(canvas, ctx, footer, left, y, 8, room=right - left - 30 * mm)
        words = ctx.words
        page = f"{words['page']} {number} {words['of']} {total}"
        parts.draw_line(canvas, ctx, page, right, y, 8, align="right")
        canvas.restoreState()
