"""Drawings a document repeats, placed as PDF forms: drawn once, then referenced.

A manual repeats a few drawings hundreds of times (pictograms, caution signs, step-number
discs). As form XObjects each costs one reference per use instead of a full set of paths, in
time, memory and file size.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from handout.render.pdf import ops
from handout.render.pdf.ops import translate_op


@functools.lru_cache(maxsize=256)
def drawing_key(kind: str, *measures: float | Color) -> str:
    """A drawing's key from its kind, sizes and colours (the same few recur on every page)."""
    parts = (f"{m:.4f}" if isinstance(m, float | int) else str(m.rgb()) for m in measures)
    return " ".join([kind, *parts])


@functools.lru_cache(maxsize=1024)
def _name(key: str) -> str:
    return "form-" + hashlib.sha1(key.encode()).hexdigest()[:12]


def place(
    canvas: Canvas,
    key: str,
    box: tuple[float, float, float, float],
    draw: Callable[[Canvas], None],
    at: tuple[float, float] | None = None,
) -> None:
    """Draw `draw` (which draws around the origin, inside `box`) with its origin at `at` (else
    where the canvas's origin is), defining it as a form the first time a document sees `key`."""
    name = _name(key)
    if not canvas.hasForm(name):
        canvas.beginForm(name, *box)
        draw(canvas)
        canvas.endForm()
    if at is None:
        canvas.doForm(name)
        return
    # What saveState, translate and restoreState write around it; a form changes no state.
    ops.write(canvas, "q", translate_op(*at))
    canvas.doForm(name)
    ops.restore(canvas)
