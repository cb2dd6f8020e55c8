"""Hostile files: broken or odd images, paths that leave the workspace, bad brand and template files.

Each case ends in one of two ways: a clear message (`file:line:col: …` or `file: …`),
exit 1 and nothing written; or correct output (an upright, flattened, print-sized image).
"""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from pikepdf import PdfImage
from PIL import Image
from typer.testing import Result

from clitools import assert_clean_exit, invoke, lines

ROUTINE = """\
title: Hostile
summary: A routine whose step photo is the file under test.
steps:
  - title: Look at the photo
    image: {image}
"""
MESSAGE = re.compile(r"^[^:\s][^:]*(?::\d+:\d+)?: \S.*$")
"""`file: message` or `file:line:col: message`."""


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty workspace folder, the current folder, with room beside it (`tmp_path`)."""
    folder = tmp_path / "ws"
    (folder / "content" / "routines").mkdir(parents=True)
    (folder / "assets").mkdir()
    monkeypatch.chdir(folder)
    return folder


def routine(root: Path, image: str = "photo.jpg") -> None:
    """Routine `r`, whose one step shows `image`."""
    (root / "content" / "routines" / "r.yaml").write_text(
        ROUTINE.format(image=image), encoding="utf-8"
    )


def fails_cleanly(result: Result, root: Path, *needles: str) -> list[str]:
    """Exit 1, every line a `file…: message` line naming what is wrong, and no output written."""
    assert_clean_exit(result, 1)
    errors = lines(result.stderr)
    assert errors, "no message"
    for line in errors:
        assert MESSAGE.match(line), f"not a file: message line — {line!r}"
    for needle in needles:
        assert needle in errors[0], errors
    output = root / "output"
    assert not output.exists() or list(output.iterdir()) == []
    return errors


@dataclass
class Placed:
    """An image as the PDF holds it."""

    image: Image.Image
    colorspace: str | None
    filters: list[str]
    masked: bool


def placed_images(pdf_path: Path) -> list[Placed]:
    """Every image drawn on the PDF's pages, decoded."""
    found = []
    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            for raw in page.get_images().values():
                image = PdfImage(raw)  # type: ignore[arg-type]  # an image XObject is a stream
                found.append(
                    Placed(
                        image.as_pil_image().copy(),
                        image.colorspace,
                        list(image.filters),
                        "/SMask" in raw or "/Mask" in raw,
                    )
                )
    return found


def the_photo(pdf_path: Path) -> Placed:
    [photo] = placed_images(pdf_path)
    return photo


def jpeg_bytes(image: Image.Image, **options: object) -> bytes:
    data = io.BytesIO()
    image.save(data, "JPEG", **options)
    return data.getvalue()


def builds(root: Path) -> Path:
    result = invoke("build", "--routine", "r")
    assert_clean_exit(result, 0)
    out = root / "output" / "r-sheet.pdf"
    assert out.is_file()
    return out


# ---------------------------------------------------------------- not an image, damaged


def test_a_text_file_named_jpg_is_refused(root: Path) -> None:
    routine(root)
    (root / "assets" / "photo.jpg").write_text("not a photo at all\n", encoding="utf-8")
    [error] = fails_cleanly(invoke("build", "--routine", "r"), root)
    assert error.startswith("content/routines/r.yaml:5:12: step 1, image: 'photo.jpg'")
    assert "not a PNG or JPEG file" in error


