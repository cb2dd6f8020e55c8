"""Images from the workspace: logos and photos, opened safely and confined to the workspace."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.utils import ImageReader

from handout.errors import AssetError, ContentError, Problem
from handout.load import RoutineDoc
from handout.model import Brand
from handout.workspace import Workspace, shown

if TYPE_CHECKING:
    from PIL import Image

MAX_PIXELS = 60_000_000
MAX_SIDE = 700  # 300 dpi at about 60 mm, the largest size a photo or logo is placed at


def logo(ws: Workspace, brand: Brand, *, grayscale: bool) -> ImageReader | None:
    if not brand.clinic.logo:
        return None
    try:
        path = confined(brand.clinic.logo, ws.root, [ws.root, *ws.asset_dirs()])
        return open_image(path, grayscale=grayscale)
    except AssetError as error:
        raise AssetError(f"{shown(ws.brand_file)}: clinic.logo: {error}") from None


def step_photos(ws: Workspace, doc: RoutineDoc, *, grayscale: bool) -> dict[int, ImageReader]:
    """Each step's photo by step index, or every problem with the photos at once."""
    photos: dict[int, ImageReader] = {}
    problems: list[Problem] = []
    base = doc.path.resolve().parent
    for index, step in enumerate(doc.routine.steps):
        if not step.image:
            continue
        try:
            photos[index] = open_image(
                confined(step.image, base, [base, ws.root, *ws.asset_dirs()]), grayscale=grayscale
            )
        except AssetError as error:
            problems.append(
                doc.located.problem(("steps", index, "image"), f"steps[{index}].image: {error}")
            )
    if problems:
        raise ContentError(problems)
    return photos


def confined(ref: str, base: Path, roots: list[Path]) -> Path:
    """The file `ref` names, relative to `base` or to an assets folder, refusing anything outside `roots`."""
    allowed = [root.resolve() for root in roots]
    for folder in (base, *(r for r in roots if r.name == "assets")):
        candidate = (folder / ref).resolve()
        if not any(candidate.is_relative_to(a) for a in allowed):
            raise AssetError(
                f"'{ref}' points outside the workspace — keep images inside it, e.g. in assets/"
            )
        if candidate.is_dir():
            raise AssetError(f"'{ref}' is a folder — name an image file (PNG or JPEG)")
        if candidate.is_file():
            return candidate
    raise AssetError(f"no image '{ref}' — put it in assets/ or next to the file that names it")


def open_image(path: Path, *, grayscale: bool, max_px: int = MAX_SIDE) -> ImageReader:
    """A print-ready copy: upright (EXIF), flattened to RGB or L, no larger than max_px a side."""
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(path) as opened:
            opened.draft("RGB", (max_px, max_px))
            img = ImageOps.exif_transpose(opened)
            img.thumbnail((max_px, max_px))
            img = _flatten(img, grayscale)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise AssetError(
            f"'{path.name}' is not a usable image ({_reason(exc)}) — save it as PNG or JPEG"
        ) from None
    return ImageReader(img)


def _flatten(img: Image.Image, grayscale: bool) -> Image.Image:
    """Transparent parts onto white (print has no alpha), then RGB, or gray for --grayscale."""
    from PIL import Image as Pil

    if img.mode in ("RGBA", "LA", "P", "PA") or "transparency" in img.info:
        rgba = img.convert("RGBA")
        white = Pil.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Pil.alpha_composite(white, rgba)
    img = img.convert("L" if grayscale else "RGB")
    return img


def _reason(exc: Exception) -> str:
    text = str(exc).split("\n")[0]
    return text[:80] if text else type(exc).__name__
