"""The client sheet at large-print standards, read back from the PDF (issue 13): type sizes,
text colours and their contrast, the dosage line, the self-care log, the stop box, cautions
said once, a header that never loses or overprints data, and last pages that end well."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image
from tests.pdfmeasure import Run, contrast, luminance, overlaps, text_runs
from tests.pdftools import REPO, WS, build_routine, missing_in_order, normal, pdf_text

from handout.commands import build
from handout.content import load
from handout.content.cautions import Said, key, sayings
from handout.content.model import Routine
from handout.content.workspace import Workspace
from handout.render.text.markup import plain

BODY, FLOOR, RATIO = 12.0, 9.5, 7.0
CLINIC = {
    "name": "Harbourside Physiotherapy & Massage Clinic",
    "phone": "+44 20 7946 0000",
    "email": "appointments@harbourside-clinic.example",
    "website": "www.harbourside-clinic.example/aftercare",
    "address": "Unit 4, The Old Sail Loft, 17 Harbour Street, Portsmouth PO1 2AB, United Kingdom",
}


def _ground(image: Image.Image, run: Run, scale: float) -> tuple[int, int, int]:
    """The colour most of the area around a run is painted in: the paper or fill under it."""
    left, bottom, right, top = run.box
    pad = 2.5
    height = image.height / scale
    crop = image.crop(
        (
            int((left - pad) * scale),
            int((height - top - pad) * scale),
            int((right + pad) * scale) + 1,
            int((height - bottom + pad) * scale) + 1,
        )
    )
    _, colour = max(crop.getcolors(crop.width * crop.height))
    return colour  # type: ignore[no-any-return]


def _runs_with_grounds(path: Path) -> list[tuple[Run, tuple[int, int, int]]]:
    scale = 2.0
    document = pypdfium2.PdfDocument(str(path))
    pages = [page.render(scale=scale).to_pil().convert("RGB") for page in document]
    return [(run, _ground(pages[run.page], run, scale)) for run in text_runs(path)]


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("sheets")
    out = {}
    for rid in ("front-legs", "back-legs-clinic", "self-legs"):
        out[rid] = build_routine(
            tmp, rid, "sheet", client="Ana Pérez", note="Twice a **week**, gently."
        ).out
    return out


def test_no_text_under_the_floor_and_body_text_is_large(sheets: dict[str, Path]) -> None:
    for rid, path in sheets.items():
        runs = text_runs(path)
        small = {(r.text[:30], r.size) for r in runs if r.size < FLOOR - 0.01}
        assert not small, (rid, sorted(small)[:5])
        first = load.routine(WS, rid).routine.steps[0].substeps[0][:12]
        step_text = [r for r in runs if r.text.startswith(first)]
        assert step_text and all(r.size >= BODY for r in step_text), rid
        chars = Counter()
        for r in runs:
            chars[r.size >= BODY] += len(r.text)
        assert chars[True] > 3 * chars[False], (rid, chars)


def test_every_text_reads_at_seven_to_one_against_what_it_is_printed_on(
    sheets: dict[str, Path],
) -> None:
    for rid, path in sheets.items():
        weak = {
            (run.text[:30], run.rgb, ground, round(contrast(run.rgb, ground), 2))
            for run, ground in _runs_with_grounds(path)
            if contrast(run.rgb, ground) < RATIO
        }
        assert not weak, (rid, sorted(weak)[:6])


def test_no_grey_text(sheets: dict[str, Path]) -> None:
    """Grey is for rules and fills: no text is a neutral grey lighter than the ink."""
    for rid, path in sheets.items():
        grey = {
            (r.text[:30], r.rgb)
            for r in text_runs(path)
            if max(r.rgb) - min(r.rgb) < 32 and 0.03 < luminance(r.rgb) < 0.9
        }  # white text sits on a fill: the contrast test reads it against that
        assert not grey, (rid, sorted(grey)[:5])


def test_a_bold_dosage_line_under_each_step_title(sheets: dict[str, Path]) -> None:
    runs = text_runs(sheets["back-legs-clinic"])
    title = next(r for r in runs if r.text == "Effleurage")
    dose = next(r for r in runs if normal(r.text) == normal("3× · light pressure"))
    assert dose.page == title.page and dose.box[3] <= title.box[1] + 0.5
    assert dose.box[1] > title.box[1] - 2.2 * title.size  # right under it
    assert dose.size >= BODY and contrast(dose.rgb) >= RATIO
    assert "Pressure" not in {r.text for r in runs}  # no chips on a sheet


def test_frequency_once_near_the_title(sheets: dict[str, Path]) -> None:
    text = normal(pdf_text(sheets["self-legs"]))
    assert text.count("once a day") == 1
    assert text.index("once a day") < text.index("a gentle routine")


def sheet_sequence(routine: Routine) -> list[str]:
    """What a sheet prints, in order: the routine's cautions as written, the stop box where
    its first stop-level one stands (that run of stop cautions, then the steps' stop cautions),
    then each step title with its cautions (a step's stop cautions are in the box and at the
    step); each caution said once at its place (content/cautions.py)."""
    said = sayings(routine)
    levels = [s.caution.level for s in said.routine]
    first = levels.index("stop") if "stop" in levels else len(levels)
    end = first
    while end < len(levels) and levels[end] == "stop":
        end += 1
    step_stops = [s for step in said.steps for s in step if s.caution.level == "stop"]
    told = [*said.routine[:end], *step_stops, *said.routine[end:]]
    sequence = [plain(s.caution.text) for s in told]
    for step, cautions in zip(routine.steps, said.steps, strict=True):
        sequence.append(plain(step.title))
        sequence += [plain(s.caution.text) for s in cautions]
    return sequence


@pytest.mark.parametrize("rid", WS.routine_ids())
def test_every_step_title_and_caution_is_printed_once_in_the_sheets_order(
    tmp_path: Path, rid: str
) -> None:
    routine = load.routine(WS, rid).routine
    text = pdf_text(build_routine(tmp_path, rid, "sheet").out)
    assert missing_in_order(text, sheet_sequence(routine)) == []
    for caution in [*routine.cautions, *(c for step in routine.steps for c in step.caution)]:
        assert key(caution) in {key(s.caution) for s in _all_said(routine)}


def _all_said(routine: Routine) -> list[Said]:
    said = sayings(routine)
    return [*said.routine, *(s for step in said.steps for s in step)]


def test_a_stop_caution_said_at_several_steps_prints_once_with_where(
    sheets: dict[str, Path],
) -> None:
    text = normal(pdf_text(sheets["back-legs-clinic"]))
    assert text.count(normal("Keep to the muscle bulk")) == 1
    assert normal("applies to steps 14–17") in text


def test_the_stop_box_gathers_stop_cautions_once_with_the_clinic_phone(tmp_path: Path) -> None:
    ws = _clinic_workspace(tmp_path, "wide")
    path = _build(ws, "self-legs", tmp_path / "self.pdf", "a4")
    text = normal(pdf_text(path))
    assert normal("Stop, and call us if in doubt") in text
    assert normal("Phone +44 20 7946 0000") in text
    for said in ("Stop if anything hurts", "Do not press into the soft hollow"):
        assert text.count(normal(said)) == 1
    clinic = normal(pdf_text(_build(ws, "back-legs-clinic", tmp_path / "back.pdf", "a4")))
    box = clinic.index(normal("Stop, and call us"))
    said_at_steps = clinic.index(normal("No percussion on the inner side of the knee"))
    assert box < said_at_steps < clinic.index(normal("Effleurage"))
    assert clinic.count(normal("No percussion on the inner side of the knee")) == 1


ORDERED = """title: Order
summary: Cautions in the order they are written.
cautions:
  - Skip any area with varicose veins.
  - level: stop
    text: Never press into the hollow behind the knee.
  - level: note
    text: Strokes move towards the heart.
  - level: stop
    text: Stop if anything hurts.
steps:
  - title: Glide
    text: Glide up.
"""


def test_routine_cautions_print_in_the_order_they_are_written(tmp_path: Path) -> None:
    """The stop box holds the first run of stop cautions where it stands in the list; a later
    stop caution prints in place (the spec: every caution in order)."""
    (tmp_path / "content" / "routines").mkdir(parents=True)
    (tmp_path / "content" / "routines" / "order.yaml").write_text(ORDERED, encoding="utf-8")
    text = normal(pdf_text(_build(Workspace(tmp_path), "order", tmp_path / "o.pdf", "a4")))
    wanted = ["varicose veins", "Stop, and ask", "hollow behind the knee", "towards the heart"]
    wanted += ["Stop if anything hurts", "Glide"]
    found = [text.find(normal(w)) for w in wanted]
    assert -1 not in found and found == sorted(found), found


def test_the_log_fills_room_and_adds_no_page(tmp_path: Path) -> None:
    """Rule: the log goes in the room left on the last page, else in a gap before a page
    break, else on a page of its own only when the page count is odd (a two-sided print has
    that page anyway)."""
    on = _build(Workspace(REPO), "self-legs", tmp_path / "on.pdf", "a4")
    ws = _copy_workspace(tmp_path / "off", log=False)
    off = _build(ws, "self-legs", tmp_path / "off.pdf", "a4")
    pages_on, pages_off = (len(pypdfium2.PdfDocument(str(p))) for p in (on, off))
    runs = text_runs(on)
    last = [r.text for r in runs if r.page == pages_on - 1]
    assert pages_on == pages_off or (
        pages_on == pages_off + 1 and "My week" in last and len(last) > 20
    )  # a page the sheet has at its normal spacing, shared with the steps or the finish
    words = [r.text for r in runs]
    for word in ("My week", "Mon", "Sun", "Morning", "Evening"):
        assert word in words
    assert "My week" not in pdf_text(off)
    front = pdf_text(build_routine(tmp_path, "front-legs", "sheet").out)
    assert "My week" not in front  # a therapist's routine has none by default


def test_russian_sheet_says_its_own_words_and_units(tmp_path: Path) -> None:
    path = build_routine(tmp_path, "self-legs", "sheet", lang="ru").out
    text = pdf_text(path)
    assert "Пн" in text and "Утро" in text and "мин" in text
    assert not re.search(r"\d\s*(min|s)\b", text)


@pytest.mark.parametrize("paper", ["a4", "letter", "a5", "100x150mm"])
@pytest.mark.parametrize("logo", ["wide", "square", None])
def test_header_keeps_every_contact_detail_and_nothing_overlaps(
    tmp_path: Path, paper: str, logo: str | None
) -> None:
    ws = _clinic_workspace(tmp_path, logo)
    path = _build(ws, "tiny", tmp_path / "tiny.pdf", paper)
    text = normal(pdf_text(path))
    for value in CLINIC.values():
        assert normal(value).replace(" ", "") in text.replace(" ", ""), value
    assert "…" not in pdf_text(path)
    document = pypdfium2.PdfDocument(str(path))
    width, height = document[0].get_size()
    images = [
        obj.get_bounds()
        for obj in document[0].get_objects()
        if obj.type == pypdfium2.raw.FPDF_PAGEOBJ_IMAGE
    ]
    runs = text_runs(path, pages=[0])
    for i, run in enumerate(runs):
        left, bottom, right, top = run.box
        assert left >= 0 and bottom >= 0 and right <= width and top <= height, run
        for box in images:
            assert not overlaps(run.box, box), (run.text, box)
        for other in runs[i + 1 :]:
            assert not overlaps(run.box, other.box, slack=0.5), (run.text, other.text)


LAST_PAGE = 0.25


def test_no_last_page_is_left_nearly_empty_on_a4(tmp_path: Path) -> None:
    """A last page under a quarter full is saved by tightening where that drops it."""
    sparse = {}
    for rid in WS.routine_ids():
        path = build_routine(tmp_path, rid, "sheet").out
        fill = _ink_fill(path)
        if len(fill) > 1 and fill[-1] < LAST_PAGE:
            sparse[rid] = round(fill[-1], 2)
    assert not sparse


def _ink_fill(path: Path, top_mm: float = 13, bottom_mm: float = 24) -> list[float]:
    """How far down each page the ink reaches, as a share of the room between the margins
    (rendered, so drawings placed as forms count where they print)."""
    dpi = 36
    px = dpi / 25.4
    fills = []
    for page in pypdfium2.PdfDocument(str(path)):
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        top, bottom = int(top_mm * px), image.height - int(bottom_mm * px)
        band = image.crop((0, top, image.width, bottom))
        rows = [band.crop((0, y, band.width, y + 1)).getextrema()[0] for y in range(band.height)]
        inked = [y for y, value in enumerate(rows) if value < 235]
        fills.append((inked[-1] + 1) / len(rows) if inked else 0.0)
    return fills


def _build(ws: Workspace, rid: str, out: Path, paper: str) -> Path:
    options = build.Options(format="sheet", out=out, paper=paper)
    return build.build_routine(ws, rid, options).out


def _copy_workspace(root: Path, *, log: bool) -> Workspace:
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    sheet = root / "templates" / "sheet.yaml"
    text = sheet.read_text(encoding="utf-8").replace(
        "summary: true}", f"summary: true, log: {str(log).lower()}}}"
    )
    sheet.write_text(text, encoding="utf-8")
    return Workspace(root)


def _clinic_workspace(root: Path, logo: str | None) -> Workspace:
    """A clinic's workspace: every contact field, a 3:1 or square logo or none, and a short
    routine (`tiny`) beside the shipped ones."""
    shutil.copytree(REPO / "content", root / "content")
    lines = ["clinic:"] + [f'  {key}: "{value}"' for key, value in CLINIC.items()]
    if logo is not None:
        size = (600, 200) if logo == "wide" else (300, 300)
        Image.new("RGB", size, (47, 111, 106)).save(root / "logo.png")
        lines.append("  logo: logo.png")
    (root / "handout.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "content" / "routines" / "tiny.yaml").write_text(
        "title: Tiny\nsummary: A short one.\naudience: self\n"
        "steps:\n  - title: Stroke\n    text: Stroke up.\n    repeat: 3\n",
        encoding="utf-8",
    )
    return Workspace(root)
