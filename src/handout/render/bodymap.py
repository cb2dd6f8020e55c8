"""Body pictograms: a small icon per step and a front/back map per routine.

The artwork lives in ``assets/icons/*.svg``, one file per view, editable in
Inkscape: a silhouette group ``#outline`` plus one shape per region id.
Region shapes are clipped to the silhouette when drawn, so they only have to
be exact where two body parts touch (see the comment at the top of each file).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import NamedTuple

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handout.assets import fonts
from handout.assets.svgpath import Shape, SvgIcon, load_svg
from handout.content.model import REGIONS
from handout.content.workspace import builtin_root
from handout.render import arrows, forms
from handout.render.pdf import ops

ICON_DIR = builtin_root() / "assets" / "icons"
_FILES = {
    "front": "body-front.svg",
    "back": "body-back.svg",
    "foot-sole": "foot-sole.svg",
    "leg-front": "leg-front.svg",
    "leg-back": "leg-back.svg",
}
VIEWS = tuple(_FILES)
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
_REGIONS = frozenset(REGIONS)
Box = tuple[float, float, float, float]  # x, y, width, height in points


def _icon(view: str) -> SvgIcon:
    """A view's artwork, read on first use (most builds need only some of the views)."""
    return load_svg(str(ICON_DIR / _FILES[view]))


@functools.cache
def view_regions(view: str) -> frozenset[str]:
    """The regions a view can highlight."""
    whole = _WHOLE if view in _BODY_VIEWS else frozenset()
    return frozenset(_icon(view).shapes) & _REGIONS | whole


class IconStyle(NamedTuple):
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
    return max(views, key=lambda view: len(wanted & view_regions(view)))


def draw_step_icon(
    canvas: Canvas,
    regions: Iterable[str],
    size: float,
    style: IconStyle,
    direction: str | None = None,
) -> None:
    """The best view of ``regions`` in a size x size box at the origin, those regions lit,
    with an arrow for the stroke ``direction`` over them."""
    wanted = _names(regions)
    _figure(canvas, best_view(wanted), wanted, (0, 0, size, size), style)
    if direction:
        draw_arrows(canvas, wanted, size, style, direction)


def draw_arrows(
    canvas: Canvas, regions: Iterable[str], size: float, style: IconStyle, direction: str
) -> None:
    """The arrows of a step icon of ``size`` at the origin, for the stroke ``direction``."""
    polygons = step_arrows(regions, size, direction)
    arrows.draw(canvas, polygons, arrows.Pen.for_icon(size), _colours(style)[1])


def step_arrows(regions: Iterable[str], size: float, direction: str) -> list[arrows.Polygon]:
    """The arrows a step icon of ``size`` draws, as outlines in points from its corner."""
    wanted = _names(regions)
    view = best_view(wanted)
    frame = (0.0, 0.0, size, size)
    kind = arrows.course(direction, view, wanted)
    return arrows.outlines(
        kind, region_boxes(view, wanted, frame), arrows.Pen.for_icon(size), frame
    )


def region_boxes(view: str, regions: Iterable[str], box: Box) -> list[Box]:
    """Where the lit ``regions`` show on ``view`` fitted into ``box``, in points (y up): one
    box, or one per limb when they are a pair on a whole-body view."""
    art = _icon(view)
    lit = tuple(shape.pdf_path for shape in _lit(art, view, _names(regions)))
    found = arrows.region_boxes(
        art.shapes["outline"].pdf_path, lit, art.viewbox, view in _BODY_VIEWS
    )
    place = placement(view, box)
    return [
        (
            place.ox + place.scale * x,
            place.oy - place.scale * (y + h),
            place.scale * w,
            place.scale * h,
        )
        for x, y, w, h in found
    ]


def draw_body_map(canvas: Canvas, regions: Iterable[str], height: float, style: IconStyle) -> None:
    """Front and back views side by side, ``height`` tall, all of ``regions`` highlighted."""
    wanted = _names(regions)
    x = 0.0
    for view in _BODY_VIEWS:
        width = height * _aspect(view)
        _figure(canvas, view, wanted, (x, 0, width, height), style)
        x += width + height * 0.08


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
            if region not in view_regions(view):
                continue
            x = margin + label_w + i * col_w
            box = (x + 4, y + 4, col_w - 8, row_h - 8)
            _figure(canvas, view, frozenset({region}), box, _SHEET_STYLE)
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

    def __init__(
        self,
        kind: str,
        regions: Iterable[str],
        size: float,
        style: IconStyle,
        direction: str | None = None,
    ) -> None:
        super().__init__()
        self.kind = kind
        self.regions = _names(regions)
        self.size = size
        self.style = style
        self.direction = direction if kind == "icon" else None
        if kind == "map":
            self.width, self.height = _map_width(size), size
        else:
            self.width = self.height = size
        self.key = _key(kind, self.regions, size, style)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        """The form placed at (x, y), as Flowable.drawOn and draw together would write it."""
        self._place(canvas, (ops.aligned_x(self, x, _sW), y))

    def draw(self) -> None:
        self._place(self.canv, None)

    def _place(self, canvas: Canvas, at: tuple[float, float] | None) -> None:
        draw = draw_body_map if self.kind == "map" else draw_step_icon
        forms.place(
            canvas,
            self.key,
            (0, 0, self.width, self.height),
            lambda form: draw(form, self.regions, self.size, self.style),
            at=at,
        )
        if self.direction:  # drawn over the form, which stays shared by every direction
            canvas.saveState()
            if at is not None:
                canvas.translate(*at)
            draw_arrows(canvas, self.regions, self.size, self.style, self.direction)
            canvas.restoreState()


