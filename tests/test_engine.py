"""The text engine seam: our fast engine on the verified reportlab, reportlab's own otherwise,
and the same pages either way."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
import reportlab
from PIL import ImageChops
from reportlab.platypus import Paragraph
from tests.pdftools import WS, build_routine

from handout.commands import build
from handout.content import load
from handout.render.text import engine, lacking
from handout.render.text.fast import FastParagraph
from handout.render.theme import make_theme


@pytest.fixture
def style() -> object:
    theme = make_theme(load.template(WS, "sheet"), None, grayscale=False)
    return theme.style("body", 11)


def test_the_verified_reportlab_gets_the_fast_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HANDOUT_TEXT_ENGINE", raising=False)
    assert reportlab.Version.startswith(engine.VERIFIED)
    assert engine.fast_engine()


@pytest.mark.parametrize("version", ["4.4.3", "5.2.0", "6.0.1", "5.10.0"])
def test_any_other_reportlab_gets_its_own_classes(
    monkeypatch: pytest.MonkeyPatch, version: str, style: object
) -> None:
    monkeypatch.delenv("HANDOUT_TEXT_ENGINE", raising=False)
    monkeypatch.setattr(reportlab, "Version", version)
    engine.fast_engine.cache_clear()
    assert not engine.fast_engine()
    made = engine.paragraph("a **b**", style)  # type: ignore[arg-type]
    assert type(made) is lacking.Paragraph  # reportlab's own, keeping characters no font has
    assert type(made).__mro__[1] is Paragraph


@pytest.mark.parametrize(
    ("value", "fast"), [("reportlab", False), ("ReportLab ", False), ("", True)]
)
def test_the_switch_chooses(
    monkeypatch: pytest.MonkeyPatch, value: str, fast: bool, style: object
) -> None:
    monkeypatch.setenv("HANDOUT_TEXT_ENGINE", value)
    engine.fast_engine.cache_clear()
    assert engine.fast_engine() is fast
    made = engine.paragraph("a **b**", style)  # type: ignore[arg-type]
    assert isinstance(made, FastParagraph) is fast


def pages(path: Path) -> list[object]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return [page.render(scale=100 / 72).to_pil().convert("RGB") for page in document]
    finally:
        document.close()


def same_pixels(a: Path, b: Path) -> None:
    first, second = pages(a), pages(b)
    assert len(first) == len(second)
    for number, (x, y) in enumerate(zip(first, second, strict=True), 1):
        assert ImageChops.difference(x, y).getbbox() is None, f"page {number} differs"  # type: ignore[arg-type]


def built(tmp: Path, rid: str, fmt: str, lang: str | None) -> Path:
    if rid == "leg-and-foot":
        return build.build_manual(WS, rid, build.Options(out=tmp / "manual.pdf")).out
    return build_routine(tmp, rid, fmt, lang=lang).out


CASES = [
    ("front-legs", "card", None),
    ("self-legs", "sheet", "ru"),
    ("back-legs-clinic", "sheet", None),
    ("leg-and-foot", "booklet", None),
]


@pytest.mark.parametrize(("rid", "fmt", "lang"), CASES)
def test_reportlabs_own_classes_draw_the_same_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rid: str, fmt: str, lang: str | None
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.delenv("HANDOUT_TEXT_ENGINE", raising=False)
    fast = built(tmp_path / "fast", rid, fmt, lang)
    monkeypatch.setattr(reportlab, "Version", "4.4.0")  # the automatic fallback
    engine.fast_engine.cache_clear()
    fallback = built(tmp_path / "fallback", rid, fmt, lang)
    same_pixels(fast, fallback)
