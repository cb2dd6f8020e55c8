"""The course manual, set as an A5 book: cover, clickable contents, a safety table, one
chapter per routine (opening with an "at a glance" panel), notes pages to a multiple of four.

One pass over the document: the contents page prints each chapter's page
number through a PDF form that the chapter defines when it is placed. Body text is 10.5/14 pt
on a measure of about 65 characters: on paper wider than that the text block is centred with
wider margins, never stretched into long lines. How pages end: see layout/pages.py.
"""

from __future__ import annotations

import functools
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from handout.assets import fonts
from handout.content.cautions import sayings
from handout.content.model import Caution, Manual, Routine, Step
from handout.content.paper import BLEED_REACH_MM
from handout.layout import parts
from handout.layout.context import Context
from handout.layout.document import Doc, Later, frame
from handout.layout.glance import glance
from handout.layout.pages import Balanced, NoteLines, notes_pages
from handout.layout.safety import safety_rows
from handout.render import bodymap
from handout.render.blocks import StepBlock
from handout.render.pdf import ops
from handout.render.text.engine import Run, draw_line, paragraph
from handout.render.text.markup import plain

HEADER = 9 * mm
FOOTER = 9 * mm
MEASURE = 32  # the text block's widest, in ems of the body size: about 65 characters a line
LEADING = 14 / 10.5  # body leading, as a share of the size
STEP_ICON = 9 * mm
HANG = 4 * mm  # how far a step's number column stands out into the left margin


def build_booklet(
    manual: Manual, routines: list[tuple[str, Routine]], ctx: Context, pagesize: tuple[float, float]
) -> tuple[bytes, int]:
    """The manual's PDF and its page count."""
    doc = Doc(pagesize, ctx, title=manual.title, subject=manual.subtitle or manual.title)
    doc.chapter = ""
    doc.opener_page = 0
    doc.number_size = ctx.template.type.body  # the contents' page numbers
    top, _, bottom, left = ctx.margins
    _, height = pagesize
    block = min(doc.width, MEASURE * ctx.template.type.body)
    x = left + (doc.width - block) / 2
    body_h = height - top - bottom - HEADER - FOOTER
    body = frame(x, bottom + FOOTER, block, body_h)
    cover = frame(left, bottom, doc.width, height - top - bottom)
    chrome = _Chrome(manual, ctx, (x, x + block))
    doc.addPageTemplates(
        [
            PageTemplate("cover", [cover], onPage=chrome.cover),
            PageTemplate("body", [body], onPageEnd=chrome.running),
        ]
    )
    frame_h = ops.frame_height(body)
    story: list[Flowable] = [_CoverMark(), NextPageTemplate("body"), PageBreak()]
    story += _contents(manual, routines, ctx, frame_h)
    story += _safety(routines, ctx, frame_h)
    for number, (rid, routine) in enumerate(routines, 1):
        story.append(Later(functools.partial(_chapter, number, rid, routine, ctx, frame_h)))
    notes = _Chapter(0, "notes", plain(ctx.words["notes_page"]))
    story.append(Later(lambda: notes_pages(doc.page, ctx, frame_h, notes)))
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
        canvas.setFont(fonts.MAIN + "-Bold", doc.number_size)
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
                theme.style("kicker", sizes.small, bold=True, color=theme.accent, spaceAfter=4),
            )
        )
    out.append(
        paragraph(
            ctx.md(text),
            theme.style("h1", sizes.title, bold=True, leading=1.15, spaceAfter=sizes.body * 0.8),
        )
    )
    return out


def _body_style(ctx: Context, name: str, *, scale: float = 1.0) -> ParagraphStyle:
    """The book's running text: the body size on its leading, a half line between paragraphs."""
    size = ctx.template.type.body * scale
    return ctx.theme.style(name, size, leading=LEADING, spaceAfter=size * 0.55)


