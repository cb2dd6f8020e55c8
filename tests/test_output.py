"""What every output must hold (SPEC.md): sizes, text, fonts, structure, repeatability."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pikepdf
import pytest
from tests.pdftools import WS, build_routine, expected_sequence, missing_in_order, pdf_text

from handout import check
from handout.commands import build
from handout.content import load
from handout.content.paper import paper_size
from handout.content.workspace import Workspace
from handout.errors import LayoutError

ROUTINES = WS.routine_ids()
PAPERS = ["a4", "letter", "a5", "a6", "4x6in", "5x7in"]


@pytest.mark.parametrize("rid", ROUTINES)
def test_every_step_title_and_caution_is_printed_in_order_in_a_booklet(
    tmp_path: Path, rid: str
) -> None:
    """(Sheets put their stop box first: tests/test_sheet_design.py checks their order.)"""
    result = build_routine(tmp_path, rid, "booklet")
    routine = load.routine(WS, rid).routine
    assert missing_in_order(pdf_text(result.out), expected_sequence(routine)) == []


@pytest.mark.parametrize("rid", ROUTINES)
def test_card_prints_every_step_and_caution_or_says_it_does_not_fit(
    tmp_path: Path, rid: str
) -> None:
    routine = load.routine(WS, rid).routine
    result = build_routine(tmp_path, rid, "card")
    assert result.pages <= 2  # a front, and a back when the front cannot hold it all
    titles = [step.title for step in routine.steps]
    assert missing_in_order(pdf_text(result.out), titles) == []


def _page_sizes(path: Path) -> list[tuple[float, float]]:
    with pikepdf.open(path) as pdf:
        return [tuple(float(v) for v in page.mediabox[2:]) for page in pdf.pages]  # type: ignore[misc]


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("fmt", ["sheet", "card", "booklet"])
def test_page_size_is_exactly_the_paper(tmp_path: Path, paper: str, fmt: str) -> None:
    rid = "leg-basics" if fmt != "card" else "feet"
    try:
        result = build_routine(tmp_path, rid, fmt, paper=paper)
    except LayoutError:
        pytest.fail(f"{rid} {fmt} did not fit {paper}")
    want = paper_size(paper)
    sizes = _page_sizes(result.out)
    assert len(sizes) == result.pages
    for width, height in sizes:
        assert width == pytest.approx(want[0], abs=0.01)
        assert height == pytest.approx(want[1], abs=0.01)


def test_card_is_at_most_two_pages_and_sheet_at_most_three(tmp_path: Path) -> None:
    """A large-print sheet (12 pt body) of a ten-step routine takes three A4 pages; a short
    routine keeps to two (feet)."""
    pages = build_routine(tmp_path, "front-legs", "card").pages
    assert pages <= 2
    assert build_routine(tmp_path, "front-legs", "sheet").pages <= 3
    assert build_routine(tmp_path, "feet", "sheet").pages <= 2
    assert len(_page_sizes(tmp_path / "front-legs-card.pdf")) == pages


def test_fonts_are_embedded_and_no_standard_font_is_listed(tmp_path: Path) -> None:
    result = build_routine(tmp_path, "front-legs", "sheet")
    with pikepdf.open(result.out) as pdf:
        fonts = {}
        for page in pdf.pages:
            resources = page.obj.get("/Resources", {})
            for name, font in resources.get("/Font", {}).items():
                fonts[name] = font
        assert fonts, "no fonts found"
        for font in fonts.values():
            descriptor = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, font.BaseFont
            assert "Helvetica" not in str(font.BaseFont)


def test_pdf_structure_is_clean(tmp_path: Path) -> None:
    for fmt in ("sheet", "card", "booklet"):
        result = build_routine(tmp_path, "back-legs", fmt)
        with pikepdf.open(result.out) as pdf:
            assert pdf.check_pdf_syntax() == []


def test_metadata(tmp_path: Path) -> None:
    result = build_routine(tmp_path, "feet", "sheet")
    with pikepdf.open(result.out) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == load.routine(WS, "feet").routine.title
        assert str(info["/Author"])
        assert str(info["/Subject"])
        assert str(pdf.Root.Lang) == "en"


@pytest.mark.parametrize(
    "args", [["--routine", "front-legs"], ["--routine", "back-legs", "--format", "card"]]
)
def test_the_same_bytes_whatever_the_hash_seed(tmp_path: Path, args: list[str]) -> None:
    """Two processes with other string hashes (sets iterate in another order) write the same
    PDF: nothing that reaches the file may follow a set's order."""
    import subprocess
    import sys

    outs = []
    for seed in ("1", "3", "5"):  # 3 and 5 set the map's regions in another order than 1
        out = tmp_path / f"{seed}.pdf"
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1700000000"}
        command = [sys.executable, "-m", "handout", "build", *args, "--out", str(out)]
        subprocess.run(command, check=True, env=env, capture_output=True, timeout=120)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]


