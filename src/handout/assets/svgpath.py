"""Read the bundled SVG pictograms into PDF path operators.

Only the small subset of SVG the icons in ``assets/icons`` use is understood:
``<path d>`` with the commands M L H V C S Q T Z (absolute and relative),
``<circle>``, ``<ellipse>``, ``<rect>`` (with ``rx``/``ry``), ``<g>`` and the
``transform`` attribute (matrix, translate, scale, rotate).  Presentation
attributes and CSS are ignored: colours are decided when drawing.  An element
that cannot be read (arc commands, skew transforms, bad numbers) is skipped
with a warning instead of breaking the document being rendered.
"""

from __future__ import annotations

import math
import re
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from functools import cache, cached_property
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from reportlab.lib.rl_accel import fp_str

Point = tuple[float, float]
Segment = tuple[Point, ...]  # (end,) for a line, (control1, control2, end) for a cubic
Subpath = tuple[Point, tuple[Segment, ...], bool]  # start, segments, closed
Matrix = tuple[float, float, float, float, float, float]

_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MAX_BYTES = 1_000_000
_KAPPA = 0.5522847498  # cubic control distance for a quarter circle of radius 1
_SKIPPED = {"defs", "clipPath", "mask", "symbol", "pattern", "marker", "metadata", "title", "desc"}
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_TOKEN = re.compile(rf"([MmLlHhVvCcSsQqTtZz])|({_NUMBER})|([\s,]+)|(.)")
_TRANSFORM = re.compile(r"\s*(matrix|translate|scale|rotate)\s*\(([^)]*)\)\s*,?")
_ARGC = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2}
_MOVETO, _LINETO, _CURVETO, _CLOSEPATH = range(4)
_PDF_OPERATORS = {_MOVETO: "m", _LINETO: "l", _CURVETO: "c"}


class Shape:
    """Geometry of one SVG element (or group) as flat path data."""

    def __init__(
        self,
        points: tuple[float, ...],
        operators: tuple[int, ...],
        bounds: tuple[float, float, float, float],  # x0, y0, x1, y1, control points included
    ) -> None:
        self.points, self.operators, self.bounds = points, operators, bounds

    @cached_property
    def pdf_path(self) -> str:
        """The path as PDF operators in SVG units, made once; paint it with the non-zero rule
        (f, B, W n) so overlapping pieces form a union."""
        out: list[str] = []
        at = 0
        for op in self.operators:
            if op == _CLOSEPATH:
                out.append("h")
                continue
            count = 6 if op == _CURVETO else 2
            out.append(f"{fp_str(*self.points[at : at + count])} {_PDF_OPERATORS[op]}")
            at += count
        return " ".join(out)


class SvgIcon(NamedTuple):
    viewbox: tuple[float, float, float, float]  # min-x, min-y, width, height
    shapes: Mapping[str, Shape]  # element id -> geometry (groups: all their children)


@cache
def load_svg(path: str) -> SvgIcon:
    """Read an icon file once per process."""
    return parse_svg(Path(path).read_bytes(), path)


