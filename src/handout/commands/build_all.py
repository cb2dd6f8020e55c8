"""`handout build --all`: every routine (and each of its translations) as a sheet and a card,
and every manual as a booklet, on every core, skipping what is already up to date.

A `Job` names one output. The plan lists them; a job is up to date when the manifest
(output/manifest.py) holds the key of its inputs for its output: the files it reads, its
options and the package version. `--force` builds everything. Jobs run in worker processes
(commands/pool.py); a card for the shared n-up sheets (`--nup`) comes back as a `Made` and
the sheets are pressed here, in list order, once every card is made.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import handout
from handout.commands import pool
from handout.commands.options import (
    Options,
    known_format,
    office_paper,
    output_name,
    source_date_epoch,
)
from handout.content.paper import FORMATS
from handout.content.workspace import Workspace, builtin_root, shown
from handout.errors import HandoutError, LayoutError
from handout.output.manifest import Manifest
from handout.press.options import validate

if TYPE_CHECKING:  # what building loads; a run with nothing to build loads none of it
    from handout.commands.build import Made, Result

OUTPUT = Path("output")


class Job(NamedTuple):
    """One output of `--all`: a routine's sheet or card in a language, or a manual's booklet."""

    kind: str  # routine | manual
    id: str
    format: str  # sheet | card | booklet
    lang: str
    shared: bool = False  # a card made for the shared n-up sheets, not written on its own


class Outcome(NamedTuple):
    """A job done: what it wrote (None: a card kept for the shared sheets) or why it failed."""

    job: Job | None  # None: the shared n-up sheets
    result: Result | None
    failed: pool.Failed | None = None


class Brief(NamedTuple):
    """What a plan needs of handout.yaml: the workspace's language and the clinic's paper."""

    language: str
    sheet: str


class Everything:
    """The plan of one `build --all` and the manifest that says what is up to date."""

    def __init__(self, ws: Workspace, options: Options) -> None:
        source_date_epoch()  # once, not once per job
        validate(options.press, known_format(options.format) or "sheet")
        self.ws, self.options = ws, options
        self.manifest = Manifest(OUTPUT)
        self.brief = self._brief()
        self.jobs = plan(ws, options, self.brief.language)
        shared = shared_inputs(ws)
        self.code = self.manifest.key(handout.__version__, _program_files())
        self.settings = _settings()
        self.keys = {
            job: self.manifest.key(self._label(job), own_inputs(ws, job) + shared)
            for job in self.jobs
        }

    def _brief(self) -> Brief:
        """handout.yaml's language and paper, kept in the manifest by the file's digest: a run
        with nothing to build reads no YAML."""
        key = self.manifest.digest(self.ws.brand_file)
        kept = self.manifest.recall("brief", key)
        if isinstance(kept, list) and len(kept) == 2 and all(isinstance(k, str) for k in kept):
            return Brief(*kept)
        from handout.content import load

        brand = load.brand(self.ws)
        brief = Brief(brand.language, office_paper(brand))
        self.manifest.remember("brief", key, list(brief))
        return brief

    def todo(self) -> list[Job]:
        """The jobs whose output is missing, changed or built from other inputs (all: --force)."""
        if self.options.force:
            return list(self.jobs)
        shared = [job for job in self.jobs if job.shared]
        alone = [job for job in self.jobs if not job.shared]
        stale = [job for job in alone if not self.manifest.current(self.out(job), self.keys[job])]
        if shared and not self.manifest.current(self._shared_out(), self._shared_key()):
            stale += shared
        return stale

    def run(self, jobs: list[Job], *, parallel: bool = True) -> Iterator[Outcome]:
        """Each job built (on every core when `parallel`), then the shared n-up sheets; the
        manifest is saved after, with what was written."""
        if not jobs:  # nothing to build: nothing to load
            self.manifest.save()
            return
        from handout.commands.build import Made

        cards: dict[int, Made] = {}
        work = functools.partial(run_job, self.ws, self.options)
        done = pool.spread(work, jobs, warm, workers=None if parallel else 1)
        try:
            for at, outcome in done:
                job = jobs[at]
                if isinstance(outcome, pool.Failed):
                    yield Outcome(job, None, outcome)
                elif isinstance(outcome, Made):
                    cards[at] = outcome
                    yield Outcome(job, None)
                else:
                    self.manifest.wrote(outcome.out, self.keys[job])
                    yield Outcome(job, outcome)
            if any(job.shared for job in jobs):
                yield self._shared([cards[i] for i in sorted(cards)], len(cards) == len(jobs))
        finally:
            self.manifest.save()

    def _shared(self, cards: list[Made], complete: bool) -> Outcome:
        from handout.commands.build import write_pressed

        if not cards:
            return Outcome(None, None)
        options = _for(self.options, "card", None)
        try:
            result = write_pressed(self.ws, options, cards, copies=False)
        except HandoutError as error:
            return Outcome(None, None, pool.Failed(tuple(error.lines()), False))
        if complete:  # a failed card is tried again next time, with the sheets it belongs on
            self.manifest.wrote(result.out, self._shared_key())
        return Outcome(None, result)

    def out(self, job: Job) -> Path:
        stem = job.id if job.lang == self.brief.language else f"{job.id}-{job.lang}"
        options = _for(self.options, job.format, job.lang)
        return OUTPUT / f"{output_name(options, stem, job.format, self.brief.sheet, True)}.pdf"

    def _shared_out(self) -> Path:
        options = _for(self.options, "card", None)
        return OUTPUT / f"{output_name(options, 'cards', 'card', self.brief.sheet, False)}.pdf"

    def _shared_key(self) -> str:
        return "".join(self.keys[job] for job in self.jobs if job.shared)

    def _label(self, job: Job) -> str:
        """What besides the files makes the output: the job, its options, the code and the
        settings of the environment."""
        options = _for(self.options, job.format, job.lang)._replace(force=False)
        return f"{self.code}\0{job}\0{options}\0{self.settings}"


def _settings() -> list[tuple[str, str]]:
    """The environment a build reads: the date, and the switches between an engine of ours and
    the library's own way (HANDOUT_JOBS only says how many processes)."""
    return sorted(
        (name, value)
        for name, value in os.environ.items()
        if name == "SOURCE_DATE_EPOCH" or (name.startswith("HANDOUT_") and name != "HANDOUT_JOBS")
    )


