"""Concurrency and interruption: output files are whole PDFs or untouched, never half-written.

Every PDF is written to a hidden temporary file beside its target (`.NAME.XXXX.part`)
and renamed over the target when complete. A build killed outright (SIGKILL) cannot
remove its temporary file: it stays behind, hidden, and is ignored by everything; the
next successful write of the same target removes such files once they are an hour old
(never a fresh one, which may belong to a build still running).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest

from clitools import REPO
from handout.content.workspace import Workspace

HANDOUT = [sys.executable, "-m", "handout"]


def start(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*HANDOUT, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "100"},
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
    assert len(pdfs) == 2 * len(ws.routine_ids()) + len(ws.manual_ids())
    assert sorted(p.name for p in output.iterdir()) == [p.name for p in pdfs]
    for pdf in pdfs:
        assert whole_pdf(pdf) >= 1


def big_manual(root: Path, copies: int = 20) -> Path:
    """A workspace with every built-in routine `copies` times over and one manual of them all."""
    routines = root / "content" / "routines"
    routines.mkdir(parents=True)
    ids = []
    for source in sorted((REPO / "content" / "routines").glob("*.yaml")):
        if "." in source.stem:
            continue
        for n in range(copies):
            ids.append(f"{source.stem}-{n}")
            (routines / f"{ids[-1]}.yaml").write_bytes(source.read_bytes())
    manuals = root / "content" / "manuals"
    manuals.mkdir()
    listed = "".join(f"  - {rid}\n" for rid in ids)
    (manuals / "big.yaml").write_text(f"title: Big\nroutines:\n{listed}", encoding="utf-8")
    return root


def an_older_pdf(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(path)
    return path.read_bytes()


@pytest.mark.parametrize("after", [0.3, 2.0])
def test_a_killed_build_leaves_the_older_file_intact(tmp_path: Path, after: float) -> None:
    root = big_manual(tmp_path / "ws")
    target = tmp_path / "output" / "big.pdf"
    before = an_older_pdf(target)
    run = start("build", "--root", str(root), "--manual", "big", "--out", str(target), cwd=tmp_path)
    time.sleep(after)
    assert run.poll() is None, "the build ended before it could be killed — make it bigger"
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=10)
    assert run.returncode == -signal.SIGKILL
    assert target.read_bytes() == before
    assert whole_pdf(target) == 1
    assert [p.name for p in target.parent.iterdir() if not p.name.startswith(".")] == ["big.pdf"]


KILLED_WHILE_WRITING = """
import os, signal, sys
from pathlib import Path
from handout.output.write import atomic_path

with atomic_path(Path(sys.argv[1])) as temp:
    temp.write_bytes(b"%PDF-1.4 half of a PDF")
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_build_killed_while_writing_leaves_a_hidden_part_file_and_the_old_pdf(
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

    # A fresh one may belong to a build still running: the next build leaves it alone.
    done = start("build", "--routine", "front-legs", "--root", str(REPO), cwd=tmp_path)
    _, stderr = done.communicate(timeout=60)
    assert done.returncode == 0, stderr
    assert whole_pdf(target) >= 1 and target.read_bytes() != before
    assert leftovers(target.parent) == [stale]

    # An hour-old one is a killed build's: the next successful write removes it.
    hours_ago = time.time() - 2 * 3600
    os.utime(target.parent / stale, (hours_ago, hours_ago))
    done = start("build", "--routine", "front-legs", "--root", str(REPO), cwd=tmp_path)
    _, stderr = done.communicate(timeout=60)
    assert done.returncode == 0, stderr
    assert leftovers(target.parent) == []


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
