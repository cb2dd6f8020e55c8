"""Images from the workspace: logos and photos, opened safely and confined to the workspace.

Only PNG and JPEG files are opened (Pillow would otherwise also try formats such as
EPS, which runs Ghostscript). Each image is checked against a pixel budget before it
is decoded, turned upright (EXIF), flattened onto white and cut down to print
resolution; a JPEG source stays JPEG in the PDF (a tenth of the size of raw pixels).
"""

from __future__ import annotations

import functools
import io
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.utils import ImageReader

from handout.content.fields import show_path
from handout.content.load import RoutineDoc
from handout.content.model import Brand
from handout.content.workspace import Workspace
from handout.errors import AssetError, ContentError, Problem

if TYPE_CHECKING:
    from PIL import Image

FORMATS = ["PNG", "JPEG"]  # Pillow opens a camera's multi-picture JPEG (MPO) as JPEG too
MAX_PIXELS = 50_000_000  # pixels decoded (after JPEG's cheap 1/8 scaling): ~200 MB at most
MAX_SIDE = 700  # 300 dpi at about 60 mm, the largest size a photo or logo is placed at
JPEG_QUALITY = 88


def logo(ws: Workspace, brand: Brand, *, grayscale: bool) -> ImageReader | None:
    """The clinic's logo, or AssetError saying what is wrong with it (`check.brand` places the
    message at its line in handout.yaml; builds call that first)."""
    if not brand.clinic.logo:
        return None
    path = confined(brand.clinic.logo, ws.root, [ws.root, *ws.asset_dirs()])
    return open_image(path, grayscale=grayscale)


def step_photos(ws: Workspace, doc: RoutineDoc, *, grayscale: bool) -> dict[int, ImageReader]:
    """Each step's photo by step index, or every problem with the photos at once."""
    photos: dict[int, ImageReader] = {}
    problems: list[Problem] = []
    base = doc.path.resolve().parent
    # Allowed: the folder the file is in as written, not the one a link leads to, so a routine
    # linked in from elsewhere never makes its real folder a place images may come from.
    home = Path(os.path.abspath(doc.path)).parent
    for index, step in enumerate(doc.routine.steps):
        if not step.image:
            continue
        try:
            photos[index] = open_image(
                confined(step.image, base, [home, ws.root, *ws.asset_dirs()]), grayscale=grayscale
            )
        except AssetError as error:
            at = ("steps", index, "image")
            problems.append(doc.located.problem(at, f"{show_path(at)}: {error}"))
    if problems:
        raise ContentError(problems)
    return photos


def confined(ref: str, base: Path, roots: list[Path]) -> Path:
    """The file `ref` names, relative to `base` or to an assets folder, refusing anything outside `roots`."""
    try:
        allowed = [root.resolve() for root in roots]
        for folder in (base, *(r for r in roots if r.name == "assets")):
            candidate = (folder / ref).resolve()
            if not any(candidate.is_relative_to(a) for a in allowed):
                raise AssetError(
                    f"'{_quoted(ref)}' points outside the workspace — keep images inside it, e.g. in assets/"
                )
            if candidate.is_dir():
                raise AssetError(f"'{_quoted(ref)}' is a folder — name an image file (PNG or JPEG)")
            if candidate.is_file():
                return candidate
    except (OSError, ValueError, RuntimeError) as exc:  # NUL byte, name too long, symlink loop
        raise AssetError(
            f"'{_quoted(ref)}' cannot be opened as a file ({_reason(exc)}) — give the path of a PNG or JPEG file"
        ) from None
    raise AssetError(
        f"no image '{_quoted(ref)}' — put it in assets/ or next to the file that names it"
    )


def open_image(path: Path, *, grayscale: bool) -> ImageReader:
    """A print-ready copy: upright (EXIF), flattened to RGB or L, no larger than MAX_SIDE a side.
    Made once per version of the file in a process: the check and the build read the same photos."""
    try:
        stat = path.stat()
    except OSError:
        return _print_ready(path, grayscale, 0, 0)  # reported by the reading itself
    return _print_ready(path, grayscale, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _print_ready(path: Path, grayscale: bool, _mtime: int, _size: int) -> ImageReader:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            # Pillow warns (and past twice its limit refuses) by the size in the header;
            # the budget below is checked instead, after JPEG's reduced decoding is chosen.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            Image.MAX_IMAGE_PIXELS = MAX_PIXELS * 32
            with Image.open(path, formats=FORMATS) as opened:
                source, (width, height) = opened.format, opened.size
                opened.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at 1/2, 1/4 or 1/8 size
                if _held(opened, width * height) > MAX_PIXELS:
                    raise AssetError(
                        f"'{path.name}' is {width:,}×{height:,} pixels, more than this tool opens"
                        f" ({MAX_PIXELS // 1_000_000} million) — save a smaller copy, e.g. 3000 pixels wide"
                    )
                opened.thumbnail((MAX_SIDE, MAX_SIDE))  # before turning: one full-size copy only
                img = _flatten(_upright(opened), grayscale)
    except AssetError:
        raise
    except Exception as exc:  # Pillow's decoders raise many kinds of errors on a damaged file
        raise AssetError(
            f"'{path.name}' is not a usable image ({_reason(exc)}) — save it as PNG or JPEG"
        ) from None
    if source in ("JPEG", "MPO"):  # MPO: the multi-picture JPEG of many cameras
        data = io.BytesIO()
        img.save(data, "JPEG", quality=JPEG_QUALITY)
        data.seek(0)
        return ImageReader(data)
    return ImageReader(img)


def _held(opened: Image.Image, pixels: int) -> int:
    """The pixels the decoder holds at once: what it decodes, after JPEG's reduced decoding,
    except that a progressive JPEG keeps the coefficients of every pixel of its full size."""
    if opened.info.get("progressive"):
        return pixels
    return int(opened.size[0] * opened.size[1])


def _upright(img: Image.Image) -> Image.Image:
    """The image turned as its EXIF orientation says; as it is when the EXIF is damaged."""
    from PIL import ImageOps

    try:
        return ImageOps.exif_transpose(img)
    except Exception:  # a damaged EXIF block should not cost the photo
        return img.copy()


def _flatten(img: Image.Image, grayscale: bool) -> Image.Image:
    """Transparent parts onto white (print has no alpha), then RGB, or gray for --grayscale."""
    from PIL import Image as Pil

    if img.mode.startswith("I;16") or img.mode == "I":
        # 16-bit gray: Pillow's own conversion to 8 bits clips everything above 255 to white
        img = img.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if img.mode in ("RGBA", "LA", "P", "PA", "La", "RGBa") or "transparency" in img.info:
        rgba = img.convert("RGBA")
        white = Pil.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Pil.alpha_composite(white, rgba)
    return img.convert("L" if grayscale else "RGB")


def _quoted(ref: str, limit: int = 60) -> str:
    """A file reference fit for a one-line message: control characters escaped, long ones cut."""
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in ref)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _reason(exc: Exception) -> str:
    from PIL import Image, UnidentifiedImageError

    if isinstance(exc, UnidentifiedImageError):
        return "not a PNG or JPEG file"
    if isinstance(exc, Image.DecompressionBombError):
        return "far too many pixels"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).split("\n")[0]
    return text[:80] if text else type(exc).__name__
