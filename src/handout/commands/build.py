"""The build command: load → check → layout → render → write, for routines and manuals."""

from __future__ import annotations

import functools
import gc
import os
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, ParamSpec

from handout import check
from handout.content import load
from handout.content.model import FORMATS, Brand, Manual, Template
from handout.content.workspace import Workspace, resolve_root, shown
from handout.errors import HandoutError, LayoutError, UsageError

if TYPE_CHECKING:
    from handout.layout.context import Context


class Options(NamedTuple):
    format: str | None = None
    paper: str | None = None
    out: Path | None = None
    lang: str | None = None
    client: str | None = None
    note: str | None = None
    grayscale: bool = False
    template: str | None = None


class Result(NamedTuple):
    out: Path
    pages: int
    warnings: list[str]

    @property
    def shown(self) -> str:
        return shown(self.out)


def workspace(root: Path | None) -> Workspace:
    return Workspace(resolve_root(root))


def today() -> date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return date.today()


def _template(ws: Workspace, options: Options, default: str) -> Template:
    fmt = options.format
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' — use card, sheet or booklet")
    name = options.template or fmt or default
    template = load.template(ws, name)
    if fmt is not None and template.format != fmt:
        raise UsageError(
            f"template '{name}' is a {template.format} layout, not a {fmt} — drop --format or pick another template"
        )
    return template


def _pagesize(options: Options, brand: Brand, template: Template) -> tuple[float, float]:
    from handout.content.paper import PaperError, paper_size

    name = (
        options.paper
        or (brand.paper if template.format != "card" and brand.paper else None)
        or template.paper
    )
    try:
        return paper_size(name)
    except PaperError as exc:
        raise UsageError(str(exc)) from None


def _output(options: Options, stem: str, fmt: str) -> Path:
    if options.out is not None:
        return options.out
    lang = f"-{options.lang}" if options.lang and options.lang != "en" else ""
    return Path("output") / f"{stem}-{fmt}{lang}.pdf"


def _context(
    ws: Workspace, options: Options, template: Template, brand: Brand, docs: list[load.RoutineDoc]
) -> Context:
    """Everything a layout needs besides the content; photos and logo are read here, not in layout."""
    from handout.assets import images
    from handout.content.labels import labels
    from handout.layout.context import Context, Personal
    from handout.render.theme import make_theme

    lang = options.lang or brand.language
    personal = Personal(
        options.client, options.note, today() if options.client or options.note else None
    )
    logo = images.logo(ws, brand, grayscale=options.grayscale)
    theme = make_theme(template, brand.clinic.accent, options.grayscale)
    photos = {}
    if template.format != "card":
        for doc in docs:
            for index, photo in images.step_photos(ws, doc, grayscale=options.grayscale).items():
                photos[(doc.id, index)] = photo
    return Context(
        template, theme, labels(lang), brand, logo=logo, personal=personal, lang=lang, photos=photos
    )


P = ParamSpec("P")


def _few_full_collections(build: Callable[P, Result]) -> Callable[P, Result]:
    """The build with Python's full garbage collections a hundred times rarer while it runs,
    the thresholds put back after. A build keeps what it loads and every page until the PDF
    is written, so full collections walk an ever larger heap and free next to nothing (what
    it saves on a long manual: README, Performance)."""

    @functools.wraps(build)
    def run(*args: P.args, **kwargs: P.kwargs) -> Result:
        saved = gc.get_threshold()
        gc.set_threshold(saved[0], saved[1], 1000)
        try:
            return build(*args, **kwargs)
        finally:
            gc.set_threshold(*saved)

    return run


