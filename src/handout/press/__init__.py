"""Press stage: finished pages in, printed sheets out (n-up cards, bleed, crop marks, duplex
backs, saddle-stitch imposition).

It works on finished PDFs, so layout and render never know how their pages are printed.
Nothing here is imported unless a press option is used; pikepdf only in press/compose.py.
"""

from __future__ import annotations

from typing import NamedTuple

from handout.press.options import MAX_BLEED_MM, PressOptions


class Finished(NamedTuple):
    """A finished document: its name (routine or manual id) and its PDF."""

    name: str
    data: bytes


def press_pdf(
    docs: list[Finished], options: PressOptions, sheet_paper: str | None, *, copies: bool
) -> tuple[bytes, int]:
    """`docs` made ready to print: n-up cards (each once, or with `copies` the one card as often
    as asked or as fits), a booklet's saddle-stitched spreads, or each page on its own sheet
    with its bleed and crop marks; and how many sheet sides that is.
    `sheet_paper`: the paper printed on (None: a saddle-stitched booklet's own, two pages wide)."""
    from handout.content.paper import paper_size
    from handout.press import cards
    from handout.press.compose import compose, open_source
    from handout.press.geometry import MM

    sources = [open_source(doc.data) for doc in docs]
    found = [
        cards.Doc(d.name, i, s.sizes) for i, (d, s) in enumerate(zip(docs, sources, strict=True))
    ]
    paper = cards.Paper(sheet_paper, paper_size(sheet_paper)) if sheet_paper else None
    if options.impose == "saddle":
        from handout.press import saddle

        sheets = saddle.spreads(found[0], options, paper)
    elif options.nup is not None:
        assert paper is not None, "n-up needs a sheet paper"
        sheets = cards.nup(found, options, paper, copies)
    else:
        sheets = [sheet for doc in found for sheet in cards.marked(doc, options)]
    return compose(sources, sheets, reach=MAX_BLEED_MM * MM), len(sheets)


UNCHECKED_SIZE = 8.0  # points: the smallest any of our layouts prints
UNCHECKED_AT = 3.5  # mm above the bottom edge: under every footer, inside every margin


def not_checked(data: bytes, words: str) -> bytes:
    """The document with `words` ("not safety-checked …") along the foot of its last page, in
    bold K-only black, for a build made with --no-lint."""
    from handout.press.compose import stamped
    from handout.press.furniture import Furniture, Label
    from handout.press.geometry import MM

    def foot(size: tuple[float, float]) -> Furniture:
        middle = size[0] / 2
        label = Label(words, middle, UNCHECKED_AT * MM, UNCHECKED_SIZE, "middle", bold=True)
        return Furniture([], [label])

    return stamped(data, foot)
