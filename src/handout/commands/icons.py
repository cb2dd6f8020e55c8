"""`handout icons`: a PDF of every body region highlighted, drawn from the workspace's own
icon files (``assets/icons/*.svg``) where it has them, else from the built-in ones."""

from __future__ import annotations

import warnings
from pathlib import Path

from handout.commands.options import source_date_epoch
from handout.content.workspace import resolve_root, shown


def icons(out: Path, force: bool = False, root: Path | None = None) -> tuple[str, list[str]]:
    """The sheet written to `out`, and a warning per drawing element that was skipped."""
    from handout.assets.svgpath import own_icons
    from handout.output.write import Guard, atomic_path
    from handout.render import bodymap
    from handout.render.pdf.writer import writing

    source_date_epoch()  # reportlab dates the PDF from it
    folder = resolve_root(root) / "assets" / "icons"
    with (
        warnings.catch_warnings(record=True) as skipped,
        own_icons(folder),
        atomic_path(out, Guard(force=force)) as temp,
        writing(),
    ):
        warnings.simplefilter("always")
        bodymap.region_sheet(str(temp))
    return shown(out), [str(w.message) for w in skipped]
