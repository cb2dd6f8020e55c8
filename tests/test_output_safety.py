"""Output never destroys anything (issue 12; README, Security).

`--out` refuses, unless `--force`: a workspace input, an existing file that is not a PDF (by its
bytes), a read-only file and a link that leads out of its folder. It refuses always: a folder, a
device, a FIFO. `--out -` writes the PDF to standard output. Folders that cannot be written and
names too long for the file system end in one clean line. Temporary files of killed writes are
swept by the next write in their folder, never one a running write holds (its lock).
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from clitools import REPO, assert_clean_exit, invoke, lines
from handout.output import write

OLDER = b"%PDF-1.4\n% an older handout\n%%EOF\n"
REFUSED = "choose another --out, or add --force to replace it"
SHORTER = "give --out a shorter name"
NOT_A_FILE = "not a file — choose another --out (--out - writes the PDF to standard output)"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace with one routine, a brand, a template and an asset; the current folder."""
    for rel in ("content/routines/feet.yaml", "handout.yaml", "templates/sheet.yaml"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / rel, tmp_path / rel)
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n a photo")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return tmp_path


def build(*args: str) -> Result:
    return invoke("build", "--routine", "feet", *args)


def files(root: Path) -> dict[str, bytes]:
    """Every file under `root` (links as where they lead), to show nothing changed."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            found[str(path.relative_to(root))] = os.readlink(path).encode()
        elif path.is_file():
            found[str(path.relative_to(root))] = path.read_bytes()
    return found


def refused(result: Result, message: str) -> None:
    assert_clean_exit(result, 1)
    assert lines(result.stderr) == [message]
    assert result.stdout == ""


def a_pdf(path: Path) -> bool:
    return path.read_bytes().startswith(b"%PDF-") and path.read_bytes() != OLDER


@pytest.mark.parametrize(
    ("out", "where"),
    [
        ("content/routines/feet.yaml", "content/"),
        ("content/feet.pdf", "content/"),
        ("handout.yaml", "handout.yaml"),
        ("templates/sheet.yaml", "templates/"),
        ("assets/photo.png", "assets/"),
        ("assets/feet.pdf", "assets/"),
    ],
)
def test_out_onto_a_workspace_input_is_refused(ws: Path, out: str, where: str) -> None:
    before = files(ws)
    refused(build("--out", out), f"{out}: is a workspace input ({where}) — {REFUSED}")
    assert files(ws) == before


def test_the_default_output_folder_may_be_inside_the_content(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only `--out` is checked against the inputs: `output/` of the current folder holds new
    files only, even when that folder is `content/routines/`."""
    monkeypatch.chdir(ws / "content" / "routines")
    assert_clean_exit(invoke("build", "--routine", "feet", "--root", str(ws)), 0)
    assert a_pdf(ws / "content" / "routines" / "output" / "feet-sheet.pdf")


@pytest.mark.parametrize("name", ["notes.txt", "letter.pdf"])
def test_out_onto_a_file_that_is_not_a_pdf_is_refused(ws: Path, name: str) -> None:
    """Its bytes decide, not its name: a `.pdf` that does not start with `%PDF-` is kept."""
    (ws / name).write_bytes(b"Dear client, see you on Monday.\n")
    before = files(ws)
    refused(build("--out", name), f"{name}: exists and is not a PDF — {REFUSED}")
    assert files(ws) == before


def test_a_read_only_older_pdf_is_kept(ws: Path) -> None:
    old = ws / "old.pdf"
    old.write_bytes(OLDER)
    old.chmod(0o444)
    refused(build("--out", "old.pdf"), f"old.pdf: is read-only — {REFUSED}")
    assert old.read_bytes() == OLDER
    assert stat.S_IMODE(old.stat().st_mode) == 0o444


