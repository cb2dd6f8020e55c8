"""Measure the design of every shipped routine's outputs, read back from the PDFs.

    python tools/measure.py [--tree DIR] [--out DIR]

Builds each shipped routine as card (A6, A5) and sheet (A4, Letter, A5), the self-legs
translations, and the manual, with the `handout` of DIR (default: this checkout), then prints a
Markdown table: pages, the smallest text size, the size most characters are set in, the lowest
contrast of any text against what it is printed on, and how full the last page is. Run it on an old checkout
and on this one to get a before/after table.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from pdfmeasure import backgrounds, contrast, page_fill, text_runs  # noqa: E402

PAPERS = {"card": ("a6", "a5"), "sheet": ("a4", "letter", "a5")}


def cases(tree: Path) -> list[tuple[str, list[str]]]:
    routines = sorted(
        p.stem for p in (tree / "content" / "routines").glob("*.yaml") if "." not in p.stem
    )
    found = [
        (f"{r} {fmt} {paper}", ["--routine", r, "--format", fmt, "--paper", paper])
        for r in routines
        for fmt, papers in PAPERS.items()
        for paper in papers
    ]
    for lang in ("de", "ru"):
        found.append((f"self-legs.{lang} sheet a4", ["--routine", "self-legs", "--lang", lang]))
        found.append(
            (
                f"self-legs.{lang} card a6",
                ["--routine", "self-legs", "--lang", lang, "--format", "card", "--paper", "a6"],
            )
        )
    found.append(("manual (default paper)", ["--manual", "leg-and-foot"]))
    return found


def measure(pdf: Path, footer_mm: float) -> str:
    runs = text_runs(pdf)
    sizes = Counter()
    for run in runs:
        sizes[run.size] += len(run.text)
    fills = page_fill(pdf, top_mm=10, bottom_mm=footer_mm)
    pages = len(fills)
    smallest = min(r.size for r in runs)
    body = sizes.most_common(1)[0][0]
    lowest = min(contrast(r.rgb, b) for r, b in zip(runs, backgrounds(pdf, runs), strict=True))
    return f"{pages} | {smallest:.1f} | {body:.1f} | {lowest:.1f} | {fills[-1]:.0%}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tree", type=Path, default=REPO)
    args = parser.parse_args()
    tree = args.tree.resolve()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(tree / "src")}
    print("| output | pages | smallest pt | body pt | lowest contrast | last page fill |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for name, extra in cases(tree):
            out = Path(folder) / (name.replace(" ", "_") + ".pdf")
            command = [
                sys.executable,
                "-m",
                "handout",
                "build",
                *extra,
                "--root",
                str(tree),
                "--out",
                str(out),
            ]
            done = subprocess.run(command, env=env, capture_output=True, text=True)
            if done.returncode:
                print(f"| {name} | fails: {done.stderr.strip()[:90]} | | | | |")
                continue
            print(f"| {name} | {measure(out, 5 if ' card ' in name else 20)} |")


if __name__ == "__main__":
    main()
