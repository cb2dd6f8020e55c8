"""`build --all` on every core, skipping what is up to date, with every translation; languages
picked from --lang or handout.yaml; `handout list` naming translations that are out of date."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from clitools import REPO, Cli, assert_clean_exit, lines
from pdftools import pdf_text

ROUTINE = "title: {title}\nsummary: S.\nsteps:\n{steps}cautions: [Keep it light.]\n"


def steps(*regions: str) -> str:
    return "".join(f"  - title: Step {i}\n    region: {r}\n" for i, r in enumerate(regions, 1))


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace (the current folder): routines `r` (with a German translation) and `s`,
    and a manual listing both."""
    routines = tmp_path / "content" / "routines"
    routines.mkdir(parents=True)
    (tmp_path / "content" / "manuals").mkdir()
    write(routines / "r.yaml", "Arms", "arm", "hand", "forearm")
    write(routines / "r.de.yaml", "Arme", "arm", "hand", "forearm")
    write(routines / "s.yaml", "Shoulders", "shoulders", "neck")
    (tmp_path / "content" / "manuals" / "m.yaml").write_text(
        "title: M\nroutines: [r, s]\n", "utf-8"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return tmp_path


def write(path: Path, title: str, *regions: str) -> None:
    path.write_text(ROUTINE.format(title=title, steps=steps(*regions)), "utf-8")


ALL = [
    "m-booklet.pdf",
    "r-card.pdf",
    "r-de-card.pdf",
    "r-de-sheet.pdf",
    "r-sheet.pdf",
    "s-card.pdf",
    "s-sheet.pdf",
]


def built(result_stdout: str) -> tuple[int, int]:
    """(written, up to date) from the summary line."""
    [summary] = [line for line in lines(result_stdout) if line.startswith("wrote ")]
    words = summary.replace(",", "").split()
    fresh = int(words[words.index("up") - 1]) if "up" in words else 0
    return int(words[1]), fresh


def pdfs(ws: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((ws / "output").glob("*.pdf"))}


# ----------------------------------------------------------------------------- translations


def test_all_builds_every_translation_in_its_language(in_tmp: Cli, ws: Path) -> None:
    assert_clean_exit(in_tmp("build", "--all"), 0)
    assert sorted(pdfs(ws)) == ALL
    assert "Arme" in pdf_text(ws / "output" / "r-de-sheet.pdf")
    assert "Arms" in pdf_text(ws / "output" / "r-sheet.pdf")


def test_the_workspace_language_picks_the_translation(in_tmp: Cli, ws: Path) -> None:
    (ws / "handout.yaml").write_text("language: de\n", "utf-8")
    result = in_tmp("build", "--routine", "r")
    assert_clean_exit(result, 0)
    assert lines(result.stderr) == []
    assert "Arme" in pdf_text(ws / "output" / "r-sheet.pdf")  # the workspace's own language


def test_a_language_without_a_translation_keeps_the_source_with_a_warning(
    in_tmp: Cli, ws: Path
) -> None:
    (ws / "handout.yaml").write_text("language: de\n", "utf-8")
    result = in_tmp("build", "--routine", "s")
    assert_clean_exit(result, 0)
    assert lines(result.stderr) == [
        "warning: content/routines/s.de.yaml: no 'de' translation of routine 's' — its text"
        " stays in the source language; write s.de.yaml to translate it"
    ]
    assert "Shoulders" in pdf_text(ws / "output" / "s-sheet.pdf")


def test_all_with_lang_builds_only_that_language(in_tmp: Cli, ws: Path) -> None:
    result = in_tmp("build", "--all", "--lang", "de", "--format", "sheet")
    assert_clean_exit(result, 0)
    assert sorted(pdfs(ws)) == ["r-de-sheet.pdf", "s-de-sheet.pdf"]
    assert "s.de.yaml: no 'de' translation" in result.stderr


def test_list_shows_translations_and_which_are_out_of_date(in_tmp: Cli, ws: Path) -> None:
    routines = ws / "content" / "routines"
    write(routines / "r.fr.yaml", "Bras", "arm", "hand")
    write(routines / "r.it.yaml", "Braccia", "arm", "neck", "forearm")
    result = in_tmp("list")
    assert_clean_exit(result, 0)
    listed = lines(result.stdout)
    at = listed.index("  r                      Arms")
    assert listed[at + 1].strip() == (
        "translations: de, fr (out of date: 2 steps, r.yaml has 3),"
        " it (out of date: step 2 works other regions than in r.yaml)"
    )
    assert listed[at + 2] == "  s                      Shoulders"


# ------------------------------------------------------------------------------ incremental


def test_a_second_run_with_nothing_changed_builds_nothing(in_tmp: Cli, ws: Path) -> None:
    first = in_tmp("build", "--all")
    assert built(first.stdout) == (7, 0)
    before = {p: p.stat().st_mtime_ns for p in (ws / "output").glob("*.pdf")}
    second = in_tmp("build", "--all")
    assert_clean_exit(second, 0)
    assert lines(second.stdout) == ["wrote 0 PDFs to output, 7 up to date"]
    assert {p: p.stat().st_mtime_ns for p in (ws / "output").glob("*.pdf")} == before


def test_an_edit_rebuilds_only_what_reads_the_file(in_tmp: Cli, ws: Path) -> None:
    in_tmp("build", "--all")
    write(ws / "content" / "routines" / "s.yaml", "Shoulders and neck", "shoulders", "neck")
    result = in_tmp("build", "--all")
    assert built(result.stdout) == (3, 4)  # s's sheet and card, the manual listing it
    assert "Shoulders and neck" in pdf_text(ws / "output" / "s-sheet.pdf")
    assert "Shoulders and neck" in pdf_text(ws / "output" / "m-booklet.pdf")


def test_a_file_saved_again_unchanged_rebuilds_nothing(in_tmp: Cli, ws: Path) -> None:
    in_tmp("build", "--all")
    source = ws / "content" / "routines" / "s.yaml"
    source.write_bytes(source.read_bytes())
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 10**9))
    assert built(in_tmp("build", "--all").stdout) == (0, 7)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("handout.yaml", "clinic: {name: Oak Clinic}\n"),
        ("templates/sheet.yaml", "format: sheet\npaper: a4\n"),
        ("assets/icons/extra.svg", "<svg/>"),
    ],
)
def test_a_shared_input_rebuilds_everything(in_tmp: Cli, ws: Path, path: str, text: str) -> None:
    in_tmp("build", "--all")
    (ws / path).parent.mkdir(parents=True, exist_ok=True)
    (ws / path).write_text(text, "utf-8")
    assert built(in_tmp("build", "--all").stdout) == (7, 0)


