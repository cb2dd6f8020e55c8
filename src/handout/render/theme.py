"""Colours and paragraph styles for one build, from the template, brand and --grayscale."""

from __future__ import annotations

import functools
from typing import NamedTuple

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from handout.assets import fonts
from handout.content.levels import LEVELS, Level
from handout.content.model import Template


def gray(color: Color) -> Color:
    """The colour's luminance as a gray, so --grayscale keeps contrast and loses hue."""
    level = 0.299 * color.red + 0.587 * color.green + 0.114 * color.blue
    return Color(level, level, level)


def luminance(color: Color) -> float:
    """WCAG relative luminance."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.red) + 0.7152 * channel(color.green) + 0.0722 * channel(color.blue)
    )


def contrast(one: Color, other: Color) -> float:
    """WCAG contrast ratio (1–21) of two colours."""
    a, b = sorted((luminance(one), luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


TEXT_CONTRAST = 7.0  # WCAG AAA: every text colour against the paper or fill it is printed on
WHITE = Color(1, 1, 1)


def legible(color: Color, *grounds: Color, ratio: float = TEXT_CONTRAST) -> Color:
    """`color` darkened (hue kept) just enough to read at `ratio` on each of `grounds`."""
    grounds = grounds or (WHITE,)
    shade = color
    for step in range(1, 101):
        if all(contrast(shade, ground) >= ratio for ground in grounds):
            break
        shade = Color(*(c * (1 - step / 100) for c in (color.red, color.green, color.blue)))
    return shade


def mix(color: Color, amount: float) -> Color:
    """`color` lightened towards white; amount 0 = white, 1 = the colour."""
    return Color(*(1 - amount + amount * c for c in (color.red, color.green, color.blue)))


class LevelLook(NamedTuple):
    """A caution level's colours in this build: ink (icon, border, label) and box fill."""

    color: Color
    fill: Color


class Theme(NamedTuple):
    accent: Color
    ink: Color
    muted: Color
    rule: Color
    tint: Color
    grayscale: bool
    levels: dict[str, LevelLook]

    def style(
        self,
        name: str,
        size: float,
        *,
        bold: bool = False,
        leading: float = 1.3,
        color: Color | None = None,
        italic: bool = False,
        **extra: object,
    ) -> ParagraphStyle:
        """A paragraph style; equal requests share one (read-only) style object."""
        suffix = (
            "-BoldItalic" if bold and italic else "-Bold" if bold else "-Italic" if italic else ""
        )
        return _style(
            name,
            fonts.MAIN + suffix,
            size,
            leading,
            color or self.ink,
            tuple(sorted(extra.items())),
        )


@functools.lru_cache(maxsize=512)
def _style(
    name: str,
    font: str,
    size: float,
    leading: float,
    color: Color,
    extra: tuple[tuple[str, object], ...],
) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=fonts.face(font),
        fontSize=size,
        leading=size * leading,
        textColor=color,
        alignment=TA_LEFT,
        splitLongWords=1,
        bulletFontName=fonts.MAIN + "-Bold",
        bulletFontSize=size,
        **dict(extra),
    )


def make_theme(template: Template, accent: str | None, grayscale: bool) -> Theme:
    fonts.register()
    ink = HexColor(template.ink)
    muted, rule = legible(HexColor("#5b6670")), HexColor("#c9d1d6")
    if grayscale:
        return Theme(
            accent=Color(0.2, 0.2, 0.2),
            ink=gray(ink),
            muted=gray(muted),
            rule=gray(rule),
            tint=Color(0.94, 0.94, 0.94),
            grayscale=True,
            levels={name: _gray_look(level) for name, level in LEVELS.items()},
        )
    base = HexColor(accent or template.accent)
    tint = mix(base, 0.09)
    return Theme(
        accent=legible(base, WHITE, tint),
        ink=ink,
        muted=muted,
        rule=rule,
        tint=tint,
        grayscale=False,
        levels={name: _colour_look(level) for name, level in LEVELS.items()},
    )


def _gray_look(level: Level) -> LevelLook:
    ink, fill = level.gray_ink, level.gray_fill
    ground = Color(fill, fill, fill)
    return LevelLook(legible(Color(ink, ink, ink), ground, WHITE), ground)


def _colour_look(level: Level) -> LevelLook:
    color = HexColor(level.colour)
    fill = mix(color, level.tint)
    return LevelLook(legible(color, fill, WHITE), fill)