def test_a_truncated_jpeg_is_refused(root: Path) -> None:
    routine(root)
    whole = jpeg_bytes(Image.effect_noise((400, 300), 40).convert("RGB"))
    (root / "assets" / "photo.jpg").write_bytes(whole[: len(whole) // 2])
    [error] = fails_cleanly(invoke("build", "--routine", "r"), root, "r.yaml:5:12:")
    assert "'photo.jpg' is not a usable image" in error


def test_postscript_named_jpg_is_not_handed_to_ghostscript(root: Path) -> None:
    routine(root)
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n(pwned) print\nshowpage\n"
    (root / "assets" / "photo.jpg").write_bytes(eps)
    fails_cleanly(invoke("build", "--routine", "r"), root, "not a PNG or JPEG file")


def test_check_reports_a_broken_photo_like_build(root: Path) -> None:
    routine(root)
    (root / "assets" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really")
    result = invoke("check")
    assert_clean_exit(result, 1)
    assert any(
        line.startswith("content/routines/r.yaml:5:12: step 1, image:")
        for line in lines(result.output)
    )


@pytest.mark.parametrize(
    ("image", "needle"),
    [
        ('"a\\0b.png"', "'a\\x00b.png' cannot be opened as a file"),
        ("x" * 300 + ".png", "cannot be opened as a file (File name too long)"),
        ("../../../outside.png", "'../../../outside.png' points outside the workspace"),
        ("/etc/passwd", "'/etc/passwd' points outside the workspace"),
        (".", "'.' is a folder"),
        ("nowhere.png", "no image 'nowhere.png'"),
    ],
)
def test_an_image_path_that_cannot_be_used_is_one_clear_line(
    root: Path, image: str, needle: str
) -> None:
    routine(root, image)
    Image.new("RGB", (10, 10)).save(root.parent / "outside.png")
    fails_cleanly(invoke("build", "--routine", "r"), root, "r.yaml:5:12: step 1, image: ", needle)


def test_a_symlink_out_of_the_workspace_is_refused(root: Path) -> None:
    routine(root, "photo.png")
    outside = root.parent / "secret.png"
    Image.new("RGB", (20, 20), "red").save(outside)
    (root / "assets" / "photo.png").symlink_to(outside)
    fails_cleanly(invoke("build", "--routine", "r"), root, "points outside the workspace")


# ---------------------------------------------------------------- size


def huge_png(path: Path, side: int) -> None:
    """A `side`×`side` 1-bit PNG, written row by row without ever holding the pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


PEAK_MEMORY = """
import sys
from handout.cli import main
try:
    main()
finally:
    status = open("/proc/self/status").read()  # VmHWM: this program's peak, not its parent's
    peak = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
    print("peak-kb", peak, file=sys.stderr)
"""


def build_measuring_memory(root: Path) -> subprocess.CompletedProcess[str]:
    """`handout build --routine r` in a child that reports its peak memory on stderr."""
    return subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY, "build", "--routine", "r"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "100"},
    )


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's /proc")
def test_a_decompression_bomb_fails_fast_without_using_the_memory(root: Path) -> None:
    routine(root, "huge.png")
    huge_png(root / "assets" / "huge.png", 10_000)
    assert (root / "assets" / "huge.png").stat().st_size < 100_000
    done = build_measuring_memory(root)  # its subprocess timeout is the hang guard
    assert done.returncode == 1, done.stderr
    [message, peak] = done.stderr.strip().splitlines()
    assert MESSAGE.match(message), message
    assert "'huge.png' is 10,000×10,000 pixels" in message
    assert int(peak.split()[1]) < 120_000, f"peak memory {peak}"  # ~50 MB; decoding it: ~250 MB
    assert not (root / "output").exists()


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's /proc")
def test_a_jpeg_over_the_pixel_budget_is_decoded_small_and_builds(root: Path) -> None:
    routine(root)
    Image.new("L", (8000, 7000), 128).save(root / "assets" / "photo.jpg", quality=50)  # 56 MP
    done = build_measuring_memory(root)
    assert done.returncode == 0, done.stderr
    peak = int(done.stderr.split("peak-kb")[1].split()[0])
    assert peak < 120_000, f"peak memory {peak} kB"  # decoded at 1/8 size: 1000×875
    assert max(the_photo(root / "output" / "r-sheet.pdf").image.size) <= 800


def test_a_big_photo_is_cut_down_to_print_resolution(root: Path) -> None:
    routine(root)
    noise = Image.merge("RGB", [Image.effect_noise((4000, 3000), 60 + 10 * i) for i in range(3)])
    (root / "assets" / "photo.jpg").write_bytes(jpeg_bytes(noise, quality=92))
    assert (root / "assets" / "photo.jpg").stat().st_size > 3_000_000
    out = builds(root)
    assert out.stat().st_size < 1_000_000, f"{out.stat().st_size:,} bytes"
    placed = the_photo(out)
    photo = placed.image
    assert max(photo.size) <= 800
    assert photo.size[0] > photo.size[1]  # still landscape
    assert "/DCTDecode" in placed.filters  # a JPEG stays a JPEG


# ---------------------------------------------------------------- colour, depth, orientation


def test_a_cmyk_jpeg_prints_in_rgb_with_the_right_colour(root: Path) -> None:
    routine(root)
    Image.new("CMYK", (300, 200), (0, 100, 200, 0)).save(root / "assets" / "photo.jpg")
    placed = the_photo(builds(root))
    photo = placed.image
    assert placed.colorspace == "/DeviceRGB"
    red, green, blue = photo.convert("RGB").getpixel((150, 100))  # type: ignore[misc]
    assert (red, green, blue) == pytest.approx((255, 155, 55), abs=12)


def test_a_16_bit_png_keeps_its_grays(root: Path) -> None:
    routine(root, "photo.png")
    ramp = Image.new("I;16", (256, 64))
    ramp.putdata([x * 257 for _ in range(64) for x in range(256)])
    ramp.save(root / "assets" / "photo.png")
    assert Image.open(root / "assets" / "photo.png").mode.startswith("I;16")
    photo = the_photo(builds(root)).image
    gray = photo.convert("L")
    assert gray.getpixel((0, 32)) < 10  # type: ignore[operator]
    assert gray.getpixel((128, 32)) == pytest.approx(128, abs=10)
    assert gray.getpixel((255, 32)) > 245  # type: ignore[operator]


def test_an_exif_rotated_photo_is_placed_upright(root: Path) -> None:
    routine(root)
    stored = Image.new("RGB", (400, 200), "blue")
    stored.paste(Image.new("RGB", (200, 200), "red"), (0, 0))  # red on the stored left
    exif = stored.getexif()
    exif[0x0112] = 6  # the camera was turned: show it turned 90° clockwise
    (root / "assets" / "photo.jpg").write_bytes(jpeg_bytes(stored, exif=exif))
    photo = the_photo(builds(root)).image
    width, height = photo.size
    assert height > width, "placed sideways"
    top = photo.convert("RGB").getpixel((width // 2, height // 4))
    bottom = photo.convert("RGB").getpixel((width // 2, height * 3 // 4))
    assert top == pytest.approx((255, 0, 0), abs=40)  # the stored left is now on top
    assert bottom == pytest.approx((0, 0, 255), abs=40)


@pytest.mark.parametrize("mode", ["RGBA", "P"])
def test_transparency_is_flattened_onto_white(root: Path, mode: str) -> None:
    routine(root, "photo.png")
    image = Image.new("RGBA", (200, 100), (255, 0, 0, 0))  # transparent red
    image.paste((0, 0, 0, 255), (0, 0, 100, 100))  # opaque black on the left
    if mode == "P":
        image = image.convert("RGB").quantize(2)
        image.info["transparency"] = image.getpixel((150, 50))
    image.save(root / "assets" / "photo.png")
    placed = the_photo(builds(root))
    photo = placed.image
    assert not placed.masked
    rgb = photo.convert("RGB")
    assert rgb.getpixel((photo.width * 3 // 4, photo.height // 2)) == (255, 255, 255)
    assert rgb.getpixel((photo.width // 4, photo.height // 2)) == (0, 0, 0)


# ---------------------------------------------------------------- brand and templates


@pytest.mark.parametrize(
    ("logo", "needle"),
    [
        ("../x.png", "'../x.png' points outside the workspace"),
        ("/etc/passwd", "'/etc/passwd' points outside the workspace"),
        ("assets", "'assets' is a folder"),
        ("assets/logo.png", "'logo.png' is not a usable image"),
    ],
)
def test_a_logo_that_cannot_be_used_is_one_clear_line(root: Path, logo: str, needle: str) -> None:
    routine(root, "photo.png")
    Image.new("RGB", (10, 10)).save(root / "assets" / "photo.png")
    Image.new("RGB", (10, 10)).save(root.parent / "x.png")
    (root / "assets" / "logo.png").write_text("<svg/>", encoding="utf-8")
    (root / "handout.yaml").write_text(f'clinic: {{name: C, logo: "{logo}"}}\n', encoding="utf-8")
    [error] = fails_cleanly(invoke("build", "--routine", "r"), root)
    assert error.startswith("handout.yaml:1:25: clinic.logo: "), error
    assert needle in error
    checked = invoke("check")
    assert_clean_exit(checked, 1)
    assert error in lines(checked.output)


def test_a_brand_file_that_is_a_list_is_one_clear_line(root: Path) -> None:
    routine(root, "photo.png")
    Image.new("RGB", (10, 10)).save(root / "assets" / "photo.png")
    (root / "handout.yaml").write_text("- clinic\n- paper\n", encoding="utf-8")
    [error] = fails_cleanly(invoke("build", "--routine", "r"), root, "handout.yaml:1:1: ")
    assert "got a list" in error
    assert_clean_exit(invoke("check"), 1)


def test_a_template_with_negative_margins_is_refused(root: Path) -> None:
    routine(root, "photo.png")
    Image.new("RGB", (10, 10)).save(root / "assets" / "photo.png")
    (root / "templates").mkdir()
    (root / "templates" / "sheet.yaml").write_text(
        "format: sheet\nmargins: {top: -5}\n", encoding="utf-8"
    )
    [error] = fails_cleanly(invoke("build", "--routine", "r"), root)
    assert error.startswith("templates/sheet.yaml:2:16: margins.top: -5")
    checked = invoke("check")
    assert_clean_exit(checked, 1)
    assert error in lines(checked.output)


# ---------------------------------------------------------------- symlink loop


@pytest.fixture
def looped(root: Path) -> Path:
    """A workspace whose a.yaml links to b.yaml, which links back to a.yaml."""
    routine(root, "photo.png")
    Image.new("RGB", (10, 10)).save(root / "assets" / "photo.png")
    routines = root / "content" / "routines"
    (routines / "a.yaml").symlink_to("b.yaml")
    (routines / "b.yaml").symlink_to("a.yaml")
    return root


def test_building_a_symlink_loop_names_the_file(looped: Path) -> None:
    """Was: no routine 'a' — did you mean 'a'?"""
    fails_cleanly(invoke("build", "--routine", "a"), looped, "a.yaml")


def test_checking_a_symlink_loop_names_the_file(looped: Path) -> None:
    """Was an internal error (RuntimeError from Path.resolve)."""
    result = invoke("check")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert_clean_exit(result, 1)
    assert any(line.startswith("content/routines/a.yaml") for line in lines(result.output))


def test_listing_a_symlink_loop_still_lists_the_rest(looped: Path) -> None:
    result = invoke("list")
    assert_clean_exit(result, 0)
    listed = {line.split()[0]: line for line in lines(result.stdout) if line.startswith("  ")}
    assert "run handout check" in listed["a"]
    assert "Hostile" in listed["r"]


def test_the_good_routine_beside_the_loop_still_builds(looped: Path) -> None:
    builds(looped)
