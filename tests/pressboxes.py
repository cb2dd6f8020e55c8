"""Boxes for the press tests, worked out apart from the code under test (press/geometry.py)."""

from __future__ import annotations

from typing import NamedTuple

NEAR = 0.01  # points


class Box(NamedTuple):
    x0: float
    y0: float
    x1: float
    y1: float

    def grown(self, by: float) -> Box:
        return Box(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)

    def inside(self, other: Box) -> bool:
        return (
            self.x0 >= other.x0 - NEAR
            and self.y0 >= other.y0 - NEAR
            and self.x1 <= other.x1 + NEAR
            and self.y1 <= other.y1 + NEAR
        )

    def meets(self, other: Box) -> bool:
        """The boxes share more than a line (0.01 pt)."""
        across = min(self.x1, other.x1) - max(self.x0, other.x0)
        up = min(self.y1, other.y1) - max(self.y0, other.y0)
        return across > NEAR and up > NEAR

    def near(self, other: tuple[float, ...]) -> bool:
        return all(abs(a - b) <= NEAR for a, b in zip(self, other, strict=True))

    @property
    def size(self) -> tuple[float, float]:
        return (self.x1 - self.x0, self.y1 - self.y0)


def seen_through(box: Box, sheet: tuple[float, float], flip: str) -> Box:
    """Where `box` on one side of a sheet lies on its other side, the sheet turned over on its
    long or short edge (a portrait sheet's long edge is vertical)."""
    width, height = sheet
    if (flip == "long") == (height >= width):
        return Box(width - box.x1, box.y0, width - box.x0, box.y1)
    return Box(box.x0, height - box.y1, box.x1, height - box.y0)
