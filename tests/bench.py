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

Last, one very long text field at 10, 200 and 500 KB per field, and a sheet whose 30 steps
show one 7000×7000 photo (JPEG, then PNG), both made at run time in temporary workspaces: these
run without a warm-up of their own (the rows before warmed the bytecode cache), and their time
budgets are on CPU time.

The script always exits 0: it is a report. Budgets print PASS/FAIL beside each row.
"""

from __future__ import annotations

import contextlib
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


def measure_together(
    commands: list[tuple[str, list[str]]], rounds: int, cwd: CwdFactory = fresh_dir
) -> list[Result]:
    """Each command once per round, in turn, so that a floor and the commands compared with it
    meet the same machine: a slow spell on a shared machine then slows every row alike
    instead of inflating whichever command happened to run during it."""
    results = [Result(name, rounds=True) for name, _ in commands]
    for _, argv in commands:  # warm-up, discarded
        with cwd() as folder:
            run_once(argv, Path(folder))
    for _ in range(rounds):
        for result, (_, argv) in zip(results, commands, strict=True):
            with cwd() as folder:
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


# --- one very long text field; one large photo on many steps (issue 12) ---------------------

FIELDS = ["summary", "position", "finish", "cautions", "note", "intro"]
FIELD_KB = [10, 200, 500]
FIELD_RUNS = {10: 2}  # the others: once
FIELD_200KB_MAX_S = 2.0
FIELD_FLAT = 1.5  # CPU time per KB from 200 to 500 KB: at most this times from 10 to 200
PHOTO_SIDE, PHOTO_STEPS = 7000, 30
PHOTO_MAX_MB, PHOTO_MAX_S = 300.0, 3.0

# A child that builds the field's document: --note carries the text in-process, since one
# argument of a command line may not pass 128 KB on Linux.
FIELD_CHILD = """
import sys
from pathlib import Path
from handout.commands import build
from handout.content.workspace import Workspace
root, kind = Path(sys.argv[1]), sys.argv[2]
ws, out = Workspace(root), root / "out.pdf"
if kind == "intro":
    build.build_manual(ws, "man", build.Options(out=out))
else:
    note = (root / "note.txt").read_text() if kind == "note" else None
    build.build_routine(ws, "long", build.Options(format="sheet", out=out, note=note))
"""


def field_text(kb: int) -> str:
    """About `kb` KB of sentences."""
    words = ["stroke", "the", "calf", "firmly", "with", "both", "hands", "up", "to", "knee"]
    out: list[str] = []
    length = 0
    while length < kb * 1000:
        out.append(words[len(out) % len(words)] + ("." if len(out) % 13 == 12 else ""))
        length += len(out[-1]) + 1
    return " ".join(out)


def field_workspace(tmp: Path, kind: str, kb: int) -> None:
    """The tests' workspace with `kind` set to `kb` KB, and the text in note.txt for --note."""
    from pdftools import long_field_workspace

    text = field_text(kb)
    long_field_workspace(tmp, kind, text)
    (tmp / "note.txt").write_text(text, encoding="utf-8")


def long_field(kind: str) -> dict[int, Result]:
    """The build with the field `kind` at each size in FIELD_KB."""
    results = {}
    for kb in FIELD_KB:
        with tempfile.TemporaryDirectory(prefix="handout-bench-field-") as ws:
            field_workspace(Path(ws), kind, kb)
            argv = [PYTHON, "-c", FIELD_CHILD, ws, kind]
            results[kb] = measure(f"{kind} {kb} KB", argv, FIELD_RUNS.get(kb, 1), warm=False)
    return results


