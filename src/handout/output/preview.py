"""PNG previews of a built PDF, one image per page, written next to it."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, NamedTuple

from handout.output.write import PNG, Guard, atomic_path, replaceable

MAX_PIXELS = 40_000_000  # a page: pdfium's bitmap and Pillow's copy, under 300 MB; A4 and Letter fit at 600 dpi


class Previews(NamedTuple):
    paths: list[Path]
    warnings: list[str]


def write_pngs(pdf: Path, dpi: int = 110, force: bool = False) -> Previews:
    """`<stem>-<page>.png` beside `pdf`, each refused as `--out` would be (output/write.py),
    all of them before the first is written. A page that would have more than MAX_PIXELS at
    `dpi` is rendered at the highest resolution that stays under it, with a warning."""
    import pypdfium2

    guard = Guard(PNG, force)
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        targets = [pdf.with_name(f"{pdf.stem}-{n}.png") for n in range(1, len(document) + 1)]
        for target in targets:
            replaceable(target, guard)
        warnings: dict[int, str] = {}
        for index, target in enumerate(targets):
            page = document[index]
            used = page_dpi(page.get_size(), dpi)
            if used != dpi:
                warnings.setdefault(used, _lowered(page.get_size(), dpi, used))
            _write_page(page, used, target, guard)
        return Previews(targets, list(warnings.values()))
    finally:
        document.close()


def _write_page(page: Any, dpi: int, target: Path, guard: Guard) -> None:
    """One page as a PNG; its image is let go before the next page is rendered."""
    image = page.render(scale=dpi / 72).to_pil()
    with atomic_path(target, guard) as temp:
        image.save(temp, format="PNG")


def page_dpi(size: tuple[float, float], dpi: int) -> int:
    """`dpi`, or the highest resolution (at least 1 dpi) at which a page of `size` points has
    no more than MAX_PIXELS."""
    width, height = (side / 72 for side in size)  # inches
    most = math.sqrt(MAX_PIXELS / (width * height))
    return dpi if dpi <= most else max(1, math.floor(most))


def _lowered(size: tuple[float, float], dpi: int, used: int) -> str:
    width, height = (round(side / 72 * 25.4) for side in size)
    pixels = size[0] * size[1] * (dpi / 72) ** 2
    return (
        f"a {width}×{height} mm page at {dpi} dpi would be {pixels / 1e6:,.0f} million pixels"
        f" — previewed at {used} dpi, the most that stays under {MAX_PIXELS // 1_000_000} million"
    )
