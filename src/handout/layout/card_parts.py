"""The pieces of a table card at one set of type sizes: the head, the numbered steps, the
cautions (each said once, content/cautions.py) and what goes on the back."""

from __future__ import annotations

import math
from typing import NamedTuple

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getDescent
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from handout.content import cautions as said_once
from handout.content import dosage
from handout.content.model import Routine, Step, TypeSizes
from handout.layout import parts
from handout.layout.context import Context
from handout.render import bodymap
from handout.render.blocks import draw_badge
from handout.render.callout import Callout
from handout.render.dots import Legend, PressureDots
from handout.render.text.engine import paragraph

A6_SHORT = 105 * mm
TEXT_BESIDE = 40 * mm  # the least width the back's title keeps beside the map, else above it
BACK_MAP = 47 * mm  # the body map's figure boxes on a card's back, when there is room
MAP_LEAST = 45 * mm  # the back's map as printed (bodymap.printed_height): never less
TEXT_FLOOR = 8.0  # pt on A6: nothing on a card is smaller
STAMP_GAP: float = 1 * mm  # between a side's content and the version stamp under it
STAMP_EDGE: float = 3 * mm  # the stamp keeps this far from the trim, even with no safe zone


class Floors(NamedTuple):
    """The legible floor at print size for this paper: cues, and every other text."""

    cue: float
    text: float


def floors(sizes: TypeSizes, pagesize: tuple[float, float]) -> Floors:
    """The template's floors on A6, raised for larger paper (a fourth root of the short side's
    growth: A5 takes 11 pt cues to 12 pt), rounded up to half points."""
    factor = max(1.0, min(pagesize) / A6_SHORT) ** 0.25
    return Floors(_half_up(sizes.min_cue * factor), _half_up(TEXT_FLOOR * factor))


def _half_up(size: float) -> float:
    return math.ceil(round(size * 2, 6)) / 2


class Type(NamedTuple):
    """The card's type sizes at one scale, none under its floor; a caution is never smaller
    than the step text."""

    scale: float
    title: float
    cue: float
    text: float
    caution: float
    least: float  # the floor for any text


def type_at(scale: float, sizes: TypeSizes, floor: Floors) -> Type:
    text = max(sizes.small * scale, floor.text)
    return Type(
        scale,
        title=max(sizes.title * scale, floor.text),
        cue=max(sizes.cue * scale, floor.cue),
        text=text,
        caution=max(sizes.body * scale, text),
        least=floor.text,
    )


LABEL = 0.86  # a callout sets its label word at this share of its text size (render/callout.py)


def gap(t: Type) -> float:
    """The space between two steps."""
    return t.cue * 0.4


def head(routine: Routine, ctx: Context, t: Type, *, body_map: bool) -> list[Flowable]:
    """Title, then one line of position and duration, the pressure legend; the body map at the
    right when asked."""
    theme = ctx.theme
    text: list[Flowable] = [
        paragraph(ctx.md(routine.title), theme.style("card-title", t.title, bold=True, leading=1.1))
    ]
    meta = meta_line(routine, ctx)
    style = theme.style("card-meta", t.text, leading=1.3, spaceBefore=t.text * 0.3)
    text += [paragraph(markup, style) for markup in meta]
    legend = pressure_legend(routine, ctx, t)
    if legend is not None:
        text.append(legend)
    drawing = None
    if body_map and ctx.template.show.body_map and routine.regions:
        # one side: no room for numbers and view names beside it (the steps are right there)
        drawing = bodymap.Pictogram("map", routine.regions, t.title * 4.2, ctx.icon_style)
    row = Beside(text, drawing)
    row.spaceAfter = t.cue * 0.7
    return [row]


