"""The take-home / reference sheet at large-print standards: clinic header, routine, a stop box,
steps with their dosage lines, the self-care log; A4 or Letter, 1–2 pages.

Laid out more than once: a first pass finds where the pages end and how much room each leaves;
the log then fills the room left on the last page (or a gap before a page break), and a last
page left nearly empty is saved by tightening spacing and pictures when that drops it.
"""

from __future__ import annotations

from typing import NamedTuple

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from handout.assets import fonts
from handout.content.cautions import Said, Sayings, sayings, step_numbers
from handout.content.model import Routine
from handout.layout import parts
from handout.layout.context import Context
from handout.layout.document import Doc, TotalCanvas, frame
from handout.layout.header import FLOOR, ClinicHeader, Footer
from handout.render import bodymap
from handout.render.blocks import Boxed
from handout.render.callout import Callout
from handout.render.log import ROW_LEAST, ROW_MOST, WeekLog
from handout.render.pdf import ops
from handout.render.text.engine import paragraph
from handout.render.text.markup import plain

LATER_HEADER = 10 * mm
HEADER_GAP = 3 * mm  # from the header's rule to the content
SPARSE = 0.25  # a last page filled less than this is worth a tighter layout
TIGHTER = (0.8, 0.6, 0.4)  # spacing and picture factors tried, in turn


class Plan(NamedTuple):
    """One way to lay the sheet out."""

    tight: float = 1.0  # spacing and picture size factor
    log_after: int | None = None  # story item the log follows (-1: the last), None: no log
    log_row: float = ROW_MOST
    log_page: bool = False  # the log on a page of its own at the end


class Laid(NamedTuple):
    """A laid-out sheet: its PDF, pages, and (page, room left) after each story item."""

    pdf: bytes
    pages: int
    ends: list[tuple[int, float]]
    frame_h: float

    def last_fill(self) -> float:
        return 1 - self.ends[-1][1] / self.frame_h


def build_sheet(
    rid: str, routine: Routine, ctx: Context, pagesize: tuple[float, float]
) -> tuple[bytes, int]:
    """The sheet's PDF bytes and page count."""
    sheet = _Sheet(rid, routine, ctx, pagesize)
    laid = sheet.best()
    return laid.pdf, laid.pages


def wants_log(routine: Routine, ctx: Context) -> bool:
    """template show.log; unset: on for routines the client does on their own."""
    shown = ctx.template.show.log
    return routine.audience == "self" if shown is None else shown


