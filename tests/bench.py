"""Benchmark of whole-process wall time and peak memory (`make bench`; not part of `make test`).

How each child is measured
- wall time: `time.perf_counter()` from spawn to reap; CPU time (user + system) is shown too,
  because it is far less disturbed than wall time when other work shares the machine.
- peak memory: `ru_maxrss` of *that* child, read with `os.wait4(pid)`. Deltas of
  `getrusage(RUSAGE_CHILDREN)` are a running maximum over every child ever reaped (a small
  child after a big one reads as zero); `/usr/bin/time` is not everywhere and its wrapper
  would be inside the measurement. `wait4` is exact per child and adds nothing.
- bytecode: children write and read `.pyc` files in a private temporary cache
  (PYTHONPYCACHEPREFIX, PYTHONDONTWRITEBYTECODE unset), and every command runs once first as a
  discarded warm-up. An editable install under PYTHONDONTWRITEBYTECODE=1 would otherwise
  recompile handout's own source on every run, which no installed copy does.

The floors, `--help` and the two single builds run in interleaved rounds (one of each per
round), so a slow spell of a shared machine slows a floor and its commands alike; the rest run
N times each. The table shows the minimum wall and CPU time and the maximum
peak RSS. Floors are bare Python processes importing what any implementation must import
(typer; typer + reportlab.platypus), so ratios measure handout's own overhead: `ratio` is wall
time over the floor's (what the budgets use; for interleaved rows the median of the rounds'
ratios), `cpu x` min CPU time over the floor's. The large manual is generated at run time in a temporary workspace: this repository's content, each
routine copied under new ids, and a manual listing the copies until it passes 1000 pages.

The script always exits 0: it is a report. Budgets print PASS/FAIL beside each row.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
HANDOUT = str(Path(sys.executable).parent / "handout")  # the venv's script, as make runs it

SMALL_RUNS = 9
FLOOR_BUILD = "import typer, reportlab.platypus"
DEPS = "import typer, yaml, reportlab.platypus"
ALL_RUNS = 2
BIG_RUNS = 3
TARGET_PAGES = 1000
WROTE = re.compile(r"wrote (.+) \((\d+) pages?\)")

# Budgets
HELP_RATIO = 1.3
BUILD_RATIO = 1.5
MANUAL_PAGES_PER_S = 150.0
MANUAL_MAX_MB = 150.0

CHILD_ENV = dict(os.environ)


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    rc: int
    out: str
    err: str


@dataclass
class Result:
    name: str
    runs: list[Run] = field(default_factory=list)
    rounds: bool = False  # runs[i] ran in round i of `measure_together`

    @property
    def wall(self) -> float:
        return min(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return min(r.cpu for r in self.runs)

    @property
    def rss_mb(self) -> float:
        return max(r.rss_mb for r in self.runs)

    @property
    def failed(self) -> Run | None:
        return next((r for r in self.runs if r.rc != 0), None)

    def ratio(self, floor: Result) -> float:
        """Wall time over the floor's: the median of per-round ratios when the two ran in the
        same rounds (a round's pair shares the machine's state), else min over min."""
        if self.rounds and floor.rounds:
            pairs = zip(self.runs, floor.runs, strict=True)
            return statistics.median(a.wall / b.wall for a, b in pairs)
        return self.wall / floor.wall

    def pages(self) -> int | None:
        found = [int(m.group(2)) for r in self.runs for m in WROTE.finditer(r.out)]
        return max(found) if found else None


def run_once(argv: list[str], cwd: Path) -> Run:
    """One child process: wall and CPU time, its own peak RSS, exit code and output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, cwd=cwd, env=CHILD_ENV, stdout=out, stderr=err, stdin=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; tell Popen
        out.seek(0)
        err.seek(0)
        scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: KiB on Linux, B on macOS
        return Run(
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            rss_mb=usage.ru_maxrss * scale / 2**20,
            rc=proc.returncode,
            out=out.read().decode(errors="replace"),
            err=err.read().decode(errors="replace"),
        )


CwdFactory = Callable[[], AbstractContextManager[str]]


def fresh_dir() -> AbstractContextManager[str]:
    return tempfile.TemporaryDirectory(prefix="handout-bench-")


def measure(
    name: str, argv: list[str], runs: int, cwd: CwdFactory = fresh_dir, warm: bool = True
) -> Result:
    """Run `argv` `runs` times (after one discarded warm-up), each in a fresh cwd."""
    result = Result(name)
    if warm:
        with cwd() as folder:
            run_once(argv, Path(folder))
    for _ in range(runs):
        with cwd() as folder:
            result.runs.append(run_once(argv, Path(folder)))
    return result


