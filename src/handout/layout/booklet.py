"""The course manual: cover, clickable contents, safety page, one chapter per routine.

One pass over the document: the contents page prints each chapter's page
number through a PDF form that the chapter defines when it is placed.
"""

from __future__ import annotations

import functools

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from handout.assets import fonts
from handout.content.levels import by_strength
from handout.content.model import Manual, Routine
from handout.layout import parts
from handout.layout.context import Context
from handout.layout.document import Doc, Later, frame
from handout.render import bodymap
from handout.render.callout import Callout
from handout.render.pdf import ops
from handout.render.text.engine import Run, draw_line, paragraph
from handout.render.text.markup import plain

HEADER = 9 * mm
FOOTER = 9 * mm


def build_booklet(
    manual: Manual, routines: list[tuple[str, Routine]], ctx: Context, pagesize: tuple[float, float]
) -> tuple[bytes, int]:

    doc = Doc(pagesize, ctx, title=manual.title, subject=manual.subtitle or manual.title)
    doc.chapter = ""
    doc.opener_page = 0
    top, _, bottom, left = ctx.margins
    _, height = pagesize
    body_h = height - top - bottom - HEADER - FOOTER
    body = frame(left, bottom + FOOTER, doc.width, body_h)
    cover = frame(left, bottom, doc.width, height - top - bottom)
    chrome = _Chrome(manual, ctx)
    doc.addPageTemplates(
        [
            PageTemplate("cover", [cover], onPage=chrome.cover),
            PageTemplate("body", [body], onPageEnd=chrome.running),
        ]
    )
    story: list[Flowable] = [_CoverMark(), NextPageTemplate("body"), PageBreak()]
    story += _contents(manual, routines, ctx)
    story += _safety(routines, ctx)
    for number, (rid, routine) in enumerate(routines, 1):
        story.append(
            Later(functools.partial(_chapter, number, rid, routine, ctx, ops.frame_height(body)))
        )
    chrome.regions = list(dict.fromkeys(r for _, routine in routines for r in routine.regions))
    doc.build(story)
    return doc.pdf_bytes(), doc.page