def plan(ws: Workspace, options: Options, language: str) -> list[Job]:
    """One job per routine, language and format, and per manual (only `--format` when given):
    a routine in the workspace's language (--lang, else handout.yaml's) and, without --lang,
    in each language it is translated into."""
    wanted = (options.format,) if options.format else FORMATS
    shared = options.press.nup is not None
    main = options.lang or language
    jobs: list[Job] = []
    for rid in ws.routine_ids():
        extra = [] if options.lang else ws.translations(rid)
        for lang in dict.fromkeys([main, *extra]):
            jobs += [
                Job("routine", rid, fmt, lang, shared and fmt == "card")
                for fmt in ("sheet", "card")
                if fmt in wanted
            ]
    if "booklet" in wanted:
        jobs += [Job("manual", mid, "booklet", main) for mid in ws.manual_ids()]
    if not jobs:
        raise HandoutError(
            f"{shown(ws.routines_dir)}: no routines to build — add a .yaml file or use handout new"
        )
    return jobs


def own_inputs(ws: Workspace, job: Job) -> list[Path]:
    """The job's own content files: a routine and its translation (missing or not); a manual
    and every routine."""
    routines = ws.routines_dir
    if job.kind == "manual":
        return [ws.manuals_dir / f"{job.id}.yaml", *sorted(routines.glob("*.yaml"))]
    return [routines / f"{job.id}.yaml", routines / f"{job.id}.{job.lang}.yaml"]


IMAGES = (".png", ".jpg", ".jpeg", ".mpo")  # what a logo or a photo may be (assets/images.py)


