"""What every layout needs besides the content: theme, words, brand, collected warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader

from handout.labels import MONTHS
from handout.model import Brand, Template
from handout.render.markup import Missing, to_markup
from handout.render.theme import Theme


@dataclass(frozen=True)
class Personal:
    """A sheet made for one client."""

    client: str | None = None
    note: str | None = None
    day: date | None = None


@dataclass
class Context:
    template: Template
    theme: Theme
    words: dict[str, str]
    brand: Brand
    logo: ImageReader | None = None
    personal: Personal = field(default_factory=Personal)
    photos: dict[tuple[str, int], ImageReader] = field(default_factory=dict)
    missing: Missing = field(default_factory=Missing)
    lang: str = "en"

    def md(self, text: str) -> str:
        """Paragraph markup for content text (escaped, emphasis applied, fonts chosen)."""
        return to_markup(text, self.missing)

    @property
    def margins(self) -> tuple[float, float, float, float]:
        """The template's margins in points: top, right, bottom, left."""
        m = self.template.margins
        return (m.top * mm, m.right * mm, m.bottom * mm, m.left * mm)

    @property
    def author(self) -> str:
        return self.brand.clinic.name or "handout"

    def date_text(self, day: date) -> str:
        if self.lang == "en":
            return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
        return day.isoformat()