def test_force_and_a_missing_output_rebuild(in_tmp: Cli, ws: Path) -> None:
    in_tmp("build", "--all")
    (ws / "output" / "r-card.pdf").unlink()
    assert built(in_tmp("build", "--all").stdout) == (1, 6)
    assert (ws / "output" / "r-card.pdf").is_file()
    assert built(in_tmp("build", "--all", "--force").stdout) == (7, 0)


def test_other_options_are_other_outputs(in_tmp: Cli, ws: Path) -> None:
    in_tmp("build", "--all")
    assert built(in_tmp("build", "--all", "--grayscale").stdout) == (7, 0)
    assert built(in_tmp("build", "--all", "--grayscale").stdout) == (0, 7)


def test_a_failed_job_is_tried_again_and_the_rest_stay_built(in_tmp: Cli, ws: Path) -> None:
    bad = ws / "content" / "routines" / "s.yaml"
    bad.write_text("title: S\nsteps: []\n", "utf-8")
    first = in_tmp("build", "--all")
    assert_clean_exit(first, 1)
    assert sorted(pdfs(ws)) == ["r-card.pdf", "r-de-card.pdf", "r-de-sheet.pdf", "r-sheet.pdf"]
    second = in_tmp("build", "--all")
    assert_clean_exit(second, 1)
    assert lines(second.stdout) == ["wrote 0 PDFs to output, 4 up to date"]
    assert "content/routines/s.yaml:" in second.stderr


