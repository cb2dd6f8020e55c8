"""Build a fixed corpus of PDFs and record their SHA-256, to prove a change leaves output alone.

    python tools/corpus.py DIR            build into DIR, write DIR/sums.txt
    python tools/corpus.py DIR --against OLD
                                          … and list every PDF whose bytes differ from OLD's

Run it before and after a change that should not alter any output (a restructure, a speed-up).
Each build is its own `handout` process with SOURCE_DATE_EPOCH fixed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ROUTINES = sorted(
    p.stem for p in (REPO / "content" / "routines").glob("*.yaml") if "." not in p.stem
)

CASES: list[tuple[str, list[str]]] = [
    *[(f"{r}-sheet", ["--routine", r]) for r in ROUTINES],
    *[(f"{r}-card-a5", ["--routine", r, "--format", "card", "--paper", "a5"]) for r in ROUTINES],
    *[(f"{r}-booklet", ["--routine", r, "--format", "booklet"]) for r in ROUTINES[:3]],
    ("front-legs-card", ["--routine", "front-legs", "--format", "card"]),
    ("front-legs-card-4x6", ["--routine", "front-legs", "--format", "card", "--paper", "4x6in"]),
    ("front-legs-gray", ["--routine", "front-legs", "--grayscale"]),
    ("front-legs-gray-card", ["--routine", "front-legs", "--format", "card", "--grayscale"]),
    ("front-legs-letter", ["--routine", "front-legs", "--paper", "letter"]),
    ("front-legs-a5", ["--routine", "front-legs", "--paper", "a5"]),
    ("front-legs-100x150", ["--routine", "front-legs", "--paper", "100x150mm"]),
    (
        "front-legs-client",
        ["--routine", "front-legs", "--client", "Ana Pérez", "--note", "Twice a **week**, gently."],
    ),
    ("self-legs-de", ["--routine", "self-legs", "--lang", "de"]),
    ("self-legs-ru", ["--routine", "self-legs", "--lang", "ru"]),
    (
        "self-legs-ru-card",
        ["--routine", "self-legs", "--lang", "ru", "--format", "card", "--paper", "a5"],
    ),
    ("manual", ["--manual", "leg-and-foot"]),
    ("manual-gray-a5", ["--manual", "leg-and-foot", "--grayscale", "--paper", "a5"]),
]


def build(folder: Path) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    sums: dict[str, str] = {}
    handout = [sys.executable, "-m", "handout"]
    for name, args in CASES:
        out = folder / f"{name}.pdf"
        command = [*handout, "build", *args, "--root", str(REPO), "--out", str(out)]
        subprocess.run(command, check=True, env=env, capture_output=True)
        sums[name] = hashlib.sha256(out.read_bytes()).hexdigest()
    icons = folder / "icons.pdf"
    subprocess.run(
        [*handout, "icons", "--out", str(icons)], check=True, env=env, capture_output=True
    )
    sums["icons"] = hashlib.sha256(icons.read_bytes()).hexdigest()
    (folder / "sums.txt").write_text("".join(f"{v}  {k}\n" for k, v in sums.items()))
    return sums


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--against", type=Path)
    args = parser.parse_args()
    sums = build(args.folder)
    if args.against is None:
        print(f"{len(sums)} PDFs in {args.folder}")
        return 0
    old = dict(
        reversed(line.split("  ", 1))
        for line in (args.against / "sums.txt").read_text().splitlines()
    )
    differ = [name for name, digest in sums.items() if old.get(name) != digest]
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(sums) - len(differ)} of {len(sums)} PDFs byte-identical")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
