"""QR codes drawn straight on the canvas: one filled rectangle per run of dark modules.

reportlab's QrCodeWidget would bring its graphics package, whose drawings start from an
unembedded Helvetica unless its global defaults are changed; its encoder is all we need.
"""

from __future__ import annotations

import itertools

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import Color
from reportlab.platypus import Flowable


class QrCode(Flowable):  # type: ignore[misc]
    """A square QR code of `text`, `side` points wide, at error correction level L."""

    def __init__(self, text: str, side: float, color: Color) -> None:
        super().__init__()
        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.L)
        code.addData(text)
        code.make()
        self.modules: list[list[bool | None]] = code.modules
        self.width = self.height = side
        self.color = color

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        box = self.width / len(self.modules)
        canvas.setFillColor(self.color)
        for row_number, row in enumerate(self.modules):
            y = self.height - (row_number + 1) * box
            column = 0
            for dark, run in itertools.groupby(map(bool, row)):
                count = len(list(run))
                if dark:
                    canvas.rect(column * box, y, count * box, box, stroke=0, fill=1)
                column += count
