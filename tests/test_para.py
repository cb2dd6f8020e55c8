"""Para sets plain paragraphs itself: the lines, widths and PDF operators must be reportlab's."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from tests.pdftools import WS, build_routine, use_reportlab_text

from handout.assets import fonts
from handout.commands import build
from handout.content import load
from handout.render.text import fast, fragments, lacking
from handout.render.text.markup import to_markup
from handout.render.theme import make_theme

WORDS = [
    "Stroke",
    "the",
    "calf",
    "firmly,",
    "then",
    "glide",
    "up—keep",
    "contact;",
    "3×",
    "30",
    "s",
    "Πίεση",
    "Давление",
    "‘quoted’",
    "café",
]
RARE = [
    "Supercalifragilisticexpialidocious-and-on",
    "a\u00a0b",
    "soft\u00adhyphen",
    "x&amp;y",
    "zero\u200bwidth",
]
BULLETS = ['<font color="#3d6f8e"><b>{}.</b></font>', "•", '<font color="#aa0000">•</font>']
ODD = ["", " ", "<b></b>", "<b> </b>x", " <i> </i> ", "x<b> </b>", "<b>a</b><br/>b"]


def _word(rng: random.Random) -> str:
    return rng.choice(RARE) if rng.random() < 0.02 else rng.choice(WORDS)


def _runs(rng: random.Random) -> str:
    """Words in bold, italic, colours and sizes, with and without spaces between the tags."""
    out = []
    for _ in range(rng.randint(1, 7)):
        text = " ".join(_word(rng) for _ in range(rng.randint(1, 3)))
        kind = rng.random()
        if kind < 0.2:
            text = f"<b>{text}</b>"
        elif kind < 0.3:
            text = f"<i>{text}</i>"
        elif kind < 0.4:
            text = f'<font color="#{rng.randrange(16**6):06x}">{text}</font>'
        elif kind < 0.45:
            text = f'<font size="{rng.choice([7, 9.5, 12])}">{text}</font>'
        out.append(text + rng.choice([" ", " ", "", "  ", " <br/>"]))
    markup = rng.choice(["", " "]) + "".join(out)
    return f"<b>{markup}</b>" if rng.random() < 0.3 else markup


def _markup(rng: random.Random) -> str:
    if rng.random() < 0.04:
        return rng.choice(ODD)
    markup = _runs(rng) if rng.random() < 0.5 else " ".join(_word(rng) for _ in range(60))
    if rng.random() < 0.3:
        markup = f"<bullet>{rng.choice(BULLETS).format(rng.randint(1, 12))}</bullet>{markup}"
    return markup


def _style(rng: random.Random) -> ParagraphStyle:
    size = rng.choice([7.5, 9, 10.5])
    return ParagraphStyle(
        "s",
        fontName=fonts.face(fonts.MAIN + rng.choice(["", "-Bold"])),
        fontSize=size,
        leading=size * 1.3,
        leftIndent=rng.choice([0, 0, 4, 12, 16]),
        bulletFontName=fonts.MAIN + "-Bold",
        bulletFontSize=size,
        bulletIndent=rng.choice([0, 0, 2]),
    )


def _drawn(paragraph: Paragraph, width: float) -> tuple[Any, ...]:
    canvas = Canvas("unused.pdf")
    _, height = paragraph.wrap(width, 1000)
    paragraph.drawOn(canvas, 10, 20)
    return canvas._code, [round(w, 6) for w in paragraph.getActualLineWidths0()], height


def _pair(markup: str, style: ParagraphStyle) -> tuple[Paragraph, fast.FastParagraph]:
    reference = fragments.fast_paragraph(markup, style)
    reference.__class__ = lacking.Paragraph  # the same fragments, set by reportlab (as the
    # fallback engine does: with codes of their own for characters the font lacks)
    ours = fast.FastParagraph(
        None,
        style,
        bulletText=copy.deepcopy(reference.bulletText),
        frags=copy.deepcopy(reference.frags),
    )
    return reference, ours


@pytest.fixture(scope="module", autouse=True)
def _fonts() -> None:
    make_theme(load.template(WS, "sheet"), None, grayscale=False)


def test_random_paragraphs_are_set_and_drawn_as_reportlab_does() -> None:
    rng = random.Random(20261201)
    taken = {
        "one line": 0,
        "lines of one run": 0,
        "lines of runs": 0,
        "bullet": 0,
        "wide bullet": 0,
    }
    for _ in range(1500):
        markup, style = _markup(rng), _style(rng)
        width = rng.choice([2000, 300, 150, 90, 60])
        reference, ours = _pair(markup, style)
        assert _drawn(ours, width) == _drawn(reference, width), (markup, width)
        if ours._lines is not None and ours._text is not None:
            many = "lines of one run" if ours._text.single else "lines of runs"
            taken[many if len(ours._lines) > 1 else "one line"] += 1
            taken["bullet"] += bool(ours._bullet and ours._bullet.runs)
            taken["wide bullet"] += bool(ours._bullet and ours._bullet.shift)
    assert min(taken.values()) > 50, taken  # the shortcut is really taken, in every kind


def test_a_second_wrap_at_another_width_sets_again() -> None:
    style = _style(random.Random(1))
    reference, ours = _pair("Some <b>bold</b> words " * 6, style)
    for width in (2000, 120, 2000, 60):
        assert _drawn(ours, width) == _drawn(reference, width)


@pytest.mark.parametrize(
    "style",
    [
        ParagraphStyle("centred", fontName=fonts.MAIN, alignment=TA_CENTER),
        ParagraphStyle("indented", fontName=fonts.MAIN, firstLineIndent=12),
        ParagraphStyle("builtin", fontName="Helvetica"),
    ],
)
def test_what_it_does_not_set_goes_to_reportlab(style: ParagraphStyle) -> None:
    reference, ours = _pair("Short words", style)
    assert _drawn(ours, 300) == _drawn(reference, 300)
    assert ours._lines is None


def test_a_one_line_paragraph_splits_only_by_moving_whole() -> None:
    reference, ours = _pair("Short words", _style(random.Random(2)))
    _, height = ours.wrap(300, 1000)
    assert ours.split(300, height - 1) == reference.split(300, height - 1) == []


@pytest.mark.parametrize(
    ("rid", "fmt"),
    [("front-legs", "card"), ("back-legs-clinic", "sheet"), ("self-legs", "booklet")],
)
def test_pdfs_are_the_same_bytes_as_with_reportlab_setting_every_paragraph(
    tmp_path: Path, rid: str, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    fast = build_routine(tmp_path / "fast", rid, fmt).out.read_bytes()
    use_reportlab_text(monkeypatch)
    slow = build_routine(tmp_path / "slow", rid, fmt).out.read_bytes()
    assert fast == slow


def test_the_manual_is_the_same_bytes_as_with_reportlab(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")

    def manual(out: Path) -> bytes:
        return build.build_manual(WS, "leg-and-foot", build.Options(out=out)).out.read_bytes()

    fast = manual(tmp_path / "fast.pdf")
    use_reportlab_text(monkeypatch)
    slow = manual(tmp_path / "slow.pdf")
    assert fast == slow


def test_markup_from_yaml_text_is_set_here() -> None:
    style = _style(random.Random(3))
    ours = fragments.fast_paragraph(to_markup("A **bold** claim and an *italic* one — café"), style)
    ours.wrap(1000, 100)
    assert isinstance(ours, fast.FastParagraph) and ours._lines is not None


@pytest.mark.parametrize("markup", ["Glide up. " * 40, "Glide <b>up</b>, then <i>down</i>. " * 24])
def test_a_split_keeps_the_lines_of_the_last_wrap(markup: str) -> None:
    """A frame asks for a split at its full width even when an indent narrowed the wrap."""
    reference, ours = _pair(markup, _style(random.Random(4)))
    reference.wrap(300, 1000)
    ours.wrap(300, 1000)
    ours_parts, reference_parts = ours.split(500, 30), reference.split(500, 30)
    assert len(ours_parts) == len(reference_parts) == 2
    for mine, theirs in zip(ours_parts, reference_parts, strict=True):
        assert _drawn(mine, 300) == _drawn(theirs, 300)
