"""PNG previews of a built PDF, one image per page, written next to it."""

from __future__ import annotations

from pathlib import Path

from handout.output.write import atomic_path


def write_pngs(pdf: Path, dpi: int = 110) -> list[Path]:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        written = []
        for index in range(len(document)):
            image = document[index].render(scale=dpi / 72).to_pil()
            target = pdf.with_name(f"{pdf.stem}-{index + 1}.png")
            with atomic_path(target) as temp:
                image.save(temp, format="PNG")
            written.append(target)
        return written
    finally:
        document.close()