def parse_svg(data: bytes, path: str) -> SvgIcon:
    """The shapes of an SVG file's text; `path` names it in messages."""
    if len(data) > _MAX_BYTES or b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ValueError(f"{path}: refusing oversized SVG or one with a DTD")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ValueError(f"{path}: not well-formed XML ({exc})") from exc
    if _tag(root) != "svg":
        raise ValueError(f"{path}: root element is not <svg>")
    box = [float(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if v]
    if len(box) != 4 or box[2] <= 0 or box[3] <= 0:
        raise ValueError(f"{path}: needs a viewBox with positive width and height")
    shapes: dict[str, Shape] = {}
    _walk(root, _IDENTITY, shapes, path)
    return SvgIcon((box[0], box[1], box[2], box[3]), MappingProxyType(shapes))


def parse_path(d: str) -> list[Subpath]:
    """Subpaths of an SVG path ``d`` string; raises ValueError on anything unsupported."""
    tokens: list[str | float] = []
    for cmd, num, _sep, bad in _TOKEN.findall(d):
        if bad:
            raise ValueError(f"unsupported path data {bad!r}")
        if cmd or num:
            tokens.append(cmd or float(num))
    subpaths: list[Subpath] = []
    segs: list[Segment] = []
    start = cur = (0.0, 0.0)
    last_cubic = last_quad = None  # control points to reflect for S and T
    cmd, i = "", 0
    while i < len(tokens):
        if isinstance(tokens[i], str):
            cmd, i = str(tokens[i]), i + 1
        elif cmd in ("", "Z", "z"):
            raise ValueError("number without a command")
        op, rel = cmd.upper(), cmd.islower()
        if op == "Z":
            if segs:
                subpaths.append((start, tuple(segs), True))
                segs = []
            cur, last_cubic, last_quad = start, None, None
            continue
        args = tokens[i : i + _ARGC[op]]
        if len(args) < _ARGC[op] or any(isinstance(a, str) for a in args):
            raise ValueError(f"command {cmd} lacks numbers")
        i += _ARGC[op]
        nums = [float(a) for a in args]
        if op == "H":
            nums = [nums[0], 0.0 if rel else cur[1]]
        elif op == "V":
            nums = [0.0 if rel else cur[0], nums[0]]
        pts = [(nums[k] + cur[0] * rel, nums[k + 1] + cur[1] * rel) for k in range(0, len(nums), 2)]
        cubic = quad = None
        if op == "M":
            if segs:
                subpaths.append((start, tuple(segs), False))
                segs = []
            start = pts[0]
            cmd = "l" if rel else "L"  # extra coordinate pairs after M are line-tos
        elif op in "LHV":
            segs.append((pts[0],))
        elif op in "CS":
            c1 = pts[0] if op == "C" else _reflect(last_cubic, cur)
            c2, end = pts[-2], pts[-1]
            segs.append((c1, c2, end))
            cubic = c2
        else:  # Q, T: quadratic, stored as the equivalent cubic
            q = pts[0] if op == "Q" else _reflect(last_quad, cur)
            end = pts[-1]
            segs.append((_lerp(cur, q, 2 / 3), _lerp(end, q, 2 / 3), end))
            quad = q
        cur, last_cubic, last_quad = pts[-1], cubic, quad
    if segs:
        subpaths.append((start, tuple(segs), False))
    return subpaths


def _walk(node: ET.Element, matrix: Matrix, shapes: dict[str, Shape], source: str) -> list[Subpath]:
    tag = _tag(node)
    if tag is None or tag in _SKIPPED or node.get("display") == "none":
        return []
    try:
        matrix = _multiply(matrix, _parse_transform(node.get("transform", "")))
        if tag in ("svg", "g"):
            subpaths = [s for child in node for s in _walk(child, matrix, shapes, source)]
        else:
            subpaths = [_transform(s, matrix) for s in _element_subpaths(tag, node)]
        if node.get("id") and subpaths:
            shapes[node.get("id", "")] = _shape(subpaths)
    except ValueError as exc:
        warnings.warn(f"{source}: skipped <{tag} id={node.get('id')!r}>: {exc}", stacklevel=2)
        return []
    return subpaths


def _element_subpaths(tag: str, node: ET.Element) -> list[Subpath]:
    def num(name: str, default: float | None = None) -> float:
        raw = node.get(name)
        if raw is None and default is not None:
            return default
        value = float(raw or "nan")
        if not math.isfinite(value):
            raise ValueError(f"bad or missing {name}")
        return value

    if tag == "path":
        return parse_path(node.get("d", ""))
    if tag == "circle":
        r = num("r")
        return [_ellipse(num("cx", 0), num("cy", 0), r, r)]
    if tag == "ellipse":
        return [_ellipse(num("cx", 0), num("cy", 0), num("rx"), num("ry"))]
    if tag == "rect":
        return [
            _rect(
                num("x", 0),
                num("y", 0),
                num("width"),
                num("height"),
                node.get("rx"),
                node.get("ry"),
            )
        ]
    return []  # text, images and anything else carry no region geometry


def _ellipse(cx: float, cy: float, rx: float, ry: float) -> Subpath:
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


def _rect(
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


def _parse_transform(text: str) -> Matrix:
    matrix, pos = _IDENTITY, 0
    for m in _TRANSFORM.finditer(text):
        if m.start() != pos:
            break
        pos = m.end()
        name, v = m.group(1), [float(n) for n in re.findall(_NUMBER, m.group(2))]
        if name == "matrix" and len(v) == 6:
            step: Matrix = (v[0], v[1], v[2], v[3], v[4], v[5])
        elif name == "translate" and len(v) in (1, 2):
            step = (1, 0, 0, 1, v[0], v[1] if len(v) == 2 else 0)
        elif name == "scale" and len(v) in (1, 2):
            step = (v[0], 0, 0, v[-1], 0, 0)
        elif name == "rotate" and len(v) in (1, 3):
            a = math.radians(v[0])
            cx, cy = (v[1], v[2]) if len(v) == 3 else (0.0, 0.0)
            cos, sin = math.cos(a), math.sin(a)
            step = (cos, sin, -sin, cos, cx - cos * cx + sin * cy, cy - sin * cx - cos * cy)
        else:
            raise ValueError(f"bad transform {m.group(0).strip()!r}")
        matrix = _multiply(matrix, step)
    if text[pos:].strip():
        raise ValueError(f"unsupported transform {text[pos:].strip()!r}")
    return matrix


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n applied to a point inside n's coordinate system (SVG nesting order)."""
    a, b, c, d, e, f = m
    return (
        a * n[0] + c * n[1],
        b * n[0] + d * n[1],
        a * n[2] + c * n[3],
        b * n[2] + d * n[3],
        a * n[4] + c * n[5] + e,
        b * n[4] + d * n[5] + f,
    )


def _transform(sub: Subpath, m: Matrix) -> Subpath:
    if m == _IDENTITY:
        return sub

    def apply(p: Point) -> Point:
        return (m[0] * p[0] + m[2] * p[1] + m[4], m[1] * p[0] + m[3] * p[1] + m[5])

    start, segs, closed = sub
    return apply(start), tuple(tuple(apply(p) for p in seg) for seg in segs), closed


def _shape(subpaths: list[Subpath]) -> Shape:
    points: list[float] = []
    ops: list[int] = []
    for start, segs, closed in map(_clockwise, subpaths):
        points += start
        ops.append(_MOVETO)
        for seg in segs:
            points += [c for p in seg for c in p]
            ops.append(_LINETO if len(seg) == 1 else _CURVETO)
        if closed:
            ops.append(_CLOSEPATH)
    xs, ys = points[0::2], points[1::2]
    if not all(map(math.isfinite, points)):
        raise ValueError("non-finite coordinates")
    return Shape(tuple(points), tuple(ops), (min(xs), min(ys), max(xs), max(ys)))


def _clockwise(sub: Subpath) -> Subpath:
    """Give every closed subpath the same winding so overlapping pieces of one
    shape add up under the non-zero rule instead of punching holes."""
    start, segs, closed = sub
    if not closed or _signed_area(sub) >= 0:
        return sub
    ends = [start] + [seg[-1] for seg in segs]
    reversed_segs = []
    for k in range(len(segs) - 1, -1, -1):
        seg, target = segs[k], ends[k]
        reversed_segs.append((target,) if len(seg) == 1 else (seg[1], seg[0], target))
    return ends[-1], tuple(reversed_segs), closed


def _signed_area(sub: Subpath) -> float:
    start, segs, _closed = sub
    poly = list(_flatten(start, segs))
    return (
        sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1], strict=True))
        / 2
    )


def _flatten(start: Point, segs: tuple[Segment, ...]) -> Iterator[Point]:
    cur = start
    yield cur
    for seg in segs:
        if len(seg) == 3:
            for t in (0.25, 0.5, 0.75):
                u = 1 - t
                yield (
                    u**3 * cur[0]
                    + 3 * u * u * t * seg[0][0]
                    + 3 * u * t * t * seg[1][0]
                    + t**3 * seg[2][0],
                    u**3 * cur[1]
                    + 3 * u * u * t * seg[0][1]
                    + 3 * u * t * t * seg[1][1]
                    + t**3 * seg[2][1],
                )
        cur = seg[-1]
        yield cur


def _reflect(ctrl: Point | None, cur: Point) -> Point:
    return cur if ctrl is None else (2 * cur[0] - ctrl[0], 2 * cur[1] - ctrl[1])


def _lerp(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _tag(node: ET.Element) -> str | None:
    """Local tag name for SVG-namespace (or un-namespaced) elements, else None."""
    tag = node.tag if isinstance(node.tag, str) else ""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return local if ns == "http://www.w3.org/2000/svg" else None
    return tag or None
