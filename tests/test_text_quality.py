"""Text quality (issue 13): one face for words and digits with a plain zero, units and dates in
the build's language, no break between a value and its unit, no lone last word."""

from __future__ import annotations

import copy
import ctypes
import random
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pypdfium2
import pypdfium2.raw as raw
import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from tests.pdftools import WS, build_routine, use_reportlab_text

from handout.assets import fonts
from handout.content import dosage, load
from handout.content.labels import labels
from handout.layout.context import Context
from handout.render.text import engine, fast, fragments, lacking
from handout.render.text.markup import to_markup
from handout.render.theme import Theme, make_theme

NBSP = "\u00a0"
DAY = datetime(2026, 12, 2, 12, tzinfo=UTC)  # 2 December 2026: zeros in the date


@pytest.fixture(scope="module")
def theme() -> Theme:
    return make_theme(load.template(WS, "sheet"), None, grayscale=False)


def _fonts_per_char(path: Path) -> list[tuple[str, str]]:
    """(character, font name without its subset prefix) for every printed character."""
    document = pypdfium2.PdfDocument(str(path))
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    found = []
    for page in document:
        textpage = page.get_textpage()
        for index in range(textpage.count_chars()):
            char = chr(raw.FPDFText_GetUnicode(textpage, index))
            if char.isspace() or raw.FPDFText_IsGenerated(textpage, index):
                continue
            raw.FPDFText_GetFontInfo(textpage, index, name, len(name), ctypes.byref(flags))
            found.append((char, name.value.decode().split("+")[-1]))
    document.close()
    return found


# --- one face: digits in the words' font, a plain zero ----------------------------------------


def test_the_russian_sheet_sets_digits_and_words_in_one_face(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(DAY.timestamp())))
    out = build_routine(tmp_path, "self-legs", "sheet", lang="ru", client="Анна").out
    chars = _fonts_per_char(out)
    families = Counter(font.split("-")[0] for _, font in chars)
    digits = {font.split("-")[0] for c, font in chars if c.isdigit()}
    cyrillic = {font.split("-")[0] for c, font in chars if "\u0400" <= c <= "\u04ff"}
    assert sum(c.isdigit() for c, _ in chars) > 10 and cyrillic, "no digits or words read"
    assert digits == cyrillic == {"FiraSans"}, (digits, cyrillic)
    assert set(families) == {"FiraSans"}, families


@pytest.mark.parametrize("lang", [None, "ru", "de"])
def test_every_zero_on_a_client_sheet_is_fira_sans_plain_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str | None
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(DAY.timestamp())))
    out = build_routine(tmp_path, "self-legs", "sheet", lang=lang, client="Ann").out
    zeros = [font for char, font in _fonts_per_char(out) if char == "0"]
    assert len(zeros) >= 2, "the date's zeros were not read"
    assert {font.split("-")[0] for font in zeros} == {"FiraSans"}, Counter(zeros)


def test_one_font_family_and_characters_it_lacks_are_named() -> None:
    assert not hasattr(fonts, "FALLBACK")
    assert fonts.has("0") and fonts.has("Ж") and fonts.has("ώ") and fonts.has(NBSP)
    assert not fonts.has("\u2a00")  # N-ARY CIRCLED DOT OPERATOR: in no font we ship
    missing = __import__("handout.render.text.markup", fromlist=["Missing"]).Missing()
    assert to_markup("dot \u2a00 here", missing) == "dot \u2a00 here"
    assert missing.warnings() == [
        "no font has U+2A00 N-ARY CIRCLED DOT OPERATOR ('\u2a00') — it prints as a box; "
        "replace it or use another character"
    ]


# --- units and dates in the build's language ---------------------------------------------------

UNITS = {
    "en": ("3×", "5–6×", "1 min 30 s", "1.5 min", "2 h", "light pressure"),
    "de": ("3-mal", "5–6-mal", "1 Min. 30 Sek.", "1,5 Min.", "2 Std.", "leichter Druck"),
    "es": ("3 veces", "5–6 veces", "1 min 30 s", "1,5 min", "2 h", "presión ligera"),
    "el": ("3 φορές", "5–6 φορές", "1 λεπ. 30 δευτ.", "1,5 λεπ.", "2 ώ.", "ελαφριά πίεση"),
    "ru": ("3 раза", "5–6 раз", "1 мин 30 с", "1,5 мин", "2 ч", "лёгкое давление"),
}


@pytest.mark.parametrize("lang", list(UNITS))
def test_units_are_the_languages_own_words_held_by_no_break_spaces(lang: str) -> None:
    words = labels(lang)
    made = (
        dosage.repeat(3, words),
        dosage.repeat("5–6", words),
        dosage.duration("1 min 30 s", words),
        dosage.duration("1.5 min", words),
        dosage.duration("2 h", words),
        dosage.pressure("light", words),
    )
    assert tuple(m.replace(NBSP, " ") for m in made) == UNITS[lang]
    assert all(" " not in m for m in made), made  # every space in a dose is a no-break one