class _Sheet:
    def __init__(
        self, rid: str, routine: Routine, ctx: Context, pagesize: tuple[float, float]
    ) -> None:
        self.rid, self.routine, self.ctx, self.pagesize = rid, routine, ctx, pagesize
        _, right, _, left = ctx.margins
        self.width = pagesize[0] - left - right
        kind = ctx.words["self_care"] if routine.audience == "self" else ctx.words["routine"]
        self.header = ClinicHeader(ctx, kind, self.width)
        self.footer = Footer(ctx, self.width)
        self.said = sayings(routine)
        self.view = bodymap.routine_view(step.region for step in routine.steps)

    def best(self) -> Laid:
        """The plain layout with the log placed; tighter when that saves a near-empty page."""
        laid = self.placed(1.0)
        if laid.pages > 1 and laid.last_fill() < SPARSE:
            for tight in TIGHTER:
                tighter = self.placed(tight)
                if tighter.pages < laid.pages:
                    return tighter
        return laid

    def placed(self, tight: float) -> Laid:
        """A layout at `tight` with the log where it fits (see `_log_plan`)."""
        first = self.lay(Plan(tight))
        if not wants_log(self.routine, self.ctx):
            return first
        plan = self._log_plan(first, tight)
        return first if plan is None else self.lay(plan)

    def _log_plan(self, laid: Laid, tight: float) -> Plan | None:
        """The log's place: the room left on the last page; else the first gap before a page
        break that holds it; else a page of its own when the page count is odd (a two-sided
        print has that page anyway); else none (the sheet stays at its pages)."""
        need = self._log_height(ROW_LEAST)
        room_end = laid.ends[-1][1]
        if room_end >= need:
            return Plan(tight, -1, self._row(room_end))
        for index, (page, room) in enumerate(laid.ends[:-1]):
            if laid.ends[index + 1][0] > page and room >= need:
                return Plan(tight, index, self._row(room))
        if laid.pages % 2:
            return Plan(tight, -1, ROW_MOST, log_page=True)
        return None

    def _log(self, row: float) -> WeekLog:
        words = self.ctx.words
        md = self.ctx.md
        return WeekLog(
            md(words["log_title"]),
            md(words["log"]),
            [md(day) for day in words["days"].split()],
            [md(words["morning"]), md(words["evening"])],
            self.ctx.theme,
            self.ctx.template.type.body,
            row,
        )

    def _log_height(self, row: float) -> float:
        log = self._log(row)
        return float(log.wrap(self.width, 10_000)[1] + log.getSpaceBefore())

    def _row(self, room: float) -> float:
        """The log's row height that fills `room` (within its least and most)."""
        base = self._log_height(ROW_LEAST) - 2 * ROW_LEAST
        return float(max(ROW_LEAST, min(ROW_MOST, (room - base) / 2 - 0.5)))

    def lay(self, plan: Plan) -> Laid:
        ctx = self.ctx
        doc = Doc(self.pagesize, ctx, title=self.routine.title, subject=self.routine.summary)
        _width, height = self.pagesize
        top, _, bottom, left = ctx.margins
        base = bottom + self.footer.height + 2 * mm
        first_h = height - top - base - self.header.height - HEADER_GAP
        first = frame(left, base, doc.width, first_h, "first")
        later = frame(left, base, doc.width, height - top - base - LATER_HEADER, "later")
        doc.addPageTemplates(
            [
                PageTemplate("first", [first], onPage=self._first, autoNextPageTemplate="later"),
                PageTemplate("later", [later], onPage=self._later),
            ]
        )
        ends: dict[int, tuple[int, float]] = {}
        story = self._story(plan, ops.frame_height(later), ends)

        def canvasmaker(*args: object, **kwargs: object) -> TotalCanvas:
            canvas = TotalCanvas(*args, **kwargs)
            canvas.on_total = self._footer
            return canvas

        doc.build(story, canvasmaker=canvasmaker)
        return Laid(doc.pdf_bytes(), doc.page, [ends[i] for i in sorted(ends)], later.height)

    def _story(
        self, plan: Plan, frame_h: float, ends: dict[int, tuple[int, float]]
    ) -> list[Flowable]:
        """The story, a probe after each item to note where it ended."""
        items = self._items(plan.tight, frame_h)
        if plan.log_after is not None:
            log: list[Flowable] = [self._log(plan.log_row)]
            if plan.log_page:
                log.insert(0, PageBreak())
            at = len(items) if plan.log_after < 0 else plan.log_after + 1
            items.insert(at, log)
        story: list[Flowable] = []
        for index, item in enumerate(items):
            story.extend(item)
            story.append(_Probe(index, ends))
        return story

    def _items(self, tight: float, frame_h: float) -> list[list[Flowable]]:
        routine, ctx = self.routine, self.ctx
        body = ctx.template.type.body
        gap = body * 1.1 * tight
        items: list[list[Flowable]] = [_title_block(routine, ctx, self.width, tight)]
        personal = _personal(ctx, self.width)
        if personal:
            items.append(personal)
        note = parts.therapist_note(routine.therapist_note, ctx, body, ctx.theme.ink)
        if note is not None:
            items.append([Spacer(1, gap * 0.4), note])
        before, run, after = _around_stops(self.said.routine)
        if before:
            items.append([Spacer(1, gap * 0.4), *parts.said_cautions(before, ctx, body)])
        stop = _stop_box(run, self.said, ctx)
        if stop is not None:
            items.append([Spacer(1, gap * 0.8), stop])
        if after:
            items.append([Spacer(1, gap * 0.4), *parts.said_cautions(after, ctx, body)])
        steps = [self._step(n, tight, frame_h) for n in range(1, len(routine.steps) + 1)]
        heading = _steps_heading(ctx)
        closing = parts.finish(routine.finish, ctx, body)
        if closing is not None:  # the closing words stay with the last step
            steps[-1] = KeepTogether([steps[-1], closing])
        items.append([Spacer(1, gap), KeepTogether([*heading, Spacer(1, gap * 0.7), steps[0]])])
        items.extend([Spacer(1, gap), step] for step in steps[1:])
        return items

    def _step(self, number: int, tight: float, frame_h: float) -> Flowable:
        told = self.said.steps[number - 1]  # stop ones too: the box sums up, the step says it
        return parts.step_block(
            self.routine.steps[number - 1],
            number,
            self.ctx,
            frame_height=frame_h,
            photo=self.ctx.photos.get((self.rid, number - 1)),
            said=told,
            large_print=True,
            photo_scale=tight,
            view=self.view,
        )

    def _first(self, canvas: Canvas, doc: Doc) -> None:
        width, height = doc.pagesize
        self.header.draw(canvas, doc.leftMargin, height - doc.topMargin, width - doc.rightMargin)

    def _later(self, canvas: Canvas, doc: Doc) -> None:
        ctx = self.ctx
        width, height = doc.pagesize
        left, right = doc.leftMargin, width - doc.rightMargin
        top = height - doc.topMargin
        canvas.saveState()
        canvas.setFillColor(ctx.theme.ink)
        name = ctx.brand.clinic.name or ""
        width = right - left
        style = ctx.theme.style("running", FLOOR)
        shown = bool(name) and stringWidth(plain(name), style.fontName, FLOOR) < width * 0.38
        room = width * (0.6 if shown else 1.0)
        parts.draw_line(
            canvas, ctx, self.routine.title, left, top - FLOOR, FLOOR, bold=True, room=room
        )
        if shown:  # the clinic's name whole, or not at all (page 1 has it in full)
            parts.draw_line(canvas, ctx, name, right, top - FLOOR, FLOOR, align="right")
        canvas.setStrokeColor(ctx.theme.rule)
        canvas.setLineWidth(0.6)
        canvas.line(left, top - FLOOR - 6, right, top - FLOOR - 6)
        canvas.restoreState()

    def _footer(self, canvas: Canvas, number: int, total: int) -> None:
        words = self.ctx.words
        width, _ = self.pagesize
        _, right, bottom, left = self.ctx.margins
        page = f"{words['page']} {number} {words['of']} {total}"
        self.footer.draw(canvas, left, bottom, width - right, page)


