"""The version stamp: every sheet and card says which content it was built from and when
(`front-legs · v1a2b3c4 · 2023-11-14`), and with a `site:` a sheet links its current version
by a QR code. The hash is of the routine as loaded, so the stamp is deterministic."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pypdfium2
import pytest

from clitools import REPO, Cli, assert_clean_exit, reported
from handout.commands import build
from handout.content import load, version
from handout.content.labels import EN, LANGUAGES
from handout.content.model import Brand
from handout.content.workspace import Workspace
from handout.errors import ContentError
from pdfmeasure import text_runs
from pdftools import normal, pdf_text

MM = 72 / 25.4
EPOCH = "1700000000"  # 2023-11-14
DAY = "2023-11-14"
QUIET = 1.5  # mm: four modules of a code 16 mm wide are more (it has 41 modules or fewer)
SITE = "https://clinic.example/"  # the trailing slash is not doubled in the link
SHIPPED = [
    ("back-legs-clinic", None),
    ("back-legs", None),
    ("feet", None),
    ("front-legs", None),
    ("inner-outer-legs", None),
    ("leg-basics", None),
    ("self-legs", None),
    ("self-legs", "de"),
    ("self-legs", "ru"),
]


@pytest.fixture(autouse=True)
def pinned_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def workspace(root: Path, brand: str = "", rid: str = "front-legs") -> Workspace:
    """A workspace of one shipped routine (and its translations) and `brand` as handout.yaml."""
    routines = root / "content" / "routines"
    routines.mkdir(parents=True)
    for path in (REPO / "content" / "routines").glob(f"{rid}.*yaml"):
        shutil.copy(path, routines)
    if brand:
        (root / "handout.yaml").write_text(brand, encoding="utf-8")
    return Workspace(root)


def made(ws: Workspace, rid: str, fmt: str, **options: object) -> build.Made:
    return build.made_routine(ws, rid, build.Options(format=fmt, **options))  # type: ignore[arg-type]


def saved(tmp_path: Path, item: build.Made, name: str) -> Path:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(item.data)
    return path


def stamp_of(ws: Workspace, rid: str, lang: str | None = None) -> str:
    doc = load.routine(ws, rid, lang)
    return normal(version.stamp(doc, build.today(), None).text)


# ---------------------------------------------------------------- the hash


def test_the_same_content_builds_the_same_bytes_and_stamp(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    first, second = made(ws, "front-legs", "sheet"), made(ws, "front-legs", "sheet")
    assert first.data == second.data
    digest = version.content_hash(load.routine(ws, "front-legs").routine)
    assert len(digest) == version.DIGITS and int(digest, 16) >= 0
    assert f"front-legs · v{digest} · {DAY}" in normal(pdf_text(saved(tmp_path, first, "a")))


def test_a_changed_step_changes_the_hash_and_a_comment_does_not(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    path = ws.routines_dir / "front-legs.yaml"
    source = path.read_text(encoding="utf-8")

    def digest(text: str) -> str:
        path.write_text(text, encoding="utf-8")
        return version.content_hash(load.routine(ws, "front-legs").routine)

    before = digest(source)
    assert digest("# a comment at the top\n" + source.replace("\n", "   \n", 3)) == before
    assert "  - title: " in source  # a step's title, changed here:
    assert digest(source.replace("  - title: ", "  - title: Slowly, ", 1)) != before


def test_a_translation_has_its_own_name_and_hash(tmp_path: Path) -> None:
    ws = workspace(tmp_path, rid="self-legs")
    english, german = stamp_of(ws, "self-legs"), stamp_of(ws, "self-legs", "de")
    assert english.startswith("self-legs · v") and german.startswith("self-legs.de · v")
    assert english.split(" · ")[1] != german.split(" · ")[1]


def test_the_date_is_the_build_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = workspace(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764633600")
    text = normal(pdf_text(saved(tmp_path, made(ws, "front-legs", "card"), "c")))
    assert stamp_of(ws, "front-legs").endswith("2025-12-02") and "2025-12-02" in text


# ---------------------------------------------------------------- on the page


def test_every_sheet_page_carries_the_stamp_large_and_in_ink(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    path = saved(tmp_path, made(ws, "front-legs", "sheet", paper="a4"), "sheet")
    stamp = stamp_of(ws, "front-legs")
    pages = len(pypdfium2.PdfDocument(str(path)))
    runs = [r for r in text_runs(path) if normal(r.text) == stamp]
    assert sorted(r.page for r in runs) == list(range(pages))
    assert all(r.size >= 9.5 and max(r.rgb) < 60 for r in runs), runs  # the ink, not grey


@pytest.mark.parametrize("paper", ["a6", "a5"])
def test_a_card_carries_the_stamp_once_at_its_floor(tmp_path: Path, paper: str) -> None:
    ws = workspace(tmp_path)
    path = saved(tmp_path, made(ws, "front-legs", "card", paper=paper), "card")
    runs = [r for r in text_runs(path) if normal(r.text) == stamp_of(ws, "front-legs")]
    assert len(runs) == 1 and runs[0].size >= 8, runs


def _pages(ws: Workspace, rid: str, lang: str | None) -> list[int]:
    jobs = [("sheet", "a4"), ("sheet", "letter"), ("sheet", "a5"), ("card", "a6")]
    return [made(ws, rid, fmt, paper=paper, lang=lang).pages for fmt, paper in jobs]


def test_the_stamp_adds_no_page_to_any_shipped_routine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sheets at A4, Letter and A5 and A6 cards, each translation too: as many pages as
    without a stamp (a card fits it in the room a side leaves, a sheet's foot in its margin)."""
    ws = Workspace(REPO)
    stamped = {job: _pages(ws, *job) for job in SHIPPED}
    monkeypatch.setattr(version, "stamp", lambda *args: None)
    assert stamped == {job: _pages(ws, *job) for job in SHIPPED}