@_few_full_collections
def build_routine(ws: Workspace, ref: str, options: Options) -> Result:
    doc = check.routine(ws, ref, options.lang)
    brand = load.brand(ws)
    template = _template(ws, options, "sheet")
    if template.format == "booklet":
        manual = Manual(title=doc.routine.title, subtitle=doc.routine.summary, routines=[doc.id])
        return _booklet(ws, options, template, brand, manual, [doc], doc.id)
    pagesize = _pagesize(options, brand, template)
    ctx = _context(ws, options, template, brand, [doc])
    if template.format == "card":
        from handout.layout.card import build_card

        data, pages = _laid_out(doc.id, lambda: build_card(doc.id, doc.routine, ctx, pagesize))
    else:
        from handout.layout.sheet import build_sheet

        data, pages = _laid_out(doc.id, lambda: build_sheet(doc.id, doc.routine, ctx, pagesize))
    return _write(_output(options, doc.id, template.format), data, pages, ctx.missing.warnings())


@_few_full_collections
def build_manual(ws: Workspace, ref: str, options: Options) -> Result:
    doc = check.manual(ws, ref, options.lang)
    brand = load.brand(ws)
    template = _template(ws, options, "booklet")
    if template.format != "booklet":
        raise UsageError("a manual builds as a booklet — drop --format or use --format booklet")
    return _booklet(ws, options, template, brand, doc.manual, doc.routines, doc.id)


def _booklet(
    ws: Workspace,
    options: Options,
    template: Template,
    brand: Brand,
    manual: Manual,
    routines: list[load.RoutineDoc],
    stem: str,
) -> Result:
    from handout.layout.booklet import build_booklet

    pagesize = _pagesize(options, brand, template)
    ctx = _context(ws, options, template, brand, routines)
    data, pages = _laid_out(
        stem, lambda: build_booklet(manual, [(d.id, d.routine) for d in routines], ctx, pagesize)
    )
    return _write(_output(options, stem, "booklet"), data, pages, ctx.missing.warnings())


def _laid_out(stem: str, render: Callable[[], tuple[bytes, int]]) -> tuple[bytes, int]:
    """Run a layout, turning reportlab's own overflow error into a message for people."""
    from reportlab.platypus.doctemplate import LayoutError as ReportlabLayoutError

    from handout.render.pdf.writer import writing

    try:
        with writing():
            return render()
    except ReportlabLayoutError:
        raise LayoutError(
            f"'{stem}' has a part too large for one page of this paper — use a larger --paper or shorten the text"
        ) from None


def _write(out: Path, data: bytes, pages: int, warnings: list[str]) -> Result:
    from handout.output.write import write_bytes
    from handout.press import impose

    write_bytes(out, impose(data))
    return Result(out, pages, warnings)


Job = Callable[[Options], Result]


def all_jobs(ws: Workspace) -> list[Job]:
    """One job per routine format and per manual, for `handout build --all`."""
    jobs: list[Job] = []
    for rid in ws.routine_ids():
        jobs.append(functools.partial(_sheet_for_all, ws, rid))
        jobs.append(functools.partial(_card_that_fits, ws, rid))
    for mid in ws.manual_ids():
        jobs.append(functools.partial(_booklet_for_all, ws, mid))
    if not jobs:
        raise HandoutError(
            f"{shown(ws.routines_dir)}: no routines to build — add a .yaml file or use handout new"
        )
    return jobs


def _sheet_for_all(ws: Workspace, rid: str, options: Options) -> Result:
    return build_routine(ws, rid, _for_all(options, "sheet"))


def _booklet_for_all(ws: Workspace, mid: str, options: Options) -> Result:
    return build_manual(ws, mid, _for_all(options, "booklet"))


def _for_all(options: Options, fmt: str, paper: str | None = None) -> Options:
    return Options(format=fmt, lang=options.lang, grayscale=options.grayscale, paper=paper)


CARD_FALLBACK = ("a5", "a4")


def _card_that_fits(ws: Workspace, rid: str, options: Options) -> Result:
    """The card on its template's paper, else on the next larger paper that holds it, with a warning."""
    try:
        return build_routine(ws, rid, _for_all(options, "card"))
    except LayoutError as first:
        for paper in CARD_FALLBACK:
            try:
                result = build_routine(ws, rid, _for_all(options, "card", paper))
            except LayoutError:
                continue
            note = f"{first}; built it on {paper.upper()} instead"
            return Result(result.out, result.pages, [note, *result.warnings])
        raise
