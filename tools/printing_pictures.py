"""The pictures of README's Printing section: each workflow's command run in a temporary folder,
its first sheet (front and back side by side) rendered to docs/printing/*.png.

    python tools/printing_pictures.py

Run it on purpose when the press stage's output changes; the pictures are committed.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
HANDOUT = str(Path(sys.executable).parent / "handout")
OUT = REPO / "docs" / "printing"
GAP = 12  # pixels between the sides
DPI = 40

PICTURES = {
    "office-a4": (["--all", "--format", "card", "--nup", "auto"], "cards-nup-a4.pdf", (0, 1)),
    "shop-card": (
        ["--routine", "front-legs", "--format", "card", "--crop-marks"],
        "front-legs-card.pdf",
        (0, 1),
    ),
    "shop-sra3": (
        ["--all", "--format", "card", "--nup", "auto", "--crop-marks", "--sheet-paper", "sra3"],
        "cards-nup-sra3.pdf",
        (0, 1),
    ),
    "saddle": (
        ["--manual", "leg-and-foot", "--impose", "saddle", "--paper-thickness", "0.1"],
        "leg-and-foot-booklet-saddle.pdf",
        (0, 1),
    ),
}


def picture(args: list[str], name: str, pages: tuple[int, ...], target: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([HANDOUT, "build", *args], cwd=folder, check=True, capture_output=True)
        pdf = pdfium.PdfDocument(Path(folder) / "output" / name)
        sides = [pdf[i].render(scale=DPI / 72).to_pil() for i in pages]
    width = sum(side.width for side in sides) + GAP * (len(sides) - 1)
    sheet = Image.new("RGB", (width, max(side.height for side in sides)), (200, 200, 200))
    x = 0
    for side in sides:
        sheet.paste(side, (x, 0))
        x += side.width + GAP
    sheet.quantize(colors=48, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for stem, (args, name, pages) in PICTURES.items():
        picture(args, name, pages, OUT / f"{stem}.png")
        print(f"wrote {OUT / stem}.png")


if __name__ == "__main__":
    main()