# ---------------------------------------------------------------- the site and its QR code


def _links(path: Path) -> list[tuple[str, list[float]]]:
    """Every link on the first page: its address and its rectangle."""
    with pikepdf.open(path) as pdf:
        annots = pdf.pages[0].obj.get("/Annots") or []
        return [
            (str(a.A.URI), [float(v) for v in a.Rect])
            for a in annots
            if a.get("/A") is not None and "/URI" in a.A
        ]


def _ink_box(path: Path, rect: list[float]) -> tuple[float, float]:
    """Width and height in mm of the dark pixels inside `rect` grown by QUIET, on page 1."""
    scale = 4
    page = pypdfium2.PdfDocument(str(path))[0]
    image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
    height = page.get_size()[1]
    grow = QUIET * MM
    left, bottom, right, top = rect[0] - grow, rect[1] - grow, rect[2] + grow, rect[3] + grow
    crop = image.crop(
        (round(left * scale), round((height - top) * scale), round(right * scale),
         round((height - bottom) * scale))
    )  # fmt: skip
    box = crop.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert box is not None
    return (box[2] - box[0]) / scale / MM, (box[3] - box[1]) / scale / MM


def test_without_a_site_no_code_and_no_link(tmp_path: Path) -> None:
    ws = workspace(tmp_path, "clinic: {name: Harbourside}\n")
    path = saved(tmp_path, made(ws, "front-legs", "sheet"), "sheet")
    assert _links(path) == []
    assert "current version" not in normal(pdf_text(path))


@pytest.mark.parametrize("paper", ["a4", "a5"])
def test_a_site_prints_a_scannable_code_of_the_routines_page(tmp_path: Path, paper: str) -> None:
    ws = workspace(tmp_path, f"clinic: {{name: Harbourside}}\nsite: {SITE}\n")
    path = saved(tmp_path, made(ws, "front-legs", "sheet", paper=paper), "sheet")
    [(url, rect)] = _links(path)
    assert url == "https://clinic.example/routines/front-legs"
    width, height = _ink_box(path, rect)
    assert 15.5 <= width <= 16.6 and 15.5 <= height <= 16.6  # the code alone: a quiet zone
    assert "current version" in normal(pdf_text(path))
    card = saved(tmp_path, made(ws, "front-legs", "card"), "card")
    assert _links(card) == []  # a card is the therapist's: no code to scan


def test_the_codes_caption_is_in_the_sheets_language(tmp_path: Path) -> None:
    ws = workspace(tmp_path, f"site: {SITE}\n", rid="self-legs")
    path = saved(tmp_path, made(ws, "self-legs", "sheet", lang="ru"), "sheet")
    assert "актуальная версия" in normal(pdf_text(path))
    assert [url for url, _ in _links(path)] == ["https://clinic.example/routines/self-legs"]
    assert all(words.get("current_version") for words in LANGUAGES.values())
    assert "current_version" in EN


def test_a_site_that_is_no_web_address_is_refused(in_tmp: Cli, tmp_path: Path) -> None:
    workspace(tmp_path, "clinic: {name: Harbourside}\nsite: ftp://clinic.example\nsiet: x\n")
    result = in_tmp("check")
    assert_clean_exit(result, 1)
    assert reported(result)[:2] == [
        "handout.yaml:2:7: site: 'ftp://clinic.example' is not a web address — write it with"
        " http:// or https://, e.g. https://clinic.example",
        "handout.yaml:3:1: unknown key 'siet' — did you mean 'site'?",
    ]


@pytest.mark.parametrize(
    "site", ["clinic.example", "https://", "https://clinic .example", "mailto:a@b.example"]
)
def test_only_http_and_https_addresses_with_a_host_are_sites(tmp_path: Path, site: str) -> None:
    assert load.brand(workspace(tmp_path / "ok", "site: http://clinic.example/x\n")).site
    ws = workspace(tmp_path / "bad", f"site: '{site}'\n")
    with pytest.raises(ContentError, match="is not a web address"):
        load.brand(ws)
    assert Brand().site is None
