"""The caution levels as data: one table read by the model, the labels, the theme, the callout
and the manual's safety page, so a level added here is accepted, named, drawn and listed.

Colours are hex strings: the content stage does not import reportlab.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Shape = Literal["circle-i", "triangle", "octagon"]
"""The signs a callout can draw (render/callout.py has one drawing per shape)."""


class Level(NamedTuple):
    """One caution level.

    `label` is the English word, printed where a language has none of its own. `border` is the
    frame's weight in pt and the room the callout leaves for it; a `dashed` frame is stroked
    thinner than that, with dashes. `strength` orders the levels, highest first on the safety
    page. `tint` is how much of `colour` fills the box when printing in colour; `gray_ink` and
    `gray_fill` are the gray levels (0 black, 1 white) in grayscale.
    """

    name: str
    label: str
    strength: int
    icon: Shape
    border: float
    dashed: bool
    colour: str
    tint: float
    gray_ink: float
    gray_fill: float


LEVELS: dict[str, Level] = {
    level.name: level
    for level in (
        Level("note", "Note", 1, "circle-i", 0.8, True, "#3d6f8e", 0.10, 0.35, 0.95),
        Level("caution", "Caution", 2, "triangle", 1.6, False, "#b86e00", 0.13, 0.2, 0.9),
        # gray ink 0, not 0.0: a sign's form is named after str(colour.rgb()) (PDFs as before)
        Level("stop", "Stop", 3, "octagon", 2.6, False, "#b3261e", 0.12, 0, 0.84),
    )
}
"""Every level by name, in the order the JSON schema lists them (weakest first)."""


def by_strength() -> list[Level]:
    """The levels strongest first, as the manual's safety page lists them."""
    return sorted(LEVELS.values(), key=lambda level: level.strength, reverse=True)
