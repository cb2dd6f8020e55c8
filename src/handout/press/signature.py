"""The pure arithmetic of a saddle-stitched signature: which pages share a sheet, and how far
each sheet's pages move toward the spine (press/saddle.py sets them on their sheets).

Order: n pages (padded with blank pages at the end to a multiple of 4 — our booklets are
already padded with ruled notes pages, so this only matters for other inputs) make n / 4
sheets; sheet k (from 0, the outermost) has [n−1−2k | 2k] on its front (left | right) and
[2k+1 | n−2−2k] on its back.

Creep: folded sheets nest, so the inner ones stick out at the fore-edge and lose more to the
trim, so each sheet's pages move toward the spine by its share of the total (--creep, or
paper thickness × (sheets − 1)): nothing for the outermost sheet, the total for the innermost,
in even steps between.
"""

from __future__ import annotations

from handout.press.options import PressOptions

Pair = tuple[int | None, int | None]  # left, right: page indices from 0, None for a blank


def page_order(n: int) -> list[tuple[Pair, Pair]]:
    """Each sheet's front and back pair, the outermost sheet first, for n pages padded with
    blanks to a multiple of 4."""
    padded = -(-n // 4) * 4

    def page(index: int) -> int | None:
        return index if index < n else None

    return [
        (
            (page(padded - 1 - 2 * k), page(2 * k)),
            (page(2 * k + 1), page(padded - 2 - 2 * k)),
        )
        for k in range(padded // 4)
    ]


def creep_shifts(sheets: int, total: float) -> list[float]:
    """Each sheet's shift toward the spine, the outermost first: 0 for it, `total` for the
    innermost, in even steps between (0 for a single sheet)."""
    if sheets < 2:
        return [0.0] * sheets
    return [total * k / (sheets - 1) for k in range(sheets)]


def total_creep(press: PressOptions, sheets: int) -> float:
    """The innermost sheet's shift in mm: --creep, or one paper thickness per sheet around it."""
    if press.creep is not None:
        return press.creep
    return (press.paper_thickness or 0.0) * max(sheets - 1, 0)
