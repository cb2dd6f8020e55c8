"""Parts shared by sheet and booklet: routine header, cautions, step blocks, finish."""

from __future__ import annotations

from collections.abc import Mapping

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from handout.assets import fonts
from handout.content import dosage
from handout.content.cautions import Said, applies_to
from handout.content.labels import level_label
from handout.content.model import Caution, Routine, Step
from handout.layout.context import Context
from handout.render import bodymap
from handout.render.blocks import Boxed, Photo, StepBlock, one_line
from handout.render.callout import Callout
from handout.render.pdf import ops
from handout.render.text.engine import paragraph
from handout.render.text.markup import plain

STEP_ICON = 22 * mm  # a sheet's step icon, tall enough that its region reads (issue 15),
ICON_W = 15.5 * mm  # and narrower: the figures are tall, the step text keeps its measure


def meta_lines(
    routine: Routine, ctx: Context, size: float, *, label_color: Color | None = None
) -> list[Paragraph]:
    """Position, duration and equipment, a line each: one paragraph, or more where a value is
    very long (cut into pieces, like step text). A label keeps to its value's first word, and
    the duration is in the build's units."""
    words = ctx.words
    parts = []
    if routine.position:
        parts.append((words["position"], routine.position))
    duration = routine_duration(routine, words)
    if duration:
        parts.append((words["duration"], duration))
    if routine.equipment:
        parts.append((words["equipment"], ", ".join(routine.equipment)))
    colour = (label_color or ctx.theme.muted).hexval()[2:]
    chunks: list[list[str]] = [[]]
    for key, value in parts:
        first, *rest = marked(value, ctx)
        label = f'<font color="#{colour}"><b>{ctx.md(key)}</b></font>'
        chunks[-1].append(f"{label}{dosage.NBSP}{first}")
        chunks.extend([markup] for markup in rest)
    style = ctx.theme.style("meta", size, leading=1.45)
    return [paragraph("<br/>".join(chunk), style) for chunk in chunks if chunk]


def routine_duration(routine: Routine, words: Mapping[str, str] | None = None) -> str | None:
    """The routine's stated duration, else the sum of its step times in minutes; in the units
    of `words` (value and unit kept together) when given."""
    total = routine.duration or _minutes(routine.total_seconds)
    return dosage.duration(total, words) if total and words is not None else total


def _minutes(seconds: float | None) -> str | None:
    if not seconds:
        return None
    return f"{max(1, round(seconds / 60))} min"


def caution_label(level: str, ctx: Context) -> str:
    """A callout's label: the level's word in capitals, as markup."""
    return ctx.md(level_label(ctx.words, level).upper())


def cautions(
    items: list[Caution], ctx: Context, size: float, *, compact: bool = False
) -> list[Callout]:
    """One callout per run of same-level cautions, so the order of the cautions is kept."""
    return said_cautions([Said(c) for c in items], ctx, size, compact=compact)


def said_cautions(
    items: list[Said], ctx: Context, size: float, *, compact: bool = False
) -> list[Callout]:
    """Cautions said once (content/cautions.py), one callout per run of the same level; each
    that covers several steps says which ('applies to steps 14–17')."""
    runs: list[list[Said]] = []
    for item in items:
        if runs and runs[-1][0].caution.level == item.caution.level:
            runs[-1].append(item)
        else:
            runs.append([item])
    return [
        Callout(
            run[0].caution.level,
            [said_markup(item, ctx) for item in run],
            ctx.theme,
            size,
            caution_label(run[0].caution.level, ctx),
            compact=compact,
        )
        for run in runs
    ]


def said_markup(item: Said, ctx: Context) -> list[str]:
    """A caution's text as markup pieces, its last ending with the steps it applies to."""
    *head, last = marked(item.caution.text, ctx)
    where = applies_to(item.steps, ctx.words)
    return [*head, f"{last} <i>({ctx.md(where)})</i>" if where else last]


