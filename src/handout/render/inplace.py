"""Flowables drawn without reportlab's Python-side copy of the graphics state."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from handout.render.text.fast import translate_op


class InPlace(Flowable):  # type: ignore[misc]
    """A flowable whose draw leaves the canvas as it found it: whatever it changes, it changes
    inside its own q … Q or a saveState/restoreState pair. Its drawOn writes what
    Flowable.drawOn writes and moves the matrix (which bookmarks and links read), but skips
    saving and restoring reportlab's copy of some twenty state attributes."""

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        x = self._hAlignAdjust(x, _sW)
        matrix = canvas._currentMatrix
        a, b, c, d, e, f = matrix  # as canvas.transform(1, 0, 0, 1, x, y) tracks it
        canvas._currentMatrix = (
            a * 1 + c * 0,
            b * 1 + d * 0,
            a * 0 + c * 1,
            b * 0 + d * 1,
            a * x + c * y + e,
            b * x + d * y + f,
        )
        canvas._code += ["q", translate_op(x, y)]
        self.canv = canvas
        try:
            self.draw()
        finally:
            del self.canv
            canvas._currentMatrix = matrix
        canvas._code.append("Q")
