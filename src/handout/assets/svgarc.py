"""SVG's round shapes as cubic Béziers, PDF's only curve: arcs (the path command A),
ellipses, circles and rounded rectangles.

An arc, given in path data by its end points, is turned into a centre, radii and angles as the
SVG specification's implementation notes describe (F.6.5, F.6.6), then cut into pieces of at
most 90 degrees, each drawn as one cubic: off by under 0.03 % of the radius.
"""

from __future__ import annotations

import math
from typing import NamedTuple

Point = tuple[float, float]
Segment = tuple[Point, ...]  # (end,) for a line, (control1, control2, end) for a cubic
Subpath = tuple[Point, tuple[Segment, ...], bool]  # start, segments, closed

_KAPPA = 0.5522847498  # cubic control distance for a quarter circle of radius 1


class Arc(NamedTuple):
    """The parameters of an A command after its start point, in absolute coordinates."""

    rx: float
    ry: float
    angle: float  # degrees, of the ellipse's x axis to the x axis
    large: bool
    sweep: bool
    end: Point


def arc_segments(start: Point, arc: Arc) -> list[Segment]:
    """Cubics from `start` along `arc`: none when it ends where it starts, a line when a
    radius is zero; radii too small to reach the end are scaled up just enough."""
    if start == arc.end:
        return []
    rx, ry = abs(arc.rx), abs(arc.ry)
    if rx == 0 or ry == 0:
        return [(arc.end,)]
    phi = math.radians(arc.angle % 360)
    cos, sin = math.cos(phi), math.sin(phi)
    # The start point in a frame centred between the two ends, turned by -phi (F.6.5.1).
    hx, hy = (start[0] - arc.end[0]) / 2, (start[1] - arc.end[1]) / 2
    x1, y1 = cos * hx + sin * hy, -sin * hx + cos * hy
    grow = (x1 / rx) ** 2 + (y1 / ry) ** 2  # > 1: the radii cannot reach (F.6.6.2)
    if grow > 1:
        rx, ry = rx * math.sqrt(grow), ry * math.sqrt(grow)
    # The centre in that frame (F.6.5.2), then in the path's (F.6.5.3).
    rxy1, ryx1 = (rx * y1) ** 2, (ry * x1) ** 2
    root = math.sqrt(max(0.0, ((rx * ry) ** 2 - rxy1 - ryx1) / (rxy1 + ryx1)))
    if arc.large == arc.sweep:
        root = -root
    ccx, ccy = root * rx * y1 / ry, -root * ry * x1 / rx
    cx = cos * ccx - sin * ccy + (start[0] + arc.end[0]) / 2
    cy = sin * ccx + cos * ccy + (start[1] + arc.end[1]) / 2
    # Start angle and sweep on the unit circle the ellipse is stretched from (F.6.5.5-6).
    theta = math.atan2((y1 - ccy) / ry, (x1 - ccx) / rx)
    delta = (math.atan2((-y1 - ccy) / ry, (-x1 - ccx) / rx) - theta) % math.tau
    if not arc.sweep:
        delta -= math.tau
    pieces = max(1, math.ceil(abs(delta) / (math.pi / 2) - 1e-9))
    step = delta / pieces
    reach = 4 / 3 * math.tan(step / 4)  # control distance of a cubic spanning `step`

    def on_ellipse(x: float, y: float) -> Point:
        return (cx + rx * cos * x - ry * sin * y, cy + rx * sin * x + ry * cos * y)

    segments: list[Segment] = []
    for k in range(pieces):
        a, b = theta + k * step, theta + (k + 1) * step
        c1 = on_ellipse(math.cos(a) - reach * math.sin(a), math.sin(a) + reach * math.cos(a))
        c2 = on_ellipse(math.cos(b) + reach * math.sin(b), math.sin(b) - reach * math.cos(b))
        end = arc.end if k == pieces - 1 else on_ellipse(math.cos(b), math.sin(b))
        segments.append((c1, c2, end))
    return segments


def ellipse(cx: float, cy: float, rx: float, ry: float) -> Subpath:
    if rx <= 0 or ry <= 0:
        raise ValueError("non-positive radius")
    kx, ky = rx * _KAPPA, ry * _KAPPA
    return (
        (cx + rx, cy),
        (
            ((cx + rx, cy + ky), (cx + kx, cy + ry), (cx, cy + ry)),
            ((cx - kx, cy + ry), (cx - rx, cy + ky), (cx - rx, cy)),
            ((cx - rx, cy - ky), (cx - kx, cy - ry), (cx, cy - ry)),
            ((cx + kx, cy - ry), (cx + rx, cy - ky), (cx + rx, cy)),
        ),
        True,
    )


def rounded_rect(
    x: float, y: float, w: float, h: float, rx_raw: str | None, ry_raw: str | None
) -> Subpath:
    if w <= 0 or h <= 0:
        raise ValueError("non-positive size")
    rx = float(rx_raw if rx_raw is not None else ry_raw or 0)
    ry = float(ry_raw if ry_raw is not None else rx)
    rx, ry = min(max(rx, 0.0), w / 2), min(max(ry, 0.0), h / 2)
    kx, ky = rx * (1 - _KAPPA), ry * (1 - _KAPPA)
    x1, y1 = x + w, y + h
    return (
        (x + rx, y),
        (
            ((x1 - rx, y),),
            ((x1 - kx, y), (x1, y + ky), (x1, y + ry)),
            ((x1, y1 - ry),),
            ((x1, y1 - ky), (x1 - kx, y1), (x1 - rx, y1)),
            ((x + rx, y1),),
            ((x + kx, y1), (x, y1 - ky), (x, y1 - ry)),
            ((x, y + ry),),
            ((x, y + ky), (x + kx, y), (x + rx, y)),
        ),
        True,
    )
