"""Concurrency and interruption: output files are whole PDFs or untouched, never half-written.

Every PDF is written to a hidden temporary file beside its target (`.NAME.XXXX.part`)
and renamed over the target when complete; its writer holds an exclusive lock on it until
then. A build killed outright (SIGKILL) cannot remove its temporary file, but its lock dies
with it: the next write of any target in that folder removes every `.part` file whose lock
it can take, and never one whose build is still running (output/write.py).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from clitools import REPO
from handout.content.workspace import Workspace
from handout.output.manifest import NAME as MANIFEST

HANDOUT = [sys.executable, "-m", "handout"]


def start(*args: str, cwd: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*HANDOUT, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "100", **env},
    )


def whole_pdf(path: Path) -> int:
    """The page count of a complete PDF (pikepdf refuses a truncated one)."""
    assert path.read_bytes().rstrip().endswith(b"%%EOF"), f"{path.name} is cut short"
    with pikepdf.open(path) as pdf:
        pdf.check_pdf_syntax()
        return len(pdf.pages)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_two_builds_of_everything_at_once_leave_only_whole_pdfs(tmp_path: Path) -> None:
    ws = Workspace(REPO)
    runs = [start("build", "--all", "--root", str(REPO), cwd=tmp_path) for _ in range(2)]
    results = [run.communicate(timeout=180) for run in runs]
    for run, (_, stderr) in zip(runs, results, strict=True):
        assert run.returncode == 0, stderr
        assert "Traceback" not in stderr and "internal error" not in stderr
    output = tmp_path / "output"
    assert leftovers(output) == []
    pdfs = sorted(output.glob("*.pdf"))
    languages = sum(1 + len(ws.translations(rid)) for rid in ws.routine_ids())
    assert len(pdfs) == 2 * languages + len(ws.manual_ids())
    assert sorted(p.name for p in output.iterdir()) == [MANIFEST, *(p.name for p in pdfs)]
    for pdf in pdfs:
        assert whole_pdf(pdf) >= 1


def an_older_pdf(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(path)
    return path.read_bytes()


def built(*args: str, cwd: Path) -> None:
    done = start("build", "--root", str(REPO), *args, cwd=cwd)
    _, stderr = done.communicate(timeout=60)
    assert done.returncode == 0, stderr


def held(run: subprocess.Popen[str]) -> Path:
    """Wait for the build's `holding <point> <path>` line (output/write.py); return the path."""
    assert run.stderr is not None
    said = []
    for line in run.stderr:
        if line.startswith("holding "):
            return Path(line.removesuffix("\n").split(" ", 2)[2])
        said.append(line)
    raise AssertionError(f"the build ended without reaching the point:\n{''.join(said)}")


@pytest.mark.parametrize("point", ["before-write", "before-rename"])
def test_a_killed_build_leaves_the_older_file_intact(tmp_path: Path, point: str) -> None:
    """Killed while the PDF is only in memory, or when its temporary file is whole but not
    yet renamed: the older file stays as it was, beside at most one hidden `.part` file."""
    target = tmp_path / "output" / "front-legs-sheet.pdf"
    before = an_older_pdf(target)
    args = ["build", "--routine", "front-legs", "--root", str(REPO), "--out", str(target)]
    run = start(*args, cwd=tmp_path, HANDOUT_HOLD=point)
    try:
        path = held(run)
    finally:
        run.kill()
        run.communicate(timeout=60)
    assert run.returncode == -signal.SIGKILL
    assert target.read_bytes() == before
    assert whole_pdf(target) == 1
    parts = [] if point == "before-write" else [path.name]
    assert sorted(p.name for p in target.parent.iterdir()) == sorted([target.name, *parts])
    if point == "before-write":
        assert path == target
    else:
        assert path.parent == target.parent and path.name.startswith(f".{target.name}.")
        assert whole_pdf(path) >= 1  # complete: only the rename was missing


KILLED_WHILE_WRITING = """
import os, signal, sys
from pathlib import Path
from handout.output.write import atomic_path

with atomic_path(Path(sys.argv[1])) as temp:
    temp.write_bytes(b"%PDF-1.4 half of a PDF")
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_killed_builds_part_file_is_removed_by_the_next_build_in_its_folder(
    tmp_path: Path,
) -> None:
    target = tmp_path / "output" / "front-legs-sheet.pdf"
    before = an_older_pdf(target)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_WHILE_WRITING, str(target)], capture_output=True, timeout=60
    )
    assert killed.returncode == -signal.SIGKILL
    assert target.read_bytes() == before
    [stale] = leftovers(target.parent)
    assert stale.startswith(".front-legs-sheet.pdf.")  # hidden beside its target

    # The next build of another target in that folder removes it, however fresh it is.
    built("--routine", "feet", "--out", str(target.parent / "feet.pdf"), cwd=tmp_path)
    assert leftovers(target.parent) == []
    assert target.read_bytes() == before


def test_a_running_builds_part_file_survives_another_builds_sweep(tmp_path: Path) -> None:
    """A build held just before its rename keeps its temporary file through another build in
    the same folder, then goes on and renames it into place."""
    output = tmp_path / "output"
    target = output / "front-legs-sheet.pdf"
    args = ["build", "--routine", "front-legs", "--root", str(REPO), "--out", str(target)]
    running = start(*args, cwd=tmp_path, HANDOUT_HOLD="before-rename")
    try:
        part = held(running)
        built("--routine", "feet", "--out", str(output / "feet.pdf"), cwd=tmp_path)
        assert leftovers(output) == [part.name]
    except BaseException:
        running.kill()
        running.communicate(timeout=60)
        raise
    running.send_signal(signal.SIGUSR1)
    _, stderr = running.communicate(timeout=60)
    assert running.returncode == 0, stderr
    assert leftovers(output) == []
    assert whole_pdf(target) >= 1 and whole_pdf(output / "feet.pdf") >= 1


def test_a_failed_build_leaves_no_part_file(tmp_path: Path) -> None:
    target = tmp_path / "output" / "x.pdf"
    before = an_older_pdf(target)
    (tmp_path / "bad.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    done = start("build", "--routine", "bad.yaml", "--out", str(target), cwd=tmp_path)
    _, stderr = done.communicate(timeout=60)
    assert done.returncode == 1, stderr
    assert target.read_bytes() == before
    assert leftovers(target.parent) == []


def test_a_written_pdf_is_readable_as_the_umask_allows(tmp_path: Path) -> None:
    from handout.output.write import write_bytes

    old = os.umask(0o022)
    try:
        write_bytes(tmp_path / "a.pdf", b"%PDF-1.4\n%%EOF\n")
    finally:
        os.umask(old)
    assert (tmp_path / "a.pdf").stat().st_mode & 0o777 == 0o644
