"""`handout batch FILE.csv`: every row checked before anything is built, one personalised PDF
per row (or one merged PDF with a bookmark per client), rows built on every core with the
bytes of a serial run."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from batchcsv import clients_csv
from clitools import Cli, assert_clean_exit, lines
from handout.commands.batch import slug
from pdftools import normal, pdf_text

ROUTINE = "title: {title}\nsummary: S.\nsteps:\n{steps}cautions: [Keep it light.]\n"
STEP = "  - title: {title}\n    region: {region}\n"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace (the current folder) with routine `calf` (and its German translation) and
    `arm`; dates pinned."""
    routines = tmp_path / "content" / "routines"
    routines.mkdir(parents=True)
    write(routines / "calf.yaml", "Calf Care", ("Warm up", "calf"), ("Stroke", "calf"))
    write(routines / "calf.de.yaml", "Wadenpflege", ("Aufwärmen", "calf"), ("Streichen", "calf"))
    write(routines / "arm.yaml", "Arm Care", ("Stroke", "arm"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return tmp_path


def write(path: Path, title: str, *steps: tuple[str, str]) -> None:
    body = "".join(STEP.format(title=t, region=r) for t, r in steps)
    path.write_text(ROUTINE.format(title=title, steps=body), "utf-8")


def csv_file(text: str, name: str = "clients.csv", encoding: str = "utf-8") -> Path:
    path = Path(name)
    path.write_bytes(text.encode(encoding))
    return path


def built(folder: Path = Path("output/batch")) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.pdf"))}


# ------------------------------------------------------------------------------- one per row


def test_each_row_becomes_a_sheet_for_its_client(in_tmp: Cli, ws: Path) -> None:
    csv_file(
        "client,routine,note,lang,date\n"
        "Zoë Müller,calf,Twice a day,,2026-03-12\n"
        "Jonas Weber,calf,,de,\n"
        "Mia Lee,arm,,,\n"
    )
    result = in_tmp("batch", "clients.csv")
    assert_clean_exit(result, 0)
    assert lines(result.stdout) == ["wrote 3 PDFs to output/batch"]
    assert sorted(built()) == ["arm-mia-lee.pdf", "calf-jonas-weber.pdf", "calf-zoe-muller.pdf"]
    zoe = normal(pdf_text(ws / "output/batch/calf-zoe-muller.pdf"))
    assert "zoë müller" in zoe
    assert "12 march 2026" in zoe  # the row's date, not today's
    assert "twice a day" in zoe
    jonas = normal(pdf_text(ws / "output/batch/calf-jonas-weber.pdf"))
    assert "jonas weber" in jonas
    assert "wadenpflege" in jonas  # lang picks calf.de.yaml
    assert "14. november 2023" in jonas  # no date: today (SOURCE_DATE_EPOCH), in German
    assert "mia lee" in normal(pdf_text(ws / "output/batch/arm-mia-lee.pdf"))


def test_a_language_without_a_translation_keeps_the_source_with_the_builds_warning(
    in_tmp: Cli, ws: Path
) -> None:
    csv_file("client,routine,lang\nAna,arm,fr\nBea,arm,fr\n")
    result = in_tmp("batch", "clients.csv")
    assert_clean_exit(result, 0)
    warning = (
        "warning: content/routines/arm.fr.yaml: no 'fr' translation of routine 'arm'"
        " — its text stays in the source language; write arm.fr.yaml to translate it"
    )
    assert lines(result.stderr).count(warning) == 1  # said once, not once per row
    assert "arm care" in normal(pdf_text(ws / "output/batch/arm-ana.pdf"))


def test_semicolons_a_bom_crlf_and_any_header_case_are_read(in_tmp: Cli, ws: Path) -> None:
    csv_file("\ufeff Client ;ROUTINE; Note\r\nZoë;calf;Lots of water, rest\r\n\r\n")
    assert_clean_exit(in_tmp("batch", "clients.csv"), 0)
    text = normal(pdf_text(ws / "output/batch/calf-zoe.pdf"))
    assert "zoë" in text
    assert "lots of water" in text  # the note: its comma is no separator here


def test_a_card_row_is_built_and_the_build_warns_it_shows_no_name(in_tmp: Cli, ws: Path) -> None:
    csv_file("client,routine,format\nZoë,calf,Card\n")
    result = in_tmp("batch", "clients.csv")
    assert_clean_exit(result, 0)
    assert (
        "warning: a card does not show --client — only a sheet prints the client's name and note"
        in lines(result.stderr)
    )
    assert sorted(built()) == ["calf-zoe.pdf"]


# ------------------------------------------------------------------------------ file names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Zoë Müller", "zoe-muller"),
        ("  O'Brien,  Seán ", "o-brien-sean"),
        ("Straße Ærø", "strasse-aero"),
        ("Иван Петров", "ivan-petrov"),
        ("Νίκος Παπαδόπουλος", "nikos-papadopoulos"),
        ("张伟", "client-7"),
        ("!!!", "client-7"),
        ("x" * 80, "x" * 60),
    ],
)
def test_a_client_name_becomes_a_readable_ascii_slug(name: str, expected: str) -> None:
    assert slug(name, 7) == expected


