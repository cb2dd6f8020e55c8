"""`handout icons`: a PDF of every body region highlighted."""

from __future__ import annotations

from pathlib import Path

from handout.content.workspace import shown


def icons(out: Path) -> str:
    from handout.output.write import atomic_path
    from handout.render import bodymap
    from handout.render.pdf.writer import writing

    with atomic_path(out) as temp, writing():
        bodymap.region_sheet(str(temp))
    return shown(out)
