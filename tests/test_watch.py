"""`handout watch`: a saved file rebuilds what it affects, in one long-running process.

Each test waits for lines the watcher prints (tests/watching.py), never for a time: a save is
followed by the lines of the round it starts, in the plan's order (routines by id, sheet then
card), so the lines between two saves show exactly what a save rebuilt.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from clitools import REPO, assert_clean_exit, invoke
from handout.commands.build import Options
from handout.commands.watch import Event, Session, Watching, relevant, watch, watched
from handout.content.workspace import Workspace, builtin_root
from pdftools import normal, pdf_text
from watching import Watch

REBUILT = re.compile(r"rebuilt (output/\S+\.pdf) \(\d+ pages?\) in \d+ ms")
PURPOSE = "a first contact that wakes the feet up"  # the first step's purpose, on the sheet


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """Two routines, the brand and the sheet template of this repository."""
    for name in ("handout.yaml", "templates/sheet.yaml", *routines("feet", "front-legs")):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / name, tmp_path / name)
    return tmp_path


def routines(*ids: str) -> list[str]:
    return [f"content/routines/{rid}.yaml" for rid in ids]


def rebuilt(lines: list[str]) -> list[str]:
    """The outputs the lines say were rebuilt; every line must be such a line."""
    found = [REBUILT.fullmatch(line) for line in lines]
    assert all(found), lines
    return [match.group(1) for match in found if match]


def outputs(*ids: str) -> list[str]:
    return [f"output/{rid}-{fmt}.pdf" for rid in ids for fmt in ("sheet", "card")]


def sheet_text(ws: Path, rid: str) -> str:
    return normal(pdf_text(ws / f"output/{rid}-sheet.pdf"))


def test_a_save_rebuilds_what_it_affects(ws: Path) -> None:
    feet = ws / "content/routines/feet.yaml"
    source = feet.read_text("utf-8")
    with Watch(ws) as watcher:
        _, first = watcher.until("watching ")
        assert rebuilt(first[:-1]) == outputs("feet", "front-legs")
        assert first[-1] == f"watching {ws.resolve()} — Ctrl-C to stop"
        assert PURPOSE in sheet_text(ws, "feet")

        # A routine: its sheet and card, nothing else (the next save's lines would show).
        edited = source.replace("Foot Massage", "Foot Rub Edited")
        _, lines = watcher.saved(feet, edited, "rebuilt output/feet-card")
        assert rebuilt(lines) == outputs("feet")
        assert "foot rub edited" in sheet_text(ws, "feet")

        # Scratch files beside it start nothing and are no input; a new routine is built.
        for scratch in (".feet.yaml.swp", "feet.yaml~", "notes.tmp", "#feet.yaml#"):
            (feet.parent / scratch).write_text("scratch", "utf-8")
        _, lines = watcher.saved(feet.parent / "toes.yaml", source, "rebuilt output/toes-card")
        assert rebuilt(lines) == outputs("toes")  # last in order: stale others would show

        # A template: everything, and the edit shows (no template is kept from before).
        template = ws / "templates/sheet.yaml"
        edited = template.read_text("utf-8").replace("purpose: true", "purpose: false")
        _, lines = watcher.saved(template, edited, "rebuilt output/toes-card")
        assert rebuilt(lines) == outputs("feet", "front-legs", "toes")
        assert PURPOSE not in sheet_text(ws, "feet")

        # handout.yaml: everything.
        brand = ws / "handout.yaml"
        named = brand.read_text("utf-8").replace("clinic: {}", "clinic: {name: Willow Clinic}")
        _, lines = watcher.saved(brand, named, "rebuilt output/toes-card")
        assert rebuilt(lines) == outputs("feet", "front-legs", "toes")
        assert "willow clinic" in sheet_text(ws, "feet")

        code, rest = watcher.stop(signal.SIGTERM)
    assert (code, rest) == (0, [])


def test_an_error_is_printed_and_the_watch_goes_on(ws: Path) -> None:
    """Sheets only: a round is one job, over when its line is printed, so the saves here (in
    place, as some editors save) never meet a round still reading the file."""
    feet = ws / "content/routines/feet.yaml"
    source = feet.read_text("utf-8")
    broken = source.replace("region: ankle", "region: ankel")
    at = broken.index("ankel")
    line, col = broken.count("\n", 0, at) + 1, at - broken.rindex("\n", 0, at)
    with Watch(ws, "--format", "sheet") as watcher:
        watcher.until("watching ")
        feet.write_text(broken, "utf-8")
        _, lines = watcher.until("content/routines/feet.yaml:")
        assert lines == [
            f"content/routines/feet.yaml:{line}:{col}: step 3, region: unknown region 'ankel'"
            " — did you mean 'ankle'?"
        ]
        assert watcher.process.poll() is None
        feet.write_text(source, "utf-8")
        _, lines = watcher.until("rebuilt ")
        assert rebuilt(lines) == ["output/feet-sheet.pdf"]
        assert watcher.stop(signal.SIGINT) == (0, [])  # Ctrl-C


def test_a_stop_event_ends_the_watch(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ws)
    stop = threading.Event()
    events: list[Event] = []
    watching = threading.Event()

    def run() -> None:
        for event in watch(Workspace(ws), Options(format="sheet"), stop):
            events.append(event)
            if isinstance(event, Watching):
                watching.set()

    thread = threading.Thread(target=run)
    thread.start()
    assert watching.wait(60)
    stop.set()
    thread.join(60)
    assert not thread.is_alive()
    assert [type(event).__name__ for event in events] == ["Rebuilt", "Rebuilt", "Watching"]


def test_an_icon_edit_shows_in_the_next_round(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The next round's sheet is the one a fresh process builds from the edited icon: what is
    measured on an icon is cached by the file's digest, not by its view (render/bodymap.py)."""
    monkeypatch.chdir(ws)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    icon = ws / "assets/icons/foot-sole.svg"
    icon.parent.mkdir(parents=True)
    shutil.copy(REPO / "assets/icons/foot-sole.svg", icon)
    session = Session(Workspace(ws), Options(format="sheet"))
    list(session.round())
    moved = icon.read_text("utf-8").replace('id="sole"', 'id="sole" transform="translate(0,-20)"')
    icon.write_text(moved, "utf-8")
    assert [type(event).__name__ for event in session.round()] == ["Rebuilt", "Rebuilt"]
    subprocess.run(
        [sys.executable, "-m", "handout", "build", "--routine", "feet", "--out", "fresh.pdf"],
        cwd=ws,
        capture_output=True,
        check=True,
    )
    assert (ws / "output/feet-sheet.pdf").read_bytes() == (ws / "fresh.pdf").read_bytes()