def test_names_that_collide_get_numbers_in_row_order(in_tmp: Cli, ws: Path) -> None:
    csv_file("client,routine\nAnna,calf\nANNA,calf\nAnna 2,calf\nАнна,calf\n张伟,calf\n王芳,calf\n")
    assert_clean_exit(in_tmp("batch", "clients.csv"), 0)
    names = ["calf-anna.pdf", "calf-anna-2.pdf", "calf-anna-2-2.pdf", "calf-anna-3.pdf"]
    names += ["calf-client-6.pdf", "calf-client-7.pdf"]
    assert sorted(built()) == sorted(names)
    for name, client in zip(names, ["Anna", "ANNA", "Anna 2", "Анна", "张伟", "王芳"], strict=True):
        assert client in pdf_text(ws / "output/batch" / name)


def test_out_names_the_folder(in_tmp: Cli, ws: Path) -> None:
    csv_file("client,routine\nAnna,calf\n")
    result = in_tmp("batch", "clients.csv", "--out", "print/today")
    assert_clean_exit(result, 0)
    assert lines(result.stdout) == ["wrote 1 PDF to print/today"]
    assert sorted(built(Path("print/today"))) == ["calf-anna.pdf"]


def test_a_row_whose_file_may_not_be_replaced_fails_alone(in_tmp: Cli, ws: Path) -> None:
    folder = ws / "output/batch"
    folder.mkdir(parents=True)
    (folder / "calf-bob.pdf").write_text("notes", "utf-8")
    csv_file("client,routine\nAnn,calf\nBob,calf\n")
    result = in_tmp("batch", "clients.csv")
    assert_clean_exit(result, 1)
    assert lines(result.stdout) == ["wrote 1 PDF to output/batch"]
    assert lines(result.stderr)[-1] == (
        "output/batch/calf-bob.pdf: exists and is not a PDF — choose another --out, or add"
        " --force to replace it"
    )
    assert (folder / "calf-bob.pdf").read_text("utf-8") == "notes"
    assert_clean_exit(in_tmp("batch", "clients.csv", "--force"), 0)
    assert "Bob" in pdf_text(folder / "calf-bob.pdf")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--out", "all.pdf"],
            "--out all.pdf: names a PDF, and batch writes one PDF per row into a folder"
            " — give a folder, or add --merge for one PDF",
        ),
        (
            ["--merge", "--out", "folder"],
            "--out folder: --merge writes one PDF — give a file name ending in .pdf",
        ),
        (
            ["--out", "notes.txt"],
            "--out notes.txt: is a file, not a folder, and batch writes one PDF per row into a"
            " folder — give a folder, or add --merge for one PDF",
        ),
    ],
)
def test_out_of_the_wrong_kind_is_a_usage_error(
    in_tmp: Cli, ws: Path, args: list[str], message: str
) -> None:
    csv_file("client,routine\nAnna,calf\n")
    (ws / "notes.txt").write_text("notes", "utf-8")
    result = in_tmp("batch", "clients.csv", *args)
    assert_clean_exit(result, 2)
    assert lines(result.stderr) == [message]