@pytest.mark.parametrize(
    ("count", "russian", "spanish"),
    [(1, "1 раз", "1 vez"), (2, "2 раза", "2 veces"), (4, "4 раза", "4 veces"),
     (5, "5 раз", "5 veces"), (11, "11 раз", "11 veces"), (12, "12 раз", "12 veces"),
     (21, "21 раз", "21 veces"), (22, "22 раза", "22 veces"), ("2–4", "2–4 раза", "2–4 veces")],
)  # fmt: skip
def test_repeat_counts_take_the_languages_plural(
    count: int | str, russian: str, spanish: str
) -> None:
    assert dosage.repeat(count, labels("ru")).replace(NBSP, " ") == russian
    assert dosage.repeat(count, labels("es")).replace(NBSP, " ") == spanish


DATES = {
    "en": ("2 December 2026", "1 May 2026"),
    "de": ("2. Dezember 2026", "1. Mai 2026"),
    "es": ("2 de diciembre de 2026", "1 de mayo de 2026"),
    "el": ("2 Δεκεμβρίου 2026", "1 Μαΐου 2026"),
    "ru": ("2 декабря 2026", "1 мая 2026"),
    "fr": ("2026-12-02", "2026-05-01"),  # no month names here: ISO 8601
}


@pytest.mark.parametrize("lang", list(DATES))
def test_dates_are_written_as_the_language_writes_them(lang: str, theme: Theme) -> None:
    ctx = Context(load.template(WS, "sheet"), theme, labels(lang), load.brand(WS), lang=lang)
    written = tuple(ctx.date_text(day) for day in (date(2026, 12, 2), date(2026, 5, 1)))
    assert tuple(w.replace(NBSP, " ") for w in written) == DATES[lang]
    assert all(" " not in w for w in written)


def test_the_russian_sheet_prints_its_date_and_units_in_russian(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(DAY.timestamp())))
    out = build_routine(tmp_path, "self-legs", "sheet", lang="ru", client="Анна").out
    document = pypdfium2.PdfDocument(str(out))
    text = " ".join(p.get_textpage().get_text_range() for p in document).replace(NBSP, " ")
    document.close()
    assert "2 декабря 2026" in text
    assert "30 с" in text and "30 s" not in text


# --- no break inside "10 min"; no space wider than a space ------------------------------------

TEN_MINUTES = (
    "Keep the pressure light and even for 10\u00a0min while the client breathes slowly out"
)


def _draw(path: Path, paragraphs: list[tuple[object, float]]) -> None:
    """Paragraphs drawn one under another on pages as tall as needed."""
    canvas = Canvas(str(path), pagesize=(400, 2000))
    y = 1980.0
    for made, width in paragraphs:
        _, height = made.wrap(width, 2000)  # type: ignore[attr-defined]
        if y - height < 20:
            canvas.showPage()
            y = 1980.0
        made.drawOn(canvas, 20, y - height)  # type: ignore[attr-defined]
        y -= height + 12
    canvas.save()


def _lines(path: Path) -> list[str]:
    document = pypdfium2.PdfDocument(str(path))
    lines = [
        line.strip()
        for page in document
        for line in page.get_textpage().get_text_range().replace("\r", "").split("\n")
    ]
    document.close()
    return [line for line in lines if line]


@pytest.mark.parametrize("engine_name", ["fast", "reportlab"])
@pytest.mark.parametrize("markup", ["{}", "<b>Slowly:</b> {}", "{} <i>(gently)</i>"])
def test_a_value_never_ends_a_line_without_its_unit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, theme: Theme, engine_name: str, markup: str
) -> None:
    if engine_name == "reportlab":
        use_reportlab_text(monkeypatch)
    style = theme.style("body", 12)
    text = markup.format(TEN_MINUTES)
    widths = [40 + 3 * n for n in range(80)]
    made = [(engine.paragraph(text, style), w) for w in widths]
    assert all(isinstance(p, fast.FastParagraph) is (engine_name == "fast") for p, _ in made)
    _draw(tmp_path / "ten.pdf", made)
    lines = _lines(tmp_path / "ten.pdf")
    ends = [line for line in lines if line.endswith("10") or line.startswith("min")]
    assert ends == [], ends
    assert sum("10 min" in line or f"10{NBSP}min" in line for line in lines) == len(widths)


def test_a_no_break_space_is_as_wide_as_a_space_and_reads_as_one(
    tmp_path: Path, theme: Theme
) -> None:
    style = theme.style("body", 12)
    _draw(
        tmp_path / "gap.pdf",
        [
            (engine.paragraph("for 10\u00a0min", style), 300),
            (engine.paragraph("for 10 min", style), 300),
        ],
    )
    document = pypdfium2.PdfDocument(str(tmp_path / "gap.pdf"))
    textpage = document[0].get_textpage()
    text = textpage.get_text_range()
    boxes = [textpage.get_charbox(i) for i in range(textpage.count_chars())]
    document.close()
    gaps = []
    for start in (i for i in range(len(text) - 3) if text[i : i + 2] == "10"):
        gaps.append(round(boxes[start + 3][0] - boxes[start + 1][2], 3))  # "0" to "m"
    assert len(gaps) == 2 and gaps[0] == gaps[1], gaps
    assert text.count("10 min") + text.count(f"10{NBSP}min") == 2