def step_block(
    step: Step,
    number: int,
    ctx: Context,
    *,
    frame_height: float,
    photo: ImageReader | None = None,
    bookmark: tuple[str, str] | None = None,
    said: list[Said] | None = None,
    large_print: bool = False,
    photo_scale: float = 1.0,
    view: str | None = None,
) -> StepBlock:
    """A numbered step. `said`: its cautions said once (else every caution of the step).
    A bold dose line goes under the title (template `show.chips`); `large_print` (client
    sheets) sets the purpose and video lines in the body's size and ink, never grey; `view`:
    the routine's icon view (bodymap.routine_view), which the icon keeps when it can."""
    sizes = ctx.template.type
    theme = ctx.theme
    body = sizes.body
    title = paragraph(
        ctx.md(step.title), theme.style("step-title", sizes.heading, bold=True, leading=1.2)
    )
    show = ctx.template.show
    line = dose_line(step, ctx, body) if show.chips else None  # `chips`: the dose, shown
    head: list[Flowable] = [title, *([line] if line is not None else [])]
    quiet = theme.ink if large_print else theme.muted
    content: list[Flowable] = [*head, *_text(step, ctx, body)]
    if step.purpose and show.purpose:
        label = ctx.md(ctx.words["purpose"])
        content.append(
            paragraph(
                f"<b>{label}:</b> {ctx.md(step.purpose)}",
                theme.style(
                    "purpose",
                    body * (1 if large_print else 0.92),
                    italic=False,
                    color=quiet,
                    spaceBefore=body * 0.35,
                ),
            )
        )
    note = therapist_note(step.therapist_note, ctx, body * (1 if large_print else 0.92), quiet)
    if note is not None:
        content.append(note)
    if photo is not None:
        content.append(
            Photo(photo, 60 * mm * photo_scale, 45 * mm * photo_scale, spaceBefore=body * 0.5)
        )
    if step.video:
        content.append(_video(step.video, ctx, body, quiet, 1 if large_print else 0.85))
    told = said if said is not None else [Said(c) for c in step.caution]
    content.extend(said_cautions(told, ctx, body * (1 if large_print else 0.92)))
    icon = None
    if show.step_icons and step.region:
        icon = bodymap.Pictogram(
            "icon", step.region, STEP_ICON, ctx.icon_style, step.direction, view=view, width=ICON_W
        )
    return StepBlock(
        number,
        content,
        badge=sizes.heading * 1.9,
        badge_fill=theme.accent,
        icon=icon,
        frame_height=frame_height,
        gutter=sizes.body * 0.9,
        bookmark=bookmark,
        head=len(head),
    )


def therapist_note(
    text: str | None, ctx: Context, size: float, color: Color | None = None
) -> Paragraph | None:
    """'For the therapist: …' in italics, only in a document for a therapist: a client's
    never holds it, not even in its text layer."""
    if not text or not ctx.for_therapist:
        return None
    return note_line(text, ctx, size, color)


def note_line(
    text: str,
    ctx: Context,
    size: float,
    color: Color | None = None,
    *,
    after: float = 0,
    lead: str = "",
) -> Paragraph:
    """'For the therapist: …' in italics, whoever the document is for (cards: always);
    `lead`: markup before the text, such as the step it is for."""
    label = ctx.md(ctx.words["therapist_note"])
    style = ctx.theme.style(
        "therapist-note",
        size,
        italic=True,
        color=color or ctx.theme.muted,
        spaceBefore=size * 0.35,
        spaceAfter=after,
    )
    return paragraph(f"<b>{label}:</b> {lead}{ctx.md(text)}", style)


def body_map(
    routine: Routine, ctx: Context, height: float, font: float | None = None
) -> bodymap.Pictogram:
    """The routine's body map, its figures ``height`` tall: its regions lit and numbered with
    their steps, the views named when both show, in ``font`` points (else the template's
    small size, so no text is under the format's floor)."""
    return bodymap.Pictogram(
        "map",
        routine.regions,
        height,
        ctx.icon_style,
        steps=[step.region for step in routine.steps],
        names=(ctx.words["front"], ctx.words["back"]),
        font=font or ctx.template.type.small,
    )


def dose_line(step: Step, ctx: Context, size: float) -> Paragraph | None:
    """'3× · 30 s · light pressure' in bold: the step's dose, each phrase kept on one line."""
    phrases = dosage.dosage(step, ctx.words)
    if not phrases:
        return None
    markup = f"{dosage.NBSP}· ".join(ctx.md(p) for p in phrases)
    style = ctx.theme.style(
        "dose", size, bold=True, leading=1.3, color=ctx.theme.accent, spaceBefore=size * 0.15
    )
    return paragraph(markup, style)


def _text(step: Step, ctx: Context, size: float) -> list[Flowable]:
    style = ctx.theme.style("step-text", size, leading=1.38, spaceBefore=size * 0.3)
    subs = step.substeps
    if isinstance(step.text, str):
        return paragraphs(subs[0], ctx, style)
    indent = size * 1.6
    numbered = ctx.theme.style(
        "substep", size, leading=1.38, leftIndent=indent, bulletIndent=0, spaceBefore=size * 0.25
    )
    accent = ctx.theme.accent.hexval()[2:]
    out: list[Flowable] = []
    for i, text in enumerate(subs, 1):
        lead = f'<bullet><font color="#{accent}"><b>{i}.</b></font></bullet>'
        out.extend(paragraphs(text, ctx, numbered, lead=lead))
    return out


PIECE = 2500  # characters


