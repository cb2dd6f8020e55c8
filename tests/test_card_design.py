"""The table card's design, read back from the PDF: legible floors, a back when the front is
full, cautions said once and never smaller than step text, pressure dots, the safe zone."""

from __future__ import annotations

import ctypes
import functools
from pathlib import Path

import pypdfium2
import pypdfium2.raw as raw
import pytest
from tests.pdfmeasure import Run, page_fill, text_runs
from tests.pdftools import WS, build_routine, normal, pdf_text

from handout.commands import build
from handout.content import load
from handout.content.cautions import sayings
from handout.content.labels import labels
from handout.content.model import Routine
from handout.content.workspace import Workspace
from handout.errors import LayoutError
from handout.layout.card_parts import TEXT_FLOOR
from handout.render.callout import Callout
from handout.render.theme import make_theme

MM = 72 / 25.4
SHIPPED = [(rid, None) for rid in WS.routine_ids()] + [("self-legs", "de"), ("self-legs", "ru")]
CUE_FLOOR = {"a6": 11.0, "a5": 12.0}


@functools.cache
def card(rid: str, paper: str, lang: str | None, folder: Path) -> Path:
    out = folder / f"{rid}-{paper}-{lang}.pdf"
    options = build.Options(format="card", paper=paper, lang=lang, out=out)
    build.build_routine(WS, rid, options)
    return out


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cards")


def _routine(rid: str, lang: str | None) -> Routine:
    return load.routine(WS, rid, lang).routine if lang else load.routine(WS, rid).routine


def _said(routine: Routine) -> list[str]:
    """Every caution's text as said once (a reworded duplicate with the same `id:` is not)."""
    said = sayings(routine)
    return [s.caution.text for s in said.routine] + [s.caution.text for x in said.steps for s in x]


def _squashed(text: str) -> str:
    return normal(text).replace(" ", "").replace("-", "")


def _runs_of(runs: list[Run], texts: list[str], others: list[str] = ()) -> list[Run]:  # type: ignore[assignment]
    """The runs that are part of one of `texts` (a wrapped line of it) and of none of `others`."""
    wanted = [_squashed(t) for t in texts]
    unwanted = [_squashed(t) for t in others]

    def within(run: Run, among: list[str]) -> bool:
        return any(_squashed(run.text) in w for w in among)

    return [r for r in runs if len(r.text) > 5 and within(r, wanted) and not within(r, unwanted)]


@pytest.mark.parametrize(("rid", "lang"), SHIPPED)
def test_every_shipped_routine_makes_an_a6_card_of_at_most_two_sides(
    folder: Path, rid: str, lang: str | None
) -> None:
    path = card(rid, "a6", lang, folder)
    routine = _routine(rid, lang)
    assert len(pypdfium2.PdfDocument(str(path))) <= 2
    text = _squashed(pdf_text(path))
    wanted = [s.title for s in routine.steps] + [s.cue for s in routine.steps if s.cue]
    wanted += _said(routine)
    assert [w for w in wanted if _squashed(w) not in text] == []


@pytest.mark.parametrize("paper", ["a6", "a5"])
@pytest.mark.parametrize(("rid", "lang"), SHIPPED)
def test_cues_and_all_text_keep_their_floors(
    folder: Path, rid: str, lang: str | None, paper: str
) -> None:
    runs = text_runs(card(rid, paper, lang, folder))
    routine = _routine(rid, lang)
    words = labels(lang or "en")
    legend = [words[level] for level in ("light", "medium", "firm")]
    titles = [s.title for s in routine.steps if s.cue]
    cues = _runs_of(runs, [s.cue or s.title for s in routine.steps], titles + legend)
    assert cues and min(r.size for r in cues) >= CUE_FLOOR[paper]
    assert min(r.size for r in runs) >= TEXT_FLOOR


@pytest.mark.parametrize(("rid", "lang"), SHIPPED)
def test_cautions_are_never_smaller_than_step_text(
    folder: Path, rid: str, lang: str | None
) -> None:
    runs = text_runs(card(rid, "a6", lang, folder))
    routine = _routine(rid, lang)
    cues = [s.cue for s in routine.steps if s.cue]
    titles = _runs_of(runs, [s.title for s in routine.steps if s.cue], cues)
    cautions = _runs_of(runs, _said(routine), cues)
    assert cautions and titles
    assert min(r.size for r in cautions) >= max(r.size for r in titles)


def test_repeated_step_cautions_print_once_with_their_steps(folder: Path) -> None:
    text = normal(pdf_text(card("back-legs-clinic", "a6", None, folder)))
    assert text.count("keep to the muscle bulk") == 1
    assert "steps 14–17" in text


def test_a5_card_fills_its_page(folder: Path) -> None:
    for rid in ("front-legs", "self-legs"):
        fill = page_fill(card(rid, "a5", None, folder), top_mm=6, bottom_mm=6)
        assert fill[0] >= 0.9, rid