# ------------------------------------------------------------------------------ validation


def test_every_bad_row_is_reported_by_line_and_nothing_is_built(in_tmp: Cli, ws: Path) -> None:
    csv_file(
        "client,routine,note,lang,format,paper,date\n"
        "Ann,calfs,,,,,\n"
        ',calf,"a note\n'
        'on two lines",,,,\n'
        "Bob,calf,,,,,12/03/2026\n"
        "Cy,calf,,deutsch,poster,,\n"
        "Di,calf,,,sheets,,2026-02-30\n"
        "Ed,calf,,,,a44,\n"
        "Flo,arm,,,sheet,a7,\n"
        "Gus,,,,,,,\n"
        "Hal,calf,,,,,,extra\n"
        "Ida,calf,,,,,\n"
    )
    result = in_tmp("batch", "clients.csv")
    assert_clean_exit(result, 1)
    assert result.stdout == ""
    assert lines(result.stderr) == [
        "clients.csv:2: unknown routine 'calfs' — did you mean 'calf'?",
        "clients.csv:3: no client — write the client's name in the client column",
        "clients.csv:5: bad date '12/03/2026' — write it as YYYY-MM-DD, e.g. 2026-03-12",
        "clients.csv:6: unknown format 'poster' — use sheet, card or booklet",
        "clients.csv:6: lang 'deutsch' is not a language code — write two or three letters"
        " such as de, optionally with a region such as pt-br",
        "clients.csv:7: unknown format 'sheets' — did you mean 'sheet'?",
        "clients.csv:7: bad date '2026-02-30' — write it as YYYY-MM-DD, e.g. 2026-03-12",
        "clients.csv:8: unknown paper 'a44' — use a3, a4, a5, a6, a7, b5, letter, legal,"
        " half-letter, tabloid, sra3 or sra4, or a size in mm, cm or in such as 100x150mm or"
        " 4x6in (20 to 1200 mm a side); add -landscape to turn any of them",
        "clients.csv:9: paper 'a7' is too small for a sheet — the smallest that works with its"
        " template's margins is 97x91mm (65 mm inside the margins each way)",
        "clients.csv:10: no routine — write a routine id such as front-legs"
        " (handout list shows them)",
        "clients.csv:11: a value in column 8, which the header does not name"
        " — name the column, or quote a value that holds the separator",
        "clients.csv: 9 bad rows, nothing built — fix them, or add --skip-bad to build the other 1",
    ]
    assert not (ws / "output").exists()


def test_skip_bad_builds_the_good_rows_and_warns_about_the_others(in_tmp: Cli, ws: Path) -> None:
    csv_file("client,routine,date\nAnn,calfs,\nBob,calf,2026-3-1\nCy,calf,\n")
    result = in_tmp("batch", "clients.csv", "--skip-bad")
    assert_clean_exit(result, 0)
    assert [line for line in lines(result.stderr) if "clients.csv" in line] == [
        "warning: clients.csv:2: unknown routine 'calfs' — did you mean 'calf'?",
        "warning: clients.csv:3: bad date '2026-3-1' — write it as YYYY-MM-DD, e.g. 2026-03-12",
    ]
    assert lines(result.stdout) == ["wrote 1 PDF to output/batch"]
    assert sorted(built()) == ["calf-cy.pdf"]


def test_skip_bad_with_no_good_row_fails(in_tmp: Cli, ws: Path) -> None:
    csv_file("client,routine\nAnn,calfs\n")
    result = in_tmp("batch", "clients.csv", "--skip-bad")
    assert_clean_exit(result, 1)
    assert lines(result.stderr) == [
        "clients.csv:2: unknown routine 'calfs' — did you mean 'calf'?",
        "clients.csv: no row to build — fix the rows above",
    ]