def test_same_input_builds_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build_routine(tmp_path / "a", "back-legs-clinic", "booklet").out.read_bytes()
    second = build_routine(tmp_path / "b", "back-legs-clinic", "booklet").out.read_bytes()
    assert first == second
    card_a = build_routine(tmp_path / "a", "feet", "card").out.read_bytes()
    card_b = build_routine(tmp_path / "b", "feet", "card").out.read_bytes()
    assert card_a == card_b
    assert b"D:20231114" in first


def test_booklet_has_bookmarks_and_clickable_contents(tmp_path: Path) -> None:
    result = build.build_manual(WS, "leg-and-foot", build.Options(out=tmp_path / "m.pdf"))
    manual = check.manual(WS, "leg-and-foot")
    with pikepdf.open(result.out) as pdf:
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
        for _, routine in ((d.id, d.routine) for d in manual.routines):
            assert routine.title in titles
        links = [a for a in pdf.pages[1].get("/Annots", []) if a.get("/Subtype") == "/Link"]
        assert len(links) >= len(manual.routines)


def test_contents_page_numbers_point_at_the_chapters(tmp_path: Path) -> None:
    import pypdfium2

    result = build.build_manual(WS, "leg-and-foot", build.Options(out=tmp_path / "m.pdf"))
    manual = check.manual(WS, "leg-and-foot")
    document = pypdfium2.PdfDocument(str(result.out))
    pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    contents = " ".join(pages[1].split())
    entries = contents[contents.index("Safety first") :]
    for doc in manual.routines:
        title = doc.routine.title
        found = re.search(re.escape(title) + r" \d+ steps(?: · \d+ min)? (\d+)", entries)
        assert found, f"no contents entry for {title}"
        number = int(found.group(1))
        assert title in pages[number - 1], f"{title} is not on page {number}"


def test_card_overflow_fails_naming_routine_and_amount(tmp_path: Path) -> None:
    with pytest.raises(LayoutError) as error:
        build_routine(tmp_path, "back-legs-clinic", "card", paper="a7")
    message = str(error.value)
    assert message.startswith("card for 'back-legs-clinic' is ")
    assert message.endswith(
        " mm too long on two sides at the smallest legible size"
        " — use --paper a5, shorter cues, or --format sheet"
    )
    assert not (tmp_path / "back-legs-clinic-card.pdf").exists()


def built_text(tmp_path: Path, source_yaml: str) -> tuple[str, build.Result]:
    """Build a sheet from YAML text; its text with whitespace folded, and the result."""
    source = tmp_path / "routine.yaml"
    source.write_text(source_yaml, encoding="utf-8")
    result = build.build_routine(WS, str(source), build.Options(out=tmp_path / "out.pdf"))
    return " ".join(pdf_text(result.out).split()), result


def test_markup_is_escaped_and_emphasis_applied(tmp_path: Path) -> None:
    text, _ = built_text(
        tmp_path,
        "title: 'Tags <b>stay</b> & <font size=90>literal</font>'\n"
        "summary: A **bold** claim and an *italic* one.\n"
        "steps:\n  - title: Step with <i>angle</i> & ampersand\n    text: x < y > z &amp; done\n",
    )
    assert "Tags <b>stay</b> & <font size=90>literal</font>" in text
    assert "Step with <i>angle</i> & ampersand" in text
    assert "x < y > z &amp; done" in text
    assert "A bold claim and an italic one." in text
    assert "**" not in text


def test_greek_and_cyrillic_print_with_real_glyphs_and_missing_ones_warn(tmp_path: Path) -> None:
    text, result = built_text(
        tmp_path,
        "title: Μασάζ ποδιών — массаж ног\nsummary: Ελληνικά и русский “quotes” – dashes, café.\n"
        "steps:\n  - title: Шаг один 🦶\ncautions: [Осторожно.]\n",
    )
    assert "Μασάζ ποδιών — массаж ног" in text
    assert "Ελληνικά и русский “quotes” – dashes, café." in text
    assert any("U+1F9B6" in w for w in result.warnings)
    assert len(result.warnings) == 1


def test_long_unbreakable_words_wrap_inside_the_page(tmp_path: Path) -> None:
    import pypdfium2

    word = "Supercalifragilistic" * 12
    source = tmp_path / "long.yaml"
    source.write_text(
        f"title: {word}\nsummary: {word}\nsteps:\n  - title: {word}\n    cue: {word}\n",
        encoding="utf-8",
    )
    for fmt in ("sheet", "card"):
        result = build.build_routine(
            WS, str(source), build.Options(format=fmt, out=tmp_path / f"l-{fmt}.pdf")
        )
        document = pypdfium2.PdfDocument(str(result.out))
        for page in document:
            width = page.get_width()
            textpage = page.get_textpage()
            for i in range(textpage.count_chars()):
                left, _, right, _ = textpage.get_charbox(i)
                assert left >= 0 and right <= width + 0.5


def test_failed_build_keeps_an_older_file_intact(tmp_path: Path) -> None:
    out = tmp_path / "card.pdf"
    out.write_bytes(b"older")
    with pytest.raises(LayoutError):
        build.build_routine(
            WS, "back-legs-clinic", build.Options(format="card", paper="a7", out=out)
        )
    assert out.read_bytes() == b"older"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["card.pdf"]


