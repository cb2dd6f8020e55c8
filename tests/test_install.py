"""`pip install .` ships the built-in workspace, and the installed CLI finds it from any folder.

Builds a wheel from the checkout without network (hatchling comes with the
`test` extra), installs it into a scratch folder and runs it from an empty one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from clitools import REPO

PYTHON = sys.executable
ROUTINES = sorted(p.name for p in (REPO / "content" / "routines").glob("*.yaml"))
TEMPLATES = sorted(p.name for p in (REPO / "templates").glob("*.yaml"))


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(COLUMNS="100", PYTHONDONTWRITEBYTECODE="1", SOURCE_DATE_EPOCH="1700000000")
    return env


def run(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = run(
        PYTHON, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
        "--quiet", "-w", str(out), str(REPO),
        cwd=out,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    [built] = out.glob("handout-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    done = run(
        PYTHON, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
        "--target", str(target), str(wheel),
        cwd=target,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return target


def run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed copy's CLI, imported ahead of the checkout's editable install."""
    code = f"import sys; sys.path.insert(0, {str(site)!r}); from handout.cli import main; main()"
    return run(PYTHON, "-c", code, *args, cwd=cwd)


def test_the_wheel_ships_the_built_in_workspace(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    workspace = "handout/workspace/"
    assert {f"{workspace}content/routines/{name}" for name in ROUTINES} <= names
    assert f"{workspace}content/routines/front-legs.yaml" in names
    assert f"{workspace}content/manuals/leg-and-foot.yaml" in names
    assert {f"{workspace}templates/{name}" for name in TEMPLATES} <= names
    assert {f"{workspace}templates/{n}.yaml" for n in ("card", "sheet", "booklet")} <= names
    assert f"{workspace}handout.yaml" in names
    assert any(n.startswith(f"{workspace}assets/") for n in names)
    assert {"handout/__init__.py", "handout/__main__.py", "handout/cli.py"} <= names
    assert not any(n.startswith(("tests/", "handout/tests/")) for n in names)


def test_the_installed_cli_uses_its_shipped_workspace(installed: Path, tmp_path: Path) -> None:
    empty = tmp_path / "anywhere"
    empty.mkdir()
    done = run_installed(installed, empty, "list")
    assert done.returncode == 0, done.stderr
    [line] = [x for x in done.stdout.splitlines() if x.startswith("workspace: ")]
    root = (empty / line.removeprefix("workspace: ")).resolve()
    assert root == (installed / "handout" / "workspace").resolve()
    assert "  front-legs " in done.stdout
    assert "  leg-and-foot " in done.stdout
    assert list(empty.iterdir()) == []


def test_the_installed_cli_checks_its_shipped_content(installed: Path, tmp_path: Path) -> None:
    done = run_installed(installed, tmp_path, "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("OK")


def test_the_installed_cli_builds_from_any_folder(installed: Path, tmp_path: Path) -> None:
    done = run_installed(installed, tmp_path, "build", "--routine", "front-legs")
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "output" / "front-legs-sheet.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert done.stdout.startswith("wrote output/front-legs-sheet.pdf")


def test_the_entry_point_script(tmp_path: Path) -> None:
    script = Path(PYTHON).parent / "handout"
    assert script.is_file()
    done = run(str(script), "--help", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: handout ")
    assert "build" in done.stdout and "check" in done.stdout


def test_python_dash_m(tmp_path: Path) -> None:
    done = run(PYTHON, "-m", "handout", "--help", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: ")
    assert "build" in done.stdout


def test_python_dash_m_reports_errors_without_a_traceback(tmp_path: Path) -> None:
    done = run(PYTHON, "-m", "handout", "build", "--routine", "front-leg", cwd=tmp_path)
    assert done.returncode == 1
    assert "did you mean 'front-legs'" in done.stderr
    assert "Traceback" not in done.stderr
