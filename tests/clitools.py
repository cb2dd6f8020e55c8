"""Helpers the CLI tests share: run `handout` in-process with a fixed terminal width."""

from __future__ import annotations

import contextlib
import re
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

from typer.testing import CliRunner, Result

from handout.cli import app

REPO = Path(__file__).resolve().parents[1]
ENV = {"COLUMNS": "100", "TERMINAL_WIDTH": "100", "NO_COLOR": "1"}
SUMMARY = re.compile(r"^(\d+) problems? in (\d+) files?$")

Cli = Callable[..., Result]


def invoke(*args: str) -> Result:
    """Run `handout ARGS` in-process in the current folder."""
    return CliRunner().invoke(app, list(args), env=ENV)


def assert_clean_exit(result: Result, code: int) -> None:
    """The exit code is `code` and no Python traceback reached the user."""
    assert result.exit_code == code, f"exit {result.exit_code}, wanted {code}\n{result.output}"
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def reported(result: Result) -> list[str]:
    """What `handout check` printed, less the `workspace: PATH` line it starts with (stderr)."""
    return [line for line in lines(result.output) if not line.startswith("workspace: ")]


class Hang(Exception):
    """A block ran past its hang guard."""


@contextlib.contextmanager
def hang_guard(seconds: float) -> Iterator[None]:
    """Raise Hang in the test if the block runs longer than `seconds` (SIGALRM, main thread).
    A guard against a hang, never a speed test: give it many times the time the block needs."""

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