def meta_line(routine: Routine, ctx: Context) -> list[str]:
    """Position and duration as markup, joined by a dot: the position's own full stop is
    dropped first, so the line never reads '….  · 20 min'."""
    position = (routine.position or "").rstrip().rstrip(".;:,")
    meta = parts.marked(position, ctx) if position else []
    duration = parts.routine_duration(routine)
    if duration:
        shown = ctx.md(dosage.duration(duration, ctx.words))
        meta[-1:] = ["\u2002·\u2002".join([*meta[-1:], shown])]
    return meta


def pressure_legend(routine: Routine, ctx: Context, t: Type) -> Legend | None:
    """What the dots mean, for the pressures this routine uses; None when it names none."""
    used = {step.pressure for step in routine.steps if step.pressure}
    if not used:
        return None
    words = [(level, ctx.md(ctx.words[level])) for level in ("light", "medium", "firm")]
    legend = Legend(words, t.text, ctx.theme)
    legend.spaceBefore = t.text * 0.45
    return legend


def step(
    item: Step, number: int, here: list[said_once.Said], ctx: Context, t: Type, *, note: bool = True
) -> CardStep:
    """The big cue; under it the step's name and dose, its therapist note (unless not `note`)
    and its cautions said here; the pressure as dots at the right."""
    theme = ctx.theme
    content: list[Flowable] = [
        paragraph(
            ctx.md(item.cue or item.title), theme.style("cue", t.cue, bold=True, leading=1.12)
        )
    ]
    facts = [f"<b>{ctx.md(item.title)}</b>"] if item.cue else []
    facts += [ctx.md(part) for part in _dose(item, ctx)]
    if facts:
        style = theme.style("facts", t.text, leading=1.25, spaceBefore=t.text * 0.15)
        content.append(paragraph("\u2002·\u2002".join(facts), style))
    if note and item.therapist_note:  # a card is the therapist's: its notes always print
        content.append(parts.note_line(item.therapist_note, ctx, t.text))
    for callout in callouts([(s, "", applies(s, ctx)) for s in here], ctx, t):
        callout.spaceBefore = t.text * 0.45
        content.append(callout)
    dots = None
    badge = max(t.cue * 1.35, t.text / 0.48)  # a two-digit number is 0.48 of it
    if item.pressure:
        word = dosage.pressure(item.pressure, ctx.words)
        dots = PressureDots(item.pressure, word, badge / 4.2, t.text, theme, line=badge / 4.2)
    return CardStep(number, content, dots, badge, theme.accent, gutter=t.cue * 0.45)


DOTS_GAP = 0.16  # between the badge and the dots under it, as a share of the badge


class CardStep(Flowable):  # type: ignore[misc]
    """A numbered step: the number badge with the pressure dots under it, the text beside."""

    def __init__(
        self,
        number: int,
        content: list[Flowable],
        dots: Flowable | None,
        badge: float,
        fill: Color,
        *,
        gutter: float,
    ) -> None:
        super().__init__()
        self.number, self.content, self.dots = number, content, dots
        self.badge, self.fill, self.left = badge, fill, badge + gutter

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if getattr(self, "_wrapped_at", None) != avail_width:
            self._wrapped_at = avail_width
            inner = avail_width - self.left
            self.placed, y = [], 0.0
            for i, flow in enumerate(self.content):
                y += flow.getSpaceBefore() if i else 0
                _, h = flow.wrap(inner, avail_height)
                self.placed.append((flow, y + h))
                y += h
            column = self.badge + (self.dots.height + self.badge * DOTS_GAP if self.dots else 0)
            self.width, self.height = avail_width, max(y, column)
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        draw_badge(canvas, self.number, 0, self.height, self.badge, self.fill)
        if self.dots is not None:
            x = (self.badge - self.dots.width) / 2
            self.dots.drawOn(
                canvas, x, self.height - self.badge * (1 + DOTS_GAP) - self.dots.height
            )
        for flow, bottom in self.placed:
            flow.drawOn(canvas, self.left, self.height - bottom)


def _dose(item: Step, ctx: Context) -> list[str]:
    """Repeat and time (pressure is shown by the dots)."""
    dose = []
    if item.repeat is not None:
        dose.append(dosage.repeat(item.repeat, ctx.words))
    if item.time:
        dose.append(dosage.duration(item.time, ctx.words))
    return dose


