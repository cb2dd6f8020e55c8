"""Design measured from a PDF: text runs (size, colour, box), their contrast, and page fill.

Read with pypdfium2, as a printer would see the page: sizes are the rendered sizes in points,
boxes are in points from the page's bottom-left corner.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pypdfium2
import pypdfium2.raw as raw


class Run(NamedTuple):
    """Neighbouring characters of one line sharing a size and a colour."""

    text: str
    size: float
    rgb: tuple[int, int, int]
    box: tuple[float, float, float, float]  # left, bottom, right, top
    page: int


def _colour(textpage: pypdfium2.PdfTextPage, index: int) -> tuple[int, int, int]:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    raw.FPDFText_GetFillColor(textpage, index, r, g, b, a)
    return (r.value, g.value, b.value)


def text_runs(path: Path, pages: list[int] | None = None) -> list[Run]:
    """Every visible text run of the PDF (or of `pages`, counted from 0)."""
    document = pypdfium2.PdfDocument(str(path))
    chosen = range(len(document)) if pages is None else pages
    runs: list[Run] = []
    for number in chosen:
        runs.extend(_page_runs(document[number].get_textpage(), number))
    return runs


def _page_runs(textpage: pypdfium2.PdfTextPage, number: int) -> Iterator[Run]:
    current: list[tuple[str, float, tuple[int, int, int], tuple[float, float, float, float]]] = []
    for index in range(textpage.count_chars()):
        char = chr(raw.FPDFText_GetUnicode(textpage, index))
        if char in "\r\n\x02" or raw.FPDFText_IsGenerated(textpage, index):
            yield from _flush(current, number)
            current = []
            continue
        size = round(raw.FPDFText_GetFontSize(textpage, index), 2)
        rgb = _colour(textpage, index)
        box = textpage.get_charbox(index)
        if current:
            _, last_size, last_rgb, last_box = current[-1]
            same_line = abs(box[1] - last_box[1]) < size * 0.6 or char.isspace()
            if (size, rgb) != (last_size, last_rgb) or not same_line:
                yield from _flush(current, number)
                current = []
        current.append((char, size, rgb, box))
    yield from _flush(current, number)


def _flush(chars: list, number: int) -> Iterator[Run]:
    shown = [c for c in chars if not c[0].isspace()]
    if not shown:
        return
    boxes = [c[3] for c in shown]
    box = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    text = "".join(c[0] for c in chars).strip()
    yield Run(text, shown[0][1], shown[0][2], box, number)


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG relative luminance of an sRGB colour given as 0–255 channels."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: tuple[int, int, int], other: tuple[int, int, int] = (255, 255, 255)) -> float:
    """WCAG contrast ratio (1–21) between two colours; the second defaults to white paper."""
    a, b = sorted((luminance(one), luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def page_fill(path: Path, *, top_mm: float = 0, bottom_mm: float = 0) -> list[float]:
    """How far down each page its ink reaches, as a share (0–1) of the room between `top_mm`
    and `bottom_mm` from the page's edges (so running headers and footers can be left out):
    read from the rendered pixels, at 1 pixel a point."""
    document = pypdfium2.PdfDocument(str(path))
    fills = []
    for page in document:
        image = page.render(scale=1).to_pil().convert("L")
        points = 72 / 25.4
        top, bottom = round(top_mm * points), image.height - round(bottom_mm * points)
        inked = image.crop((0, top, image.width, bottom)).point(lambda v: 255 if v < 235 else 0)
        box = inked.getbbox()
        fills.append(0.0 if box is None else box[3] / (bottom - top))
    return fills


def backgrounds(path: Path, runs: list[Run], scale: float = 2) -> list[tuple[int, int, int]]:
    """The colour each run is printed on: the commonest colour of the rendered pixels in its box."""
    document = pypdfium2.PdfDocument(str(path))
    images: dict[int, object] = {}
    found = []
    for run in runs:
        if run.page not in images:
            images[run.page] = document[run.page].render(scale=scale).to_pil().convert("RGB")
        image = images[run.page]
        height = image.height / scale  # type: ignore[attr-defined]
        grow = run.size * 0.25  # a little around the glyphs, so they do not outnumber the paper
        left, bottom, right, top = run.box
        left, bottom, right, top = left - grow, bottom - grow, right + grow, top + grow
        crop = (left * scale, (height - top) * scale, right * scale, (height - bottom) * scale)
        region = image.crop(tuple(round(v) for v in crop))  # type: ignore[attr-defined]
        colours = region.getcolors(maxcolors=1 << 20) or [(1, (255, 255, 255))]
        found.append(max(colours)[1])
    return found


def overlaps(a: tuple[float, ...], b: tuple[float, ...], slack: float = 0.2) -> bool:
    """Whether two boxes (left, bottom, right, top) share more than `slack` points each way."""
    return min(a[2], b[2]) - max(a[0], b[0]) > slack and min(a[3], b[3]) - max(a[1], b[1]) > slack
