"""Body pictograms: a small icon per step and a front/back map per routine.

The artwork lives in ``assets/icons/*.svg``, one file per view, editable in
Inkscape: a silhouette group ``#outline`` plus one shape per region id.
Region shapes are clipped to the silhouette when drawn, so they only have to
be exact where two body parts touch (see the comment at the top of each file).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handout.model import REGIONS
from handout.render import fonts
from handout.render.svgpath import SvgIcon, load_svg
from handout.workspace import builtin_root

ICON_DIR = builtin_root() / "assets" / "icons"
_FILES = {
    "front": "body-front.svg",
    "back": "body-back.svg",
    "foot-sole": "foot-sole.svg",
    "leg-front": "leg-front.svg",
    "leg-back": "leg-back.svg",
}
_BODY_VIEWS = ("front", "back")
_CLOSE_UPS = ("foot-sole", "leg-front", "leg-back")  # best_view prefers the earlier on a tie
_LEG = frozenset(
    {"thigh-front", "thigh-back", "inner-thigh", "outer-thigh", "knee", "back-of-knee",
     "shin", "calf", "ankle", "heel", "foot", "sole", "toes"}
)  # fmt: skip
# Too small to read on a whole body: a step made only of these gets a close-up.
_DETAIL = frozenset(
    {"knee", "back-of-knee", "shin", "calf", "ankle", "heel", "foot", "sole", "toes"}
)
_WHOLE = frozenset({"whole-leg", "whole-body"})  # drawn from the other shapes, not their own


def _icon(view: str) -> SvgIcon:
    return load_svg(str(ICON_DIR / _FILES[view]))


VIEW_REGIONS: dict[str, frozenset[str]] = {
    view: frozenset(_icon(view).shapes) & frozenset(REGIONS)
    | (_WHOLE if view in _BODY_VIEWS else frozenset())
    for view in _FILES
}


@dataclass(frozen=True)
class IconStyle:
    """Colours of a pictogram. With ``grayscale`` they are turned into greys,
    kept dark for the highlight and light for the body so the two stay apart."""

    highlight: Color
    outline: Color
    base_fill: Color
    grayscale: bool = False


_SHEET_STYLE = IconStyle(Color(0.87, 0.34, 0.18), Color(0.2, 0.2, 0.2), Color(0.9, 0.9, 0.9))


def best_view(regions: Iterable[str]) -> str:
    """The view showing most of ``regions``, a close-up when all are lower-leg detail.

    Ties go to the earlier view: foot-sole, leg-front, leg-back, then front, back.
    """
    wanted = _names(regions)
    views = _CLOSE_UPS + _BODY_VIEWS if wanted and wanted <= _DETAIL else _BODY_VIEWS
    return max(views, key=lambda view: len(wanted & VIEW_REGIONS[view]))


def step_icon(regions: Iterable[str], size: float, style: IconStyle) -> Drawing:
    """The best view of ``regions`` in a size x size drawing, those regions highlighted."""
    wanted = _names(regions)
    drawing = Drawing(size, size)
    drawing.add(_figure(best_view(wanted), wanted, 0, 0, size, size, style))
    return drawing


def body_map(regions: Iterable[str], height: float, style: IconStyle) -> Drawing:
    """Front and back views side by side, ``height`` tall, all of ``regions`` highlighted."""
    wanted = _names(regions)
    gap = height * 0.08
    widths = [height * _icon(v).viewbox[2] / _icon(v).viewbox[3] for v in _BODY_VIEWS]
    drawing = Drawing(_map_width(height), height)
    x = 0.0
    for view, width in zip(_BODY_VIEWS, widths, strict=True):
        drawing.add(_figure(view, wanted, x, 0, width, height, style))
        x += width + gap
    return drawing


def region_sheet(path: str) -> None:
    """A4 proof sheet: each region highlighted alone in every view that has it,
    with the view best_view picks for it framed."""
    fonts.register()
    page_w, page_h = A4
    margin, label_w, row_h, head_h = 36.0, 90.0, 112.0, 18.0
    views = _BODY_VIEWS + _CLOSE_UPS
    col_w = (page_w - 2 * margin - label_w) / len(views)
    canvas = Canvas(path, pagesize=A4, invariant=1, initialFontName=fonts.MAIN)
    canvas.setTitle("handout body regions")
    y = 0.0
    for region in REGIONS:
        if y - row_h < margin:
            if y:
                canvas.showPage()
            y = page_h - margin - head_h
            canvas.setFont(fonts.MAIN + "-Bold", 9)
            for i, view in enumerate(views):
                canvas.drawCentredString(margin + label_w + (i + 0.5) * col_w, y + 6, view)
        y -= row_h
        canvas.setFont(fonts.MAIN + "-Bold", 11)
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
        canvas.setStrokeColor(Color(0.75, 0.75, 0.75))
        canvas.setLineWidth(0.4)
        canvas.line(margin, y, page_w - margin, y)
    canvas.save()


class Pictogram(Flowable):  # type: ignore[misc]
    """A step icon or body map placed as a PDF form: drawn once per document, then reused.

    A manual repeats the same few icons hundreds of times; as forms they cost one
    reference each instead of a full set of paths, in time, memory and file size.
    """

    def __init__(self, kind: str, regions: Iterable[str], size: float, style: IconStyle) -> None:
        super().__init__()
        self.kind = kind
        self.regions = _names(regions)
        self.size = size
        self.style = style
        if kind == "map":
            self.width, self.height = _map_width(size), size
        else:
            self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        key = repr((self.kind, sorted(self.regions), round(self.size, 2), _style_key(self.style)))
        name = "pictogram-" + hashlib.sha1(key.encode()).hexdigest()[:12]
        if not canvas.hasForm(name):
            maker = body_map if self.kind == "map" else step_icon
            canvas.beginForm(name, 0, 0, self.width, self.height)
            renderPDF.draw(maker(self.regions, self.size, self.style), canvas, 0, 0)
            canvas.endForm()
        canvas.doForm(name)


def _style_key(style: IconStyle) -> tuple[object, ...]:
    return (*(c.rgb() for c in (style.highlight, style.outline, style.base_fill)), style.grayscale)


def _map_width(height: float) -> float:
    return (
        sum(height * _icon(v).viewbox[2] / _icon(v).viewbox[3] for v in _BODY_VIEWS) + height * 0.08
    )


def _names(regions: Iterable[str]) -> frozenset[str]:
    """Known region names; a bare string counts as one name, unknown ones are dropped."""
    return frozenset([regions] if isinstance(regions, str) else regions) & frozenset(REGIONS)


def _colours(style: IconStyle) -> tuple[Color, Color, Color]:
    """Highlight, outline and body colours, as clamped greys when printing in grayscale."""
    if not style.grayscale:
        return style.highlight, style.outline, style.base_fill

    def grey(colour: Color, low: float, high: float) -> Color:
        level = 0.299 * colour.red + 0.587 * colour.green + 0.114 * colour.blue
        level = min(max(level, low), high)
        return Color(level, level, level)

    return (
        grey(style.highlight, 0.0, 0.3),
        grey(style.outline, 0.0, 0.4),
        grey(style.base_fill, 0.85, 0.95),
    )


def _figure(
    view: str, regions: frozenset[str], x: float, y: float, w: float, h: float, style: IconStyle
) -> Group:
    """One view fitted into the box (centred, aspect kept) as a Group in points."""
    icon = _icon(view)
    highlight, outline_colour, body = _colours(style)
    line = min(max(0.009 * h, 0.35), 0.75)  # outline width in points
    vx, vy, vw, vh = icon.viewbox
    scale = min((w - 2 * line) / vw, (h - 2 * line) / vh)
    ox = x + (w - vw * scale) / 2 - vx * scale
    oy = y + (h + vh * scale) / 2 + vy * scale
    group = Group(transform=(scale, 0, 0, -scale, ox, oy))  # SVG's y axis points down
    outline = icon.shapes["outline"]
    # A stroke of twice the width under the fill leaves only its outer half
    # showing: an outline of the union without seams where its pieces overlap.
    group.add(
        outline.to_path(
            fillColor=None,
            strokeColor=outline_colour,
            strokeWidth=2 * line / scale,
            strokeLineJoin=1,
        )
    )
    group.add(outline.to_path(fillColor=body, strokeColor=None))
    if "whole-body" in regions:
        shapes = [outline]
    else:
        names = regions | _LEG if "whole-leg" in regions else regions
        shapes = [icon.shapes[n] for n in sorted(names & VIEW_REGIONS[view] - _WHOLE)]
    if shapes:
        lit = Group(outline.to_path(isClipPath=1, fillColor=None, strokeColor=None))
        for shape in shapes:  # the hairline stroke closes anti-aliasing seams between neighbours
            lit.add(
                shape.to_path(fillColor=highlight, strokeColor=highlight, strokeWidth=0.3 / scale)
            )
        group.add(lit)
    if "details" in icon.shapes:
        group.add(
            icon.shapes["details"].to_path(
                fillColor=None,
                strokeColor=outline_colour,
                strokeWidth=0.7 * line / scale,
                strokeLineCap=1,
            )
        )
    return group
