"""Benchmark of whole-process wall time and peak memory (`make bench`; not part of `make test`).

Every command runs as a fresh child process, the way a user runs it. For each child:

- wall time: `time.perf_counter()` from spawn to reap;
- peak memory: `ru_maxrss` of *that* child, read with `os.wait4(pid)`. Unlike deltas of
  `getrusage(RUSAGE_CHILDREN)` (a running maximum over every child ever reaped, so a small
  child after a big one reads as zero) this is exact per child, needs no external
  `/usr/bin/time`, and adds no wrapper process to the measurement.

Each command runs once to warm the disk cache and `.pyc` files, then N times; the table shows
the minimum wall time and the maximum peak RSS. Floors are bare Python processes importing what
any implementation must import (typer; typer + reportlab.platypus), so ratios measure handout's
own overhead. The large manual is generated at run time in a temporary workspace (a copy of
this repository's content, each routine copied under new ids, and a manual listing the copies
until it passes 1000 pages).

The script always exits 0: it is a report. Budgets print PASS/FAIL beside each row.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PYTHON = sys.executable
HANDOUT = str(BIN / "handout")

SMALL_RUNS = 5
BIG_RUNS = 2
TARGET_PAGES = 1000
WROTE = re.compile(r"wrote (.+) \((\d+) pages?\)")

# Budgets
HELP_RATIO = 1.3
BUILD_RATIO = 1.5
MANUAL_PAGES_PER_S = 150.0
MANUAL_MAX_MB = 150.0


@dataclass
class Run:
    wall: float
    rss_mb: float
    rc: int
    out: str
    err: str


@dataclass
class Result:
    name: str
    runs: list[Run] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return min(r.wall for r in self.runs)

    @property
    def rss_mb(self) -> float:
        return max(r.rss_mb for r in self.runs)

    @property
    def failed(self) -> Run | None:
        return next((r for r in self.runs if r.rc != 0), None)

    def pages(self) -> int | None:
        found = [int(m.group(2)) for r in self.runs for m in WROTE.finditer(r.out)]
        return max(found) if found else None


def run_once(argv: list[str], cwd: Path) -> Run:
    """One child process: wall time, its own peak RSS, exit code and output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; tell Popen
        out.seek(0)
        err.seek(0)
        # ru_maxrss is KiB on Linux, bytes on macOS.
        scale = 1 if sys.platform == "darwin" else 1024
        return Run(
            wall=wall,
            rss_mb=usage.ru_maxrss * scale / 2**20,
            rc=proc.returncode,
            out=out.read().decode(errors="replace"),
            err=err.read().decode(errors="replace"),
        )


def measure(name: str, argv: list[str], runs: int, cwd_factory, warm: bool = True) -> Result:
    """Run `argv` `runs` times (plus one discarded warm-up), each in a fresh cwd."""
    result = Result(name)
    if warm:
        with cwd_factory() as cwd:
            run_once(argv, Path(cwd))
    for _ in range(runs):
        with cwd_factory() as cwd:
            result.runs.append(run_once(argv, Path(cwd)))
    return result


def fresh_dir():
    return tempfile.TemporaryDirectory(prefix="handout-bench-")


# --- the large manual -----------------------------------------------------------------------


def make_workspace(tmp: Path) -> list[str]:
    """Copy the repository's workspace into `tmp`; return the routine ids."""
    for name in ("content", "templates", "assets"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, tmp / name)
    shutil.copy(REPO / "handout.yaml", tmp / "handout.yaml")
    routines = tmp / "content" / "routines"
    return sorted(p.stem for p in routines.glob("*.yaml") if "." not in p.stem)


def write_manual(tmp: Path, ids: list[str], repeats: int) -> None:
    """A manual listing every routine `repeats` times.

    A manual may not list an id twice, so copy k of routine `x` is the file `x--k.yaml`
    (same content, its own id); copies are written once and reused across calls.
    """
    routines = tmp / "content" / "routines"
    listed: list[str] = []
    for k in range(repeats):
        for rid in ids:
            copy = f"{rid}--{k}" if k else rid
            target = routines / f"{copy}.yaml"
            if not target.exists():
                shutil.copy(routines / f"{rid}.yaml", target)
            listed.append(copy)
    (tmp / "content" / "manuals" / "big.yaml").write_text(
        "title: Benchmark Manual\n"
        "subtitle: Every routine, many times over\n"
        "intro: |\n  A generated manual for measuring build speed.\n"
        f"routines: [{', '.join(listed)}]\n",
        encoding="utf-8",
    )


def manual_argv(tmp: Path) -> list[str]:
    return [HANDOUT, "build", "--root", str(tmp), "--manual", "big", "--out", str(tmp / "big.pdf")]


def calibrate(tmp: Path, ids: list[str]) -> tuple[int, Run]:
    """Repeat count giving >= TARGET_PAGES pages, and the run that proved it.

    A small probe estimates pages per repeat; the full build is then checked and the count
    raised if the contents pages pushed the estimate off. The final full build is a fresh
    process like any other, so it counts as the first measured run.
    """
    probe = 4
    write_manual(tmp, ids, probe)
    run = run_once(manual_argv(tmp), tmp)
    match = WROTE.search(run.out)
    if run.rc != 0 or not match:
        raise RuntimeError(f"probe manual failed (exit {run.rc}): {run.err.strip()[:500]}")
    repeats = math.ceil(TARGET_PAGES * probe / int(match.group(2)))
    for _ in range(5):
        write_manual(tmp, ids, repeats)
        (tmp / "big.pdf").unlink(missing_ok=True)
        run = run_once(manual_argv(tmp), tmp)
        match = WROTE.search(run.out)
        if run.rc != 0 or not match:
            raise RuntimeError(f"manual failed (exit {run.rc}): {run.err.strip()[:500]}")
        pages = int(match.group(2))
        if pages >= TARGET_PAGES:
            return repeats, run
        repeats = math.ceil(repeats * TARGET_PAGES / pages)
    raise RuntimeError(f"could not reach {TARGET_PAGES} pages (last: {pages} pages)")


