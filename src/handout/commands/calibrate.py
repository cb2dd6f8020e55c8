"""`handout calibrate`: the two-sided page that measures how far a printer puts the back of a
sheet off its front (press/calibrate.py), with the workspace's offset applied to its back."""

from __future__ import annotations

from pathlib import Path

from handout import check
from handout.commands.build import Result
from handout.commands.options import office_paper, source_date_epoch, workspace
from handout.content.paper import PaperError, paper_label, paper_size
from handout.content.parse import noted
from handout.errors import UsageError

PAGES = 2


def calibrate(
    root: Path | None,
    sheet_paper: str | None,
    duplex: str | None = None,
    out: Path | None = None,
    force: bool = False,
) -> Result:
    """Write the calibration page for `sheet_paper` flipped on the `duplex` edge (default
    long), by default to output/calibrate-<sheet>.pdf of the current folder."""
    from handout.output.write import PDF, Guard, write_bytes
    from handout.press.calibrate import calibration_pdf
    from handout.press.cards import Paper
    from handout.press.furniture import Info

    source_date_epoch()  # reportlab dates the PDF from it: refuse one that is no time first
    with noted() as notes:
        brand = check.brand(workspace(root))
    sheet_paper = sheet_paper or office_paper(brand)
    try:
        size = paper_size(sheet_paper)
    except PaperError as exc:
        raise UsageError(f"--sheet-paper: {exc}") from None
    name = sheet_paper.strip().lower().replace(" ", "")
    flip = duplex or "long"
    across, up = brand.press.duplex_offset_mm
    info = Info(
        "Duplex calibration",
        brand.clinic.name or "handout",
        f"Two-sided alignment page, {paper_label(name)}, flipped on the {flip} edge",
        "en",
    )
    data = calibration_pdf(Paper(name, size), flip, (across, up), info)
    target = out or Path("output") / f"calibrate-{name}.pdf"
    write_bytes(target, data, Guard(PDF, force, ()))
    return Result(target, PAGES, [str(note) for note in dict.fromkeys(notes)])
