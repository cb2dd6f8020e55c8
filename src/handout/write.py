"""Write step: atomic file output (temp file + rename), so a failed build leaves nothing behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from handout.errors import HandoutError


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` that replaces it only when the block succeeds."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise HandoutError(
            f"{target}: cannot write here ({exc.strerror}) — choose another --out"
        ) from None
    os.close(fd)
    try:
        yield Path(temp)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def write_bytes(target: Path, data: bytes) -> None:
    if target.is_dir():
        raise HandoutError(f"{target}: is a folder — give --out a file name ending in .pdf")
    with atomic_path(target) as temp:
        temp.write_bytes(data)
