"""The shortcuts that make layout fast change nothing: same fragments, same fit, same bytes."""

from __future__ import annotations

import gc
import random
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pytest
from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from tests.pdftools import WS, build_routine

from handout.assets import fonts
from handout.commands import build
from handout.content import load
from handout.errors import LayoutError
from handout.layout import card
from handout.render.pdf import writer
from handout.render.text import fragments
from handout.render.text.engine import paragraph
from handout.render.text.markup import Missing, to_markup
from handout.render.theme import make_theme

TEXTS = [
    "Plain text, nothing else.",
    "Tags <b>stay</b> & <font size=90>literal</font> &amp; x < y > z",
    "A **bold** claim and an *italic* one, **bold with *italic* inside**.",
    "Μασάζ ποδιών — **массаж ног** *Ελληνικά* “quotes” – café 🦶",
    "  spaced   out \n over\tlines\u2002and\u00a0non-breaking  ",
    "Supercalifragilistic" * 12,
    "*",
    "",
]
WRAPPERS = [
    "{}",
    "<b>{}</b>",
    '<font color="#5b6670"><b>Label</b></font>\u2002{}',
    '<font color="#b86e00" size="6.88"><b>STOP</b></font>\u2002{}',
    '<bullet><font color="#2f6f6a"><b>3.</b></font></bullet>{}',
    '<bullet><font color="#b3261e">•</font></bullet>{}',
    "<b>Video</b><br/>{}",
    '{}<br/><font size="6.5" color="#5b6670">Applies to: {}</font>',
    "one&nbsp;&nbsp;&nbsp;two {}",
]
OUTSIDE_THE_SUBSET = [
    '<font name="Handout">x</font>',
    "<u>underlined</u> &#65; &copy; <strike>x</strike>",
    "<para>x</para>",
]
WRONG = ["<b>never closed", "<bullet>1</bullet><bullet>2</bullet>x", "<i>crossed<b></i></b>"]


def _look(paragraph: Paragraph) -> tuple[Any, ...]:
    def frag_list(items: Any) -> Any:
        if not isinstance(items, list):
            return items
        return [
            {k: v.rgba() if hasattr(v, "rgba") else v for k, v in f.__dict__.items()} for f in items
        ]

    return paragraph.text, frag_list(paragraph.frags), frag_list(paragraph.bulletText)


@pytest.fixture(scope="module")
def styles() -> list[Any]:
    theme = make_theme(load.template(WS, "sheet"), None, grayscale=False)
    return [
        theme.style("body", 9, leading=1.38),
        theme.style("title", 15, bold=True),
        theme.style("purpose", 8, italic=True, color=theme.muted),
        theme.style("substep", 9, leftIndent=14, bulletIndent=0, spaceBefore=2),
    ]


def test_fragments_are_the_ones_reportlabs_parser_makes(styles: list[Any]) -> None:
    markups = [w.format(to_markup(t, Missing()), to_markup(t)) for t in TEXTS for w in WRAPPERS]
    for markup in markups + OUTSIDE_THE_SUBSET:
        for style in styles:
            assert _look(fragments.fast_paragraph(markup, style)) == _look(
                Paragraph(markup, style)
            ), markup