def report_fields(found: dict[str, dict[int, Result]]) -> None:
    sizes = FIELD_KB
    head = " ".join(f"{f'{kb} KB s':>9}" for kb in sizes)
    print(f"{'one long field (sheet; intro: manual)':<38} {head}  ms/KB: 10→200 200→500 KB")
    print("-" * 104)
    for kind, results in found.items():
        cpu = {kb: r.cpu for kb, r in results.items()}
        low, high = _per_kb(cpu, 10, 200), _per_kb(cpu, 200, 500)
        walls = " ".join(f"{results[kb].wall:9.2f}" for kb in sizes)
        fast = cpu[200] < FIELD_200KB_MAX_S
        flat = high <= FIELD_FLAT * low
        bad = next((r.failed for r in results.values() if r.failed), None)
        note = f"  ERROR exit {bad.rc}: {bad.err.strip()[-80:]}" if bad else ""
        print(
            f"{kind:<38} {walls}  {low:9.2f} {high:7.2f}   200 KB < {FIELD_200KB_MAX_S:.0f} s:"
            f" {verdict(fast)}, flat ≤{FIELD_FLAT}x: {verdict(flat)}{note}"
        )
    print(
        "  s: wall time of the whole build (min of 2 runs for 10 KB); ms/KB: CPU time per KB"
        " added between two sizes;\n  budgets on CPU time, which a busy machine disturbs far"
        f" less: 200 KB in under 2 s, and a KB from 200 to 500 KB at most {FIELD_FLAT}x one from"
        " 10 to 200 KB (a paragraph re-broken page after page makes it grow with the length)"
    )


def _per_kb(cpu: dict[int, float], low: int, high: int) -> float:
    return (cpu[high] - cpu[low]) / (high - low) * 1000


# A PHOTO_SIDE square photo-like picture: smooth colour with grain, made fast (random bytes,
# not Pillow's noise effect) in a child of its own: the peak memory a child reports starts at
# its parent's, and this picture is large. PNG is stored uncompressed: compressing it is slow.
MAKE_PHOTO = """
import random, sys
from PIL import Image
path, fmt, side = sys.argv[1], sys.argv[2], int(sys.argv[3])
rnd = random.Random(7)
grain = Image.frombytes("L", (side, side), rnd.randbytes(side * side))
base = Image.frombytes("L", (70, 70), rnd.randbytes(70 * 70))
base = base.resize((side, side), Image.Resampling.BICUBIC)
image = Image.merge("RGB", [Image.blend(base, grain, f) for f in (0.1, 0.15, 0.2)])
image.save(path, **({"compress_level": 0} if fmt == "PNG" else {"quality": 90}))
"""


def big_photo(fmt: str) -> Result:
    """A routine of PHOTO_STEPS steps that all show the same photo, built as a sheet."""
    with tempfile.TemporaryDirectory(prefix="handout-bench-photo-") as ws:
        tmp = Path(ws)
        routines = tmp / "content" / "routines"
        routines.mkdir(parents=True)
        name = f"photo.{fmt.lower()}"
        make = [PYTHON, "-c", MAKE_PHOTO, str(routines / name), fmt, str(PHOTO_SIDE)]
        subprocess.run(make, check=True, env=CHILD_ENV)
        steps = "".join(
            f"  - title: Step {n}\n    text: Glide up the leg.\n    image: {name}\n"
            for n in range(1, PHOTO_STEPS + 1)
        )
        (routines / "photo.yaml").write_text(
            f"title: Photo\nsummary: One photo on every step.\nsteps:\n{steps}", encoding="utf-8"
        )
        argv = [HANDOUT, "build", "--root", ws, "--routine", "photo", "--out", f"{ws}/p.pdf"]
        side = f"{PHOTO_SIDE}×{PHOTO_SIDE}"
        return measure(f"{side} {fmt} on {PHOTO_STEPS} steps", argv, 2, warm=False)


def report_photos(jpeg: Result, png: Result) -> None:
    print(
        f"{'one large photo on every step (sheet)':<44} {'wall s':>7} {'cpu s':>7} {'peak MB':>8}"
    )
    print("-" * 104)
    for r, timed in ((jpeg, True), (png, False)):
        bad = f"  ERROR exit {r.failed.rc}: {r.failed.err.strip()[-80:]}" if r.failed else ""
        budget = f"< {PHOTO_MAX_MB:.0f} MB: {verdict(r.rss_mb < PHOTO_MAX_MB)}"
        if timed:
            budget += f", < {PHOTO_MAX_S:.0f} s CPU: {verdict(r.cpu < PHOTO_MAX_S)}"
        else:
            budget += " (time: info; a PNG has no reduced decoding)"
        print(f"{r.name:<44} {r.wall:7.2f} {r.cpu:7.2f} {r.rss_mb:8.1f}  {budget}{bad}")