@functools.lru_cache(maxsize=256)
def _key(kind: str, regions: frozenset[str], size: float, style: IconStyle) -> str:
    """The key of a pictogram's form: one form per distinct drawing in a document."""
    colours = (c.rgb() for c in (style.highlight, style.outline, style.base_fill))
    return "pictogram" + repr((kind, sorted(regions), round(size, 2), (*colours, style.grayscale)))


def _aspect(view: str) -> float:
    _, _, width, height = _icon(view).viewbox
    return width / height


@functools.lru_cache(maxsize=64)
def _map_width(height: float) -> float:
    return sum(height * _aspect(v) for v in _BODY_VIEWS) + height * 0.08


def _names(regions: Iterable[str]) -> frozenset[str]:
    """Known region names; a bare string counts as one name, unknown ones are dropped."""
    return frozenset([regions] if isinstance(regions, str) else regions) & _REGIONS


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


class Placement(NamedTuple):
    """Where a view lands in a box: SVG point (x, y) is drawn at (ox + scale * x, oy - scale * y)
    (SVG's y axis points down); ``line`` is the outline width in points."""

    scale: float
    ox: float
    oy: float
    line: float


def placement(view: str, box: Box) -> Placement:
    """The view fitted into the box ``(x, y, w, h)``: centred, aspect kept."""
    x, y, w, h = box
    line = min(max(0.009 * h, 0.35), 0.75)
    vx, vy, vw, vh = _icon(view).viewbox
    scale = min((w - 2 * line) / vw, (h - 2 * line) / vh)
    ox = x + (w - vw * scale) / 2 - vx * scale
    oy = y + (h + vh * scale) / 2 + vy * scale
    return Placement(scale, ox, oy, line)


def _lit(art: SvgIcon, view: str, regions: frozenset[str]) -> list[Shape]:
    """The shapes that light ``regions`` on a view: whole-leg is every leg shape."""
    if "whole-body" in regions:
        return [art.shapes["outline"]]
    names = regions | _LEG if "whole-leg" in regions else regions
    return [art.shapes[n] for n in sorted(names & view_regions(view) - _WHOLE)]


def _figure(
    canvas: Canvas,
    view: str,
    regions: frozenset[str],
    box: Box,
    style: IconStyle,
) -> None:
    """One view fitted into the box, its ``regions`` lit, as PDF path operators.

    Each shape's path is turned into operators once (in SVG units) and reused; the view's
    placement is one transformation matrix.
    """
    art = _icon(view)
    highlight, outline_colour, body = _colours(style)
    place = placement(view, box)
    outline = art.shapes["outline"]
    canvas.saveState()
    canvas.transform(place.scale, 0, 0, -place.scale, place.ox, place.oy)
    # A stroke of twice the width under the fill leaves only its outer half
    # showing: an outline of the union without seams where its pieces overlap.
    canvas.setStrokeColor(outline_colour)
    canvas.setLineWidth(2 * place.line / place.scale)
    canvas.setLineJoin(1)
    canvas.addLiteral(f"{outline.pdf_path} S")
    canvas.setFillColor(body)
    canvas.addLiteral(f"{outline.pdf_path} f")
    lit = _lit(art, view, regions)
    if lit:
        canvas.saveState()
        canvas.addLiteral(f"{outline.pdf_path} W n")
        canvas.setFillColor(highlight)
        canvas.setStrokeColor(highlight)
        canvas.setLineJoin(0)
        canvas.setLineWidth(0.3 / place.scale)  # the hairline closes anti-aliasing seams
        canvas.addLiteral("\n".join(f"{shape.pdf_path} B" for shape in lit))
        canvas.restoreState()
    if "details" in art.shapes:
        canvas.setStrokeColor(outline_colour)
        canvas.setLineWidth(0.7 * place.line / place.scale)
        canvas.setLineJoin(0)
        canvas.setLineCap(1)
        canvas.addLiteral(f"{art.shapes['details'].pdf_path} S")
    canvas.restoreState()
