"""Write step: atomic file output (temp file + rename), so a failed build leaves nothing behind,
and a guard on what a write may replace, so a build never destroys anything.

What a write refuses (`Guard`; README, Security): a folder, a device, a FIFO or a socket,
always (the rename would put a file in place of the device node, never write to it: standard
output is `--out -`); and, unless forced, a link that leads out of its folder, a workspace
input, an existing file whose bytes do not start as the kind written (`%PDF-`, the PNG
signature; an empty file holds nothing to lose) and a read-only file. A link that stays in its
folder, or a forced one, is written through: the file it leads to is replaced, the link kept.

The temporary file is `.<name>.<random>.part` beside the file it replaces: hidden, and ignored
by everything. Its writer holds an exclusive `flock` on it from before its first byte until
after the rename, and a killed writer's lock dies with it. Every write first removes the
`.part` files in its folder whose lock it can take (without waiting): those a killed write
left. A write still running holds its lock, so its file is never removed.

A hook for tests that kill a build at a known point: with HANDOUT_HOLD=before-write,
`atomic_path` stops before it creates the temporary file (the PDF exists only in memory);
with HANDOUT_HOLD=before-rename, once the temporary file is complete, synced and locked, just
before it replaces the target. There it writes `holding <point> <path>` to stderr (unbuffered,
fd 2) and waits for SIGUSR1, which lets it go on, or for a signal that ends it. Any other value,
or none, changes nothing.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from handout.errors import HandoutError, UsageError

STDOUT = Path("-")
"""`--out -`: the PDF goes to standard output."""


class Kind(NamedTuple):
    """What a write puts in a file: its name for people and the bytes its files start with."""

    name: str
    magic: bytes


PDF = Kind("a PDF", b"%PDF-")
PNG = Kind("a PNG image", b"\x89PNG\r\n\x1a\n")


class Guard(NamedTuple):
    """What a write may replace: `inputs` are files and folders it must leave alone; `force`
    lifts every refusal a person can overrule (not a folder, device, FIFO or socket)."""

    kind: Kind = PDF
    force: bool = False
    inputs: tuple[Path, ...] = ()


GUARDED = Guard()

# tempfile's names: `prefix` + 8 of [a-z0-9_] + `suffix`.
PART = re.compile(r"\..+\.[a-z0-9_]{8}\.part", re.DOTALL)
PREFIX_BYTES = 200  # of the target's name in its temporary file's, which must fit NAME_MAX too


@contextlib.contextmanager
def atomic_path(target: Path, guard: Guard = GUARDED) -> Iterator[Path]:
    """A temporary path beside `target` that replaces it only when the block succeeds."""
    real = replaceable(target, guard)
    _hold("before-write", target)
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        _sweep(real.parent)
        fd, temp = _locked_temp(real)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    try:
        yield Path(temp)
        os.fsync(fd)  # on disk before the rename, so a power cut cannot leave it empty
        _hold("before-rename", temp)
        os.replace(temp, real)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise _cannot_write(target, exc) from None
        raise
    finally:
        os.close(fd)  # releases the lock, after the rename


def write_bytes(target: Path, data: bytes, guard: Guard = GUARDED) -> None:
    """`data` into `target` atomically, or onto standard output when `target` is `-`."""
    if target == STDOUT:
        _to_stdout(data)
        return
    with atomic_path(target, guard) as temp:
        temp.write_bytes(data)


def replaceable(target: Path, guard: Guard) -> Path:
    """The file a write to `target` replaces (a link followed), after refusing what it must not."""
    try:
        found = os.stat(target)
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    if found is not None and not stat.S_ISREG(found.st_mode):
        raise HandoutError(_not_a_file(target, found.st_mode))
    real = Path(os.path.realpath(target))
    reason = None if guard.force else _refusal(target, real, found, guard)
    if reason:
        raise HandoutError(
            f"{target}: {reason} — choose another --out, or add --force to replace it"
        )
    return real


def _refusal(target: Path, real: Path, found: os.stat_result | None, guard: Guard) -> str | None:
    """Why a write must not replace `target` (which leads to `real`) unless forced, if it must not."""
    folder = Path(os.path.realpath(target.parent))
    if not real.is_relative_to(folder):
        return f"is a link that leads out of its folder, to {real}"
    for source in guard.inputs:
        if real.is_relative_to(os.path.realpath(source)):
            return f"is a workspace input ({source.name}{'/' if source.is_dir() else ''})"
    if found is None:
        return None
    if found.st_size and not _starts_with(real, guard.kind.magic):
        return f"exists and is not {guard.kind.name}"
    if not found.st_mode & 0o222 or not os.access(real, os.W_OK):
        return "is read-only"
    return None


def _not_a_file(target: Path, mode: int) -> str:
    if stat.S_ISDIR(mode):
        return f"{target}: is a folder — give --out a file name ending in .pdf"
    special = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"))
    what = next((name for test, name in special if test(mode)), "a device")
    return (
        f"{target}: is {what}, not a file — choose another --out"
        " (--out - writes the PDF to standard output)"
    )


def _starts_with(path: Path, magic: bytes) -> bool:
    """The file's first bytes are `magic` (a file that cannot be read counts as not)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        return os.read(fd, len(magic)) == magic
    except OSError:
        return False
    finally:
        os.close(fd)


