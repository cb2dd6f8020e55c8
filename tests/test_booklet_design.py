"""The manual reads like a book (issue 13, item 6): A5, body 10.5/14 pt on lines of 60–70
characters, pages to a multiple of four (notes pages), contents that never leave a line alone,
no page less than a quarter full, an "at a glance" panel opening each chapter, and a safety
table that says each caution once. Measured from the PDF."""

from __future__ import annotations

import collections
import itertools
import statistics
from pathlib import Path

import pypdfium2
import pypdfium2.raw as raw
import pytest
from tests.pdfmeasure import Run, page_fill, text_runs
from tests.pdftools import WS, normal, page_texts

from handout import check
from handout.commands import build
from handout.content import load
from handout.content.labels import EN
from handout.content.workspace import Workspace

MM = 72 / 25.4
PAPERS = [None, "a4"]  # the template's A5, and A4


@pytest.fixture(scope="module")
def manuals(tmp_path_factory: pytest.TempPathFactory) -> dict[str | None, Path]:
    folder = tmp_path_factory.mktemp("manual")
    return {
        paper: build.build_manual(
            WS, "leg-and-foot", build.Options(paper=paper, out=folder / f"{paper}.pdf")
        ).out
        for paper in PAPERS
    }


def _lines(runs: list[Run]) -> list[list[Run]]:
    """Runs gathered into printed lines: same page, middles within a third of the size."""
    lines: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (r.page, -(r.box[1] + r.box[3]) / 2, r.box[0])):
        middle = (run.box[1] + run.box[3]) / 2
        if lines:
            last = lines[-1][0]
            if last.page == run.page and abs((last.box[1] + last.box[3]) / 2 - middle) < 4:
                lines[-1].append(run)
                continue
        lines.append([run])
    return lines


def _body_size(runs: list[Run]) -> float:
    sizes: collections.Counter[float] = collections.Counter()
    for run in runs:
        sizes[run.size] += len(run.text)
    return sizes.most_common(1)[0][0]


def full_line_lengths(pdf: Path) -> list[int]:
    """Characters (spaces included) of each full line of body text: a line of a column of
    three or more body lines that reaches within 1.5 ems of the column's right edge."""
    runs = text_runs(pdf)
    body = _body_size(runs)
    columns: dict[tuple[int, int], list[tuple[float, int]]] = collections.defaultdict(list)
    for line in _lines([r for r in runs if r.size == body]):
        line.sort(key=lambda r: r.box[0])
        text = " ".join(r.text for r in line)
        columns[(line[0].page, round(line[0].box[0]))].append((line[-1].box[2], len(text)))
    found = []
    for column in columns.values():
        edge = max(right for right, _ in column)
        if len(column) >= 3:
            found += [n for right, n in column if right >= edge - 1.5 * body]
    return found


@pytest.mark.parametrize("paper", PAPERS)
def test_body_is_10_5_on_14_points(manuals: dict[str | None, Path], paper: str | None) -> None:
    runs = text_runs(manuals[paper])
    assert _body_size(runs) == 10.5
    gaps = []
    for page in {r.page for r in runs}:
        starts = sorted(
            {round(r.box[3], 1) for r in runs if r.page == page and r.size == 10.5}, reverse=True
        )
        gaps += [a - b for a, b in itertools.pairwise(starts) if 12 < a - b < 17]
    assert 13.5 <= statistics.median(gaps) <= 14.6, statistics.median(gaps)


@pytest.mark.parametrize("paper", PAPERS)
def test_lines_hold_60_to_70_characters(manuals: dict[str | None, Path], paper: str | None) -> None:
    lengths = full_line_lengths(manuals[paper])
    assert len(lengths) > 100
    assert 60 <= statistics.median(lengths) <= 70, statistics.median(lengths)
    assert max(lengths) <= 78


def test_the_manual_is_a5_by_default(manuals: dict[str | None, Path]) -> None:
    width, height = pypdfium2.PdfDocument(str(manuals[None]))[0].get_size()
    assert (round(width / MM), round(height / MM)) == (148, 210)


def _pages(pdf: Path) -> list[str]:
    return [" ".join(t.split()) for t in page_texts(pdf)]


def _notes_only(text: str) -> bool:
    """A page of notes: its heading and its running lines, nothing else."""
    words = text.split()
    allowed = {EN["notes_page"], "Leg", "and", "Foot", "Massage"}
    return EN["notes_page"] in words and all(w in allowed or w.isdigit() for w in words)


@pytest.mark.parametrize("paper", PAPERS)
def test_pages_come_to_a_multiple_of_four_with_notes_pages(
    manuals: dict[str | None, Path], tmp_path: Path, paper: str | None
) -> None:
    one = build.build_routine(
        WS, "feet", build.Options(format="booklet", paper=paper, out=tmp_path / "feet.pdf")
    ).out
    for pdf in (manuals[paper], one):
        pages = _pages(pdf)
        assert len(pages) % 4 == 0, (pdf.name, len(pages))
        notes = [i for i, text in enumerate(pages) if _notes_only(text)]
        assert len(notes) < 4
        assert notes == list(range(len(pages) - len(notes), len(pages)))  # added at the end


@pytest.mark.parametrize("paper", PAPERS)
def test_no_page_is_less_than_a_quarter_full(
    manuals: dict[str | None, Path], paper: str | None
) -> None:
    """The rule: every page at least a quarter full. A list running over shares itself
    between its last two pages, a chapter's last page with a third or more free gets note
    lines, and the pages added to a multiple of four are ruled notes pages."""
    margins = load.template(WS, "booklet").margins
    fills = page_fill(manuals[paper], top_mm=margins.top + 9, bottom_mm=margins.bottom + 6)
    short = {page: round(fill, 2) for page, fill in enumerate(fills, 1) if fill < 0.25}
    assert short == {}