def _contents(
    manual: Manual, routines: list[tuple[str, Routine]], ctx: Context, frame_h: float
) -> list[Flowable]:
    """The contents on a page of their own (shared evenly between two when they run over),
    then the manual's introduction."""
    words = ctx.words
    entries: list[Flowable] = [_ContentsEntry("!", words["safety"], "", "safety", ctx)]
    for number, (_rid, routine) in enumerate(routines, 1):
        detail = f"{len(routine.steps)} {words['steps'].lower()}"
        duration = parts.routine_duration(routine, words)
        if duration:
            detail += f" · {duration}"
        entries.append(_ContentsEntry(str(number), routine.title, detail, f"ch-{number}", ctx))
    story: list[Flowable] = [
        _Chapter(0, "contents", plain(words["contents"])),
        *_heading(words["contents"], ctx),
        Balanced(entries, frame_h),
    ]
    if manual.intro:
        intro = _Chapter(0, "introduction", plain(words["introduction"]))
        story += [PageBreak(), intro, *_heading(words["introduction"], ctx)]
        style = _body_style(ctx, "intro")
        for block in [p.strip() for p in manual.intro.split("\n\n") if p.strip()]:
            story += parts.paragraphs(" ".join(block.split()), ctx, style)
    return story


def _safety(routines: list[tuple[str, Routine]], ctx: Context, frame_h: float) -> list[Flowable]:
    """The safety table: on a page of its own, unless the contents leave half a page free."""
    words = ctx.words
    sizes = ctx.template.type
    return [
        Spacer(1, sizes.body * 1.5),
        CondPageBreak(frame_h * 0.5),
        _Chapter(0, "safety", plain(words["safety"])),
        *_heading(words["safety"], ctx),
        paragraph(ctx.md(words["safety_intro"]), _body_style(ctx, "safety-intro")),
        Balanced(safety_rows(routines, ctx), frame_h),
    ]


def _text_keyed(routine: Routine) -> Routine:
    """The routine with its cautions' ids set aside: in a chapter only cautions that say the
    same words are said once; one reworded (joined by its id on the safety page) keeps its own."""

    def plain_caution(caution: Caution) -> Caution:
        return Caution(level=caution.level, text=caution.text)

    steps = [
        _copy(step, caution=[plain_caution(c) for c in step.caution]) for step in routine.steps
    ]
    copied: Routine = _copy(
        routine, cautions=[plain_caution(c) for c in routine.cautions], steps=steps
    )
    return copied


def _copy(record: Any, **changes: Any) -> Any:
    """A model record with some fields changed."""
    values = {field.name: getattr(record, field.name) for field in record.fields}
    return type(record)(**{**values, **changes})


class _BookStep(StepBlock):  # type: ignore[misc]
    """A step as the book sets it: the number with the body pictogram under it in a column
    that stands a little out into the left margin, so the text keeps a long enough measure."""

    def __init__(self, block: StepBlock, icon: Flowable | None) -> None:
        super().__init__(
            block.number,
            block.content,
            badge=block.badge,
            badge_fill=block.badge_fill,
            icon=icon,
            frame_height=block.frame_height,
            gutter=block.gutter * 0.7,
            bookmark=block.bookmark,
            head=block.head,
        )
        self.column = max(self.badge, self.icon_width)
        self.left, self.right = self.column + self.gutter - HANG, 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, height = super().wrap(avail_width, avail_height)
        if self.icon is not None:
            height = max(height, self.badge + self.gutter * 0.6 + self.icon.height)
        self.height = height
        return width, height

    def badge_x(self) -> float:
        return float((self.column - self.badge) / 2 - HANG)

    def draw_icon(self, icon: Flowable) -> None:
        top = self.height - self.badge - self.gutter * 0.6
        icon.drawOn(self.canv, (self.column - icon.width) / 2 - HANG, top - icon.height)