def measure_together(commands: list[tuple[str, list[str]]], rounds: int) -> list[Result]:
    """Each command once per round, in turn, so that a floor and the commands compared with it
    meet the same machine: a slow spell on a shared machine then slows every row alike
    instead of inflating whichever command happened to run during it."""
    results = [Result(name, rounds=True) for name, _ in commands]
    for _, argv in commands:  # warm-up, discarded
        with fresh_dir() as folder:
            run_once(argv, Path(folder))
    for _ in range(rounds):
        for result, (_, argv) in zip(results, commands, strict=True):
            with fresh_dir() as folder:
                result.runs.append(run_once(argv, Path(folder)))
    return results


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


def build_big(tmp: Path) -> tuple[Run, int]:
    (tmp / "big.pdf").unlink(missing_ok=True)
    run = run_once(manual_argv(tmp), tmp)
    match = WROTE.search(run.out)
    if run.rc != 0 or not match:
        raise RuntimeError(f"manual build failed (exit {run.rc}): {run.err.strip()[:500]}")
    return run, int(match.group(2))


def calibrate(tmp: Path, ids: list[str]) -> int:
    """Repeat count giving >= TARGET_PAGES pages.

    A small probe (which also warms the bytecode cache) estimates pages per repeat; the full
    build is checked and the count raised if the estimate fell short.
    """
    probe = 4
    write_manual(tmp, ids, probe)
    _, pages = build_big(tmp)
    repeats = math.ceil(TARGET_PAGES * probe / pages)
    for _ in range(5):
        write_manual(tmp, ids, repeats)
        _, pages = build_big(tmp)
        if pages >= TARGET_PAGES:
            return repeats
        repeats = math.ceil(repeats * TARGET_PAGES / pages)
    raise RuntimeError(f"could not reach {TARGET_PAGES} pages (last try: {pages} pages)")


# The reference point: reportlab alone on a plain document (a heading and six body
# paragraphs a page), whole process, in the same rounds as the manual.
REFERENCE_PAGES = 200
REFERENCE = f"""
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate
styles = getSampleStyleSheet()
text = "Stroke the calf firmly with both hands, gliding up from the ankle to the knee. " * 4
story = []
for i in range({REFERENCE_PAGES}):
    story += [Paragraph(f"Chapter {{i}}", styles["Heading1"])]
    story += [Paragraph(text, styles["BodyText"]) for _ in range(6)] + [PageBreak()]
doc = SimpleDocTemplate("reference.pdf")
doc.build(story)
print(f"wrote reference.pdf ({{doc.page}} pages)")
"""


def big_manual() -> tuple[Result | None, Result | None, str]:
    """The large manual and the reference, in the same rounds (after a calibration that
    also warms up the manual)."""
    with tempfile.TemporaryDirectory(prefix="handout-bench-ws-") as ws:
        tmp = Path(ws)
        ids = make_workspace(tmp)
        try:
            repeats = calibrate(tmp, ids)
        except RuntimeError as error:
            return None, None, str(error)
        manual, reference = measure_together(
            [
                (f"build --manual big ({len(ids)} routines x {repeats})", manual_argv(tmp)),
                (f"reportlab alone, {REFERENCE_PAGES} plain pages", [PYTHON, "-c", REFERENCE]),
            ],
            BIG_RUNS,
        )
        return manual, reference, ""


# --- report ---------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def load_note() -> str:
    try:
        load = os.getloadavg()[0]
    except OSError:
        return ""
    cpus = os.cpu_count() or 1
    busy = (
        "  — the machine is busy; wall times are inflated, see cpu s" if load > cpus * 0.75 else ""
    )
    return f"load average {load:.1f} on {cpus} CPUs{busy}"


@contextmanager
def bytecode_cache() -> Iterator[None]:
    with tempfile.TemporaryDirectory(prefix="handout-bench-pyc-") as cache:
        CHILD_ENV.pop("PYTHONDONTWRITEBYTECODE", None)
        CHILD_ENV["PYTHONPYCACHEPREFIX"] = cache
        yield