class _Probe(Flowable):  # type: ignore[misc]
    """Takes no room; notes the page and the room left in the frame where it lands."""

    def __init__(self, index: int, ends: dict[int, tuple[int, float]]) -> None:
        super().__init__()
        self.index, self.ends = index, ends
        self.room = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.room = avail_height
        return 0, 0

    def draw(self) -> None:
        self.ends[self.index] = (self.canv.getPageNumber(), self.room)


def _steps_heading(ctx: Context) -> list[Flowable]:
    sizes = ctx.template.type
    theme = ctx.theme
    style = theme.style(
        "section", sizes.small, bold=True, color=theme.accent, spaceAfter=sizes.small * 0.5
    )
    return [paragraph(ctx.md(ctx.words["steps"].upper()), style), _Rule(theme.rule)]


def _around_stops(said: list[Said]) -> tuple[list[Said], list[Said], list[Said]]:
    """The routine's cautions before its first stop-level run, that run (the stop box's), and
    those after it (where a later stop caution prints in place): so every caution keeps the
    order it is written in."""
    first = next((i for i, s in enumerate(said) if s.caution.level == "stop"), len(said))
    end = first
    while end < len(said) and said[end].caution.level == "stop":
        end += 1
    return said[:first], said[first:end], said[end:]


def _stop_box(run: list[Said], said: Sayings, ctx: Context) -> Callout | None:
    """'Stop, and call us…': the routine's first run of stop-level cautions, then every
    step's stop-level caution once (naming its steps; each is said at its step too), then the
    clinic's phone number when the brand has one."""
    items = run + [s for step in said.steps for s in step if s.caution.level == "stop"]
    if not items:
        return None
    words = ctx.words
    body = ctx.template.type.body
    phone = ctx.brand.clinic.phone
    heading = words["stop_call"] if phone else words["stop_ask"]
    label = f'<font size="{body * 1.15:.2f}">{ctx.md(heading)}</font>'
    box = Callout("stop", [_stop_markup(s, ctx) for s in items], ctx.theme, body, label)
    if phone:
        style = ctx.theme.style("stop-phone", body * 1.15, bold=True, spaceBefore=body * 0.5)
        number = ctx.md(phone).replace(" ", "\u00a0")
        box.body.append(paragraph(f"{ctx.md(words['call'])}\u00a0{number}", style))
    return box