def applies(said: said_once.Said, ctx: Context) -> str:
    words = said_once.applies_to(said.steps, ctx.words)
    return f"<i>({ctx.md(words)})</i>" if words else ""


def callouts(items: list[tuple[said_once.Said, str, str]], ctx: Context, t: Type) -> list[Callout]:
    """A callout per run of same-level cautions; each item is (said, lead markup, end markup)."""
    runs: list[list[tuple[said_once.Said, str, str]]] = []
    for item in items:
        if runs and runs[-1][0][0].caution.level == item[0].caution.level:
            runs[-1].append(item)
        else:
            runs.append([item])
    made = []
    for run in runs:
        level = run[0][0].caution.level
        texts = [_marked(said, lead, end, ctx) for said, lead, end in run]
        label = parts.caution_label(level, ctx)
        if t.caution * LABEL < t.least:  # the label word, not under the floor either
            label = f'<font size="{t.least:.2f}">{label}</font>'
        callout = Callout(level, texts, ctx.theme, t.caution, label, compact=True)
        callout.spaceAfter = t.caution * 0.45
        made.append(callout)
    return made


def _marked(said: said_once.Said, lead: str, end: str, ctx: Context) -> list[str]:
    first, *rest = parts.marked(said.caution.text, ctx)
    pieces = [lead + first, *rest]
    if end:
        pieces[-1] += " " + end
    return pieces


def steps_lead(said: said_once.Said, ctx: Context) -> str:
    """'Step 7' or 'Steps 14–17', bold, before a step's caution said on the back."""
    word = ctx.words["step"] if len(said.steps) == 1 else ctx.words["steps"]
    return f"<b>{ctx.md(word)}\u00a0{said_once.step_numbers(said.steps)}</b>\u2002"


def routine_note(routine: Routine, ctx: Context, t: Type) -> list[Flowable]:
    """The routine's note for the therapist (a card always prints it), with the cautions."""
    if not routine.therapist_note:
        return []
    return [parts.note_line(routine.therapist_note, ctx, t.caution, after=t.text * 0.8)]


def step_notes(routine: Routine, ctx: Context, t: Type) -> list[Flowable]:
    """The steps' therapist notes, each led by its step number, where the steps had no room."""
    word = ctx.md(ctx.words["step"])
    return [
        parts.note_line(item.therapist_note, ctx, t.caution, lead=f"{word}\u00a0{n}\u2002")
        for n, item in enumerate(routine.steps, 1)
        if item.therapist_note
    ]


def back_head(routine: Routine, ctx: Context, t: Type, short: float = 0.0) -> list[Flowable]:
    """The back's head: the title again (the card is known from either side), what to have
    ready, and the body map (``short`` less tall, for room: back_map_height)."""
    theme = ctx.theme
    text: list[Flowable] = [
        paragraph(ctx.md(routine.title), theme.style("card-title", t.title, bold=True, leading=1.1))
    ]
    text += equipment(routine, ctx, t)
    drawing = None
    if ctx.template.show.body_map and routine.regions:
        drawing = parts.body_map(routine, ctx, back_map_height(routine, ctx, t, short), t.least)
    row = Beside(text, drawing, least=TEXT_BESIDE)
    row.spaceAfter = t.cue * 0.5
    return [row]


def back_map_height(routine: Routine, ctx: Context, t: Type, short: float = 0.0) -> float:
    """The height of the back map's figures: BACK_MAP, ``short`` less to make room, but never
    so short that the map prints under MAP_LEAST (a map of one view, with no names under it,
    grows for that). The printed height grows in step with the figures', so two sizes tell."""
    low = BACK_MAP - 10 * mm
    full, less = (parts.body_map(routine, ctx, h, t.least).printed for h in (BACK_MAP, low))
    least = BACK_MAP - (full - MAP_LEAST) * (BACK_MAP - low) / (full - less) + 0.01
    return float(max(BACK_MAP - short, least))


