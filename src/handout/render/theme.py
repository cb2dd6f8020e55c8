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
    muted, rule = HexColor("#5b6670"), HexColor("#c9d1d6")
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
    return Theme(
        accent=base,
        ink=ink,
        muted=muted,
        rule=rule,
        tint=mix(base, 0.09),
        grayscale=False,
        levels={name: _colour_look(level) for name, level in LEVELS.items()},
    )


def _gray_look(level: Level) -> LevelLook:
    ink, fill = level.gray_ink, level.gray_fill
    return LevelLook(Color(ink, ink, ink), Color(fill, fill, fill))


def _colour_look(level: Level) -> LevelLook:
    color = HexColor(level.colour)
    return LevelLook(color, mix(color, level.tint))