def _workspace_with(tmp_path: Path, count: int) -> Workspace:
    routines, manuals = tmp_path / "content" / "routines", tmp_path / "content" / "manuals"
    routines.mkdir(parents=True)
    manuals.mkdir()
    for n in range(count):
        (routines / f"r{n:02}.yaml").write_text(
            f"title: Routine number {n:02}\nsummary: S.\nsteps:\n  - title: Glide\n", "utf-8"
        )
    ids = ", ".join(f"r{n:02}" for n in range(count))
    (manuals / "many.yaml").write_text(
        f"title: Many\nintro: A short course.\nroutines: [{ids}]\n", "utf-8"
    )
    return Workspace(tmp_path)


@pytest.mark.parametrize("count", [16, 20])
def test_contents_that_run_over_share_two_pages_evenly(tmp_path: Path, count: int) -> None:
    ws = _workspace_with(tmp_path, count)
    out = build.build_manual(ws, "many", build.Options(out=tmp_path / "many.pdf")).out
    pages = _pages(out)
    end = next(i for i, t in enumerate(pages) if t.startswith(EN["introduction"]))
    per_page = [t.count("Routine number") for t in pages[1:end]]
    assert sum(per_page) == count
    assert len(per_page) == 2
    assert min(per_page) >= max(per_page) * 0.6, per_page


def _chapter_openers(pdf: Path) -> list[int]:
    return [i for i, t in enumerate(_pages(pdf)) if t.startswith("CHAPTER ")]


def _form_boxes(pdf: Path, page: int) -> list[tuple[float, float, float, float]]:
    document = pypdfium2.PdfDocument(str(pdf))
    return [
        obj.get_bounds()
        for obj in document[page].get_objects(max_depth=1)
        if obj.type == raw.FPDF_PAGEOBJ_FORM
    ]


def test_each_chapter_opens_with_an_at_a_glance_panel(manuals: dict[str | None, Path]) -> None:
    pdf = manuals[None]
    pages = _pages(pdf)
    openers = _chapter_openers(pdf)
    doc = check.manual(WS, "leg-and-foot")
    assert len(openers) == len(doc.routines)
    for page, chapter in zip(openers, doc.routines, strict=True):
        text = normal(pages[page])
        routine = chapter.routine
        head = text.index("at a glance")
        for word in ("position", "duration", "you need", "steps"):
            assert word in text[head:], (routine.title, word)
        assert normal(routine.position or "") in text
        maps = [b for b in _form_boxes(pdf, page) if b[3] - b[1] > 25 * MM]
        assert len(maps) == 1, routine.title  # the body map, 32 mm tall


def _safety_text(pdf: Path, *, folded: bool = True) -> str:
    pages = _pages(pdf)
    first = next(i for i, t in enumerate(pages) if t.startswith(EN["safety"]))
    text = " ".join(pages[first : _chapter_openers(pdf)[0]])
    return normal(text) if folded else text


def test_the_safety_table_says_the_knee_hollow_once(manuals: dict[str | None, Path]) -> None:
    """Twelve cautions in seven routines say "never press into the hollow behind the knee" in
    other words; they share an id and make one row, which applies to six chapters."""
    safety = _safety_text(manuals[None])
    assert safety.count("hollow behind the knee") == 1
    assert safety.count("hollow") == 2  # and the clinic order's "no percussion … hollow"
    merged = (
        "never press into the hollow behind the knee, as that can hurt and injure;"
        " strokes there only brush the surface."
    )
    assert f"{merged} 1–5, 7" in safety
    assert "do not press into the soft hollow behind your knee" not in safety


def test_the_safety_table_lists_each_caution_once_strongest_first(
    manuals: dict[str | None, Path],
) -> None:
    from handout.content.cautions import gathered

    doc = check.manual(WS, "leg-and-foot")
    table = gathered([(d.id, d.routine) for d in doc.routines])
    safety = _safety_text(manuals[None])
    for item in table:
        assert safety.count(normal(item.caution.text)) == 1, item.caution.text
    bands = _safety_text(manuals[None], folded=False)
    assert bands.index("STOP") < bands.index("CAUTION") < bands.index("NOTE")


def test_every_caution_keeps_its_own_words_in_its_chapter(manuals: dict[str | None, Path]) -> None:
    pdf = manuals[None]
    pages = _pages(pdf)
    openers = [*_chapter_openers(pdf), len(pages)]
    doc = check.manual(WS, "leg-and-foot")
    for n, chapter in enumerate(doc.routines):
        text = normal(" ".join(pages[openers[n] : openers[n + 1]])).replace(" ", "")
        routine = chapter.routine
        cautions = [*routine.cautions, *(c for s in routine.steps for c in s.caution)]
        lost = [c.text for c in cautions if normal(c.text).replace(" ", "") not in text]
        assert lost == [], routine.title


def test_the_glance_map_numbers_each_region_with_its_steps(
    manuals: dict[str | None, Path],
) -> None:
    """On A5 the chapter's map names its steps beside their regions (leg-basics: steps 3–5
    share one region); on paper too narrow for that the plain map stands in."""
    pages = _pages(manuals[None])
    opener = pages[_chapter_openers(manuals[None])[0]]
    glance = opener[opener.index("AT A GLANCE") :]
    assert "3–5" in glance and "Front" in glance and "Back" in glance
