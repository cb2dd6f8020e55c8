"""Helpers the output tests share: build into a folder, read text and pages back."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from reportlab.platypus import Paragraph

from handout.commands import build
from handout.content.cautions import sayings
from handout.content.model import Routine
from handout.content.workspace import Workspace
from handout.layout.parts import PIECE
from handout.render.text.fast import FastParagraph
from handout.render.text.markup import plain

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
    """Whitespace folded, soft hyphens and case dropped, so wrapped lines compare equal.

    Invisible format characters (soft hyphen, zero-width space and joiners, bidi marks,
    byte-order mark: Unicode category Cf) are dropped too: they print as nothing. pdfium
    reports a hyphen that ends a line as U+0002; it is a hyphen again here.
    """
    text = unicodedata.normalize("NFKC", text).replace("\ufffe", "").replace("\x02", "-")
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return re.sub(r"\s+", " ", text).strip().casefold()


def printed(text: str) -> str:
    """Content text the way a layout prints it: emphasis markers gone, control characters dropped."""
    return "".join(c for c in plain(text) if unicodedata.category(c) != "Cc" or c in "\n\t")


def page_texts(path: Path, *, top: float = 0, bottom: float = 0) -> list[str]:
    """Each page's text that lies on the page, less `top` and `bottom` points at its edges.

    Text placed (partly) off the page is left out, so a check on it also catches clipping;
    `top` and `bottom` cut away running headers and footers, which would otherwise split
    a paragraph that runs on to the next page.
    """
    document = pypdfium2.PdfDocument(str(path))
    try:
        texts = []
        for page in document:
            width, height = page.get_size()
            textpage = page.get_textpage()
            texts.append(textpage.get_text_bounded(0, bottom, width, height - top))
        return texts
    finally:
        document.close()


def expected_sequence(routine: Routine) -> list[str]:
    """Routine cautions, then each step title followed by its cautions: the printed order, each
    caution said once (content/cautions.py: a repeat of a routine caution, or of the step
    before's, is not printed again)."""
    said = sayings(routine)
    seq = [plain(s.caution.text) for s in said.routine]
    for step, cautions in zip(routine.steps, said.steps, strict=True):
        seq.append(plain(step.title))
        seq.extend(plain(s.caution.text) for s in cautions)
    return seq


def missing_in_order(text: str, needles: list[str]) -> list[str]:
    """The needles that do not appear in `text` in the given order (empty when all do).

    A soft hyphen in a needle may print as a hyphen, where the line broke at it.
    """
    haystack = normal(text)
    squashed = haystack.replace(" ", "")
    pos = 0
    lost = []
    for needle in needles:
        found = _squashed_pattern(needle).search(squashed, pos)
        if found is None:
            lost.append(needle)
        else:
            pos = found.end()
    return lost


def _squashed_pattern(needle: str) -> re.Pattern[str]:
    parts = [normal(part).replace(" ", "") for part in needle.split("\u00ad")]
    return re.compile("-?".join(re.escape(part) for part in parts))


def use_reportlab_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on in this test, text is set by reportlab's own classes (the fallback engine)."""
    from handout.render.text.engine import fast_engine

    monkeypatch.setenv("HANDOUT_TEXT_ENGINE", "reportlab")
    fast_engine.cache_clear()
    assert not fast_engine()


class Counter:
    """The work of the line breakers since it was installed: the fast engine's costs its
    characters, reportlab's breakLines their square (in units of PIECE). Counted, not timed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.work = 0.0
        self._count(monkeypatch, Paragraph, "breakLines", lambda n: n * n / PIECE)
        self._count(monkeypatch, FastParagraph, "_set", float)

    def _count(
        self, monkeypatch: pytest.MonkeyPatch, kind: type, name: str, cost: Callable[[int], float]
    ) -> None:
        original = getattr(kind, name)

        def counted(para: Any, *args: Any, **kwargs: Any) -> Any:
            self.work += cost(sum(len(getattr(frag, "text", "")) for frag in para.frags))
            return original(para, *args, **kwargs)

        monkeypatch.setattr(kind, name, counted)


def long_field_workspace(tmp: Path, field: str, text: str) -> Workspace:
    """A workspace whose routine `long` (and manual `man`) carries `text` in `field`."""
    values = {"summary": "A summary.", "position": "Lying.", "finish": "Done.", "cautions": "Care."}
    values[field] = text
    routines, manuals = tmp / "content" / "routines", tmp / "content" / "manuals"
    routines.mkdir(parents=True, exist_ok=True)
    manuals.mkdir(parents=True, exist_ok=True)
    (routines / "long.yaml").write_text(
        f'title: Long\nsummary: "{values["summary"]}"\nposition: "{values["position"]}"\n'
        f'finish: "{values["finish"]}"\ncautions:\n  - "{values["cautions"]}"\n'
        "steps:\n  - title: One\n    text: Glide.\n",
        encoding="utf-8",
    )
    intro = text if field == "intro" else "Intro."
    (manuals / "man.yaml").write_text(
        f'title: Man\nintro: "{intro}"\nroutines: [long]\n', encoding="utf-8"
    )
    return Workspace(tmp)
