"""What a build is asked for (the command line's options) and what the environment pins: light
to import, so a `build --all` with nothing to do loads no content model, layout or PDF library."""

from __future__ import annotations

import os
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from handout.content.paper import FORMATS
from handout.content.workspace import Workspace, resolve_root
from handout.errors import UsageError
from handout.press.options import PressOptions

if TYPE_CHECKING:
    from handout.content.model import Brand


class Options(NamedTuple):
    format: str | None = None
    paper: str | None = None
    out: Path | None = None
    lang: str | None = None
    client: str | None = None
    note: str | None = None
    date: date | None = None  # the day printed with --client or --note (None: today)
    audience: str | None = None  # client | therapist; None: from the routine (a manual: therapist)
    grayscale: bool = False
    template: str | None = None
    force: bool = False
    press: PressOptions = PressOptions()
    lint: bool = True  # run the safety lint: refuse on its errors (--no-lint: skip it)


MAX_EPOCH = 253_402_300_799  # 9999-12-31 23:59:59 UTC, the last second a date can hold


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH in whole seconds since 1970, None when unset or empty. Anything else
    is refused, as reproducible-builds.org asks: reportlab reads it too, and would fail."""
    text = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and len(text) <= 12 and int(text) <= MAX_EPOCH):
        raise UsageError(
            f"SOURCE_DATE_EPOCH={text[:40]!r} is not a time — set it to whole seconds since 1970"
            f" (0 to {MAX_EPOCH}, e.g. 1700000000) or unset it"
        )
    return int(text)


def today() -> date:
    epoch = source_date_epoch()
    return date.today() if epoch is None else datetime.fromtimestamp(epoch, UTC).date()


def known_format(fmt: str | None) -> str | None:
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' — use card, sheet or booklet")
    return fmt


def workspace(root: Path | None) -> Workspace:
    """The workspace --root names, else the current folder's, else the built-in one."""
    return Workspace(resolve_root(root))


def output_name(options: Options, stem: str, fmt: str, sheet_paper: str, copies: bool) -> str:
    """The output's default name: `front-legs-card`, and when pressed `front-legs-card-nup-a4`,
    `cards-nup-a4` (every card) or `leg-and-foot-booklet-saddle` (a document only given bleed
    and marks keeps its name)."""
    press = options.press
    name = f"{stem}-{fmt}"
    if press.impose:
        return f"{name}-{press.impose}"
    if press.nup is None:
        return name
    sheet = (press.sheet_paper or sheet_paper).lower()
    return f"{name if copies else 'cards'}-nup-{sheet}"


def office_paper(brand: Brand) -> str:
    """The paper of the clinic's printer, where n-up cards go unless --sheet-paper: the
    workspace's paper when it is a sheet a card fits on several times, else A4."""
    return brand.paper if brand.paper in OFFICE_PAPERS else "a4"


OFFICE_PAPERS = ("a4", "letter", "a3", "legal", "tabloid", "sra3")


CONTROL = ("Cc", "Zl", "Zp")  # control characters, line and paragraph separators


def has_control(text: str) -> bool:
    """Whether `text` holds a line break or another control character: no name means one."""
    return any(unicodedata.category(char) in CONTROL for char in text)
