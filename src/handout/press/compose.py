"""Finished pages set on press sheets, with pikepdf (qpdf): each page becomes a form XObject,
drawn on its sheet through a matrix and clipped to its bleed. The only module of the press
stage that touches a PDF library; pikepdf is imported only when a press option is used."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from handout.press.furniture import NOTHING, Furniture, Info, draw
from handout.press.geometry import Box, Matrix

if TYPE_CHECKING:
    import pikepdf


class Placed(NamedTuple):
    """Page `page` of source `source` drawn through `matrix`, showing only what lies in `clip`
    (sheet coordinates: the trim, or the trim and its bleed)."""

    source: int
    page: int
    matrix: Matrix
    clip: Box


class Sheet(NamedTuple):
    """One printed side: its size, the pages on it, its boxes, and a shift of everything on it
    (a duplex back corrected by the printer's measured offset)."""

    size: tuple[float, float]
    placed: list[Placed]
    trim: Box
    bleed: Box
    furniture: Furniture = NOTHING
    shift: tuple[float, float] = (0.0, 0.0)


class Source(NamedTuple):
    """A finished PDF, opened once: the document and the size of each page in points."""

    pdf: Any  # pikepdf.Pdf
    sizes: list[tuple[float, float]]


def open_source(data: bytes) -> Source:
    import pikepdf

    pdf = pikepdf.Pdf.open(io.BytesIO(data))
    return Source(pdf, [_size(page.mediabox) for page in pdf.pages])


def _size(box: Any) -> tuple[float, float]:
    return (float(box[2] - box[0]), float(box[3] - box[1]))


def compose(sources: list[Source], sheets: list[Sheet], reach: float) -> bytes:
    """The sheets as one PDF. Each source page may draw up to `reach` points past its own
    edges (backgrounds meant to bleed); `Placed.clip` decides how much of that shows."""
    import pikepdf

    first = sources[0].pdf
    out = pikepdf.Pdf.open(io.BytesIO(draw([(s.size, s.furniture) for s in sheets], _info(first))))
    forms = [_forms(out, source.pdf, reach) for source in sources]
    for page, sheet in zip(out.pages, sheets, strict=True):
        _set_on(out, page, sheet, forms)
    for key, value in first.docinfo.items():  # the finished document's, dates included
        out.docinfo[key] = pikepdf.String(str(value))
    buffer = io.BytesIO()
    # Streams as they are: the finished pages' and reportlab's are compressed already, and
    # qpdf's compress_streams would decode and encode every one again (3x the time).
    out.save(buffer, deterministic_id=True, compress_streams=False)
    return buffer.getvalue()


def _info(pdf: pikepdf.Pdf) -> Info:
    doc = pdf.docinfo
    lang = str(pdf.Root.get("/Lang", ""))
    title, author, subject = (str(doc.get(k, "")) for k in ("/Title", "/Author", "/Subject"))
    return Info(title, author, subject, lang)


def _forms(out: pikepdf.Pdf, source: pikepdf.Pdf, reach: float) -> list[Any]:
    """Every page of `source` as a form XObject of `out`, its bounding box grown by `reach`."""
    import pikepdf

    made = [page.as_form_xobject(handle_transformations=_turned(page)) for page in source.pages]
    for form in made:
        x0, y0, x1, y1 = (float(v) for v in form.BBox)
        form.BBox = pikepdf.Array([x0 - reach, y0 - reach, x1 + reach, y1 + reach])
    # one copy of them all: qpdf then walks the resources they share (fonts) once, not per page
    return list(out.copy_foreign(source.make_indirect(pikepdf.Array(made))))


def _turned(page: Any) -> bool:
    """The page is turned (/Rotate) or its box is not at the origin, so its form must undo
    that; our layouts write neither, and qpdf's undoing costs time on every page."""
    box = page.mediabox
    return bool(int(page.obj.get("/Rotate", 0)) % 360 or float(box[0]) or float(box[1]))


def _set_on(out: pikepdf.Pdf, page: Any, sheet: Sheet, forms: list[list[Any]]) -> None:
    import pikepdf

    names: dict[tuple[int, int], str] = {}
    xobjects = page.Resources.get("/XObject", pikepdf.Dictionary())
    ops = []
    for placed in sheet.placed:
        key = (placed.source, placed.page)
        if key not in names:
            names[key] = f"/P{placed.source}n{placed.page}"
            xobjects[names[key]] = forms[placed.source][placed.page]
        clip = placed.clip
        ops.append(
            f"q {_n(clip.x0)} {_n(clip.y0)} {_n(clip.width)} {_n(clip.height)} re W n"
            f" {' '.join(_n(v) for v in placed.matrix)} cm {names[key]} Do Q"
        )
    page.Resources.XObject = xobjects
    dx, dy = sheet.shift
    before = out.make_stream(f"q 1 0 0 1 {_n(dx)} {_n(dy)} cm\n".encode())
    after = out.make_stream(("\n".join(ops) + "\nQ\n").encode())
    page.Contents = pikepdf.Array([before, *_streams(page.Contents), after])
    paper = Box(0.0, 0.0, *sheet.size)
    page.TrimBox = _box(_within(sheet.trim.moved(dx, dy), paper))
    page.BleedBox = _box(_within(sheet.bleed.moved(dx, dy), paper))


def _within(box: Box, paper: Box) -> Box:
    """The part of `box` on the paper (a back moved by the printer's offset may run off it)."""
    return Box(
        max(box.x0, paper.x0), max(box.y0, paper.y0), min(box.x1, paper.x1), min(box.y1, paper.y1)
    )


def _box(box: Box) -> Any:
    import pikepdf

    return pikepdf.Array([_d(v) for v in box])


def _streams(contents: Any) -> list[Any]:
    import pikepdf

    return list(contents) if isinstance(contents, pikepdf.Array) else [contents]


def _n(value: float) -> str:
    """A number for a content stream: at most 4 decimals, no trailing zeros."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _d(value: float) -> Any:
    from decimal import Decimal

    return Decimal(_n(value))


def stamped(data: bytes, furniture: Callable[[tuple[float, float]], Furniture]) -> bytes:
    """`data` with the furniture made for its last page's size drawn over that page (pages,
    links and bookmarks kept)."""
    import pikepdf

    pdf = pikepdf.Pdf.open(io.BytesIO(data))
    last = pdf.pages[-1]
    size = _size(last.mediabox)
    overlay = pikepdf.Pdf.open(io.BytesIO(draw([(size, furniture(size))], _info(pdf))))
    last.add_overlay(overlay.pages[0], None)
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True, compress_streams=False)
    return buffer.getvalue()


class Merged:
    """Finished documents one after another in one PDF, each under a top-level bookmark that
    opens at its first page (`handout batch --merge`).

    Each document is opened, copied in and closed at once: pikepdf copies a page's objects,
    streams included, into this PDF when it is appended, so no source stays open and only
    this PDF grows (about three times the size of the file it saves, in memory)."""

    def __init__(self, title: str) -> None:
        import pikepdf

        self.pdf = pikepdf.new()
        self.title = title
        self.marks: list[tuple[str, int]] = []

    @property
    def pages(self) -> int:
        return len(self.pdf.pages)

    def add(self, title: str, data: bytes) -> None:
        import pikepdf

        with pikepdf.open(io.BytesIO(data)) as source:
            if not self.marks:  # who made it and when, as the first document says
                for key in ("/Author", "/Creator", "/Producer", "/CreationDate", "/ModDate"):
                    if key in source.docinfo:
                        self.pdf.docinfo[key] = pikepdf.String(str(source.docinfo[key]))
            self.marks.append((title, self.pages))
            self.pdf.pages.extend(source.pages)

    def save(self, path: Path) -> None:
        """Written to `path` with the bookmarks, byte for byte the same for the same documents."""
        import pikepdf

        with self.pdf.open_outline() as outline:
            outline.root.extend(pikepdf.OutlineItem(title, page) for title, page in self.marks)
        self.pdf.docinfo["/Title"] = pikepdf.String(self.title)
        self.pdf.Root.PageMode = pikepdf.Name.UseOutlines  # a viewer opens with them shown
        self.pdf.save(path, deterministic_id=True, compress_streams=False)