def test_only_inputs_start_a_round(tmp_path: Path) -> None:
    folder = tmp_path / ".sync/ws"  # a hidden folder above the workspace hides nothing
    wanted = relevant([folder], folder / "output")
    names = {
        "content/routines/feet.yaml": True,
        "handout.yaml": True,
        "templates/sheet.yaml": True,
        "assets/icons/leg-front.svg": True,
        "output/feet-sheet.pdf": False,
        "output/.handout-manifest.json": False,
        ".git/index": False,
        "content/.drafts/feet.yaml": False,
        "content/routines/.feet.yaml.swp": False,
        "content/routines/feet.yaml~": False,
        "templates/#sheet.yaml#": False,
        "content/routines/feet.yaml.tmp": False,
        "assets/photo.jpg.part": False,
    }
    assert {name: wanted(None, str(folder / name)) for name in names} == names


def test_a_brand_only_workspace_watches_the_built_in_content(tmp_path: Path) -> None:
    shutil.copy(REPO / "handout.yaml", tmp_path / "handout.yaml")
    built_in = (builtin_root() / "content").resolve()
    assert watched(Workspace(tmp_path)) == [tmp_path.resolve(), built_in]
    (tmp_path / "content/routines").mkdir(parents=True)
    assert watched(Workspace(tmp_path)) == [tmp_path.resolve()]


def test_a_wrong_command_line_is_refused_before_watching(ws: Path) -> None:
    result = invoke("watch", "--root", str(ws), "--format", "poster")
    assert_clean_exit(result, 2)
    assert result.output == "unknown format 'poster' — use card, sheet or booklet\n"