def _cannot_write(target: Path, exc: OSError) -> HandoutError:
    where = str(target)
    if exc.errno == errno.ENAMETOOLONG:
        return HandoutError(
            f"{where}: the name is too long for the file system — give --out a shorter name"
        )
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        blocking = next((p for p in reversed(target.parents) if os.path.isfile(p)), None)
        if blocking is not None:
            return HandoutError(
                f"{where}: {blocking} is a file, not a folder — choose another --out"
            )
    reason = exc.strerror or type(exc).__name__
    return HandoutError(f"{where}: cannot write here ({reason}) — choose another --out")


def _to_stdout(data: bytes) -> None:
    """The PDF, and nothing else, on standard output; a terminal is refused (it would show
    binary noise)."""
    if sys.stdout.isatty():
        raise UsageError(
            "--out -: standard output is a terminal — pipe it (| lp) or redirect it (> file.pdf)"
        )
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise HandoutError(
            f"standard output: cannot write the PDF ({exc.strerror}) — use --out FILE"
        ) from None


def _locked_temp(real: Path) -> tuple[int, str]:
    """A new `.NAME.XXXXXXXX.part` beside `real`, under this process's exclusive lock."""
    name = real.name
    while len(os.fsencode(name)) > PREFIX_BYTES:
        name = name[:-1]
    while True:
        fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=real.parent)
        with contextlib.suppress(OSError):  # a file system without locks: no sweep can take one
            fcntl.flock(fd, fcntl.LOCK_EX)
        if _same_file(fd, temp):
            break
        os.close(fd)  # another write's sweep removed it before the lock: make another
    with contextlib.suppress(OSError):  # mkstemp makes it private (0600); a PDF is not
        os.fchmod(fd, 0o666 & ~_umask())
    return fd, temp


def _same_file(fd: int, path: Path | str) -> bool:
    """`path` still names the file open as `fd`."""
    try:
        named = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    held = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _sweep(folder: Path) -> None:
    """Remove the temporary files killed writes left in `folder`: those whose lock is free."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if PART.fullmatch(name):
            _remove_if_abandoned(folder / name)


def _remove_if_abandoned(path: Path) -> None:
    """Remove `path` if this process can take its lock at once (no running write holds it)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if stat.S_ISREG(os.fstat(fd).st_mode) and _same_file(fd, path):
            os.unlink(path)  # under the lock, so a writer that waited for it sees it gone
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _hold(point: str, path: Path | str) -> None:
    """With HANDOUT_HOLD=`point`, say `holding <point> <path>` on stderr, then wait for SIGUSR1
    (blocked first, so one sent as soon as the line is read is not lost) or to be killed."""
    if os.environ.get("HANDOUT_HOLD") != point:
        return
    import signal

    go_on = {signal.SIGUSR1}
    signal.pthread_sigmask(signal.SIG_BLOCK, go_on)
    os.write(2, f"holding {point} {path}\n".encode())
    signal.sigwait(go_on)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, go_on)