def _chapter(
    number: int, rid: str, routine: Routine, ctx: Context, frame_height: float
) -> list[Flowable]:
    sizes = ctx.template.type
    key = f"ch-{number}"
    story: list[Flowable] = [PageBreak(), _Chapter(number, key, plain(routine.title))]
    story += _heading(routine.title, ctx, kicker=f"{ctx.words['chapter']} {number}")
    story += parts.paragraphs(routine.summary, ctx, _body_style(ctx, "summary", scale=1.1))
    story.append(glance(routine, ctx))
    note = parts.therapist_note(routine.therapist_note, ctx, sizes.body)
    if note is not None:
        story.append(note)
    said = sayings(_text_keyed(routine))
    if said.routine:
        story.extend(parts.said_cautions(said.routine, ctx, sizes.body))
    steps: list[Flowable] = []
    view = bodymap.routine_view(step.region for step in routine.steps)
    for n, step in enumerate(routine.steps, 1):
        steps.append(Spacer(1, sizes.body * 1.2))
        steps.append(_step(rid, n, step, said.steps[n - 1], ctx, frame_height, key, view))
    closing = parts.finish(routine.finish, ctx, sizes.body)
    if closing is not None:  # never alone on a page: it goes over with the last step
        steps[-1] = KeepTogether([steps[-1], closing])
    story += steps
    story.append(NoteLines(ctx, frame_height))
    return story


def _step(
    rid: str,
    n: int,
    step: Step,
    said: list[Any],
    ctx: Context,
    frame_height: float,
    key: str,
    view: str,
) -> _BookStep:
    block = parts.step_block(
        step,
        n,
        ctx,
        frame_height=frame_height,
        photo=ctx.photos.get((rid, n - 1)),
        bookmark=(f"{key}-s{n}", f"{n}. {plain(step.title)}"),
        said=said,
    )
    icon = None
    if ctx.template.show.step_icons and step.region:
        icon = bodymap.Pictogram(
            "icon", step.region, STEP_ICON, ctx.icon_style, step.direction, view=view
        )
    return _BookStep(block, icon)


class _Chrome:
    """Cover page, running header and page numbers."""

    def __init__(self, manual: Manual, ctx: Context, block: tuple[float, float]) -> None:
        self.manual = manual
        self.ctx = ctx
        self.block = block  # the text block's left and right edges
        self.regions: list[str] = []

    def cover(self, canvas: Canvas, doc: Doc) -> None:
        ctx = self.ctx
        theme = ctx.theme
        width, height = doc.pagesize
        left, right = self.block  # the cover's text lines up with the pages'
        text_w = right - left
        canvas.saveState()
        title, subtitle = self._cover_text(text_w, height * 0.38 - doc.topMargin - 16 * mm)
        sub_h = subtitle.wrap(text_w, height)[1] + 4 if subtitle else 0
        title_h = title.wrap(text_w, height)[1]
        band = max(height * 0.38, title_h + sub_h + doc.topMargin + 16 * mm)
        canvas.setFillColor(theme.accent)
        reach = BLEED_REACH_MM * mm  # the colour runs into any bleed (clipped at the trim without)
        canvas.rect(-reach, height - band, width + 2 * reach, band + reach, stroke=0, fill=1)
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
            x = right - logo_w
            canvas.drawImage(ctx.logo, x, doc.bottomMargin, logo_w, logo_h, mask="auto")
        canvas.setFillColor(theme.ink)
        name = ctx.brand.clinic.name
        if name:
            line = paragraph(
                ctx.md(name), theme.style("cover-clinic", ctx.template.type.body * 1.2, bold=True)
            )
            line.wrap(text_w, 100)
            line.drawOn(canvas, left, doc.bottomMargin + 8 * mm)
        contact = "  ·  ".join(x for x in (ctx.brand.clinic.phone, ctx.brand.clinic.website) if x)
        if contact:
            line = paragraph(
                ctx.md(contact),
                theme.style("cover-contact", ctx.template.type.small, color=theme.muted),
            )
            line.wrap(text_w, 100)
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
        _, height = doc.pagesize
        left, right = self.block
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