def test_grayscale_uses_no_colour(tmp_path: Path) -> None:
    import pypdfium2

    result = build_routine(tmp_path, "front-legs", "sheet", grayscale=True)
    document = pypdfium2.PdfDocument(str(result.out))
    for page in document:
        image = page.render(scale=0.6).to_pil().convert("RGB")
        assert all(abs(r - g) <= 6 and abs(g - b) <= 6 for r, g, b in image.get_flattened_data()), (
            "colour found"
        )
    colour = build_routine(tmp_path / "c", "front-legs", "sheet")
    image = pypdfium2.PdfDocument(str(colour.out))[0].render(scale=0.6).to_pil().convert("RGB")
    assert any(abs(r - g) > 20 for r, g, b in image.get_flattened_data())


def test_personalised_sheet_shows_client_date_and_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = build_routine(
        tmp_path, "self-legs", "sheet", client="Ana Müller", note="Twice a day, gently."
    )
    text = pdf_text(result.out)
    assert "Ana Müller" in text
    assert "14 November 2023" in text
    assert "Twice a day, gently." in text


REFERENCE = Path(__file__).parent / "reference"
UPDATE = os.environ.get("HANDOUT_UPDATE_REFERENCES") == "1"


@pytest.mark.parametrize(
    ("rid", "fmt", "page"),
    [
        ("front-legs", "sheet", 0),
        ("front-legs", "card", 0),
        ("front-legs", "card", 1),  # the card's back
        ("back-legs-clinic", "card", 1),  # steps continued on the back
        ("self-legs", "sheet", 2),  # the self-care log
        ("back-legs-clinic", "booklet", 3),  # an A5 chapter opening with its glance panel
        ("back-legs-clinic", "booklet", 4),  # A5 steps with their dose lines
    ],
)
def test_pages_look_like_the_references(
    tmp_path: Path, rid: str, fmt: str, page: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pypdfium2
    from PIL import Image, ImageChops, ImageStat

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = build_routine(tmp_path, rid, fmt)
    image = pypdfium2.PdfDocument(str(result.out))[page].render(scale=0.75).to_pil().convert("L")
    reference = REFERENCE / f"{rid}-{fmt}-{page + 1}.png"
    if UPDATE:
        image.save(reference)
    assert reference.exists(), (
        f"no reference image; run with HANDOUT_UPDATE_REFERENCES=1 to make {reference.name}"
    )
    stored = Image.open(reference).convert("L")
    assert stored.size == image.size
    diff = ImageStat.Stat(ImageChops.difference(stored, image)).mean[0]
    assert diff < 1.5, f"{reference.name} differs by {diff:.2f} (mean grey level); look at the page"


def test_a_workspace_template_overrides_and_adds_layouts(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "sheet.yaml").write_text("format: sheet\npaper: letter\n", encoding="utf-8")
    (templates / "big-card.yaml").write_text("format: card\npaper: a5\n", encoding="utf-8")
    ws = Workspace(tmp_path)  # no content/: the built-in routines, this workspace's layouts
    sheet = build.build_routine(ws, "feet", build.Options(out=tmp_path / "s.pdf"))
    card = build.build_routine(
        ws, "feet", build.Options(template="big-card", out=tmp_path / "c.pdf")
    )
    assert _page_sizes(sheet.out)[0] == pytest.approx(paper_size("letter"), abs=0.01)
    assert _page_sizes(card.out) == [pytest.approx(paper_size("a5"), abs=0.01)]


def test_repeated_drawings_are_forms_defined_once(tmp_path: Path) -> None:
    """Pictograms, caution signs, number discs and chip backgrounds recur on every page of a
    manual: each distinct one is a single form object, referenced wherever it is drawn."""
    out = build.build_manual(WS, "leg-and-foot", build.Options(out=tmp_path / "m.pdf")).out
    pdf = pikepdf.open(out)
    forms: dict[str, set[tuple[int, int]]] = {}
    uses = 0
    for page in pdf.pages:
        for name, xobject in page.Resources.get("/XObject", {}).items():
            if xobject.get("/Subtype") == "/Form":
                forms.setdefault(str(name), set()).add(xobject.objgen)
        uses += sum(1 for op in pikepdf.parse_content_stream(page, "Do"))
    assert all(len(objects) == 1 for objects in forms.values())  # one object per name
    assert uses > 3.5 * len(forms) > 0  # a routine's own view makes a few more distinct icons


def test_streams_are_binary_flate_only(tmp_path: Path) -> None:
    """No ASCII85 layer: it makes every stream a quarter bigger and slower to write."""
    out = build_routine(tmp_path, "front-legs", "sheet").out
    pdf = pikepdf.open(out)
    filters = set()
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            named = obj.get("/Filter")
            filters.add(tuple(map(str, named)) if isinstance(named, pikepdf.Array) else named)
    assert filters == {("/FlateDecode",)}
