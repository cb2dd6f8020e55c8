"""What the last `build --all` wrote and from what: output/.handout-manifest.json.

An output is up to date when the key of its inputs (a digest of every file it reads, the
options, the package version) is the key it was written with, and the file is still the one
written then (same size and modification time). Files are digested by content, so a file
saved again unchanged (or checked out anew) does not rebuild; a file whose size and time are
what they were last time is not read again (its digest is kept beside them), unless it had
only just changed when it was read (as git does with its index).

A manifest that cannot be read is no manifest: everything builds, and a new one is written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

NAME = ".handout-manifest.json"
FORMAT = 2
# A file digested less than this after its last change is read again next time: a second
# change within the file system's clock tick, of the same size, would keep its size and time.
SETTLED_NS = 2_000_000_000


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns


def _settled(cached: object, found: tuple[int, int]) -> str | None:
    """The cached digest when it is of the file as it is: same size and time, and read when
    that time was already past."""
    if isinstance(cached, list) and len(cached) == 4 and tuple(cached[:2]) == found:
        size_time_digest_read: list[Any] = cached
        if size_time_digest_read[3] - found[1] > SETTLED_NS:
            return str(size_time_digest_read[2])
    return None


class Manifest:
    """The outputs' keys and the digests of the files read, loaded from and saved to `folder`."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / NAME
        self.outputs: dict[str, dict[str, Any]] = {}
        self.files: dict[str, list[Any]] = {}
        self.memo: dict[str, Any] = {}  # what a caller keeps by a key of its own: recall
        self.changed = False  # anything to save
        self._seen: dict[str, str] = {}  # digests taken in this run
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError, KeyError):
            data = json.loads(self.path.read_text("utf-8"))
            if data.get("format") == FORMAT:
                self.outputs = dict(data["outputs"])
                self.files = dict(data["files"])
                self.memo = dict(data["memo"])

    def digest(self, path: Path) -> str:
        """The file's content digest ('' when it is missing or unreadable), taken once a run."""
        name = str(path)
        if name not in self._seen:
            self._seen[name] = self._digest(path, name)
        return self._seen[name]

    def _digest(self, path: Path, name: str) -> str:
        found = _stat(path)
        if found is None:
            return ""
        known = _settled(self.files.get(name), found)
        if known is not None:
            return known
        try:
            digest = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
        except OSError:
            return ""
        self.files[name] = [*found, digest, time.time_ns()]
        self.changed = True
        return digest

    def recall(self, kind: str, key: str) -> Any:
        """What `remember` kept of this kind under this key, else None."""
        kept = self.memo.get(kind)
        return kept.get("value") if isinstance(kept, dict) and kept.get("key") == key else None

    def remember(self, kind: str, key: str, value: Any) -> None:
        """Keep `value` (JSON) of this kind under `key`, in place of any other of its kind."""
        self.memo[kind] = {"key": key, "value": value}
        self.changed = True

    def key(self, label: str, inputs: Iterable[Path]) -> str:
        """One digest of a job's label (what it builds and how) and of every file it reads."""
        whole = hashlib.blake2b(label.encode("utf-8", "backslashreplace"), digest_size=16)
        for path in sorted(set(inputs)):
            whole.update(f"\0{path}\0{self.digest(path)}".encode("utf-8", "surrogateescape"))
        return whole.hexdigest()

    def current(self, out: Path, key: str) -> bool:
        """Whether `out` was written from inputs of this key and is still as written."""
        entry = self.outputs.get(str(out))
        return (
            isinstance(entry, dict)
            and entry.get("key") == key
            and entry.get("stat") == list(_stat(out) or ())
        )

    def wrote(self, out: Path, key: str) -> None:
        found = _stat(out)
        if found is not None:
            self.outputs[str(out)] = {"key": key, "stat": list(found)}
            self.changed = True

    def save(self) -> None:
        """Written beside the outputs (whole or not at all); a folder that cannot take it only
        means the next run builds everything."""
        if not (self.outputs and self.changed):
            return  # nothing new, or nothing built yet: a run that only failed leaves no file
        data = {"format": FORMAT, "outputs": self.outputs, "files": self.files, "memo": self.memo}
        temp = self.path.with_name(f".{NAME}.{os.getpid()}.tmp")
        with contextlib.suppress(OSError):
            temp.write_text(json.dumps(data, indent=0, sort_keys=True), "utf-8")
            os.replace(temp, self.path)
        with contextlib.suppress(OSError):
            temp.unlink()
