"""Memory stays bounded (issue 12, item 6): previews cap their pixels, images are decoded in
one full-size copy at most, progressive JPEGs are judged by their full size, and a photo used
on many steps is decoded once per build. No clock: pixels, bytes and calls are counted."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from clitools import Cli, assert_clean_exit, lines
from handout.assets import images
from handout.commands import build
from handout.content.workspace import Workspace
from handout.errors import AssetError
from handout.output import preview


def test_a_preview_page_never_has_more_than_the_pixel_cap() -> None:
    a4, largest = (595.28, 841.89), (1200 * 72 / 25.4,) * 2
    assert preview.page_dpi(a4, 600) == 600  # A4 (and Letter) at the highest --dpi: as asked
    dpi = preview.page_dpi(largest, 600)
    assert (largest[0] / 72 * dpi) ** 2 <= preview.MAX_PIXELS < (largest[0] / 72 * (dpi + 1)) ** 2


def test_preview_lowers_the_dpi_of_too_large_pages_and_says_so(
    in_tmp: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(preview, "MAX_PIXELS", 1_000_000)
    result = in_tmp("preview", "front-legs", "--dpi", "600", "--out", "legs.pdf")
    assert_clean_exit(result, 0)
    assert lines(result.stderr) == [
        "warning: a 210×297 mm page at 600 dpi would be 35 million pixels"
        " — previewed at 101 dpi, the most that stays under 1 million"
    ]
    assert lines(result.stdout)[-3:] == [f"wrote legs-{n}.png" for n in (1, 2, 3)]
    with Image.open(tmp_path / "legs-1.png") as image:
        width, height = image.size
    assert width * height <= 1_000_000
    assert abs(width - 210 / 25.4 * 101) < 1.5 and abs(height - 297 / 25.4 * 101) < 1.5


# The child's own peak: getrusage's ru_maxrss would start at the parent's (pytest's) peak, as
# Linux keeps it across fork and exec; VmHWM belongs to the child's own address space.
PEAK = """
import re, sys
from pathlib import Path
from handout.assets import images
def kib(name):
    return int(re.search(name + r":\\s+(\\d+) kB", Path("/proc/self/status").read_text())[1])
before = kib("VmRSS")
images.open_image(Path(sys.argv[1]), grayscale=False)
print(kib("VmHWM") - before)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's /proc")
def test_an_image_is_decoded_in_one_full_size_copy_at_most(tmp_path: Path) -> None:
    side = 3000  # RGB decodes at 4 bytes a pixel: 36 MB a copy
    path = tmp_path / "big.png"
    Image.linear_gradient("L").resize((side, side)).convert("RGB").save(path, compress_level=1)
    found = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(PEAK), str(path)],
        capture_output=True,
        text=True,
        timeout=300,  # a hang guard only
        check=True,
    )
    grown = int(found.stdout) * 1024
    assert grown < 1.5 * side * side * 4, f"{grown / 2**20:.0f} MB to decode {side}×{side}"


def jpeg(path: Path, size: tuple[int, int], *, progressive: bool) -> Path:
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    image.save(path, quality=80, progressive=progressive)
    return path


def test_a_progressive_jpeg_counts_every_pixel_of_its_full_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A baseline JPEG is decoded at a reduced size; a progressive one keeps coefficients for
    every pixel whatever the size it is decoded at, so its full size meets the cap."""
    monkeypatch.setattr(images, "MAX_PIXELS", 1_000_000)
    size = (1400, 1400)  # decoded at half size: 0.49 million pixels
    images.open_image(jpeg(tmp_path / "baseline.jpg", size, progressive=False), grayscale=False)
    with pytest.raises(AssetError) as refused:
        images.open_image(
            jpeg(tmp_path / "progressive.jpg", size, progressive=True), grayscale=False
        )
    assert str(refused.value) == (
        "'progressive.jpg' is 1,400×1,400 pixels, more than this tool opens (1 million)"
        " — save a smaller copy, e.g. 3000 pixels wide"
    )


def test_a_photo_on_thirty_steps_is_decoded_once_per_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    routines = tmp_path / "content" / "routines"
    routines.mkdir(parents=True)
    Image.linear_gradient("L").convert("RGB").save(routines / "photo.jpg")
    steps = "".join(
        f"  - title: Step {n}\n    text: Glide.\n    image: photo.jpg\n" for n in range(30)
    )
    (routines / "many.yaml").write_text(
        f"title: Many\nsummary: One photo.\nsteps:\n{steps}", encoding="utf-8"
    )
    opened: list[str] = []
    real_open = Image.open

    def counted(source: object, *args: object, **kwargs: object) -> Image.Image:
        opened.append(str(source))  # a path, or a file object (reportlab reads its own copies)
        return real_open(source, *args, **kwargs)  # type: ignore[arg-type]

    images._print_ready.cache_clear()
    monkeypatch.setattr(Image, "open", counted)
    out = tmp_path / "many.pdf"
    result = build.build_routine(Workspace(tmp_path), "many", build.Options(out=out))
    assert result.pages > 1
    assert [name for name in opened if name.endswith("photo.jpg")] == [str(routines / "photo.jpg")]