def test_a_routine_with_errors_is_reported_before_anything_is_built(in_tmp: Cli, ws: Path) -> None:
    write(ws / "content/routines/calf.de.yaml", "Wadenpflege", ("Aufwärmen", "calf"))
    (ws / "content/routines/arm.yaml").write_text(
        "title: Arm\nsummary: S.\nsteps:\n  - title: One\n    pressure: hard\n", "utf-8"
    )
    csv_file("client,routine,lang\nAnn,calf,de\nBob,arm,\nCy,calf,\nDi,calf,de\n")
    result = in_tmp("batch", "clients.csv")
    assert_clean_exit(result, 1)
    assert lines(result.stderr) == [
        "content/routines/calf.de.yaml:3:1: steps: 1 steps, calf.yaml has 2 — translate step 2 too",
        "content/routines/arm.yaml:5:15: step 1, pressure: 'hard' is not one of light, medium,"
        " firm",
        "clients.csv:2: routine 'calf' in 'de' has errors, listed above — fix them or remove the row",
        "clients.csv:3: routine 'arm' in 'en' has errors, listed above — fix them or remove the row",
        "clients.csv:5: routine 'calf' in 'de' has errors, listed above — fix them or remove the row",
        "clients.csv: 3 bad rows, nothing built — fix them, or add --skip-bad to build the other 1",
    ]
    assert not (ws / "output").exists()


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "clinet,routine,nots",
            [
                "clients.csv:1: unknown column 'clinet' — did you mean 'client'?",
                "clients.csv:1: unknown column 'nots' — did you mean 'note'?",
                "clients.csv:1: no 'client' column — the header line must name client and"
                " routine, e.g. client,routine,note",
            ],
        ),
        (
            "client,routine,phone",
            [
                "clients.csv:1: unknown column 'phone' — use client, routine, note, lang,"
                " format, paper or date"
            ],
        ),
        ("client,Client,routine", ["clients.csv:1: column 'client' is named twice — keep one"]),
        (
            "client\troutine",
            [
                "clients.csv:1: unknown column 'client\troutine' — separate the columns with"
                " commas or semicolons, not tabs",
                "clients.csv:1: no 'client' or 'routine' column — the header line must name"
                " client and routine, e.g. client,routine,note",
            ],
        ),
    ],
)
def test_a_bad_header_is_named(in_tmp: Cli, ws: Path, header: str, message: list[str]) -> None:
    csv_file(f"{header}\nAnn,calf,x\n")
    result = in_tmp("batch", "clients.csv")
    assert_clean_exit(result, 1)
    assert lines(result.stderr) == message


@pytest.mark.parametrize(
    ("data", "code", "message"),
    [
        (None, 2, "missing.csv: no such file — check the name and the folder"),
        (b"", 1, "missing.csv: the file is empty — write a header line such as client,routine"
         " and one line per client"),
        (b" \r\n\n", 1, "missing.csv: the file is empty — write a header line such as"
         " client,routine and one line per client"),
        ("client,routine\nJosé,calf\n".encode("latin-1"), 1,
         "missing.csv:2: not UTF-8 text (byte 0xe9) — save the file as CSV UTF-8"),
        (b"client,routine\n", 1, "missing.csv: no rows below the header — add one line per client"),
        (b'client,routine\nAnn,calf\n"Bob,calf\nCy,calf\n', 1,
         "missing.csv:3: unexpected end of data — check the quotes from this line on"),
    ],
)  # fmt: skip
def test_a_file_that_is_no_csv_of_clients_is_one_line(
    in_tmp: Cli, ws: Path, data: bytes | None, code: int, message: str
) -> None:
    if data is not None:
        Path("missing.csv").write_bytes(data)
    result = in_tmp("batch", "missing.csv")
    assert_clean_exit(result, code)
    assert lines(result.stderr) == [message]


def test_a_folder_is_no_csv(in_tmp: Cli, ws: Path) -> None:
    Path("clients.csv").mkdir()
    result = in_tmp("batch", "clients.csv")
    assert_clean_exit(result, 2)
    assert lines(result.stderr) == ["clients.csv: is a folder — give a .csv file"]


# ---------------------------------------------------------------------------------- merged


