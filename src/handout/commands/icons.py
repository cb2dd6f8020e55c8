"""`handout icons`: a PDF of every body region highlighted."""

from __future__ import annotations

from pathlib import Path

from handout.commands.build import source_date_epoch
from handout.content.workspace import shown


def icons(out: Path, force: bool = False) -> str:
    from handout.output.write import Guard, atomic_path
    from handout.render import bodymap
    from handout.render.pdf.writer import writing

    source_date_epoch()  # reportlab dates the PDF from it
    with atomic_path(out, Guard(force=force)) as temp, writing():
        bodymap.region_sheet(str(temp))
    return shown(out)