def test_a_broken_manifest_only_means_building_everything(in_tmp: Cli, ws: Path) -> None:
    in_tmp("build", "--all")
    (ws / "output" / ".handout-manifest.json").write_text("{not json", "utf-8")
    assert built(in_tmp("build", "--all").stdout) == (7, 0)
    assert built(in_tmp("build", "--all").stdout) == (0, 7)


def test_a_run_with_nothing_to_build_loads_no_pdf_library_nor_yaml(ws: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    command = [sys.executable, "-X", "importtime", "-m", "handout", "build", "--all"]
    subprocess.run(command, cwd=ws, env=env, check=True, capture_output=True)
    second = subprocess.run(command, cwd=ws, env=env, check=True, capture_output=True, text=True)
    assert "wrote 0 PDFs to output, 7 up to date" in second.stdout
    imported = {line.split("|")[-1].strip() for line in second.stderr.splitlines() if "|" in line}
    assert {"reportlab", "PIL", "pypdfium2", "pikepdf", "yaml", "multiprocessing"}.isdisjoint(
        imported
    )


# ------------------------------------------------------------------------------ parallel


def test_parallel_outputs_are_the_bytes_of_a_serial_run(
    in_tmp: Cli, ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_clean_exit(in_tmp("build", "--all"), 0)
    parallel = pdfs(ws)
    shutil.rmtree(ws / "output")
    monkeypatch.setenv("HANDOUT_JOBS", "1")
    assert_clean_exit(in_tmp("build", "--all"), 0)
    assert pdfs(ws) == parallel


def test_a_new_workspace_language_is_seen_by_the_next_run(in_tmp: Cli, ws: Path) -> None:
    in_tmp("build", "--all", "--format", "sheet")
    (ws / "handout.yaml").write_text("language: de\n", "utf-8")
    result = in_tmp("build", "--all", "--format", "sheet")
    assert_clean_exit(result, 0)
    assert "Arme" in pdf_text(ws / "output" / "r-sheet.pdf")  # German is the workspace's own now
    assert "s.de.yaml: no 'de' translation" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "x.pdf"], "--out cannot be used with --all — drop it: each PDF goes to output/"),
        (
            ["--paper", "a5"],
            "--paper cannot be used with --all — set paper: in handout.yaml, or build one routine"
            " with --routine --paper",
        ),
        (
            ["--client", "Bob"],
            "--client cannot be used with --all — personalise sheets with handout batch FILE.csv",
        ),
    ],
)
def test_options_for_one_document_are_refused_with_all(
    in_tmp: Cli, ws: Path, args: list[str], message: str
) -> None:
    result = in_tmp("build", "--all", *args)
    assert_clean_exit(result, 2)
    assert lines(result.stderr) == [message]
    assert not (ws / "output").exists()


def test_a_changed_logo_beside_handout_yaml_rebuilds(in_tmp: Cli, ws: Path) -> None:
    from PIL import Image

    Image.new("RGB", (40, 20), "red").save(ws / "logo.png")
    (ws / "handout.yaml").write_text("clinic: {name: Oak, logo: logo.png}\n", "utf-8")
    in_tmp("build", "--all", "--format", "sheet")
    Image.new("RGB", (40, 20), "blue").save(ws / "logo.png")
    assert built(in_tmp("build", "--all", "--format", "sheet").stdout) == (3, 0)


def test_outputs_inside_the_content_are_no_inputs(
    in_tmp: Cli, ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ws / "content")  # output/ is then content/output/
    in_tmp("build", "--all", "--root", str(ws), "--format", "sheet")
    assert built(in_tmp("build", "--all", "--root", str(ws), "--format", "sheet").stdout) == (0, 3)


def test_a_backup_beside_a_routine_is_no_translation(in_tmp: Cli, ws: Path) -> None:
    routines = ws / "content" / "routines"
    shutil.copyfile(routines / "s.yaml", routines / "s.backup.yaml")
    assert_clean_exit(in_tmp("build", "--all", "--format", "sheet"), 0)
    assert sorted(pdfs(ws)) == ["r-de-sheet.pdf", "r-sheet.pdf", "s-sheet.pdf"]
