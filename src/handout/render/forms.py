"""Drawings a document repeats, placed as PDF forms: drawn once, then referenced.

A manual repeats a few drawings hundreds of times (pictograms, caution signs, step-number
discs). As form XObjects each costs one reference per use instead of a full set of paths, in
time, memory and file size.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas


def place(
    canvas: Canvas,
    key: str,
    box: tuple[float, float, float, float],
    draw: Callable[[Canvas], None],
    at: tuple[float, float] = (0.0, 0.0),
) -> None:
    """Draw `draw` (which draws around the origin, inside `box`) with its origin at `at`,
    defining it as a form the first time this document sees `key`."""
    name = "form-" + hashlib.sha1(key.encode()).hexdigest()[:12]
    if not canvas.hasForm(name):
        canvas.beginForm(name, *box)
        draw(canvas)
        canvas.endForm()
    if at == (0.0, 0.0):
        canvas.doForm(name)
        return
    canvas.saveState()
    canvas.translate(*at)
    canvas.doForm(name)
    canvas.restoreState()