# --- the press stage (issue 14) ------------------------------------------------------------

PRESS_SHARE = 0.20  # the press stage may cost at most this share of the build it imposes
PRESS_RUNS = 3
BOOKLET_PAGES = 64

# Times, in one process, making the finished PDFs and then pressing them (pikepdf's import
# counted in the press): what the press adds to the build it imposes.
PRESS_CHILD = """
import sys, time
from pathlib import Path
from handout.commands import build
from handout.content.workspace import Workspace
from handout.press import Finished, press_pdf
from handout.press.options import AUTO, PressOptions
root, kind, names = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
ws = Workspace(root)
start = time.process_time()
if kind == "cards":
    options = build.Options(format="card", press=PressOptions(nup=AUTO, crop_marks=True))
    made = [build.made_routine(ws, name, options) for name in names]
    press, paper, copies = options.press, "a4", False
else:
    made = [build.made_manual(ws, names[0], build.Options())]
    press, paper, copies = PressOptions(impose="saddle"), None, True
built = time.process_time()
data, sheets = press_pdf([Finished(m.stem, m.data) for m in made], press, paper, copies=copies)
done = time.process_time()
print(f"{built - start:.4f} {done - built:.4f} {sum(m.pages for m in made)} {sheets}")
"""


@dataclass
class PressTime:
    name: str
    build: float  # CPU s, min over runs
    press: float
    pages: int
    sheets: int
    error: str = ""


def press_cost(name: str, argv: list[str]) -> PressTime:
    """The in-process split of one pressed build (PRESS_CHILD), min of PRESS_RUNS runs."""
    times = [run_once(argv, REPO) for _ in range(PRESS_RUNS)]
    bad = next((r for r in times if r.rc != 0), None)
    if bad:
        return PressTime(name, 0, 0, 0, 0, bad.err.strip()[-200:])
    parts = [r.out.split() for r in times]
    return PressTime(
        name,
        min(float(p[0]) for p in parts),
        min(float(p[1]) for p in parts),
        int(parts[0][2]),
        int(parts[0][3]),
    )


def booklet_of(tmp: Path, ids: list[str], pages: int) -> None:
    """A manual `big` of about `pages` pages: the routines, copied as needed, taken one by one
    until the reading booklet reaches `pages`."""
    for count in range(2, len(ids) + 1):
        listed = [ids[i % len(ids)] for i in range(count)]
        write_manual(tmp, listed, 1)
        if build_big(tmp)[1] >= pages:
            return


def press_costs() -> tuple[list[tuple[Result, Result]], list[PressTime]]:
    """Each pressed build beside the same build unpressed (whole processes, interleaved), and
    the in-process split of the pressed ones."""
    with tempfile.TemporaryDirectory(prefix="handout-bench-press-") as ws:
        tmp = Path(ws)
        ids = make_workspace(tmp)
        write_manual(tmp, ids, 2)  # copies of every routine, under new ids
        booklet_of(tmp, [*ids, *(f"{i}--1" for i in ids)], BOOKLET_PAGES)
        cards = [HANDOUT, "build", "--root", ws, "--all", "--format", "card"]
        manual = [HANDOUT, "build", "--root", ws, "--manual", "big"]
        nup, saddle = ["--nup", "auto", "--crop-marks"], ["--impose", "saddle"]
        rows = measure_together(
            [
                ("build --all --format card", cards),
                ("  … --nup auto --crop-marks", [*cards, *nup]),
                (f"build --manual ({BOOKLET_PAGES} pages)", manual),
                ("  … --impose saddle", [*manual, *saddle]),
            ],
            PRESS_RUNS,
        )
        split = [
            press_cost("cards", [PYTHON, "-c", PRESS_CHILD, ws, "cards", *ids]),
            press_cost("saddle", [PYTHON, "-c", PRESS_CHILD, ws, "saddle", "big"]),
        ]
        return [(rows[0], rows[1]), (rows[2], rows[3])], split