@pytest.mark.parametrize(
    ("name", "content", "mode"),
    [
        ("assets/photo.png", None, 0o644),
        ("notes.txt", b"my notes\n", 0o644),
        ("old.pdf", OLDER, 0o444),
    ],
)
def test_force_replaces_an_input_a_non_pdf_or_a_read_only_pdf(
    ws: Path, name: str, content: bytes | None, mode: int
) -> None:
    target = ws / name
    if content is not None:
        target.write_bytes(content)
    target.chmod(mode)
    result = build("--out", name, "--force")
    assert_clean_exit(result, 0)
    assert a_pdf(target)


def test_an_empty_file_holds_nothing_to_lose_and_is_replaced(ws: Path) -> None:
    (ws / "new.pdf").touch()
    assert_clean_exit(build("--out", "new.pdf"), 0)
    assert a_pdf(ws / "new.pdf")


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_device(path: Path) -> None:
    path.symlink_to("/dev/null")  # a link to a device: safe to test even on a build that fails


def make_folder(path: Path) -> None:
    path.mkdir()


@pytest.mark.parametrize("force", [[], ["--force"]])
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (make_fifo, f"it.pdf: is a named pipe (FIFO), {NOT_A_FILE}"),
        (make_device, f"it.pdf: is a device, {NOT_A_FILE}"),
        (make_folder, "it.pdf: is a folder — give --out a file name ending in .pdf"),
    ],
)
def test_a_fifo_a_device_or_a_folder_is_refused_even_with_force(
    ws: Path, make: Callable[[Path], None], message: str, force: list[str]
) -> None:
    make(ws / "it.pdf")
    kind = stat.S_IFMT(os.stat(ws / "it.pdf").st_mode)
    refused(build("--out", "it.pdf", *force), message)
    assert stat.S_IFMT(os.stat(ws / "it.pdf").st_mode) == kind
    assert [p.name for p in ws.iterdir() if p.name.startswith(".")] == []


@pytest.fixture
def linked(ws: Path) -> Iterator[tuple[Path, Path]]:
    """`out/report.pdf`, a link to an older PDF outside `out/`."""
    kept = ws / "elsewhere" / "kept.pdf"
    kept.parent.mkdir()
    kept.write_bytes(OLDER)
    link = ws / "out" / "report.pdf"
    link.parent.mkdir()
    link.symlink_to(Path("..") / "elsewhere" / "kept.pdf")
    yield link, kept
    assert link.is_symlink()  # written through or refused, the link itself stays


def test_a_link_out_of_its_folder_is_refused(linked: tuple[Path, Path]) -> None:
    _, kept = linked
    real = os.path.realpath(kept)
    message = f"out/report.pdf: is a link that leads out of its folder, to {real} — {REFUSED}"
    refused(build("--out", "out/report.pdf"), message)
    assert kept.read_bytes() == OLDER


def test_force_writes_through_a_link_out_of_its_folder(linked: tuple[Path, Path]) -> None:
    link, kept = linked
    assert_clean_exit(build("--out", "out/report.pdf", "--force"), 0)
    assert a_pdf(kept)
    assert sorted(p.name for p in link.parent.iterdir()) == ["report.pdf"]


def test_a_link_inside_its_folder_is_written_through(ws: Path) -> None:
    (ws / "out").mkdir()
    (ws / "out" / "v1.pdf").write_bytes(OLDER)
    (ws / "out" / "latest.pdf").symlink_to("v1.pdf")
    result = build("--out", "out/latest.pdf")
    assert_clean_exit(result, 0)
    assert a_pdf(ws / "out" / "v1.pdf")
    assert os.readlink(ws / "out" / "latest.pdf") == "v1.pdf"
    assert sorted(p.name for p in (ws / "out").iterdir()) == ["latest.pdf", "v1.pdf"]


