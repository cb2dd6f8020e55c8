"""What the press stage is asked to do: the command line's press options and handout.yaml's
`press:` settings, checked against the format before anything is built. No pikepdf here."""

from __future__ import annotations

from typing import NamedTuple

from handout.content.paper import BLEED_REACH_MM
from handout.errors import UsageError

DEFAULT_BLEED_MM = 3.0  # with --crop-marks and no --bleed: what print shops ask for
MAX_BLEED_MM = float(BLEED_REACH_MM)  # layout draws what bleeds this far past the trim
DUPLEX = ("long", "short")
IMPOSITIONS = ("saddle",)
AUTO = 0  # --nup auto: as many as fit
MAX_NUP = 100


class PressOptions(NamedTuple):
    """The press options of one build. `nup` None: no n-up; AUTO: as many as fit."""

    nup: int | None = None
    sheet_paper: str | None = None
    gutter: float | None = None  # mm between cards; None: 0 (shared cut lines)
    bleed: float | None = None  # mm; None: DEFAULT_BLEED_MM with crop marks, else 0
    crop_marks: bool = False
    duplex: str | None = None  # long | short; None: long for cards, short for saddle spreads
    impose: str | None = None  # saddle
    creep: float | None = None  # mm, the innermost sheet's shift toward the spine
    paper_thickness: float | None = None  # mm; creep from it when --creep is not given
    offset: tuple[float, float] = (0.0, 0.0)  # mm, handout.yaml press: duplex_offset_mm

    @property
    def active(self) -> bool:
        """Anything for the press to do (else the finished pages are written as they are)."""
        return bool(self.nup is not None or self.crop_marks or self.bleed or self.impose)

    @property
    def bleed_mm(self) -> float:
        if self.bleed is not None:
            return self.bleed
        return DEFAULT_BLEED_MM if self.crop_marks else 0.0

    @property
    def gutter_mm(self) -> float:
        return self.gutter or 0.0


def validate(press: PressOptions, fmt: str) -> None:
    """Refuse options that do not go together or with `fmt` (card, sheet, booklet)."""
    if press.nup is not None and fmt != "card":
        raise UsageError("--nup places cards on press sheets — use it with --format card")
    if press.impose and fmt != "booklet":
        raise UsageError(
            "--impose saddle folds a booklet into spreads — use it with --manual ID or --format booklet"
        )
    for given, name in ((press.creep, "--creep"), (press.paper_thickness, "--paper-thickness")):
        if given is not None and not press.impose:
            raise UsageError(
                f"{name} shifts the pages of a saddle-stitched booklet — add --impose saddle"
            )
    if press.creep is not None and press.paper_thickness is not None:
        raise UsageError("give --creep or --paper-thickness, not both — --creep wins over a guess")
    if press.gutter is not None and press.nup is None:
        raise UsageError("--gutter is the gap between cards on a press sheet — add --nup N or auto")
    if press.sheet_paper is not None and press.nup is None and not press.impose:
        raise UsageError(
            "--sheet-paper is the paper cards or spreads are printed on — add --nup N or --impose saddle"
        )
    _check_gutter(press)
    _check_sheet(press.sheet_paper)


def _check_sheet(name: str | None) -> None:
    from handout.content.paper import PaperError, paper_size

    if name is None:
        return
    try:
        paper_size(name)
    except PaperError as exc:
        raise UsageError(f"--sheet-paper: {exc}") from None


def _check_gutter(press: PressOptions) -> None:
    """A gap between cards holds both cards' bleed, or there is none (shared cut lines)."""
    gutter, bleed = press.gutter_mm, press.bleed_mm
    if 0 < gutter < 2 * bleed:
        raise UsageError(
            f"--gutter {gutter:g} is narrower than the {bleed:g} mm bleed on both cards"
            f" — use --gutter {2 * bleed:g} or more, or --gutter 0 for shared cut lines"
        )