def shared_inputs(ws: Workspace) -> list[Path]:
    """What every build may read: handout.yaml, rules.yaml, templates, assets, the files
    beside the content, and any picture in the workspace (a logo or a photo may stand anywhere
    in it); never the output folder the builds write to."""
    skip = (Path.cwd() / OUTPUT).resolve()
    files = [ws.brand_file, ws.root / "rules.yaml", *ws.template_files().values()]
    for folder in (ws.root / "assets", builtin_root() / "assets", ws.content_dir):
        files += _files_under(folder, skip=skip)
    if ws.root.resolve() != builtin_root().resolve():  # ours keeps its pictures in assets/
        files += _files_under(ws.root, IMAGES, skip=skip)
    named = (ws.routines_dir, ws.manuals_dir)
    return [f for f in files if not (f.suffix == ".yaml" and f.parent in named)]


def _files_under(
    folder: Path, suffixes: tuple[str, ...] = ("",), skip: Path | None = None
) -> list[Path]:
    """The files below `folder` ending in one of `suffixes` (any case), less hidden and scratch
    files and the folder `skip`."""
    found: list[Path] = []
    for top, dirs, names in os.walk(folder):
        here = Path(top)
        dirs[:] = sorted(
            name
            for name in dirs
            if not (scratch(name) or name == "__pycache__" or _same(here / name, skip))
        )
        kept = (n for n in sorted(names) if n.lower().endswith(suffixes) and not scratch(n))
        found += [here / name for name in kept]
    return found


def _same(folder: Path, other: Path | None) -> bool:
    return other is not None and folder.resolve() == other


SCRATCH = ("~", "#", ".swp", ".swx", ".part", ".tmp")  # editors' backups, autosaves and swap files,
# half-written files


def scratch(name: str) -> bool:
    """A file or folder no build reads: hidden, or a leftover of an editor or a download (an
    editor that rewrites its swap file beside a routine must not make everything out of date)."""
    return name.startswith(".") or name.endswith(SCRATCH)


def _program_files() -> list[Path]:
    """handout's own code: an output is built anew by a changed program, not only by changed
    content (a source checkout's version stays the same from one edit to the next); its
    shipped rules too."""
    return _files_under(Path(handout.__file__).parent, (".py", ".yaml"))


def run_job(ws: Workspace, options: Options, job: Job) -> Result | Made:
    """The job's document, written; a shared card is only made (its sheets are pressed after)."""
    from handout.commands.build import build_manual, build_routine, write

    own = _for(options, job.format, job.lang)
    if job.kind == "manual":
        return build_manual(ws, job.id, own)
    if job.format == "sheet":
        return build_routine(ws, job.id, own)
    made = card_that_fits(ws, job.id, own)
    return made if job.shared else write(ws, own, made)


def warm() -> None:
    """What every build loads, loaded once before the workers fork: the text engine, the fonts
    and the layouts."""
    from handout.assets import fonts
    from handout.layout import booklet, card, sheet  # noqa: F401

    fonts.register()


def _for(options: Options, fmt: str, lang: str | None, paper: str | None = None) -> Options:
    """A job's options: the run's, with its format, language and paper; nothing personal."""
    return Options(
        format=fmt,
        lang=lang,
        audience=options.audience,
        grayscale=options.grayscale,
        paper=paper,
        force=options.force,
        press=options.press,
        lint=options.lint,
    )


CARD_FALLBACK = ("a5", "a4")


def card_that_fits(ws: Workspace, rid: str, options: Options) -> Made:
    """The card on its template's paper, else on the next larger paper that holds it, with a warning."""
    from handout.commands.build import made_routine
    from handout.content.paper import paper_label

    try:
        return made_routine(ws, rid, options)
    except LayoutError as first:
        for paper in CARD_FALLBACK:
            try:
                made = made_routine(ws, rid, options._replace(paper=paper))
            except LayoutError:
                continue
            note = f"{first}; built it on {paper_label(paper)} instead"
            return made._replace(warnings=[note, *made.warnings])
        raise
