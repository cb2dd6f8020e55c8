"""What every layout needs besides the content: theme, words, brand, collected warnings."""

from __future__ import annotations

import functools
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader

from handout.content.labels import MONTHS
from handout.content.model import Brand, Template
from handout.content.version import Stamp
from handout.render.bodymap import IconStyle
from handout.render.text.markup import Missing, to_markup
from handout.render.theme import Theme

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph


class Personal(NamedTuple):
    """A sheet made for one client."""

    client: str | None = None
    note: str | None = None
    day: date | None = None


class Context:
    """Everything a layout needs besides the content."""

    def __init__(
        self,
        template: Template,
        theme: Theme,
        words: dict[str, str],
        brand: Brand,
        *,
        logo: ImageReader | None = None,
        personal: Personal | None = None,
        photos: dict[tuple[str, int], ImageReader] | None = None,
        lang: str = "en",
        audience: str = "client",
        stamp: Stamp | None = None,
    ) -> None:
        self.template, self.theme, self.words, self.brand = template, theme, words, brand
        self.logo = logo
        self.personal = personal or Personal()
        self.photos = photos or {}
        self.missing = Missing()
        self.lang = lang
        self.audience = audience  # client | therapist: therapist notes print only for a therapist
        self.stamp = stamp  # a one-routine document's version stamp (sheets, cards)
        # running lines (headers, footers) set once: (text, style, room) -> line, width
        self.lines: dict[tuple[str, ParagraphStyle, float], tuple[Paragraph, float]] = {}

    def md(self, text: str) -> str:
        """Paragraph markup for content text (escaped, emphasis applied, fonts chosen)."""
        return to_markup(text, self.missing)

    @functools.cached_property
    def icon_style(self) -> IconStyle:
        """The colours of pictograms: the theme's, or clamped greys when printing in grayscale."""
        theme = self.theme
        if theme.grayscale:
            return IconStyle(
                highlight=Color(0.22, 0.22, 0.22),
                outline=Color(0.35, 0.35, 0.35),
                base_fill=Color(0.9, 0.9, 0.9),
                grayscale=True,
            )
        return IconStyle(highlight=theme.accent, outline=theme.muted, base_fill=theme.tint)

    @property
    def margins(self) -> tuple[float, float, float, float]:
        """The template's margins in points: top, right, bottom, left. A card's are at least
        its safe zone, so a laminating pouch's seal never covers its content."""
        m = self.template.kept_margins
        return (m.top * mm, m.right * mm, m.bottom * mm, m.left * mm)

    @property
    def for_therapist(self) -> bool:
        return self.audience == "therapist"

    @property
    def author(self) -> str:
        return self.brand.clinic.name or "handout"

    def date_text(self, day: date) -> str:
        """The date as the language writes it in full ('2 December 2026', '2 декабря 2026'),
        never broken across lines; ISO 8601 in a language without month names here."""
        months = MONTHS.get(self.lang)
        if months is None:
            return day.isoformat()
        words = self.words["date_pattern"].format(
            day=day.day, month=months[day.month - 1], year=day.year
        )
        return words.replace(" ", "\u00a0")
