"""Images from the workspace: logos and photos, opened safely and confined to the workspace."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.utils import ImageReader

from handout.errors import AssetError
from handout.model import Brand
from handout.workspace import Workspace, shown

if TYPE_CHECKING:
    from PIL import Image

MAX_PIXELS = 60_000_000


def logo(ws: Workspace, brand: Brand, *, grayscale: bool) -> ImageReader | None:
    if not brand.clinic.logo:
        return None
    path = confined(ws, brand.clinic.logo, ws.root, where=f"{shown(ws.brand_file)}: clinic.logo")
    return open_image(
        path, f"{shown(ws.brand_file)}: clinic.logo", grayscale=grayscale, max_px=1200
    )


def confined(ws: Workspace, ref: str, base: Path, *, where: str) -> Path:
    """The file `ref` names, relative to `base` or to assets/, refusing anything outside the workspace."""
    allowed = [ws.root.resolve(), *(d.resolve() for d in ws.asset_dirs())]
    for folder in (base, *ws.asset_dirs()):
        candidate = (folder / ref).resolve()
        if not any(candidate.is_relative_to(a) for a in allowed):
            raise AssetError(
                f"{where}: '{ref}' points outside the workspace — keep images inside it, e.g. in assets/"
            )
        if candidate.is_file():
            return candidate
        if candidate.is_dir():
            raise AssetError(f"{where}: '{ref}' is a folder — name an image file (PNG or JPEG)")
    raise AssetError(f"{where}: no image '{ref}' — put it in assets/ or next to the file")


def open_image(path: Path, where: str, *, grayscale: bool, max_px: int) -> ImageReader:
    """A print-ready copy: upright (EXIF), flattened to RGB or L, no larger than max_px a side."""
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(path) as opened:
            img = ImageOps.exif_transpose(opened)
            img.thumbnail((max_px, max_px))
            img = _flatten(img, grayscale)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise AssetError(
            f"{where}: '{shown(path)}' is not a usable image ({_reason(exc)}) — save it as PNG or JPEG"
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