def main() -> int:
    began = time.perf_counter()
    print(f"python {sys.version.split()[0]} at {PYTHON}; handout script {HANDOUT}")
    print(f"at start: {load_note()}\n")
    with bytecode_cache():
        floor_typer, floor_rl, floor_deps, help_, sheet, card = measure_together(
            [
                ("floor: import typer", [PYTHON, "-c", "import typer"]),
                ("floor: import typer, reportlab.platypus", [PYTHON, "-c", FLOOR_BUILD]),
                # Not a budget: the libraries every build imports besides the floor's.
                ("info: import typer, yaml, platypus", [PYTHON, "-c", DEPS]),
                ("handout --help", [HANDOUT, "--help"]),
                ("build --routine front-legs", [HANDOUT, "build", "--routine", "front-legs"]),
                (
                    "build --routine front-legs --format card",
                    [HANDOUT, "build", "--routine", "front-legs", "--format", "card"],
                ),
            ],
            SMALL_RUNS,
        )
        # A temp cwd with no content/ uses the built-in workspace; output goes to cwd/output.
        all_ = measure("build --all", [HANDOUT, "build", "--all"], ALL_RUNS)
        manual, reference, manual_error = big_manual()

    rows: list[tuple[Result, Result | None, str]] = [
        (floor_typer, None, ""),
        (floor_rl, None, ""),
        (floor_deps, floor_rl, "(info)"),
        (
            help_,
            floor_typer,
            f"{verdict(help_.ratio(floor_typer) <= HELP_RATIO)} ≤{HELP_RATIO}x",
        ),
    ]
    for r in (sheet, card):
        rows.append((r, floor_rl, f"{verdict(r.ratio(floor_rl) <= BUILD_RATIO)} ≤{BUILD_RATIO}x"))
    rows.append((all_, floor_rl, "(no budget)"))

    head = f"{'command':<44} {'wall s':>7} {'cpu s':>7} {'floor s':>7} {'ratio':>6} {'cpu x':>6}"
    print(f"{head} {'peak MB':>8}  budget (on wall ratio)")
    print("-" * 104)
    for r, floor, budget in rows:
        fl = f"{floor.wall:7.3f}" if floor else f"{'':>7}"
        ratio = f"{r.ratio(floor):6.2f}" if floor else f"{'':>6}"
        cpu_ratio = f"{r.cpu / floor.cpu:6.2f}" if floor else f"{'':>6}"
        bad = r.failed
        last = (bad.err.strip().splitlines() or [""])[-1][:80] if bad else ""
        note = f"  ERROR exit {bad.rc}: {last}" if bad else ""
        print(
            f"{r.name:<44} {r.wall:7.3f} {r.cpu:7.3f} {fl} {ratio} {cpu_ratio} {r.rss_mb:8.1f}"
            f"  {budget}{note}"
        )

    print()
    if manual is None or reference is None:
        print(f"large manual: FAIL — could not build: {manual_error}")
    else:
        pages = manual.pages() or 0
        rate = pages / manual.wall
        print(
            f"{'large manual':<44} {'wall s':>7} {'cpu s':>7} {'pages':>7} {'pages/s':>8} {'peak MB':>8}"
        )
        print("-" * 104)
        print(
            f"{manual.name:<44} {manual.wall:7.2f} {manual.cpu:7.2f} {pages:7d} {rate:8.1f}"
            f" {manual.rss_mb:8.1f}"
        )
        plain = (reference.pages() or 0) / reference.wall
        print(
            f"{reference.name:<44} {reference.wall:7.2f} {reference.cpu:7.2f}"
            f" {reference.pages() or 0:7d} {plain:8.1f} {reference.rss_mb:8.1f}  (info)"
        )
        if manual.failed:
            print(f"  ERROR exit {manual.failed.rc}: {manual.failed.err.strip()[:300]}")
        ok = rate >= MANUAL_PAGES_PER_S
        print(f"  speed  ≥ {MANUAL_PAGES_PER_S:.0f} pages/s: {verdict(ok)} ({rate:.1f})")
        ok = manual.rss_mb < MANUAL_MAX_MB
        print(f"  memory < {MANUAL_MAX_MB:.0f} MB:       {verdict(ok)} ({manual.rss_mb:.1f})")
        if pages < TARGET_PAGES:
            print(f"  note: only {pages} pages (< {TARGET_PAGES})")
        speed = statistics.median(
            (pages / m.wall) / (REFERENCE_PAGES / r.wall)
            for m, r in zip(manual.runs, reference.runs, strict=True)
        )
        print(f"  (info) the manual's pages/s over reportlab alone's, same rounds: {speed:.2f}")

    print(
        f"\ntimes: min of {SMALL_RUNS} interleaved rounds (build --all: {ALL_RUNS} runs; manual and"
        f" reference: {BIG_RUNS} interleaved rounds) after a warm-up; peak RSS: max."
    )
    print(f"at end: {load_note()}")
    print(f"bench took {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
