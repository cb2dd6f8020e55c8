"""`handout watch`: build what is out of date, then, each time a file is saved, rebuild what it
affects, in one long-running process that keeps the fonts, layouts and icons it has loaded.

A round is what `build --all` does, here in this process: a new plan (a routine added or
removed comes or goes) and the outputs whose inputs changed, which the manifest knows
(output/manifest.py): a routine's sheet and card and every manual; everything for
handout.yaml, rules.yaml, a template or an asset. The watcher (watchfiles, on the system's file events)
only says when to start one; a change to what is no input (the output folder, hidden files,
editors' swap and backup files) starts none. Rounds run one at a time: a file saved during
one is seen right after it.

Of the workspace, only what failed is kept from one round to the next: templates, rules and
handout.yaml are read again in every round; what stays loaded in the process (fonts, layouts,
icons and photos, and what is measured on them, by their file's version) stays valid.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from handout.commands.build import Result
from handout.commands.build_all import OUTPUT, Everything, Job, scratch, warm
from handout.commands.options import Options
from handout.content.workspace import Workspace
from handout.errors import HandoutError, UsageError

if TYPE_CHECKING:
    import threading

STEP_MS = 25  # a save is taken once its files have been still this long: seen within two
# steps (50 ms made a sheet's rebuild some 50 ms later; idle, the watcher wakes 40 times a
# second for well under 1% of a core)
DEBOUNCE_MS = 500  # a stream of changes (a folder copied in) is taken together at most this long


class Rebuilt(NamedTuple):
    """An output written; the time since its round began (its plan included) or since the
    output before it; the warnings not yet given in its round."""

    result: Result
    seconds: float
    warnings: list[str]


class Failed(NamedTuple):
    """Error lines not yet given in the round: of an output, or of a plan that could not be made."""

    lines: list[str]


class Watching(NamedTuple):
    """The first round is done and every later save is seen: the folders watched."""

    folders: list[Path]


Event = Rebuilt | Failed | Watching


def watch(ws: Workspace, options: Options, stop: threading.Event | None = None) -> Iterator[Event]:
    """The first round's events, `Watching`, then each later round's, until `stop` is set (or
    KeyboardInterrupt). A command-line mistake raises UsageError in the first round."""
    folders = watched(ws)
    warm()
    session = Session(ws, options)
    with contextlib.closing(_changes(folders, stop)) as changes:
        next(changes, None)  # its first answer says the watcher is in place: no save is missed
        yield from session.round()
        yield Watching(folders)
        for found in changes:
            if found:
                yield from session.round()


class Session:
    """The rounds of one watch. What failed is built again in the next round even when its
    files are back as they were when it was last built: the save that fixes it says so."""

    def __init__(self, ws: Workspace, options: Options) -> None:
        self.ws, self.options = ws, options
        self.jobs: list[Job] = []  # the last plan
        self.retry: set[Job] = set()

    def round(self) -> Iterator[Rebuilt | Failed]:
        """One `build --all` of what is out of date, in this process, each error line and
        warning given once (a routine's problem fails its sheet, its card and the manuals
        listing it)."""
        began = time.perf_counter()
        try:
            everything = Everything(self.ws, self.options)
            stale = set(everything.todo())
        except UsageError:
            raise  # the command line, refused in the first round (it is the same in every one)
        except HandoutError as error:
            self.retry.update(self.jobs)  # nothing is known to be right until a plan is made
            yield Failed(error.lines())
            return
        self.jobs = everything.jobs
        todo = [job for job in self.jobs if job in stale or job in self.retry]
        self.retry = set()
        said: set[str] = set()
        for outcome in everything.run(todo, parallel=False):
            done = time.perf_counter()
            if outcome.failed and outcome.job is not None:
                self.retry.add(outcome.job)
            if outcome.failed and (fresh := _unsaid(outcome.failed.lines, said)):
                yield Failed(fresh)
            elif outcome.result is not None:
                yield Rebuilt(outcome.result, done - began, _unsaid(outcome.result.warnings, said))
            began = done


def _unsaid(lines: Iterable[str], said: set[str]) -> list[str]:
    """The lines not in `said`, each once; `said` then holds them too."""
    fresh = [line for line in dict.fromkeys(lines) if line not in said]
    said.update(fresh)
    return fresh


def watched(ws: Workspace) -> list[Path]:
    """The workspace, and its content when that is elsewhere (the built-in routines)."""
    root = ws.root.resolve()
    content = ws.content_dir.resolve()
    return [root] if content.is_relative_to(root) else [root, content]


def relevant(folders: list[Path], output: Path) -> Callable[[Any, str], bool]:
    """Whether a change to a path may change an output: not in `output`, not a scratch file or
    in a hidden folder below the watched folder it is in."""

    def wanted(_change: Any, name: str) -> bool:
        path = Path(name)
        if path.is_relative_to(output):
            return False
        below = next((path.relative_to(f) for f in folders if path.is_relative_to(f)), path)
        return not any(scratch(part) for part in below.parts)

    return wanted


def _changes(folders: list[Path], stop: threading.Event | None) -> Generator[set[Any], None, None]:
    """Each set of changes that may change an output; an empty set once a step has passed with
    none (the first one says the watcher is in place)."""
    from watchfiles import watch as watch_files

    return watch_files(
        *folders,
        watch_filter=relevant(folders, Path.cwd() / OUTPUT),
        step=STEP_MS,
        debounce=DEBOUNCE_MS,
        rust_timeout=STEP_MS,
        yield_on_timeout=True,
        stop_event=stop,
    )
