"""Write step: atomic file output (temp file + rename), so a failed build leaves nothing behind.

The temporary file is `.<name>.<random>.part` beside the target: hidden, and ignored
by everything. A build that is killed outright (SIGKILL, power cut) cannot remove its
own; the next successful write of the same target removes those over an hour old, so a
build running at the same time is never disturbed.

A hook for tests that kill a build at a known point: with HANDOUT_HOLD=before-write,
`atomic_path` stops before it creates the temporary file (the PDF exists only in memory);
with HANDOUT_HOLD=before-rename, once the temporary file is complete and synced, just before
it replaces the target. There it writes `holding <point> <path>` to stderr (unbuffered, fd 2)
and waits, forever, for a signal. Any other value, or none, changes nothing.
"""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from handout.errors import HandoutError

STALE_SECONDS = 3600


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` that replaces it only when the block succeeds."""
    _hold("before-write", target)
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    with contextlib.suppress(OSError):  # mkstemp makes it private (0600); a PDF is not
        os.fchmod(fd, 0o666 & ~_umask())
    os.close(fd)
    try:
        yield Path(temp)
        _sync(temp)
        _hold("before-rename", temp)
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise _cannot_write(target, exc) from None
        raise
    _sweep(target)


def write_bytes(target: Path, data: bytes) -> None:
    if target.is_dir():
        raise HandoutError(f"{target}: is a folder — give --out a file name ending in .pdf")
    with atomic_path(target) as temp:
        temp.write_bytes(data)


def _cannot_write(target: Path, exc: OSError) -> HandoutError:
    reason = exc.strerror or type(exc).__name__
    return HandoutError(f"{target}: cannot write here ({reason}) — choose another --out")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _sync(path: str) -> None:
    """Flush the file to disk before the rename, so a power cut cannot leave it empty."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _hold(point: str, path: Path | str) -> None:
    """With HANDOUT_HOLD=`point`, say `holding <point> <path>` on stderr and wait to be killed."""
    if os.environ.get("HANDOUT_HOLD") != point:
        return
    import threading

    os.write(2, f"holding {point} {path}\n".encode())
    threading.Event().wait()


def _sweep(target: Path) -> None:
    """Remove `target`'s temporary files left by killed builds (only those over an hour old)."""
    now = time.time()
    for stale in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        with contextlib.suppress(OSError):
            if now - stale.stat().st_mtime > STALE_SECONDS:
                stale.unlink()