def test_merge_makes_one_pdf_with_a_bookmark_per_client_in_row_order(in_tmp: Cli, ws: Path) -> None:
    csv_file("client,routine,lang\nZoë Müller,calf,\nJonas,calf,de\nMia,arm,\n")
    assert_clean_exit(in_tmp("batch", "clients.csv"), 0)
    rows = built()
    pages = [len(pikepdf.open(ws / "output/batch" / name).pages) for name in
             ["calf-zoe-muller.pdf", "calf-jonas.pdf", "arm-mia.pdf"]]  # fmt: skip
    result = in_tmp("batch", "clients.csv", "--merge")
    assert_clean_exit(result, 0)
    assert lines(result.stdout) == [
        f"wrote output/batch-clients.pdf (3 clients, {sum(pages)} pages)"
    ]
    with pikepdf.open(ws / "output/batch-clients.pdf") as merged:
        assert len(merged.pages) == sum(pages)
        with merged.open_outline() as outline:
            marks = [(item.title, _page(merged, item)) for item in outline.root]
            assert all(not item.children for item in outline.root)
        assert str(merged.docinfo["/Title"]) == "clients"
    starts = [0, pages[0], pages[0] + pages[1]]
    titles = ["Zoë Müller — Calf Care", "Jonas — Wadenpflege", "Mia — Arm Care"]
    assert marks == list(zip(titles, starts, strict=True))
    assert built() == rows  # the rows' own PDFs untouched


def _page(pdf: pikepdf.Pdf, item: pikepdf.OutlineItem) -> int:
    target = item.destination[0]
    return next(i for i, page in enumerate(pdf.pages) if page.obj.objgen == target.objgen)


def test_merge_out_names_the_pdf(in_tmp: Cli, ws: Path) -> None:
    csv_file("client,routine\nAnna,calf\n")
    result = in_tmp("batch", "clients.csv", "--merge", "--out", "print/all.pdf")
    assert_clean_exit(result, 0)
    assert lines(result.stdout)[-1].startswith("wrote print/all.pdf (1 client, ")
    assert "Anna" in pdf_text(ws / "print/all.pdf")


def test_merge_never_replaces_a_workspace_input(in_tmp: Cli, ws: Path) -> None:
    csv_file("client,routine\nAnna,calf\n")
    result = in_tmp("batch", "clients.csv", "--merge", "--out", "content/all.pdf")
    assert_clean_exit(result, 1)
    assert lines(result.stderr) == [
        "content/all.pdf: is a workspace input (content/) — choose another --out, or add"
        " --force to replace it"
    ]


# -------------------------------------------------------------------------------- parallel


def test_parallel_rows_are_the_bytes_of_a_serial_run(
    in_tmp: Cli, ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clients_csv(ws / "clients.csv", 9, routines=("calf", "arm"), langs=("", "de"))
    assert_clean_exit(in_tmp("batch", "clients.csv"), 0)
    assert_clean_exit(in_tmp("batch", "clients.csv", "--merge"), 0)
    parallel, merged = built(), (ws / "output/batch-clients.pdf").read_bytes()
    assert len(parallel) == 9
    shutil.rmtree(ws / "output")
    monkeypatch.setenv("HANDOUT_JOBS", "1")
    assert_clean_exit(in_tmp("batch", "clients.csv"), 0)
    assert_clean_exit(in_tmp("batch", "clients.csv", "--merge"), 0)
    assert built() == parallel
    assert (ws / "output/batch-clients.pdf").read_bytes() == merged


@pytest.mark.skipif(
    not os.environ.get("HANDOUT_BATCH_MEMORY"), reason="1000 rows: set HANDOUT_BATCH_MEMORY=1"
)
def test_a_thousand_rows_merge_in_bounded_memory(tmp_path: Path) -> None:
    """The merged PDF of 1000 sheets (about 80 MB) within 600 MB for the largest process, and
    with a few file descriptors: 64 allowed."""
    clients_csv(tmp_path / "clients.csv", 1000)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    command = f"ulimit -n 64 && {sys.executable} -m handout batch clients.csv --merge"
    done = subprocess.run(
        ["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "wrote output/batch-clients.pdf (1000 clients, " in done.stdout
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    assert peak < 600, f"{peak} MB"