def report_press(pairs: list[tuple[Result, Result]], split: list[PressTime]) -> None:
    print(f"{'press stage (whole process)':<44} {'wall s':>7} {'cpu s':>7} {'added':>7}  budget")
    print("-" * 104)
    for plain, pressed in pairs:
        for r in (plain, pressed):
            bad = f"  ERROR exit {r.failed.rc}: {r.failed.err.strip()[-80:]}" if r.failed else ""
            added = ""
            if r is pressed:
                share = pressed.cpu / plain.cpu - 1
                added = f"{share:7.1%}  ≤{PRESS_SHARE:.0%} of the build: {verdict(share <= PRESS_SHARE)}"
            print(f"{r.name:<44} {r.wall:7.3f} {r.cpu:7.3f} {added}{bad}")
    for t in split:
        if t.error:
            print(f"  (info) {t.name}: FAIL — {t.error}")
            continue
        print(
            f"  (info) in one process, {t.name}: making the PDFs {t.build:.3f} s CPU, pressing"
            f" {t.pages} pages onto {t.sheets} sheet sides {t.press:.3f} s (pikepdf's import included)"
        )
    print(f"  added: CPU time over the unpressed build's, min of {PRESS_RUNS} interleaved rounds")


# --- the clinic workflow (issue 17) ---------------------------------------------------------

AGAIN_RATIO = 1.3  # `build --all` with nothing changed, over `handout --help`
BATCH_ROWS = 200
BATCH_SPEEDUP = 5.0  # the batch over as many separate `handout build` runs
SINGLE_RUNS = 10  # separate builds timed to estimate BATCH_ROWS of them
WATCH_MS = 300.0
WATCH_SAVES = 10
ROUND_ENDS = "rebuilt output/leg-and-foot-booklet"  # the last output of a round (a save waits)


def all_again() -> tuple[Result, Result]:
    """`handout --help` and `build --all` with nothing changed since the last run, in the same
    rounds, in one folder that holds that run's output."""
    with tempfile.TemporaryDirectory(prefix="handout-bench-again-") as folder:
        run_once([HANDOUT, "build", "--all"], Path(folder))
        here = lambda: contextlib.nullcontext(folder)  # noqa: E731
        commands = [
            ("handout --help", [HANDOUT, "--help"]),
            ("build --all, nothing changed", [HANDOUT, "build", "--all"]),
        ]
        help_, again = measure_together(commands, SMALL_RUNS, cwd=here)
        return help_, again


def batch_against_builds() -> tuple[Result, Result]:
    """A batch of BATCH_ROWS clients (tests/batchcsv.py: four routines, three languages) and
    SINGLE_RUNS separate personalised builds of the same kind."""
    from batchcsv import clients_csv

    with tempfile.TemporaryDirectory(prefix="handout-bench-batch-") as folder:
        csv = clients_csv(Path(folder) / "clients.csv", BATCH_ROWS)
        batch = measure(f"batch of {BATCH_ROWS} rows", [HANDOUT, "batch", str(csv)], 1)
    single = Result(f"{SINGLE_RUNS} separate build --client runs")
    for n in range(SINGLE_RUNS):
        lang = ("en", "de", "ru")[n % 3]
        routine = ("front-legs", "self-legs", "feet", "back-legs")[n % 4]
        argv = [HANDOUT, "build", "--routine", routine, "--lang", lang, "--client", f"Client {n}"]
        with fresh_dir() as cwd:
            single.runs.append(run_once(argv, Path(cwd)))
    return batch, single