def pieces(text: str) -> list[str]:
    """Very long text cut at sentence ends (else spaces) into paragraphs of about PIECE characters.

    reportlab re-breaks the rest of a paragraph on every page it splits across, and its line
    breaker takes time quadratic in the words of the paragraph it breaks, so one paragraph
    running over many pages costs time quadratic in its length. Every text field that can run
    over a page is set as these pieces (`paragraphs`), and every box that holds one splits
    between its pieces.
    """
    out: list[str] = []
    start, end = 0, len(text)
    while end - start > 2 * PIECE:
        low, high = start + PIECE // 2, start + PIECE
        sentence = text.rfind(". ", low, high)
        cut = sentence + 1 if sentence >= 0 else text.rfind(" ", low, high)
        cut = cut if cut > start else high
        out.append(text[start:cut].strip())
        start = cut
        while start < end and text[start].isspace():
            start += 1
    return [*out, text[start:].strip()] if out else [text]


def marked(text: str, ctx: Context) -> list[str]:
    """A text field's markup: one string, or one a piece when very long."""
    return [ctx.md(piece) for piece in pieces(text)]


def paragraphs(
    text: str, ctx: Context, style: ParagraphStyle, *, lead: str = ""
) -> list[Paragraph]:
    """A text field as paragraphs: one, or one a piece when very long; `lead` (markup) opens
    the first."""
    first, *rest = marked(text, ctx)
    return [paragraph(lead + first, style), *(paragraph(markup, style) for markup in rest)]


def finish(text: str | None, ctx: Context, size: float) -> Flowable | None:
    """The closing instruction in a tinted box with an accent bar."""
    if not text:
        return None
    theme = ctx.theme
    lead = f"<b>{ctx.md(ctx.words['finish'])}:</b> "
    body = paragraphs(text, ctx, theme.style("finish", size, leading=1.38), lead=lead)
    box = Boxed(body, theme.tint, theme.accent, (size * 0.9, size * 0.6, size * 0.75))
    box.spaceBefore = size * 0.8
    return box


def draw_line(
    canvas: Canvas,
    ctx: Context,
    text: str,
    x: float,
    y: float,
    size: float,
    *,
    bold: bool = False,
    align: str = "left",
    room: float = 100_000,
) -> None:
    """One line of running text (headers, footers) in the current fill colour, with font fallback,
    cut short with an ellipsis when it is wider than `room` (the full text is in the body).
    Set once per build: running lines repeat on page after page."""
    style = ctx.theme.style("line", size, bold=bold, leading=1.2, color=ops.fill_color(canvas))
    key = (text, style, room)
    if key not in ctx.lines:
        ctx.lines[key] = _fitted(ctx, plain(text), style, room)
    line, width = ctx.lines[key]
    line.drawOn(canvas, x - width if align == "right" else x, y - size * 0.25)


def _fitted(ctx: Context, text: str, style: ParagraphStyle, room: float) -> tuple[Paragraph, float]:
    """The text set on one line, cut short with an ellipsis to fit `room`."""
    most = int(room / (style.fontSize * 0.2)) + 1  # no glyph is narrower than a fifth of the size
    shown = text if len(text) <= most else text[:most].rstrip() + "…"
    line, width = _set_line(ctx, shown, style)
    keep = min(len(text), most)
    while width > room and keep > 1:
        keep = int(keep * room / width * 0.97) if width > 2 * room else keep - 1
        line, width = _set_line(ctx, text[:keep].rstrip() + "…", style)
    return line, width


def _set_line(ctx: Context, text: str, style: ParagraphStyle) -> tuple[Paragraph, float]:
    line = paragraph(ctx.md(text), style)
    return line, one_line(line)[0]


QR_LIMIT = 300  # bytes; a longer address makes a code too dense to scan at 16 mm


def _video(url: str, ctx: Context, size: float, color: Color, scale: float) -> Flowable:
    """A QR code of the step's video with the address beside it (the address alone when it is
    too long to scan as a small code)."""
    caption = paragraph(
        f"<b>{ctx.md(ctx.words['video'])}</b><br/>{ctx.md(url)}",
        ctx.theme.style("video", size * scale, color=color, leading=1.3),
    )
    caption.spaceBefore = size * 0.5
    if len(url.encode()) > QR_LIMIT:
        return caption
    from handout.render.qr import QrCode  # its encoder's package is slow to import: when needed

    side = 16 * mm
    code = QrCode(url, side, ctx.theme.ink)
    table = Table(
        [[code, caption]],
        colWidths=[side + 3 * mm, None],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.MAIN),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
        hAlign="LEFT",
    )
    table.spaceBefore = size * 0.5
    return table


def logo_size(logo: ImageReader, max_width: float, max_height: float) -> tuple[float, float]:
    """The logo's size scaled to fit the box, keeping its proportions."""
    iw, ih = logo.getSize()
    scale = min(max_width / iw, max_height / ih)
    return iw * scale, ih * scale
