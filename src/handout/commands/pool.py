"""Work spread over the machine's cores: `build --all` and `batch` run one document per task.

Each task runs in a worker process forked from this one after `warm` has loaded what every
build needs (reportlab, the fonts, the layouts), so no worker loads them again; a worker keeps
its caches (templates, icons) from one task to the next. One core, or one task, runs in this
process. Results come back as tasks finish, each with its index, so a caller can show progress
and still put them in order. At most a few tasks per worker are in flight, so a list of
thousands holds a few results in memory at a time.

A task's `HandoutError` comes back as `Failed` (its lines and whether it was a usage error):
the errors' own classes do not survive pickling with their problems intact.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar

from handout.errors import HandoutError, UsageError

if TYPE_CHECKING:  # loaded when there is work for more than one process
    import multiprocessing.context
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")

IN_FLIGHT = 4  # tasks queued per worker: enough to keep it busy, few enough to hold little


class Failed(NamedTuple):
    """A task that ended in a HandoutError: the lines it prints and its kind."""

    lines: tuple[str, ...]
    usage: bool


class Done(NamedTuple, Generic[R]):
    at: int
    outcome: R | Failed


def cores() -> int:
    """The cores this process may run on (HANDOUT_JOBS caps them: 1 runs everything here)."""
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        count = os.cpu_count() or 1
    wanted = os.environ.get("HANDOUT_JOBS", "").strip()
    if wanted.isdigit() and int(wanted) >= 1:
        count = min(count, int(wanted))
    return max(1, count)


def spread(
    work: Callable[[T], R],
    items: Sequence[T],
    warm: Callable[[], None] | None = None,
    workers: int | None = None,
) -> Iterator[Done[R]]:
    """`work(item)` for every item, on `workers` processes (default: every core), yielded as
    each finishes."""
    workers = min(workers or cores(), len(items))
    if workers <= 1:
        yield from (Done(index, attempt(work, item)) for index, item in enumerate(items))
        return
    from concurrent.futures import ProcessPoolExecutor

    context = _context()
    forked = context.get_start_method() == "fork"
    if warm is not None and forked:
        warm()  # once, here: every worker starts with it
    start = None if forked else warm
    with ProcessPoolExecutor(workers, mp_context=context, initializer=start) as pool:
        yield from _run(pool, work, items, workers * IN_FLIGHT)


def _run(
    pool: ProcessPoolExecutor, work: Callable[[T], R], items: Sequence[T], most: int
) -> Iterator[Done[R]]:
    from concurrent.futures import FIRST_COMPLETED, wait

    waiting: dict[Future[R | Failed], int] = {}
    queued = iter(enumerate(items))
    try:
        while True:
            for index, item in queued:
                waiting[pool.submit(attempt, work, item)] = index
                if len(waiting) >= most:
                    break
            if not waiting:
                return
            finished, _ = wait(waiting, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=waiting.__getitem__):
                yield Done(waiting.pop(future), future.result())
    finally:
        for future in waiting:
            future.cancel()


def attempt(work: Callable[[T], R], item: T) -> R | Failed:
    """`work(item)`, or what its HandoutError says."""
    try:
        return work(item)
    except HandoutError as error:
        return Failed(tuple(error.lines()), isinstance(error, UsageError))


def _context() -> multiprocessing.context.BaseContext:
    """Fork where it is safe and cheap (Linux: workers start with what this process loaded);
    elsewhere spawn, and `warm` runs in each worker instead."""
    import multiprocessing

    return multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")


@contextlib.contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """Inside, SIGTERM interrupts as Ctrl-C does (KeyboardInterrupt): either ends a watch, and
    a parallel build stops its workers on the way out instead of leaving them behind."""
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
