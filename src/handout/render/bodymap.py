"""Body pictograms: a small icon per step and a front/back map per routine.

The artwork lives in ``assets/icons/*.svg`` (one file per view, editable in
Inkscape).  Each file has a silhouette group ``#outline`` and one shape per
region id.  Region shapes are clipped to the silhouette when drawn, so they
only have to be exact where two body parts touch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from .svgpath import SvgIcon, load_svg

ICON_DIR = Path(__file__).resolve().parents[3] / "assets" / "icons"
_FILES = {
    "front": "body-front.svg",
    "back": "body-back.svg",
    "leg-front": "leg-front.svg",
    "leg-back": "leg-back.svg",
    "foot-sole": "foot-sole.svg",
}
_VOCABULARY = (
    "head", "face", "neck", "shoulders", "upper-back", "lower-back", "chest", "abdomen",
    "arm", "forearm", "hand", "glutes", "hip", "thigh-front", "thigh-back", "inner-thigh",
    "outer-thigh", "knee", "back-of-knee", "shin", "calf", "ankle", "heel", "foot", "sole",
    "toes", "whole-leg", "whole-body",
)  # fmt: skip
_LEG = frozenset(
    {"thigh-front", "thigh-back", "inner-thigh", "outer-thigh", "knee", "back-of-knee",
     "shin", "calf", "ankle", "heel", "foot", "sole", "toes"}
)  # fmt: skip
# Regions too small to read on the whole body: steps made only of these get a close-up.
_DETAIL = frozenset(
    {"knee", "back-of-knee", "shin", "calf", "ankle", "heel", "foot", "sole", "toes"}
)
_BODY_VIEWS = ("front", "back")
_CLOSE_UPS = ("foot-sole", "leg-front", "leg-back")  # order breaks ties


def _icon(view: str) -> SvgIcon:
    return load_svg(str(ICON_DIR / _FILES[view]))


VIEW_REGIONS: dict[str, frozenset[str]] = {
    view: frozenset(_icon(view).shapes) & frozenset(_VOCABULARY)
    | (frozenset({"whole-leg", "whole-body"}) if view in _BODY_VIEWS else frozenset())
    for view in _FILES
}


@dataclass(frozen=True)
class IconStyle:
    highlight: Color
    outline: Color
    base_fill: Color
    grayscale: bool = False


_GRAY = IconStyle(Color(0.25, 0.25, 0.25), Color(0.2, 0.2, 0.2), Color(0.88, 0.88, 0.88), True)
_SHEET_STYLE = IconStyle(Color(0.87, 0.34, 0.18), Color(0.2, 0.2, 0.2), Color(0.9, 0.9, 0.9))


def best_view(regions: Iterable[str]) -> str:
    """The view showing most of ``regions``; a close-up when they are all lower-leg detail."""
    wanted = frozenset(regions) & frozenset(_VOCABULARY)
    views = _CLOSE_UPS + _BODY_VIEWS if wanted and wanted <= _DETAIL else _BODY_VIEWS
    return max(views, key=lambda v: len(wanted & VIEW_REGIONS[v]))  # first of equals wins


def step_icon(regions: Iterable[str], size: float, style: IconStyle) -> Drawing:
    """One view (chosen by best_view) in a size x size drawing, regions highlighted."""
    regions = frozenset(regions)
    drawing = Drawing(size, size)
    drawing.add(_figure(best_view(regions), regions, 0, 0, size, size, style))
    return drawing


def body_map(regions: Iterable[str], height: float, style: IconStyle) -> Drawing:
    """Front and back views side by side, ``height`` tall, all regions highlighted."""
    regions = frozenset(regions)
    gap = height * 0.08
    widths = [height * _icon(v).viewbox[2] / _icon(v).viewbox[3] for v in _BODY_VIEWS]
    drawing = Drawing(sum(widths) + gap, height)
    x = 0.0
    for view, width in zip(_BODY_VIEWS, widths):
        drawing.add(_figure(view, regions, x, 0, width, height, style))
        x += width + gap
    return drawing


def region_sheet(path: str) -> None:
    """Proof sheet: every region highlighted alone in each view that has it;
    the view best_view picks for the region is framed."""
    page_w, page_h = A4
    margin, label_w, row_h, head_h = 36.0, 90.0, 112.0, 18.0
    views = _BODY_VIEWS + _CLOSE_UPS
    col_w = (page_w - 2 * margin - label_w) / len(views)
    grey = Color(0.75, 0.75, 0.75)
    canvas = Canvas(path, pagesize=A4)
    canvas.setTitle("handout body regions")
    y = 0.0
    for region in _VOCABULARY:
        if y - row_h < margin:
            if y:
                canvas.showPage()
            y = page_h - margin - head_h
            canvas.setFont("Helvetica-Bold", 9)
            for i, view in enumerate(views):
                canvas.drawCentredString(margin + label_w + (i + 0.5) * col_w, y + 6, view)
        y -= row_h
        canvas.setFont("Helvetica-Bold", 11)
        canvas.drawString(margin, y + row_h / 2, region)
        best = best_view([region])
        for i, view in enumerate(views):
            if region not in VIEW_REGIONS[view]:
                continue
            x = margin + label_w + i * col_w
            icon = Drawing(col_w, row_h)
            icon.add(_figure(view, frozenset({region}), 4, 4, col_w - 8, row_h - 8, _SHEET_STYLE))
            renderPDF.draw(icon, canvas, x, y)
            if view == best:
                canvas.setStrokeColor(_SHEET_STYLE.highlight)
                canvas.setLineWidth(0.8)
                canvas.roundRect(x + 2, y + 2, col_w - 4, row_h - 4, 4)
        canvas.setStrokeColor(grey)
        canvas.setLineWidth(0.4)
        canvas.line(margin, y, page_w - margin, y)
    canvas.save()


def _figure(
    view: str, regions: frozenset[str], x: float, y: float, w: float, h: float, style: IconStyle
) -> Group:
    """One view fitted (centred, aspect kept) into the box, as a Group in points."""
    icon = _icon(view)
    colors = _GRAY if style.grayscale else style
    line = min(max(0.012 * min(w, h), 0.3), 1.0)  # outline width in points
    vx, vy, vw, vh = icon.viewbox
    pad = line
    scale = min((w - 2 * pad) / vw, (h - 2 * pad) / vh)
    ox = x + (w - vw * scale) / 2 - vx * scale
    oy = y + (h + vh * scale) / 2 + vy * scale
    group = Group(transform=(scale, 0, 0, -scale, ox, oy))  # SVG y axis points down
    outline = icon.shapes["outline"]
    # A wide stroke under the fill leaves only its outer half visible: an outline
    # of the silhouette's union without the seams where its pieces overlap.
    group.add(
        outline.to_path(
            fillColor=None,
            strokeColor=colors.outline,
            strokeWidth=2 * line / scale,
            strokeLineJoin=1,
        )
    )
    group.add(outline.to_path(fillColor=colors.base_fill, strokeColor=None))
    shapes = (
        [icon.shapes["outline"]]
        if "whole-body" in regions
        else [
            icon.shapes[r]
            for r in sorted(regions | (_LEG if "whole-leg" in regions else frozenset()))
            if r in VIEW_REGIONS[view] and r in icon.shapes
        ]
    )
    if shapes:
        highlight = Group(outline.to_path(isClipPath=1, fillColor=None, strokeColor=None))
        for shape in shapes:  # the thin stroke closes hairline seams between neighbours
            highlight.add(
                shape.to_path(
                    fillColor=colors.highlight,
                    strokeColor=colors.highlight,
                    strokeWidth=0.3 / scale,
                )
            )
        group.add(highlight)
    if "details" in icon.shapes:
        group.add(
            icon.shapes["details"].to_path(
                fillColor=None,
                strokeColor=colors.outline,
                strokeWidth=0.7 * line / scale,
                strokeLineCap=1,
            )
        )
    return group