def watch_latency() -> tuple[list[float], list[float], str]:
    """Milliseconds from a saved file to the watcher's `rebuilt` line: a routine (its sheet)
    WATCH_SAVES times, then handout.yaml (everything) three times."""
    from watching import Watch

    with tempfile.TemporaryDirectory(prefix="handout-bench-watch-") as folder:
        ws = Path(folder)
        make_workspace(ws)
        routine = ws / "content" / "routines" / "feet.yaml"
        text, brand = routine.read_text("utf-8"), (ws / "handout.yaml").read_text("utf-8")
        one: list[float] = []
        every: list[float] = []
        with Watch(ws) as watch:
            try:
                watch.until("watching ")
                for n in range(WATCH_SAVES):
                    edited = text.replace("title: Foot Massage", f"title: Foot Massage {n}")
                    one.append(watch.saved(routine, edited, "rebuilt output/feet-sheet")[0])
                    watch.until(ROUND_ENDS)  # the round also rebuilds the card and the manual
                for n in range(3):
                    every.append(
                        watch.saved(ws / "handout.yaml", f"{brand}\n# {n}\n", "rebuilt ")[0]
                    )
                    watch.until(ROUND_ENDS)
            except AssertionError as error:
                return one, every, str(error)[:200]
        return one, every, ""


def report_workflow(
    again: tuple[Result, Result],
    batch: tuple[Result, Result],
    watch: tuple[list[float], list[float], str],
) -> None:
    help_, nothing = again
    ratio = nothing.ratio(help_)
    print(f"{'clinic workflow':<44} {'wall s':>7} {'cpu s':>7}  budget")
    print("-" * 104)
    for r in (help_, nothing):
        print(f"{r.name:<44} {r.wall:7.3f} {r.cpu:7.3f}")
    print(
        f"  nothing changed / --help: {ratio:.2f}  ≤{AGAIN_RATIO}x: {verdict(ratio <= AGAIN_RATIO)}"
    )
    rows, single = batch
    each = statistics.mean(r.wall for r in single.runs)
    alone = each * BATCH_ROWS
    bad = rows.failed or single.failed
    speedup = alone / rows.wall
    print(
        f"{rows.name:<44} {rows.wall:7.2f} {rows.cpu:7.2f}  {BATCH_ROWS / rows.wall:.1f} sheets/s"
        f" on {os.cpu_count()} CPUs"
    )
    print(f"{single.name:<44} {each:7.3f} each  → {BATCH_ROWS} of them ≈ {alone:.1f} s")
    print(
        f"  batch speed-up: {speedup:.1f}x  ≥{BATCH_SPEEDUP:.0f}x: {verdict(speedup >= BATCH_SPEEDUP)}"
    )
    if bad:
        print(f"  ERROR exit {bad.rc}: {bad.err.strip()[-200:]}")
    one, every, error = watch
    if error or not one:
        print(f"  watch: FAIL — {error or 'no rebuild seen'}")
        return
    median = statistics.median(one)
    print(
        f"  watch, save → rebuilt line: one routine median {median:.0f} ms (min {min(one):.0f},"
        f" max {max(one):.0f}, {len(one)} saves)  <{WATCH_MS:.0f} ms: {verdict(median < WATCH_MS)};"
        f" handout.yaml (first rebuilt line) median {statistics.median(every):.0f} ms (info)"
    )


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
        fields = {kind: long_field(kind) for kind in FIELDS}
        photos = big_photo("JPEG"), big_photo("PNG")
        pressed = press_costs()
        workflow = all_again(), batch_against_builds(), watch_latency()

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

    print()
    report_fields(fields)
    print()
    report_photos(*photos)
    print()
    report_press(*pressed)
    print()
    report_workflow(*workflow)

    print(
        f"\ntimes: min of {SMALL_RUNS} interleaved rounds (build --all: {ALL_RUNS} runs; manual and"
        f" reference: {BIG_RUNS} interleaved rounds) after a warm-up; peak RSS: max."
    )
    print(f"at end: {load_note()}")
    print(f"bench took {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