def test_no_break_spaces_across_runs_are_set_as_reportlab_sets_them(theme: Theme) -> None:
    """The fast engine now sets paragraphs of several runs holding no-break spaces (before, it
    left them to reportlab): the same operators and line widths, at any width."""
    rng = random.Random(13)
    words = [
        "Stroke",
        "the",
        "10\xa0min",
        "30\xa0s",
        "light\xa0pressure",
        "\xa0",
        "a\xa0",
        "\xa0b",
        "Ж",
    ]
    seps = [" ", "", "\xa0", "  ", " \xa0 ", " <br/>"]
    taken = 0
    for _ in range(400):
        out = []
        for _ in range(rng.randint(2, 7)):
            text = rng.choice(seps).join(rng.choice(words) for _ in range(rng.randint(1, 4)))
            wrap = rng.choice(["<b>{}</b>", "<i>{}</i>", '<font size="9.5">{}</font>', "{}"])
            out.append(wrap.format(text) + rng.choice(seps))
        markup = "".join(out)
        style = ParagraphStyle(
            "s", fontName=fonts.face(fonts.MAIN + rng.choice(["", "-Bold"])), fontSize=9,
            leading=12, leftIndent=rng.choice([0, 6]),
        )  # fmt: skip
        reference = fragments.fast_paragraph(markup, style)
        reference.__class__ = lacking.Paragraph  # the same fragments, set by reportlab
        ours = fast.FastParagraph(None, style, frags=copy.deepcopy(reference.frags))
        for width in (2000, 150, 60):
            assert _drawn(ours, width) == _drawn(reference, width), (markup, width)
            taken += ours._lines is not None
    assert taken > 800, taken  # the fast engine really set them


def _drawn(paragraph: object, width: float) -> tuple[object, ...]:
    canvas = Canvas("unused.pdf")
    _, height = paragraph.wrap(width, 1000)  # type: ignore[attr-defined]
    paragraph.drawOn(canvas, 10, 20)  # type: ignore[attr-defined]
    widths = [round(w, 6) for w in paragraph.getActualLineWidths0()]  # type: ignore[attr-defined]
    return canvas._code, widths, height


# --- no lone last word -------------------------------------------------------------------------

TITLE = "Long strokes from the ankle up to the knee"


def _title_lines(tmp_path: Path, markup: str, style: ParagraphStyle, width: float) -> list[str]:
    _draw(tmp_path / "title.pdf", [(engine.paragraph(markup, style), width)])
    return _lines(tmp_path / "title.pdf")


@pytest.mark.parametrize("engine_name", ["fast", "reportlab"])
def test_a_title_no_longer_ends_with_a_lone_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, theme: Theme, engine_name: str
) -> None:
    if engine_name == "reportlab":
        use_reportlab_text(monkeypatch)
    style = theme.style("title", 15, bold=True)
    width = stringWidth("Long strokes from the ankle up to the", style.fontName, 15) + 2
    before = _title_lines(tmp_path, TITLE, style, width)  # as the text was set before the tie
    assert before == ["Long strokes from the ankle up to the", "knee"]
    after = _title_lines(tmp_path, to_markup(TITLE), style, width)
    assert [line.replace(NBSP, " ") for line in after] == [
        "Long strokes from the ankle up to",
        "the knee",
    ]


@pytest.mark.parametrize(
    ("text", "tied"),
    [
        ("Long strokes up the calf", "Long strokes up the\xa0calf"),
        ("Stroke the calf **gently**", "Stroke the calf\xa0<b>gently</b>"),
        ("Three short words", "Three short words"),  # too few words to wrap
        (
            "Glide from the ankle to the extraordinarily",
            "Glide from the ankle to the extraordinarily",
        ),
        ("Hold it there for 30\xa0s", "Hold it there for\xa030\xa0s"),
        ("Then line\nbreak here", "Then line\nbreak\xa0here"),
    ],
)
def test_the_last_space_of_content_text_is_tied_when_the_word_is_short(
    text: str, tied: str
) -> None:
    assert to_markup(text) == tied


def test_a_paragraph_split_again_after_a_split_found_no_room(theme: Theme) -> None:
    """reportlab drops a paragraph's lines when a split finds no room; the next split must set
    them again its own way (a fast paragraph's own lines are no reportlab lines to split)."""
    style = theme.style("body", 12)
    markup = to_markup("Glide up the calf with both hands and back down. " * 12)
    ours = engine.paragraph(markup, style)
    reference = fragments.parsed(lacking.Paragraph, markup, style)
    assert isinstance(ours, fast.FastParagraph)
    for made in (ours, reference):
        made.wrap(200, 1000)
        assert made.split(200, 10) == []
    ours_parts, reference_parts = ours.split(200, 60), reference.split(200, 60)
    assert len(ours_parts) == len(reference_parts) == 2
    assert [p.wrap(200, 1000) for p in ours_parts] == [p.wrap(200, 1000) for p in reference_parts]