class _CoverMark(Flowable):  # type: ignore[misc]
    """Outline entry for the cover; the cover itself is drawn by the page template."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage("cover")


class _Chapter(Flowable):  # type: ignore[misc]
    """Marks where a chapter starts: bookmark, outline entry, running header, contents page number."""

    def __init__(self, number: int, key: str, title: str) -> None:
        super().__init__()
        self.number, self.key, self.title = number, key, title

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas: Canvas = self.canv
        doc = ops.doc_template(canvas)
        canvas.bookmarkHorizontal(self.key, 0, 20)
        canvas.addOutlineEntry(self.title, self.key, level=0, closed=self.number > 0)
        doc.chapter = self.title
        doc.opener_page = canvas.getPageNumber()
        page = str(canvas.getPageNumber())
        canvas.beginForm(f"page-{self.key}", lowerx=-60, lowery=-4, upperx=2, uppery=20)
        canvas.setFont(fonts.MAIN + "-Bold", 10)
        canvas.drawRightString(0, 0, page)
        canvas.endForm()


class _ContentsEntry(Flowable):  # type: ignore[misc]
    """One contents line: number, title, dot leader and page number, all one link."""

    def __init__(self, label: str, title: str, detail: str, key: str, ctx: Context) -> None:
        super().__init__()
        theme = ctx.theme
        size = ctx.template.type.body
        self.label, self.key, self.ctx, self.size = label, key, ctx, size
        self.title = paragraph(
            ctx.md(title), theme.style("toc", size * 1.15, bold=True, leading=1.2)
        )
        self.detail = (
            paragraph(ctx.md(detail), theme.style("toc-detail", size * 0.85, color=theme.muted))
            if detail
            else None
        )

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.text_w = avail_width - self.size * 2.6 - self.size * 3.2
        _, self.title_h = self.title.wrap(self.text_w, avail_height)
        self.detail_h = self.detail.wrap(self.text_w, avail_height)[1] if self.detail else 0
        self.height = self.title_h + self.detail_h + self.size * 0.9
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        theme = self.ctx.theme
        top = self.height - self.size * 0.3
        canvas.setFillColor(theme.accent)
        canvas.setFont(fonts.MAIN + "-Bold", self.size * 1.15)
        canvas.drawString(0, top - self.size * 1.05, self.label)
        x = self.size * 2.6
        self.title.drawOn(canvas, x, top - self.title_h)
        if self.detail:
            self.detail.drawOn(canvas, x, top - self.title_h - self.detail_h)
        baseline = top - self.size * 1.05
        line_w = self.title.getActualLineWidths0()[-1] if self.title.blPara.lines else 0
        canvas.setStrokeColor(theme.rule)
        canvas.setDash(0.6, 2.4)
        canvas.setLineWidth(0.9)
        if len(self.title.blPara.lines) == 1:
            canvas.line(x + line_w + 4, baseline + 1, self.width - self.size * 2.8, baseline + 1)
        canvas.setDash()
        canvas.saveState()
        canvas.translate(self.width, baseline)
        canvas.setFillColor(theme.ink)
        canvas.doForm(f"page-{self.key}")
        canvas.restoreState()
        canvas.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)


def _heading(text: str, ctx: Context, kicker: str | None = None) -> list[Flowable]:
    theme = ctx.theme
    sizes = ctx.template.type
    out: list[Flowable] = []
    if kicker:
        out.append(
            paragraph(
                ctx.md(kicker.upper()),
                theme.style(
                    "kicker", sizes.small * 1.05, bold=True, color=theme.accent, spaceAfter=3
                ),
            )
        )
    out.append(
        paragraph(
            ctx.md(text),
            theme.style("h1", sizes.title, bold=True, leading=1.15, spaceAfter=sizes.body),
        )
    )
    return out


def _contents(manual: Manual, routines: list[tuple[str, Routine]], ctx: Context) -> list[Flowable]:
    words = ctx.words
    story: list[Flowable] = [
        _Chapter(0, "contents", plain(words["contents"])),
        *_heading(words["contents"], ctx),
    ]
    if manual.intro:
        style = ctx.theme.style(
            "intro", ctx.template.type.body, leading=1.45, spaceAfter=ctx.template.type.body * 0.6
        )
        for block in [p.strip() for p in manual.intro.split("\n\n") if p.strip()]:
            story += parts.paragraphs(" ".join(block.split()), ctx, style)
        story.append(Spacer(1, ctx.template.type.body))
    story.append(_ContentsEntry("!", words["safety"], "", "safety", ctx))
    for number, (_rid, routine) in enumerate(routines, 1):
        detail = f"{len(routine.steps)} {words['steps'].lower()}"
        duration = parts.routine_duration(routine)
        if duration:
            detail += f" · {duration}"
        story.append(_ContentsEntry(str(number), routine.title, detail, f"ch-{number}", ctx))
    return story


def _safety(routines: list[tuple[str, Routine]], ctx: Context) -> list[Flowable]:
    words = ctx.words
    sizes = ctx.template.type
    story: list[Flowable] = [
        PageBreak(),
        _Chapter(0, "safety", plain(words["safety"])),
        *_heading(words["safety"], ctx),
    ]
    story.append(
        paragraph(
            ctx.md(words["safety_intro"]),
            ctx.theme.style("intro", sizes.body, leading=1.45, spaceAfter=sizes.body),
        )
    )
    seen: dict[tuple[str, str], list[str]] = {}
    for _, routine in routines:
        for caution in routine.cautions:
            seen.setdefault((caution.level, caution.text), []).append(plain(routine.title))
    muted = ctx.theme.muted.hexval()[2:]
    for level in by_strength():
        items = []
        for (lvl, text), titles in seen.items():
            if lvl != level.name:
                continue
            where = ", ".join(dict.fromkeys(titles))
            marks = parts.marked(text, ctx)
            marks[-1] += (
                f'<br/><font size="{sizes.small}" color="#{muted}">'
                f"{ctx.md(words['applies_to'])}: {ctx.md(where)}</font>"
            )
            items.append(marks)
        if items:
            label = parts.caution_label(level.name, ctx)
            story.append(Callout(level.name, items, ctx.theme, sizes.body, label))
    return story


def _chapter(
    number: int, rid: str, routine: Routine, ctx: Context, frame_height: float
) -> list[Flowable]:
    theme = ctx.theme
    sizes = ctx.template.type
    key = f"ch-{number}"
    story: list[Flowable] = [PageBreak(), _Chapter(number, key, plain(routine.title))]
    story += _heading(routine.title, ctx, kicker=f"{ctx.words['chapter']} {number}")
    story += parts.paragraphs(
        routine.summary,
        ctx,
        theme.style("summary", sizes.body * 1.1, leading=1.4, spaceAfter=sizes.body * 0.6),
    )
    story += parts.meta_lines(routine, ctx, sizes.small * 1.1)
    if ctx.template.show.body_map and routine.regions:
        story.append(Spacer(1, sizes.body * 0.6))
        story.append(bodymap.Pictogram("map", routine.regions, 30 * mm, ctx.icon_style))
    if routine.cautions:
        story.append(Spacer(1, sizes.body * 0.6))
        story.extend(parts.cautions(routine.cautions, ctx, sizes.body))
    for n, step in enumerate(routine.steps, 1):
        story.append(Spacer(1, sizes.body * 1.1))
        story.append(
            parts.step_block(
                step,
                n,
                ctx,
                frame_height=frame_height,
                photo=ctx.photos.get((rid, n - 1)),
                bookmark=(f"{key}-s{n}", f"{n}. {plain(step.title)}"),
            )
        )
    closing = parts.finish(routine.finish, ctx, sizes.body)
    if closing is not None:
        story.append(closing)
    return story


class _Chrome:
    """Cover page, running header and page numbers."""

    def __init__(self, manual: Manual, ctx: Context) -> None:
        self.manual = manual
        self.ctx = ctx
        self.regions: list[str] = []

    def cover(self, canvas: Canvas, doc: Doc) -> None:
        ctx = self.ctx
        theme = ctx.theme
        width, height = doc.pagesize
        left = doc.leftMargin
        canvas.saveState()
        title, subtitle = self._cover_text(doc.width, height * 0.38 - doc.topMargin - 16 * mm)
        sub_h = subtitle.wrap(doc.width, height)[1] + 4 if subtitle else 0
        title_h = title.wrap(doc.width, height)[1]
        band = max(height * 0.38, title_h + sub_h + doc.topMargin + 16 * mm)
        canvas.setFillColor(theme.accent)
        canvas.rect(0, height - band, width, band, stroke=0, fill=1)
        base = height - band + 12 * mm
        if subtitle:
            subtitle.drawOn(canvas, left, base)
        title.drawOn(canvas, left, base + sub_h)
        room = height - band - doc.bottomMargin - 40 * mm
        if self.regions and room > 30 * mm:
            size = min(height * 0.3, room)
            drawing = bodymap.Pictogram("map", self.regions, size, ctx.icon_style)
            dw, dh = drawing.wrap(width, height)
            drawing.drawOn(canvas, (width - dw) / 2, height - band - dh - 12 * mm)
        if ctx.logo is not None:
            logo_w, logo_h = parts.logo_size(ctx.logo, 40 * mm, 14 * mm)
            x = width - doc.rightMargin - logo_w
            canvas.drawImage(ctx.logo, x, doc.bottomMargin, logo_w, logo_h, mask="auto")
        canvas.setFillColor(theme.ink)
        name = ctx.brand.clinic.name
        if name:
            line = paragraph(
                ctx.md(name), theme.style("cover-clinic", ctx.template.type.body * 1.2, bold=True)
            )
            line.wrap(doc.width, 100)
            line.drawOn(canvas, left, doc.bottomMargin + 8 * mm)
        contact = "  ·  ".join(x for x in (ctx.brand.clinic.phone, ctx.brand.clinic.website) if x)
        if contact:
            line = paragraph(
                ctx.md(contact),
                theme.style("cover-contact", ctx.template.type.small, color=theme.muted),
            )
            line.wrap(doc.width, 100)
            line.drawOn(canvas, left, doc.bottomMargin)
        canvas.restoreState()

    def _cover_text(self, width: float, room: float) -> tuple[Paragraph, Paragraph | None]:
        """Title and subtitle for the cover band; a long title is set smaller (to a floor)."""
        theme = self.ctx.theme
        sizes = self.ctx.template.type
        subtitle = None
        if self.manual.subtitle:
            style = theme.style("cover-sub", sizes.body * 1.3, color=theme.tint)
            # A very long one (a routine's summary, printed whole in its chapter): its start.
            first, *rest = parts.pieces(self.manual.subtitle)
            subtitle = paragraph(self.ctx.md(first + (" …" if rest else "")), style)
        sub_h = subtitle.wrap(width, room)[1] + 4 if subtitle else 0
        size = sizes.title * 1.35
        while True:
            style = theme.style("cover-title", size, bold=True, leading=1.1, color=theme.tint)
            title = paragraph(self.ctx.md(self.manual.title), style)
            if title.wrap(width, room)[1] + sub_h <= room or size <= sizes.heading:
                return title, subtitle
            size *= 0.9

    def running(self, canvas: Canvas, doc: Doc) -> None:
        ctx = self.ctx
        theme = ctx.theme
        width, height = doc.pagesize
        left, right = doc.leftMargin, width - doc.rightMargin
        top = height - doc.topMargin
        page = canvas.getPageNumber()
        canvas.saveState()
        canvas.setFillColor(theme.muted)
        if page != doc.opener_page and doc.chapter:
            parts.draw_line(
                canvas, ctx, doc.chapter, left, top - 7, 7.5, bold=True, room=(right - left) * 0.55
            )
            parts.draw_line(
                canvas,
                ctx,
                self.manual.title,
                right,
                top - 7,
                7.5,
                align="right",
                room=(right - left) * 0.4,
            )
            canvas.setStrokeColor(theme.rule)
            canvas.setLineWidth(0.6)
            canvas.line(left, top - 10, right, top - 10)
        number = Run(str(page), fonts.MAIN + "-Bold", 8.5, theme.ink)
        x = right - stringWidth(number.text, number.font, number.size) if page % 2 else left
        canvas.setFillColor(theme.ink)
        draw_line(canvas, number, x, doc.bottomMargin, number.size * 1.2)
        canvas.restoreState()