def _stop_markup(item: Said, ctx: Context) -> list[str]:
    """A stop caution's markup; a step's ends with the steps it is said at."""
    if not item.steps:
        return parts.marked(item.caution.text, ctx)
    *head, last = parts.marked(item.caution.text, ctx)
    key = "at_step" if len(item.steps) == 1 else "at_steps"
    where = ctx.md(ctx.words[key].format(step_numbers(item.steps)))
    return [*head, f"{last} <i>({where})</i>"]


def _title_block(routine: Routine, ctx: Context, width: float, tight: float) -> list[Flowable]:
    """Title, how often, summary and facts; the body map beside them on wide paper, below on
    narrow."""
    sizes = ctx.template.type
    theme = ctx.theme
    text: list[Flowable] = [
        paragraph(ctx.md(routine.title), theme.style("title", sizes.title, bold=True, leading=1.15))
    ]
    if routine.frequency:
        accent = theme.accent.hexval()[2:]
        text.append(
            paragraph(
                f'<font color="#{accent}">{ctx.md(ctx.words["frequency"])}:</font>'
                f"\u00a0{ctx.md(routine.frequency)}",
                theme.style(
                    "frequency", sizes.body * 1.15, bold=True, spaceBefore=sizes.body * 0.35
                ),
            )
        )
    summary = (
        parts.paragraphs(
            routine.summary,
            ctx,
            theme.style("summary", sizes.body * 1.1, leading=1.4, spaceBefore=sizes.body * 0.5),
        )
        if ctx.template.show.summary
        else []
    )
    meta = parts.meta_lines(routine, ctx, sizes.body, label_color=theme.accent)
    text += summary
    if meta:
        text += [Spacer(1, sizes.body * 0.6 * tight), *meta]
    if not (ctx.template.show.body_map and routine.regions):
        return text
    drawing = parts.body_map(routine, ctx, 38 * mm * tight)
    map_w = max(40 * mm, drawing.width)
    if width < 120 * mm or _very_long(summary, meta, text, width - map_w):
        drawing = parts.body_map(routine, ctx, 30 * mm * tight)
        return [*text, Spacer(1, sizes.body * 0.6), drawing]
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


BESIDE_MOST: float = 120 * mm  # the tallest text the body map stands beside; taller runs on alone


def _very_long(
    summary: list[Flowable], meta: list[Flowable], text: list[Flowable], width: float
) -> bool:
    """Whether the head's text may run over a page: then it stands on its own, the map below
    it (in a table beside the map, the map's numbers would come in the middle of the text
    that runs on, on the page and in its text layer)."""
    if len(summary) > 1 or len(meta) > 1:
        return True
    height: float = sum(flowable.wrap(width, BESIDE_MOST)[1] for flowable in text)
    return height > BESIDE_MOST


def _personal(ctx: Context, width: float) -> list[Flowable]:
    who = ctx.personal
    if not who.client and not who.note:
        return []
    theme = ctx.theme
    size = ctx.template.type.body
    words = ctx.words
    accent = theme.accent.hexval()[2:]
    line = []
    if who.client:
        line.append(
            f'<font color="#{accent}">{ctx.md(words["prepared_for"])}</font>\u00a0'
            f"<b>{ctx.md(who.client)}</b>"
        )
    if who.day:
        line.append(
            f'<font color="#{accent}">{ctx.md(words["date"])}</font>\u00a0'
            f"{ctx.md(ctx.date_text(who.day)).replace(' ', chr(0xA0))}"
        )
    client = paragraph(
        "&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; ".join(line),
        theme.style("client", size * 1.05, leading=1.3),
    )
    note_title = paragraph(
        ctx.md(words["notes"].upper()),
        theme.style("notes-title", FLOOR + 0.5, bold=True, color=theme.accent),
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
        return [Spacer(1, size * 1.1), client, Spacer(1, size * 0.6), box]
    table = Table(
        [[client], [[note_title, Spacer(1, size * 0.3), *notes]]],
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
    return [Spacer(1, size * 1.1), table]


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