def test_markup_outside_the_subset_goes_to_reportlab(
    styles: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    real = Paragraph.__init__

    def spy(self: Paragraph, text: str, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("frags") is None:
            parsed.append(text)
        real(self, text, *args, **kwargs)

    monkeypatch.setattr(Paragraph, "__init__", spy)
    for markup in OUTSIDE_THE_SUBSET:
        fragments.fast_paragraph(markup, styles[0])
    paragraph(to_markup(TEXTS[3]), styles[1])
    assert parsed == OUTSIDE_THE_SUBSET


@pytest.mark.parametrize("markup", WRONG)
def test_wrong_markup_fails_as_in_reportlab(styles: list[Any], markup: str) -> None:
    with pytest.raises(ValueError, match="paragraph text"):
        fragments.fast_paragraph(markup, styles[0])


@pytest.mark.parametrize(
    ("rid", "fmt", "lang"),
    [("front-legs", "card", None), ("self-legs", "sheet", "ru"), ("feet", "booklet", None)],
)
def test_pdfs_are_the_same_bytes_as_with_reportlabs_parser(
    tmp_path: Path, rid: str, fmt: str, lang: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    fast = build_routine(tmp_path / "fast", rid, fmt, lang=lang).out.read_bytes()

    def unsupported(*_: object) -> None:
        raise ValueError("use reportlab's parser")

    monkeypatch.setattr(fragments, "_Reader", unsupported)
    slow = build_routine(tmp_path / "slow", rid, fmt, lang=lang).out.read_bytes()
    assert fast == slow


def _card(rid: str, paper: str) -> card._Card:
    document = load.routine(WS, rid)
    options = build.Options(format="card", paper=paper)
    template = build._template(WS, options, "card")
    brand = load.brand(WS)
    pagesize = build._pagesize(WS, options, brand, template)
    ctx = build._context(WS, options, template, brand, [document])
    top, right, bottom, left = ctx.margins
    width, height = pagesize
    return card._Card(
        document.routine, ctx, pagesize, (width - left - right, height - top - bottom)
    )


@pytest.mark.parametrize(
    ("rid", "paper"),
    [("front-legs", "a5"), ("feet", "a6"), ("self-legs", "5x7in"), ("back-legs", "4x6in")],
)
def test_card_one_side_fit_is_the_largest_size_that_fits(rid: str, paper: str) -> None:
    finder = _card(rid, paper)
    chosen = finder._largest(finder._one_side)
    if chosen.over > 0:  # nothing fits one side: the floor
        assert chosen.type == finder.types[-1]
        return
    index = finder.types.index(chosen.type)
    if index > 0:  # the next larger size fits in no layout
        larger = _card(rid, paper)
        side = larger._one_side(larger.types[index - 1])
        assert all(larger._lay(side, larger.types[index - 1], c).over > 0 for c in larger.layouts)


def test_card_fit_measures_few_sizes() -> None:
    """Bisection: a few measures a layout, not one per size."""
    finder = _card("front-legs", "a5")
    finder.sides()
    assert finder.measures <= 2 * (len(finder.types).bit_length() + 1)


def test_italic_faces_read_late_keep_the_bold_and_italic_mappings() -> None:
    from reportlab.lib.fonts import ps2tt, tt2ps

    fonts.register()
    family = fonts.MAIN
    for suffix in ("-Italic", "-BoldItalic"):
        assert fonts.face(family + suffix) == family + suffix
    assert ps2tt(family) == (family.lower(), 0, 0)
    assert ps2tt(family + "-Italic") == (family.lower(), 0, 1)
    assert tt2ps(family, 1, 1) == family + "-BoldItalic"


def test_whitespace_is_cleaned_as_reportlab_cleans_it() -> None:
    rng = random.Random(7)
    chars = [
        "a",
        " ",
        "\n",
        "\t",
        "\r",
        "\u2002",
        "\u3000",
        "\x1c",
        "\x85",
        "\u2028",
        "<",
        "\xa0",
        "\u200b",
    ]
    for _ in range(20_000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 12)))
        assert fragments._cleaned(text) == cleanBlockQuotedText(text), repr(text)


def test_pdf_writer_helpers_give_reportlabs_bytes() -> None:
    rng = random.Random(11)
    chars = ["a", "Z", "/", " ", "(", "#", "\x00", "\x18", "\x1f", "\x7f", "é", "—", "€", "Ω"]
    for _ in range(5_000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 8)))
        assert writer.pdf_name(text) == writer._pdf_name(text), repr(text)
        try:
            expected: object = writer._pdfdoc_enc(text)
        except UnicodeEncodeError:
            with pytest.raises(UnicodeEncodeError):
                writer.pdfdoc_enc(text)
            continue
        assert writer.pdfdoc_enc(text) == expected, repr(text)
    assert writer.pdfdoc_enc(b"(\x18)") == b"(\x18)"


def test_pdfs_are_the_same_bytes_as_with_reportlabs_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    fast = build_routine(tmp_path / "fast", "back-legs-clinic", "booklet").out.read_bytes()
    monkeypatch.setenv("HANDOUT_PDF_WRITER", "reportlab")
    slow = build_routine(tmp_path / "slow", "back-legs-clinic", "booklet").out.read_bytes()
    assert fast == slow


def _reportlab_writer() -> list[object]:
    """What the build's PDF set-up changes, as reportlab has it now."""
    return [getattr(owner, name) for owner, name, _, _ in writer.FAST] + [rl_config.useA85]


def test_reportlab_outside_a_build_is_untouched(tmp_path: Path) -> None:
    before = _reportlab_writer()
    assert before == [original for _, _, original, _ in writer.FAST] + [1]
    with writer.writing():
        during = _reportlab_writer()
    assert during == [fast for _, _, _, fast in writer.FAST] + [0]
    build_routine(tmp_path / "built", "front-legs", "sheet")
    with pytest.raises(LayoutError):  # a build that fails puts reportlab back too
        build_routine(tmp_path / "failed", "back-legs-clinic", "card", paper="a7")
    after = _reportlab_writer()
    assert all(a is b for a, b in zip(after, before, strict=True))


def test_full_collections_are_rarer_during_a_build_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, int, int]] = []
    real = build.check.routine

    def spy(*args: Any) -> Any:
        seen.append(gc.get_threshold())
        return real(*args)

    monkeypatch.setattr(build.check, "routine", spy)
    before = gc.get_threshold()
    build_routine(tmp_path / "built", "front-legs", "sheet")
    with pytest.raises(LayoutError):
        build_routine(tmp_path / "failed", "back-legs-clinic", "card", paper="a7")
    assert seen == [(*before[:2], 1000)] * 2
    assert gc.get_threshold() == before


def test_pdf_writer_formats_objects_as_reportlab_does(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = pdfdoc.PDFDocument()
    values: list[Any] = [0, -3, 2.5, 1e-7, True, None, "abc", "é", "a\x18b", b"raw"]
    values += [doc.Reference(pdfdoc.PDFArray([1, 2])), pdfdoc.PDFString("x(y)")]
    values += [pdfdoc.PDFArray([1.5, "/N", b"b"]), pdfdoc.PDFArray(list(range(12)))]
    values += [pdfdoc.PDFArrayCompact(list(range(15))), pdfdoc.PDFObjectReference("nowhere")]
    objects = [pdfdoc.PDFDictionary({"Type": "/T", f"K{i}": v}) for i, v in enumerate(values)]
    objects += [pdfdoc.PDFDictionary({f"K{i}": i for i in range(14)}), *values]
    objects += [pdfdoc.PDFDictionary(OrderedDict([("Z", 1), ("A", 2), ("N\x19", 3)]))]

    def written() -> list[object]:
        out: list[object] = []
        for obj in objects:
            try:
                out.append(pdfdoc.format(obj, doc))
            except Exception as exc:  # the same failure, too
                out.append(type(exc))
        return out

    with writer.writing():
        fast = written()
    assert written() == fast
