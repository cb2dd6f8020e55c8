"""Helpers the output tests share: build into a folder, read text and pages back."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pypdfium2

from handout import build
from handout.model import Routine
from handout.render.markup import plain
from handout.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
WS = Workspace(REPO)


def build_routine(tmp: Path, rid: str, fmt: str, **extra: object) -> build.Result:
    options = build.Options(format=fmt, out=tmp / f"{rid}-{fmt}.pdf", **extra)  # type: ignore[arg-type]
    return build.build_routine(WS, rid, options)


def pdf_text(path: Path) -> str:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def normal(text: str) -> str:
    """Whitespace folded, soft hyphens and case dropped, so wrapped lines compare equal."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").replace("\ufffe", "")
    return re.sub(r"\s+", " ", text).strip().casefold()


def expected_sequence(routine: Routine) -> list[str]:
    """Routine cautions, then each step title followed by its cautions: the printed order."""
    seq = [plain(c.text) for c in routine.cautions]
    for step in routine.steps:
        seq.append(plain(step.title))
        seq.extend(plain(c.text) for c in step.caution)
    return seq


def missing_in_order(text: str, needles: list[str]) -> list[str]:
    """The needles that do not appear in `text` in the given order (empty when all do)."""
    haystack = normal(text)
    squashed = haystack.replace(" ", "")
    pos = 0
    lost = []
    for needle in needles:
        want = normal(needle).replace(" ", "")
        found = squashed.find(want, pos)
        if found < 0:
            lost.append(needle)
        else:
            pos = found + len(want)
    return lost
