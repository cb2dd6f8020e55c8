"""How `handout` ends: through os._exit (cli.run), with every byte it printed delivered.

Each test runs the command as a process (`python -m handout` → __main__.py → cli.run) and
waits only for events: the end of its pipes and its exit, never a fixed time.
HANDOUT_NO_FAST_EXIT=1 makes it leave the ordinary way (sys.exit), for coverage tools and
profilers; the outputs and exit codes are the same either way.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clitools import REPO
from handout.commands.listing import listing
from handout.commands.schema import schema_json
from handout.content.workspace import resolve_root
from handout.errors import HandoutError

HANDOUT = [sys.executable, "-m", "handout"]
HARNESS = """
import atexit, sys
atexit.register(lambda: print("atexit-ran", file=sys.stderr))
sys.excepthook = lambda kind, value, tb: print("escaped", kind.__name__)
sys.argv[0] = "handout"
from handout.cli import run
run()
"""
"""`handout ARGS` through cli.run, telling on stdout of any exception that escapes it and on
stderr whether the atexit handlers ran."""

Outcome = tuple[int, bytes, bytes]


def environ(**extra: str) -> dict[str, str]:
    """This environment as a shell gives it: stdout buffered, none of handout's hooks set.

    PYTHONUNBUFFERED would leave nothing for cli.run to flush, and with it CPython drops the
    rest of a write cut short by a reader that went away (and exits 0).
    """
    hooks = ("HANDOUT_NO_FAST_EXIT", "HANDOUT_HOLD", "PYTHONUNBUFFERED")
    kept = {name: value for name, value in os.environ.items() if name not in hooks}
    return {**kept, "COLUMNS": "100", "PYTHONUTF8": "1", **extra}


def handout(args: list[str], sink: str, folder: Path, **env: str) -> Outcome:
    """`handout ARGS` run in REPO with stdout and stderr each a pipe or a file in `folder`."""
    if sink == "pipe":
        done = subprocess.run(
            [*HANDOUT, *args], cwd=REPO, capture_output=True, env=environ(**env), timeout=120
        )
        return done.returncode, done.stdout, done.stderr
    with (folder / "out").open("w+b") as out, (folder / "err").open("w+b") as err:
        done = subprocess.run(
            [*HANDOUT, *args], cwd=REPO, stdout=out, stderr=err, env=environ(**env), timeout=120
        )
        out.seek(0)
        err.seek(0)
        return done.returncode, out.read(), err.read()


def printed(command: str, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """What `handout COMMAND` prints in REPO, made in-process."""
    monkeypatch.chdir(REPO)
    text = schema_json() if command == "schema" else listing(None)
    return f"{text}\n".encode()


def gone_reader() -> int:
    """The write end of a pipe whose read end is already closed: every write fails (EPIPE)."""
    read, write = os.pipe()
    os.close(read)
    return write


# complete output ----------------------------------------------------------------------------


@pytest.mark.parametrize("sink", ["pipe", "file"])
@pytest.mark.parametrize("command", ["schema", "list"])
def test_stdout_is_complete(
    command: str, sink: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert handout([command], sink, tmp_path) == (0, printed(command, monkeypatch), b"")


@pytest.mark.parametrize("sink", ["pipe", "file"])
def test_an_error_message_on_stderr_is_complete(sink: str, tmp_path: Path) -> None:
    bad = tmp_path.joinpath(*["no-such-folder" * 10] * 20)  # a 2.8 kB path, under PATH_MAX
    with pytest.raises(HandoutError) as caught:
        resolve_root(bad)
    assert handout(["list", "--root", str(bad)], sink, tmp_path) == (
        1,
        b"",
        f"{caught.value}\n".encode(),
    )


# a reader that goes away ----------------------------------------------------------------------


@pytest.mark.parametrize("opt_out", ["", "1"])
@pytest.mark.parametrize("args", [["schema"], ["list"], ["--help"]])
def test_a_stdout_reader_gone_before_the_first_byte_ends_it_quietly_with_1(
    args: list[str], opt_out: str
) -> None:
    write = gone_reader()
    try:
        done = subprocess.run(
            [*HANDOUT, *args],
            cwd=REPO,
            stdout=write,
            stderr=subprocess.PIPE,
            env=environ(HANDOUT_NO_FAST_EXIT=opt_out),
            timeout=120,
        )
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (1, b"")


@pytest.mark.skipif(not hasattr(fcntl, "F_SETPIPE_SZ"), reason="sizes a pipe (Linux)")
def test_a_stdout_reader_that_stops_after_a_few_bytes_ends_it_quietly_with_1(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    whole = printed("schema", monkeypatch)
    read, write = os.pipe()
    if fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, 4096) + 16 >= len(whole):
        pytest.skip("the schema fits in this system's smallest pipe")
    with subprocess.Popen(
        [*HANDOUT, "schema"], cwd=REPO, stdout=write, stderr=subprocess.PIPE, env=environ()
    ) as run:
        os.close(write)
        first = os.read(read, 16)  # returns once the command has written
        os.close(read)  # the rest cannot be in the pipe yet: a later write of it fails
        _, stderr = run.communicate(timeout=120)
    assert first and whole.startswith(first)
    assert (run.returncode, stderr) == (1, b"")


def test_a_usage_error_to_a_stderr_reader_gone_ends_it_quietly_with_1() -> None:
    """typer writes usage errors outside its own broken-pipe guard; cli.main catches those."""
    write = gone_reader()
    try:
        done = subprocess.run(
            [sys.executable, "-c", HARNESS, "build"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=write,
            env=environ(),
            timeout=120,
        )
    finally:
        os.close(write)
    assert (done.returncode, done.stdout) == (1, b"")  # no "escaped BrokenPipeError"


# HANDOUT_NO_FAST_EXIT ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [(["schema"], 0), (["build", "--routine", "no-such-routine"], 1), (["build"], 2)],
)
def test_the_opt_out_gives_the_same_output_and_exit_code(
    args: list[str], code: int, tmp_path: Path
) -> None:
    fast = handout(args, "pipe", tmp_path)
    ordinary = handout(args, "pipe", tmp_path, HANDOUT_NO_FAST_EXIT="1")
    assert fast[0] == code
    assert ordinary == fast
    assert fast[1] or fast[2]


@pytest.mark.parametrize(
    ("value", "ran"), [(None, False), ("", False), ("0", False), ("1", True), ("yes", True)]
)
def test_only_the_opt_out_runs_atexit_handlers(value: str | None, ran: bool) -> None:
    env = environ() if value is None else environ(HANDOUT_NO_FAST_EXIT=value)
    done = subprocess.run(
        [sys.executable, "-c", HARNESS, "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("Usage: handout ")
    assert done.stderr == ("atexit-ran\n" if ran else "")
