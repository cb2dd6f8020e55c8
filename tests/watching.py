"""A `handout watch` process for the tests and the benchmark: started in a workspace, what it
prints (stdout and stderr together, in order) read line by line as it comes, each line with
the time it arrived, so a test waits for a line, never for a time.

    with Watch(ws) as watch:
        watch.until("watching ")
        ms, lines = watch.saved(ws / "content/routines/feet.yaml", text, "rebuilt output/feet-sheet")
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import TracebackType

GUARD = 60.0  # seconds: a guard against a hang, never a speed test


def _ctrl_c_as_in_a_terminal() -> None:
    """SIGINT at its default in the child (Python then raises KeyboardInterrupt on it): a shell
    that runs the tests in the background ignores SIGINT, and its children would too."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Watch:
    def __init__(self, ws: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "handout", "watch", "--root", str(ws), *args],
            cwd=ws,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "COLUMNS": "100"},
            preexec_fn=_ctrl_c_as_in_a_terminal,
        )
        self._lines: queue.Queue[tuple[float, str | None]] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put((time.perf_counter(), line.rstrip("\n")))
        self._lines.put((time.perf_counter(), None))  # the process closed its output

    def until(self, prefix: str) -> tuple[float, list[str]]:
        """The lines printed up to the first that starts with `prefix` (it included), and when
        that one arrived (time.perf_counter)."""
        got: list[str] = []
        deadline = time.monotonic() + GUARD
        while True:
            try:
                at, line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no line {prefix!r} after {GUARD} s; got {got}") from None
            if line is None:
                code = self.process.wait()
                raise AssertionError(f"watch ended ({code}) before a line {prefix!r}; got {got}")
            got.append(line)
            if line.startswith(prefix):
                return at, got

    def saved(self, path: Path, text: str, prefix: str) -> tuple[float, list[str]]:
        """`text` saved to `path` as many editors do, whole (a hidden file renamed over it): the
        milliseconds until the first line starting with `prefix`, and the lines up to it."""
        temp = path.with_name(f".{path.name}.tmp")
        temp.write_text(text, "utf-8")
        began = time.perf_counter()
        os.replace(temp, path)
        at, lines = self.until(prefix)
        return (at - began) * 1000, lines

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> tuple[int, list[str]]:
        """Its exit status after `sig`, and what it printed after the lines already read."""
        self.process.send_signal(sig)
        code = self.process.wait(timeout=GUARD)
        rest: list[str] = []
        while (line := self._lines.get(timeout=GUARD)[1]) is not None:
            rest.append(line)
        return code, rest

    def __enter__(self) -> Watch:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._reader.join(GUARD)  # it ends at the end of the output: the process is gone
        if self.process.stdout is not None:
            self.process.stdout.close()