def equipment(routine: Routine, ctx: Context, t: Type) -> list[Flowable]:
    """'You need: oil, towels', when the routine names any."""
    if not routine.equipment:
        return []
    label = ctx.md(ctx.words["equipment"])
    things = ", ".join(ctx.md(thing) for thing in routine.equipment)
    style = ctx.theme.style("card-meta", t.text, leading=1.3, spaceBefore=t.text * 0.3)
    return [paragraph(f"<b>{label}:</b> {things}", style)]


class Beside(Flowable):  # type: ignore[misc]
    """Text stacked on the left, a drawing (the body map) at the right; the drawing goes
    under the text, centred, when beside it would leave the text under ``least`` wide."""

    def __init__(self, text: list[Flowable], drawing: Flowable | None, least: float = 0) -> None:
        super().__init__()
        self.text = text
        self.drawing = drawing
        self.least = least

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        size: tuple[float, float] = (
            self.drawing.wrap(avail_width, avail_height) if self.drawing else (0, 0)
        )
        self.map_w, self.map_h = size
        text_w = avail_width - self.map_w - (3 * mm if self.drawing else 0)
        self.under = text_w < self.least
        if self.under:
            text_w = avail_width
        self.sizes = [f.wrap(text_w, avail_height) for f in self.text]
        text_h = sum(
            h + f.getSpaceBefore() for f, (_, h) in zip(self.text, self.sizes, strict=True)
        )
        self.height = text_h + 2 * mm + self.map_h if self.under else max(text_h, self.map_h)
        return self.width, self.height

    def draw(self) -> None:
        y = self.height
        for f, (_, h) in zip(self.text, self.sizes, strict=True):
            y -= h + f.getSpaceBefore()
            f.drawOn(self.canv, 0, y)
        if self.drawing is None:
            return
        if self.under:
            self.drawing.drawOn(self.canv, (self.width - self.map_w) / 2, 0)
        else:
            self.drawing.drawOn(self.canv, self.width - self.map_w, self.height - self.map_h)


class StampLine:
    """The version stamp at the foot of a card's side, in its right corner, at the card's text
    floor in the muted colour. It sits just under the content box, in the bottom margin as far
    as the safe zone lets it: `need` is the room it takes from the box besides (none when the
    margin holds it)."""

    def __init__(self, ctx: Context, pagesize: tuple[float, float]) -> None:
        assert ctx.stamp is not None, "a stamp line is made for a card with a stamp"
        size = floors(ctx.template.type, pagesize).text
        muted = ctx.theme.style("card-stamp", size, leading=1.15, color=ctx.theme.muted)
        self.style = ParagraphStyle("card-stamp", muted, alignment=TA_RIGHT)  # in the corner
        self.markup = ctx.md(ctx.stamp.text)
        self.bottom = ctx.margins[2]
        # descenders reach under a paragraph's box by the font's descent less the leading
        below = max(0.0, -getDescent(muted.fontName, size) - (muted.leading - size))
        self.lowest: float = max(ctx.template.safe_zone * mm, STAMP_EDGE) + below

    def _set(self, width: float) -> tuple[Paragraph, float]:
        line = paragraph(self.markup, self.style)
        return line, float(line.wrap(width, 10_000)[1])

    def _y(self, height: float) -> float:
        """Where the stamp's box starts: STAMP_GAP under the content box, or at the lowest."""
        return max(self.bottom - STAMP_GAP - height, self.lowest)

    def need(self, width: float) -> float:
        """The room the stamp, set `width` wide, takes from the foot of the content box."""
        height = self._set(width)[1]
        return max(0.0, self._y(height) + height + STAMP_GAP - self.bottom)

    def draw(self, canvas: Canvas, x: float, width: float) -> None:
        line, height = self._set(width)
        line.drawOn(canvas, x, self._y(height))
