"""Characters no font has still print as the font's box, and stay in the PDF's text layer.

Both text engines (ours, and reportlab's own classes) give each such character a code of its
own that the font's ToUnicode map ties to the character, so copying, searching and the
nothing-lost checks find it; the build still warns about it by name.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pypdfium2
import pytest
import yaml
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from tests.pdftools import missing_in_order, pdf_text, use_reportlab_text

from handout.assets import fonts
from handout.commands.build import Options, Result, build_routine
from handout.content.workspace import Workspace
from handout.render.text import engine, fragments, lacking
from handout.render.text.lines import Run
from handout.render.text.markup import Missing, to_markup

# An emoji beyond the BMP, a CJK word, and a keycap (a digit the font has, then two
# combining characters no font has).
EMOJI, CJK, KEYCAP = "\U0001f642", "按摩", "1\ufe0f\u20e3"
FOOT = "\U0001f9b6"
LACKING = ["\U0001f642", "按", "摩", "\ufe0f", "\u20e3"]
FIELDS = {
    "title": f"Calm {EMOJI} {CJK} {KEYCAP} hands",
    "text": f"Glide up {EMOJI} then {CJK} and {KEYCAP} slowly",
    "caution": f"Careful {CJK} {EMOJI} {KEYCAP} here",
    "finish": f"Rest {KEYCAP} {EMOJI} now {CJK}",
}
ENGINES = ["fast", "reportlab"]


@pytest.fixture(params=ENGINES)
def text_engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs with our fast engine and with reportlab's own classes."""
    monkeypatch.delenv("HANDOUT_TEXT_ENGINE", raising=False)
    engine.fast_engine.cache_clear()
    if request.param == "reportlab":
        use_reportlab_text(monkeypatch)
    else:
        assert engine.fast_engine()
    return str(request.param)


def _build(folder: Path, fmt: str, **fields: object) -> Result:
    step = {"title": "Glide", "text": [fields.pop("text")], "caution": [fields.pop("caution")]}
    data = {"summary": "Summary", "steps": [step], **fields}
    source = folder / "content" / "routines" / "r.yaml"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return build_routine(Workspace(folder), "r", Options(format=fmt, out=folder / "r.pdf"))


def _codes(text: str) -> list[str]:
    return [f"U+{ord(c):04X}" for c in text]


@pytest.mark.parametrize("fmt", ["sheet", "booklet"])
def test_characters_no_font_has_stay_in_the_text_layer_in_order(
    tmp_path: Path, text_engine: str, fmt: str
) -> None:
    result = _build(tmp_path, fmt, **FIELDS)
    text = pdf_text(result.out)
    for name, value in FIELDS.items():
        assert missing_in_order(text, [value]) == [], (name, _codes(value))
    assert missing_in_order(text, [FIELDS["title"], FIELDS["finish"]]) == []
    assert text.count(EMOJI) >= len(FIELDS)  # the title also runs in headers
    warned = " ".join(result.warnings)
    assert [c for c in _codes("".join(LACKING)) if c not in warned] == []
    assert warned.count("it prints as a box") == len(LACKING)


def test_both_engines_write_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.delenv("HANDOUT_TEXT_ENGINE", raising=False)
    engine.fast_engine.cache_clear()
    fast = _build(tmp_path / "fast", "sheet", **FIELDS).out.read_bytes()
    use_reportlab_text(monkeypatch)
    slow = _build(tmp_path / "slow", "sheet", **FIELDS).out.read_bytes()
    assert fast == slow


@pytest.mark.parametrize("field", ["finish", "text"])
def test_a_paragraph_split_over_pages_keeps_them_on_every_page(
    tmp_path: Path, text_engine: str, field: str
) -> None:
    """The parts of a split paragraph may be drawn by reportlab's own code, in either engine
    (the characters are in no other paragraph, so nothing else gives them their codes)."""
    words = " ".join(f"word{n} {FOOT if n % 50 else '中文'}" for n in range(1500))
    result = _build(tmp_path, "sheet", **{**FIELDS, field: words})
    document = pypdfium2.PdfDocument(str(result.out))
    try:
        pages = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    assert sum(FOOT in page for page in pages) >= 3
    assert missing_in_order("\n".join(pages), words.split()) == []


def _style() -> ParagraphStyle:
    fonts.register()
    return ParagraphStyle("body", fontName=fonts.MAIN, fontSize=11, leading=14)


def _drawn(path: Path, paragraph: Paragraph) -> tuple[str, bytes]:
    """A paragraph drawn alone on a page: its text layer and its pixels."""
    canvas = Canvas(str(path))
    paragraph.wrap(400, 800)
    paragraph.drawOn(canvas, 50, 600)
    canvas.showPage()
    canvas.save()
    document = pypdfium2.PdfDocument(str(path))
    try:
        page = document[0]
        return page.get_textpage().get_text_range(), page.render(scale=2).to_pil().tobytes()
    finally:
        document.close()


def test_the_box_prints_as_before(tmp_path: Path) -> None:
    """reportlab alone prints the box and loses the character; ours print the same pixels
    and keep it, and leave the font's own character map as it was."""
    style = _style()
    markup = to_markup(FIELDS["text"], Missing())
    glyphs = dict(getFont(fonts.MAIN).face.charToGlyph)
    before, box = _drawn(tmp_path / "reportlab.pdf", fragments.parsed(Paragraph, markup, style))
    assert EMOJI not in before
    ours: dict[str, Callable[[str, ParagraphStyle], Paragraph]] = {
        "fast": fragments.fast_paragraph,
        "reportlab": partial(fragments.parsed, lacking.Paragraph),
    }
    for name, make in ours.items():
        text, pixels = _drawn(tmp_path / f"{name}.pdf", make(markup, style))
        assert pixels == box, name
        assert missing_in_order(text, [FIELDS["text"]]) == [], name
    assert getFont(fonts.MAIN).face.charToGlyph == glyphs


def test_a_single_line_keeps_them(tmp_path: Path, text_engine: str) -> None:
    """Lines drawn without a paragraph (the numbers in step badges) go the same way."""
    _style()
    canvas = Canvas(str(tmp_path / "line.pdf"))
    run = Run(FIELDS["finish"], fonts.MAIN + "-Bold", 12, _style().textColor)
    engine.draw_line(canvas, run, 50, 600, 14)
    canvas.showPage()
    canvas.save()
    assert missing_in_order(pdf_text(tmp_path / "line.pdf"), [FIELDS["finish"]]) == []