def test_build_all_refuses_a_read_only_output_unless_forced(ws: Path) -> None:
    sheet = ws / "output" / "feet-sheet.pdf"
    sheet.parent.mkdir()
    sheet.write_bytes(OLDER)
    sheet.chmod(0o444)
    result = invoke("build", "--all")
    assert_clean_exit(result, 1)
    assert f"output/feet-sheet.pdf: is read-only — {REFUSED}" in lines(result.stderr)
    assert sheet.read_bytes() == OLDER
    assert a_pdf(ws / "output" / "feet-card.pdf")
    assert_clean_exit(invoke("build", "--all", "--force"), 0)
    assert a_pdf(sheet)


def test_out_dash_writes_the_pdf_and_nothing_else_to_stdout(ws: Path) -> None:
    to_file = build("--out", "feet.pdf")
    assert_clean_exit(to_file, 0)
    before = files(ws)
    result = build("--out", "-")
    assert_clean_exit(result, 0)
    assert result.stdout_bytes == (ws / "feet.pdf").read_bytes()
    pages = to_file.stdout.strip().removeprefix("wrote feet.pdf ")
    assert lines(result.stderr) == [f"wrote standard output {pages}"]
    assert files(ws) == before


def test_out_dash_through_a_pipe_is_binary_and_a_terminal_is_refused(ws: Path) -> None:
    args = [sys.executable, "-m", "handout", "build", "--routine", "feet", "--out", "-"]
    piped = subprocess.run(args, capture_output=True, timeout=120)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.startswith(b"%PDF-") and piped.stdout.rstrip().endswith(b"%%EOF")
    assert b"\r\n" not in piped.stdout[:20]  # bytes as written, not text
    master, terminal = os.openpty()
    try:
        shown = subprocess.run(args, stdout=terminal, stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(terminal)
        os.close(master)
    assert shown.returncode == 2
    assert shown.stderr.decode().splitlines() == [
        "--out -: standard output is a terminal — pipe it (| lp) or redirect it (> file.pdf)"
    ]


def test_preview_needs_a_file_not_stdout(ws: Path) -> None:
    before = files(ws)
    result = invoke("preview", "feet", "--out", "-")
    assert_clean_exit(result, 2)
    assert lines(result.stderr) == [
        "--out -: preview writes its PNGs beside the PDF, so it needs a file"
        " — give --out a file name ending in .pdf"
    ]
    assert files(ws) == before


def test_preview_keeps_a_file_that_is_not_a_png(ws: Path) -> None:
    (ws / "feet-1.png").write_bytes(b"not an image")
    result = invoke("preview", "feet", "--out", "feet.pdf", "--dpi", "36")
    refused(result, f"feet-1.png: exists and is not a PNG image — {REFUSED}")
    assert (ws / "feet-1.png").read_bytes() == b"not an image"
    assert sorted(p.name for p in ws.glob("*.png")) == ["feet-1.png"]


def test_icons_keeps_a_file_that_is_not_a_pdf_unless_forced(ws: Path) -> None:
    (ws / "notes.txt").write_bytes(b"my notes\n")
    refused(
        invoke("icons", "--out", "notes.txt"), f"notes.txt: exists and is not a PDF — {REFUSED}"
    )
    assert (ws / "notes.txt").read_bytes() == b"my notes\n"
    assert_clean_exit(invoke("icons", "--out", "notes.txt", "--force"), 0)
    assert a_pdf(ws / "notes.txt")


def test_a_name_too_long_for_the_file_system(ws: Path) -> None:
    name = "a" * 300 + ".pdf"
    refused(build("--out", name), f"{name}: the name is too long for the file system — {SHORTER}")


def test_a_routine_id_too_long_for_a_file_name_is_no_routine(ws: Path) -> None:
    rid = "b" * 300
    result = invoke("build", "--routine", rid)
    refused(result, f"content/routines: no routine '{rid}' — run handout list to see the routines")


def test_a_routine_whose_output_name_is_too_long(ws: Path) -> None:
    rid = "c" * 250  # the routine file's name fits; `<id>-sheet.pdf` does not
    shutil.copyfile(ws / "content/routines/feet.yaml", ws / f"content/routines/{rid}.yaml")
    out = f"output/{rid}-sheet.pdf"
    result = invoke("build", "--routine", rid)
    refused(result, f"{out}: the name is too long for the file system — {SHORTER}")
    assert list((ws / "output").iterdir()) == []  # no temporary file left either


def test_a_long_output_name_that_fits_is_written(ws: Path) -> None:
    """The temporary file's name is shortened, so any name the file system takes can be written."""
    rid = "d" * 240
    shutil.copyfile(ws / "content/routines/feet.yaml", ws / f"content/routines/{rid}.yaml")
    assert_clean_exit(invoke("build", "--routine", rid), 0)
    assert sorted(p.name for p in (ws / "output").iterdir()) == [f"{rid}-sheet.pdf"]


@pytest.mark.parametrize("out", ["notes.txt/feet.pdf", "notes.txt/more/feet.pdf"])
def test_out_below_a_file_is_a_clean_message(ws: Path, out: str) -> None:
    (ws / "notes.txt").write_text("my notes\n")
    refused(build("--out", out), f"{out}: notes.txt is a file, not a folder — choose another --out")


@pytest.mark.parametrize("failing", ["mkstemp", "replace"])
def test_a_folder_that_cannot_be_written(
    ws: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """The file system says no (a folder without write permission, which root would not see):
    one line, and no temporary file left."""

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile if failing == "mkstemp" else os, failing, denied)
    result = build("--out", "locked/feet.pdf")
    monkeypatch.undo()
    refused(result, "locked/feet.pdf: cannot write here (Permission denied) — choose another --out")
    assert [p.name for p in (ws / "locked").iterdir()] == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may look into any folder")
def test_a_folder_that_cannot_be_looked_into(ws: Path) -> None:
    (ws / "locked").mkdir(mode=0o000)
    try:
        result = build("--out", "locked/feet.pdf")
    finally:
        (ws / "locked").chmod(0o755)
    refused(result, "locked/feet.pdf: cannot write here (Permission denied) — choose another --out")


def part(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(b"%PDF-1.4 half")
    return path


def test_the_sweep_removes_only_temporary_files_no_write_holds(tmp_path: Path) -> None:
    abandoned = part(tmp_path, ".other.pdf.k3j_x9a0.part")
    held = part(tmp_path, ".running.pdf.a1b2c3d4.part")
    os.mkfifo(tmp_path / ".pipe.pdf.abcdefgh.part")  # opened without waiting for a writer
    (tmp_path / ".folder.pdf.abcdefgh.part").mkdir()
    for name in (".notes.part", "report.pdf.part", ".x.pdf.short.part"):
        part(tmp_path, name)  # not named as write.py names its files
    with held.open("rb") as running:
        fcntl.flock(running, fcntl.LOCK_EX)
        write.write_bytes(tmp_path / "x.pdf", OLDER)
    assert not abandoned.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == [
        ".folder.pdf.abcdefgh.part",
        ".notes.part",
        ".pipe.pdf.abcdefgh.part",
        ".running.pdf.a1b2c3d4.part",
        ".x.pdf.short.part",
        "report.pdf.part",
    ]


def test_a_sweep_between_create_and_lock_makes_the_writer_start_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another build's sweep can remove a temporary file in the moment before its writer locks
    it: the writer sees its file gone and makes another, so its PDF still lands."""
    made: list[str] = []
    mkstemp = tempfile.mkstemp

    def swept_at_once(**kwargs: str) -> tuple[int, str]:
        fd, name = mkstemp(**kwargs)
        made.append(name)
        if len(made) == 1:
            write._sweep(tmp_path)
        return fd, name

    monkeypatch.setattr(tempfile, "mkstemp", swept_at_once)
    write.write_bytes(tmp_path / "x.pdf", OLDER)
    monkeypatch.undo()
    assert len(made) == 2 and not Path(made[0]).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.pdf"]
    assert (tmp_path / "x.pdf").read_bytes() == OLDER
