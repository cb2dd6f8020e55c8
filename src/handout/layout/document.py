"""The reportlab document shared by sheets and booklets: metadata, deterministic output, page totals."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, Spacer

from handout.assets import fonts
from handout.layout.context import Context
from handout.render.pdf import ops
from handout.render.text.markup import plain


class TotalCanvas(Canvas):  # type: ignore[misc]
    """Holds pages back until save() so every page can print the total page count."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict[str, Any]] = []
        self.on_total: Callable[[Canvas, int, int], None] | None = None

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        ops.start_page(self)

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, 1):
            self.__dict__.update(state)
            if self.on_total is not None:
                self.on_total(self, number, total)
            super().showPage()
        super().save()


class Later:
    """A stand-in for flowables that are built only when layout gets to them."""

    def __init__(self, make: Callable[[], list[Any]]) -> None:
        self.make = make


class Doc(BaseDocTemplate):  # type: ignore[misc]
    """A BaseDocTemplate with our metadata, fonts and invariant output."""

    def __init__(
        self, pagesize: tuple[float, float], ctx: Context, *, title: str, subject: str
    ) -> None:
        self.buffer = io.BytesIO()
        top, right, bottom, left = ctx.margins
        super().__init__(
            self.buffer,
            pagesize=pagesize,
            title=plain(title),
            author=ctx.author,
            subject=plain(subject),
            creator="handout",
            producer="handout (reportlab)",
            lang=ctx.lang,
            invariant=1,
            initialFontName=fonts.MAIN,
            topMargin=top,
            rightMargin=right,
            bottomMargin=bottom,
            leftMargin=left,
            displayDocTitle=1,
        )

    def filterFlowables(self, flowables: list[Any]) -> None:
        """Expand a Later placeholder when layout reaches it, so a long manual's story is
        never in memory all at once."""
        while flowables and isinstance(flowables[0], Later):
            # reportlab takes the first flowable next: one that makes nothing leaves a stand-in
            flowables[0:1] = flowables[0].make() or [Spacer(0, 0)]

    def pdf_bytes(self) -> bytes:
        """The PDF; invariant mode (reportlab honours SOURCE_DATE_EPOCH) makes it repeatable."""
        return self.buffer.getvalue()


def set_metadata(canvas: Canvas, title: str, author: str, subject: str) -> None:
    """Metadata for a PDF drawn straight on a canvas (cards)."""
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setSubject(subject)
    canvas.setCreator("handout")
    canvas.setProducer("handout (reportlab)")


def frame(x: float, y: float, width: float, height: float, id: str | None = None) -> Frame:
    """A frame with no padding: our margins are the page template's, not the frame's."""
    return Frame(
        x, y, width, height, id=id, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
    )