def test_meta_line_has_no_stop_before_its_dot(folder: Path) -> None:
    for rid, lang in SHIPPED:
        assert ". ·" not in pdf_text(card(rid, "a6", lang, folder)), rid


@pytest.mark.parametrize(("rid", "lang"), SHIPPED)
@pytest.mark.parametrize("paper", ["a6", "a5"])
def test_everything_keeps_the_lamination_safe_zone(
    folder: Path, rid: str, lang: str | None, paper: str
) -> None:
    """Every mark (text, rule, box, dot, map) is read back as rendered ink."""
    path = card(rid, paper, lang, folder)
    document = pypdfium2.PdfDocument(str(path))
    scale = 2  # 144 dpi
    edge = round(3 * MM * scale)
    for page in document:
        image = page.render(scale=scale, grayscale=True).to_pil()
        w, h = image.size
        bands = [(0, 0, w, edge), (0, h - edge, w, h), (0, 0, edge, h), (w - edge, 0, w, h)]
        assert all(image.crop(band).getextrema()[0] >= 250 for band in bands), rid
    for run in text_runs(path):
        width, height = document[run.page].get_size()
        left, bottom, right, top = run.box
        assert min(left, bottom, width - right, height - top) >= 3 * MM, run


def _dots(path: Path) -> dict[tuple[int, int, int], int]:
    """Small round paths drawn straight on the page (the pressure dots), counted by colour."""
    counts: dict[tuple[int, int, int], int] = {}
    document = pypdfium2.PdfDocument(str(path))
    for page in document:
        for obj in page.get_objects(max_depth=1):
            if obj.type != raw.FPDF_PAGEOBJ_PATH:
                continue
            left, bottom, right, top = obj.get_bounds()
            if not (2 < right - left < 7 and abs((right - left) - (top - bottom)) < 0.3):
                continue
            r, g, b, a = (ctypes.c_uint() for _ in range(4))
            raw.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a)
            key = (r.value, g.value, b.value)
            counts[key] = counts.get(key, 0) + 1
    return counts


def test_pressure_is_three_dots_with_its_word_in_the_text(folder: Path) -> None:
    path = card("front-legs", "a6", None, folder)
    routine = _routine("front-legs", None)
    levels = {"light": 1, "medium": 2, "firm": 3}
    pressed = [s.pressure for s in routine.steps if s.pressure]
    counts = sorted(_dots(path).values())
    legend_filled, legend_empty = 6, 3
    filled = sum(levels[p] for p in pressed) + legend_filled
    empty = sum(3 - levels[p] for p in pressed) + legend_empty
    assert counts == sorted([filled, empty])
    text = normal(pdf_text(path))
    assert text.count("light pressure") == pressed.count("light")
    assert text.count("medium pressure") == pressed.count("medium")


@pytest.mark.parametrize("level", ["note", "caution", "stop"])
def test_caution_icon_keeps_clear_of_its_border(level: str) -> None:
    from handout.content.model import Template

    theme = make_theme(Template(format="card"), None, False)
    callout = Callout(level, [["Short."]], theme, 8, "CAUTION", compact=True)
    callout.wrap(200, 500)
    border = callout.kind.border
    reach = callout.icon * 0.1  # the icon's stroke past its size
    assert callout.icon_x - reach - border >= 1
    assert callout.height - callout.icon - 2 * callout.icon_pad >= -1e-6
    assert callout.icon_pad - reach - border >= 1


def _long_workspace(tmp: Path) -> Workspace:
    routines = tmp / "content" / "routines"
    routines.mkdir(parents=True)
    steps = "".join(
        f"  - title: Step number {n} with a long title\n"
        f"    cue: Stroke slowly and evenly up the leg, part {n}\n    text: Glide.\n"
        for n in range(60)
    )
    (routines / "long.yaml").write_text(
        f"title: Long\nsummary: A summary.\nsteps:\n{steps}", encoding="utf-8"
    )
    return Workspace(tmp)


def test_past_two_sides_the_build_fails_saying_what_to_do(tmp_path: Path) -> None:
    ws = _long_workspace(tmp_path)
    out = tmp_path / "long.pdf"
    with pytest.raises(LayoutError) as error:
        build.build_routine(ws, "long", build.Options(format="card", out=out))
    message = str(error.value)
    over = message.removeprefix("card for 'long' is ").split(" ", 1)[0]
    assert over.isdigit() and int(over) > 0
    assert message == (
        f"card for 'long' is {over} mm too long on two sides at the smallest legible size"
        " — use --paper a5, shorter cues, or --format sheet"
    )
    assert not out.exists()


def test_a_card_that_fits_one_side_is_one_page(tmp_path: Path) -> None:
    assert build_routine(tmp_path, "feet", "card").pages == 1
