"""Read the SVG pictograms into PDF path operators.

Understood: ``<path d>`` with every path command (M L H V C S Q T A Z, absolute and relative,
arcs drawn as cubics), ``<circle>``, ``<ellipse>``, ``<rect>`` (with ``rx``/``ry``),
``<line>``, ``<polyline>``, ``<polygon>``, nested ``<g>`` and the ``transform`` attribute
(matrix, translate, scale, rotate, skewX, skewY and lists of them). Presentation attributes
and CSS are ignored, colours are decided when drawing, except that an element hidden with
``display:none`` (as Inkscape hides a layer) is left out; elements and attributes of other
namespaces (Inkscape's ``sodipodi:`` and ``inkscape:``) are passed over. An element that
cannot be read (bad numbers, a bad transform) is skipped with a warning instead of breaking
the document being rendered.

A workspace may replace a built-in pictogram by a file of the same name in its own
``assets/icons`` (see `own_icons`); such a file is checked, and refused with a one-line
AssetError naming it, as a person's file must be.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import re
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from reportlab.lib.rl_accel import fp_str

from handout.assets.svgarc import Arc, Point, Segment, Subpath, arc_segments, ellipse, rounded_rect
from handout.content.workspace import shown
from handout.errors import AssetError

Matrix = tuple[float, float, float, float, float, float]

_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MAX_BYTES = 1_000_000
_SKIPPED = {"defs", "clipPath", "mask", "symbol", "pattern", "marker", "metadata", "title", "desc"}
_CONTAINERS = {"svg", "g", "a"}
_MAX_DEPTH = 64
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_FLAG = re.compile("[01]")
_COMMAND = re.compile("[MmLlHhVvCcSsQqTtAaZz]")
_SEPARATOR = re.compile(r"[\s,]*")
_TRANSFORM = re.compile(r"\s*(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)\s*,?")
_ARGUMENTS = {  # per command, its arguments: n a number, f a flag
    letter: kinds
    for command, kinds in {
        "M": "nn", "L": "nn", "H": "n", "V": "n", "C": "nnnnnn", "S": "nnnn",
        "Q": "nnnn", "T": "nn", "A": "nnnffnn", "Z": "",
    }.items()
    for letter in (command, command.lower())
}  # fmt: skip
_MOVETO, _LINETO, _CURVETO, _CLOSEPATH = range(4)
_PDF_OPERATORS = {_MOVETO: "m", _LINETO: "l", _CURVETO: "c"}
OUTLINE = "outline"  # the silhouette every pictogram has (render/bodymap.py draws it)
_FIX = "fix it (e.g. in Inkscape) or delete it to draw the built-in icon"
_own_folder: ContextVar[Path | None] = ContextVar("own_icons", default=None)


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


@contextmanager
def own_icons(folder: Path) -> Iterator[None]:
    """Inside, `load_svg` reads the file of the same name in `folder` (a workspace's
    ``assets/icons``) instead of a built-in icon, when there is one."""
    token = _own_folder.set(folder)
    try:
        yield
    finally:
        _own_folder.reset(token)


def load_svg(path: str) -> SvgIcon:
    """An icon file, read once per process (a workspace's own one: per version of it)."""
    own = _own_file(path)
    if own is None:
        return _builtin(path)
    try:
        stat = own.stat()
    except OSError as exc:
        raise AssetError(f"{shown(own)}: cannot be read ({exc.strerror}) — {_FIX}") from None
    return _workspace_icon(own, stat.st_mtime_ns, stat.st_size)


def digest(path: str) -> str:
    """The sha256 of the file `load_svg(path)` reads (a workspace's own one, else the built-in
    one), to key what is measured on a drawing; empty when it cannot be read (load_svg says
    why)."""
    own = _own_file(path)
    if own is None:
        return _builtin_digest(path)
    try:
        stat = own.stat()
    except OSError:
        return ""
    return _own_digest(own, stat.st_mtime_ns, stat.st_size)


def _own_file(path: str) -> Path | None:
    """The workspace's own file in place of built-in icon `path`, if it has one."""
    folder = _own_folder.get()
    own = folder / Path(path).name if folder is not None else None
    return own if own is not None and os.path.lexists(own) else None


@cache
def _builtin_digest(path: str) -> str:
    return hashlib.sha256(_read(path)).hexdigest()


@lru_cache(maxsize=16)
def _own_digest(path: Path, _mtime: int, _size: int) -> str:
    try:
        return hashlib.sha256(_read(str(path))).hexdigest()
    except OSError:
        return ""


@cache
def _builtin(path: str) -> SvgIcon:
    return parse_svg(_read(path), path)


@lru_cache(maxsize=16)
def _workspace_icon(path: Path, _mtime: int, _size: int) -> SvgIcon:
    """A person's icon file, or AssetError saying in one line what is wrong with it."""
    name = shown(path)
    if not path.resolve().is_relative_to(path.parent.resolve()):
        raise AssetError(f"{name}: a link out of its folder — copy the drawing there instead")
    if not path.is_file():
        raise AssetError(f"{name}: not a file — remove it to draw the built-in icon")
    try:
        icon = parse_svg(_read(str(path)), name)
    except OSError as exc:
        raise AssetError(f"{name}: cannot be read ({exc.strerror}) — {_FIX}") from None
    except ValueError as exc:
        raise AssetError(f"{exc} — {_FIX}") from None
    if OUTLINE not in icon.shapes:
        raise AssetError(
            f'{name}: no shape with id "{OUTLINE}" (the silhouette) — give the silhouette\'s group'
            " that id in Inkscape's Object Properties, or delete the file to draw the built-in icon"
        )
    return icon


def _read(path: str) -> bytes:
    """The file's bytes, no more than one past the size limit."""
    with open(path, "rb") as file:
        return file.read(_MAX_BYTES + 1)


def parse_svg(data: bytes, path: str) -> SvgIcon:
    """The shapes of an SVG file's text; `path` names it in messages."""
    if len(data) > _MAX_BYTES:
        raise ValueError(f"{path}: larger than {_MAX_BYTES // 1_000_000} MB, too big for an icon")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ValueError(f"{path}: has a DTD (<!DOCTYPE or <!ENTITY), which is not read")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, col = exc.position
        reason = str(exc).split(":")[0]
        raise ValueError(f"{path}:{line}:{col + 1}: not well-formed XML ({reason})") from None
    if _tag(root) != "svg":
        raise ValueError(f"{path}: not SVG (its root element is not <svg>)")
    try:
        box = _numbers(root.get("viewBox", ""))
    except ValueError:
        box = []
    if len(box) != 4 or not all(map(math.isfinite, box)) or box[2] <= 0 or box[3] <= 0:
        raise ValueError(f"{path}: needs a viewBox with positive width and height")
    shapes: dict[str, Shape] = {}
    _walk(root, _IDENTITY, shapes, path)
    return SvgIcon((box[0], box[1], box[2], box[3]), MappingProxyType(shapes))


def parse_path(d: str) -> list[Subpath]:
    """Subpaths of an SVG path ``d`` string; raises ValueError on anything it cannot read (the
    cursor's message, which names where)."""
    if _PLAIN.fullmatch(d):
        with contextlib.suppress(ValueError):
            return _subpaths(_Tokens(d))
    return _subpaths(_PathData(d))


def _subpaths(data: _PathData | _Tokens) -> list[Subpath]:
    subpaths: list[Subpath] = []
    segs: list[Segment] = []
    start = cur = (0.0, 0.0)
    last_cubic = last_quad = None  # control points to reflect for S and T
    cmd = ""
    while not data.done():
        given = data.take(_COMMAND)
        if given is None and cmd in ("", "Z", "z"):
            raise ValueError(f"number without a command at {data.rest()!r}")
        cmd = given or cmd
        op, rel = cmd.upper(), cmd.islower()
        if op == "Z":
            if segs:
                subpaths.append((start, tuple(segs), True))
                segs = []
            cur, last_cubic, last_quad = start, None, None
            continue
        nums = data.arguments(cmd)
        if op == "A":
            end = (nums[5] + cur[0] * rel, nums[6] + cur[1] * rel)
            arc = Arc(nums[0], nums[1], nums[2], nums[3] == 1, nums[4] == 1, end)
            segs += arc_segments(cur, arc)
            cur, last_cubic, last_quad = end, None, None
            continue
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


_PLAIN = re.compile(rf"(?:[\s,]*(?:[MmLlHhVvCcSsQqTtZz]|{_NUMBER.pattern}))*[\s,]*")
"""Path data with no arcs (no flags to read) and nothing but commands and numbers."""
_PLAIN_TOKEN = re.compile(rf"[MmLlHhVvCcSsQqTtZz]|{_NUMBER.pattern}")


class _Tokens:
    """`_PathData` for path data `_PLAIN` matches, split into tokens at once (a drawing's
    paths are thousands of numbers: the cursor's match per token cost most of a build's start)."""

    def __init__(self, text: str) -> None:
        self.tokens, self.at = _PLAIN_TOKEN.findall(text), 0

    def done(self) -> bool:
        return self.at >= len(self.tokens)

    def take(self, token: re.Pattern[str]) -> str | None:
        if self.done() or not token.fullmatch(self.tokens[self.at]):
            return None
        self.at += 1
        return str(self.tokens[self.at - 1])

    def rest(self) -> str:
        return ""  # never shown: parse_path reads a path that fails here again with _PathData

    def arguments(self, cmd: str) -> list[float]:
        count = len(_ARGUMENTS[cmd])
        found = self.tokens[self.at : self.at + count]
        if len(found) < count or any(_COMMAND.fullmatch(t) for t in found):
            raise ValueError(f"command {cmd} lacks numbers at {self.rest()!r}")
        self.at += count
        return [float(t) for t in found]


class _PathData:
    """A cursor over path data: commands, numbers in their compact forms (``1.5.5`` is two,
    ``-1-2`` too) and the arc flags, which need no separator (``a10 10 0 011 1``)."""

    def __init__(self, text: str) -> None:
        self.text, self.at = text, 0

    def done(self) -> bool:
        """Moves past separators; True at the end."""
        self.at = _SEPARATOR.match(self.text, self.at).end()  # type: ignore[union-attr]
        return self.at >= len(self.text)

    def take(self, token: re.Pattern[str]) -> str | None:
        """The next token if it is a `token`, after any separators."""
        found = None if self.done() else token.match(self.text, self.at)
        if found is None:
            return None
        self.at = found.end()
        return found.group()

    def rest(self) -> str:
        return self.text[self.at : self.at + 12]

    def arguments(self, cmd: str) -> list[float]:
        """The numbers one use of `cmd` takes (``n`` a number, ``f`` a flag, 0 or 1)."""
        values = []
        for kind in _ARGUMENTS[cmd]:
            found = self.take(_FLAG if kind == "f" else _NUMBER)
            if found is None:
                raise ValueError(f"command {cmd} lacks numbers at {self.rest()!r}")
            values.append(float(found))
        return values


def _walk(
    node: ET.Element, matrix: Matrix, shapes: dict[str, Shape], source: str, depth: int = 0
) -> list[Subpath]:
    tag = _tag(node)
    if tag is None or tag in _SKIPPED or _hidden(node):
        return []
    try:
        if depth > _MAX_DEPTH:
            raise ValueError(f"groups nested more than {_MAX_DEPTH} deep")
        matrix = _multiply(matrix, _parse_transform(node.get("transform", "")))
        if tag in _CONTAINERS:
            subpaths = [
                s for child in node for s in _walk(child, matrix, shapes, source, depth + 1)
            ]
        else:
            subpaths = [_transform(s, matrix) for s in _element_subpaths(tag, node)]
        if node.get("id") and subpaths:
            shapes[node.get("id", "")] = _shape(subpaths)
    except (ValueError, ArithmeticError) as exc:  # overflow: numbers such as 1e300
        warnings.warn(f"{source}: skipped <{tag} id={node.get('id')!r}>: {exc}", stacklevel=2)
        return []
    return subpaths


def _hidden(node: ET.Element) -> bool:
    """display="none", or display:none in its style (how Inkscape hides a layer)."""
    declarations = (part.partition(":") for part in node.get("style", "").split(";"))
    style = {name.strip(): value.strip() for name, _, value in declarations}
    return "none" in (node.get("display"), style.get("display"))


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
        return [ellipse(num("cx", 0), num("cy", 0), r, r)]
    if tag == "ellipse":
        return [ellipse(num("cx", 0), num("cy", 0), num("rx"), num("ry"))]
    if tag == "rect":
        return [
            rounded_rect(
                num("x", 0),
                num("y", 0),
                num("width"),
                num("height"),
                node.get("rx"),
                node.get("ry"),
            )
        ]
    if tag == "line":
        return [((num("x1", 0), num("y1", 0)), (((num("x2", 0), num("y2", 0)),),), False)]
    if tag in ("polyline", "polygon"):
        return [_polyline(_numbers(node.get("points", "")), closed=tag == "polygon")]
    return []  # text, images and anything else carry no region geometry


def _polyline(values: list[float], closed: bool) -> Subpath:
    if len(values) < 4 or len(values) % 2:
        raise ValueError("points needs at least two x,y pairs")
    pairs = [(values[k], values[k + 1]) for k in range(0, len(values), 2)]
    return pairs[0], tuple((p,) for p in pairs[1:]), closed


def _numbers(text: str) -> list[float]:
    """A list of numbers such as a viewBox, points or a transform's arguments."""
    data = _PathData(text)
    values = []
    while not data.done():
        found = data.take(_NUMBER)
        if found is None:
            raise ValueError(f"not a number at {data.rest()!r}")
        values.append(float(found))
    return values


def _parse_transform(text: str) -> Matrix:
    matrix, pos = _IDENTITY, 0
    for m in _TRANSFORM.finditer(text):
        if m.start() != pos:
            break
        pos = m.end()
        name, v = m.group(1), _numbers(m.group(2))
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
        elif name == "skewX" and len(v) == 1:
            step = (1, 0, math.tan(math.radians(v[0])), 1, 0, 0)
        elif name == "skewY" and len(v) == 1:
            step = (1, math.tan(math.radians(v[0])), 0, 1, 0, 0)
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