# --- report ---------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    began = time.perf_counter()
    print(f"python {sys.version.split()[0]} at {PYTHON}")
    print(f"handout script {HANDOUT}\n")
    floor_typer = measure(
        "floor: import typer", [PYTHON, "-c", "import typer"], SMALL_RUNS, fresh_dir
    )
    floor_rl = measure(
        "floor: import typer, reportlab.platypus",
        [PYTHON, "-c", "import typer, reportlab.platypus"],
        SMALL_RUNS,
        fresh_dir,
    )
    # Not a budget: what handout's own stack (typer parses options through pydantic) costs.
    floor_deps = measure(
        "info: import typer, pydantic, yaml, platypus",
        [PYTHON, "-c", "import typer, pydantic, yaml, reportlab.platypus"],
        SMALL_RUNS,
        fresh_dir,
    )
    help_ = measure("handout --help", [HANDOUT, "--help"], SMALL_RUNS, fresh_dir)
    sheet = measure(
        "build --routine front-legs",
        [HANDOUT, "build", "--routine", "front-legs"],
        SMALL_RUNS,
        fresh_dir,
    )
    card = measure(
        "build --routine front-legs --format card",
        [HANDOUT, "build", "--routine", "front-legs", "--format", "card"],
        SMALL_RUNS,
        fresh_dir,
    )
    # A temp cwd with no content/ uses the built-in workspace; output goes to cwd/output.
    all_ = measure("build --all", [HANDOUT, "build", "--all"], 3, fresh_dir)

    manual: Result | None = None
    manual_error = ""
    with tempfile.TemporaryDirectory(prefix="handout-bench-ws-") as ws:
        tmp = Path(ws)
        ids = make_workspace(tmp)
        try:
            repeats, first = calibrate(tmp, ids)
        except RuntimeError as error:
            manual_error = str(error)
        else:

            class SameDir:  # every run in the workspace; delete the output first
                def __enter__(self) -> str:
                    (tmp / "big.pdf").unlink(missing_ok=True)
                    return str(tmp)

                def __exit__(self, *exc: object) -> None:
                    return None

            manual = measure(
                f"build --manual big ({len(ids)} routines x {repeats})",
                manual_argv(tmp),
                BIG_RUNS - 1,
                SameDir,
                warm=False,  # the calibration build warmed the caches and is run 1
            )
            manual.runs.insert(0, first)

    rows: list[tuple[str, Result, Result | None, str]] = []
    rows.append(("", floor_typer, None, ""))
    rows.append(("", floor_rl, None, ""))
    rows.append(("", floor_deps, floor_rl, ""))
    ok = help_.wall <= HELP_RATIO * floor_typer.wall
    rows.append((f"{verdict(ok)} ≤{HELP_RATIO}x", help_, floor_typer, ""))
    for r in (sheet, card):
        ok = r.wall <= BUILD_RATIO * floor_rl.wall
        rows.append((f"{verdict(ok)} ≤{BUILD_RATIO}x", r, floor_rl, ""))
    rows.append(("(no budget)", all_, floor_rl, ""))

    print(f"{'command':<48} {'wall s':>7} {'floor s':>7} {'ratio':>6} {'peak MB':>8}  budget")
    print("-" * 100)
    for budget, r, floor, _ in rows:
        fl = f"{floor.wall:7.3f}" if floor else f"{'':>7}"
        ratio = f"{r.wall / floor.wall:6.2f}" if floor else f"{'':>6}"
        bad = r.failed
        last = (bad.err.strip().splitlines() or [""])[-1][:80] if bad else ""
        note = f"  ERROR exit {bad.rc}: {last}" if bad else ""
        print(f"{r.name:<48} {r.wall:7.3f} {fl} {ratio} {r.rss_mb:8.1f}  {budget}{note}")

    print()
    if manual is None:
        print(f"large manual: FAIL — could not build: {manual_error}")
    else:
        pages = manual.pages() or 0
        rate = pages / manual.wall
        bad = manual.failed
        print(f"{'large manual':<48} {'wall s':>7} {'pages':>7} {'pages/s':>8} {'peak MB':>8}")
        print("-" * 100)
        print(f"{manual.name:<48} {manual.wall:7.2f} {pages:7d} {rate:8.1f} {manual.rss_mb:8.1f}")
        if bad:
            print(f"  ERROR exit {bad.rc}: {bad.err.strip()[:300]}")
        print(
            f"  speed  ≥ {MANUAL_PAGES_PER_S:.0f} pages/s: {verdict(rate >= MANUAL_PAGES_PER_S)}"
            f" ({rate:.1f})"
        )
        print(
            f"  memory < {MANUAL_MAX_MB:.0f} MB:       {verdict(manual.rss_mb < MANUAL_MAX_MB)}"
            f" ({manual.rss_mb:.1f})"
        )
        if pages < TARGET_PAGES:
            print(f"  note: only {pages} pages (< {TARGET_PAGES})")

    print(f"\nwall time min of {SMALL_RUNS} (build --all: 3, manual: {BIG_RUNS}); peak RSS = max.")
    print(f"bench took {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
