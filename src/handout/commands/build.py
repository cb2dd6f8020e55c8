"""The build command: load → check → layout → render → write, for routines and manuals."""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, ParamSpec

from handout import check
from handout.commands.options import (
    Options,
    has_control,
    known_format,
    office_paper,
    output_name,
    source_date_epoch,
    today,
)
from handout.content import load
from handout.content.model import Brand, Manual, Template
from handout.content.paper import MM
from handout.content.parse import noted
from handout.content.workspace import Workspace, builtin_root, shown
from handout.content.workspace import untranslated as workspace_untranslated
from handout.errors import ContentError, LayoutError, UsageError
from handout.press.options import validate

if TYPE_CHECKING:
    from handout.layout.context import Context


class Target(NamedTuple):
    """Where a build writes, and what it may not replace there (output/write.py)."""

    path: Path
    force: bool
    inputs: tuple[Path, ...]


INPUTS = ("content", "assets", "templates", "handout.yaml")


class Result(NamedTuple):
    out: Path
    pages: int
    warnings: list[str]

    @property
    def shown(self) -> str:
        return shown(self.out)


class Made(NamedTuple):
    """A finished document not yet pressed or written, and what its build found."""

    stem: str
    format: str
    data: bytes
    pages: int
    warnings: list[str]
    sheet_paper: str  # what its press sheets are, unless --sheet-paper says otherwise
    duplex_offset: tuple[float, float]  # handout.yaml press: duplex_offset_mm


def _typed(name: str, what: str) -> str:
    """A name given on the command line, refused when it holds a line break or another control
    character: no file is meant by it, and the message naming it would break across lines."""
    if has_control(name):
        raise UsageError(
            f"{what} {name!r} contains a line break or another control character — remove it"
        )
    return name


def _template(ws: Workspace, options: Options, default: str) -> Template:
    fmt = known_format(options.format)
    name = _typed(options.template, "template") if options.template else fmt or default
    template = check.template(ws, name)
    if fmt is not None and template.format != fmt:
        raise UsageError(
            f"template '{name}' is a {template.format} layout, not a {fmt} — drop --format or pick another template"
        )
    return template


def _pagesize(
    ws: Workspace, options: Options, brand: Brand, template: Template
) -> tuple[float, float]:
    """The page size, refused (naming the smallest that works) when the format has too little
    room on it: a bad --paper is a bad command line, a bad paper from a file that file's error."""
    from handout.content.paper import PaperError, check_room, paper_size
    from handout.content.yamlload import load_file

    name, source = _paper_name(ws, options, brand, template)
    try:
        size = paper_size(name)
        check_room(name, size, template.format, template.kept_margins)
    except PaperError as exc:
        if source is None:
            raise UsageError(str(exc)) from None
        located = load_file(source, shown(source))
        raise ContentError([located.problem(("paper",), str(exc))]) from None
    return size


def _paper_name(
    ws: Workspace, options: Options, brand: Brand, template: Template
) -> tuple[str, Path | None]:
    """The paper to use and the file that names it (None: the command line)."""
    if options.paper:
        return options.paper, None
    if template.format == "sheet" and brand.paper:
        return brand.paper, ws.brand_file
    return template.paper, ws.template_files()[options.template or template.format]


def output_target(ws: Workspace, options: Options, name: str) -> Target:
    """`--out`, never into the workspace's inputs (or the built-in workspace's) unless forced;
    else `output/<name>.pdf` of the current folder, wherever that is (a new PDF there replaces
    no input)."""
    if options.out is not None:
        inputs = tuple(root / name for root in (ws.root, builtin_root()) for name in INPUTS)
        return Target(options.out, options.force, inputs)
    return Target(Path("output") / f"{name}.pdf", options.force, ())


def _context(
    ws: Workspace, options: Options, template: Template, brand: Brand, docs: list[load.RoutineDoc]
) -> Context:
    """Everything a layout needs besides the content; photos and logo are read here, not in layout."""
    from handout.assets import images
    from handout.content import version
    from handout.content.labels import labels
    from handout.layout.context import Context, Personal
    from handout.render.theme import make_theme

    lang = options.lang or brand.language
    day = (options.date or today()) if options.client or options.note else None
    personal = Personal(options.client, options.note, day)
    logo = images.logo(ws, brand, grayscale=options.grayscale)
    theme = make_theme(template, brand.clinic.accent, options.grayscale)
    photos = {}
    if template.format != "card":
        for doc in docs:
            for index, photo in images.step_photos(ws, doc, grayscale=options.grayscale).items():
                photos[(doc.id, index)] = photo
    return Context(
        template,
        theme,
        labels(lang),
        brand,
        logo=logo,
        personal=personal,
        lang=lang,
        photos=photos,
        audience=_audience(options, docs),
        stamp=version.stamp(docs[0], today(), brand.site) if len(docs) == 1 else None,
    )


def _audience(options: Options, docs: list[load.RoutineDoc]) -> str:
    """Who reads the document: --audience, else a client for self routines, else a therapist."""
    if options.audience is not None:
        return options.audience
    return "client" if all(doc.routine.audience == "self" for doc in docs) else "therapist"


P = ParamSpec("P")


@contextlib.contextmanager
def _fewer_full_collections() -> Iterator[None]:
    """Python's full garbage collections a hundred times rarer for the length of a build, the
    thresholds put back after. A build keeps what it loads and every page until the PDF is
    written, so full collections walk an ever larger heap and free next to nothing (what it
    saves on a long manual: README, Performance)."""
    saved = gc.get_threshold()
    gc.set_threshold(saved[0], saved[1], 1000)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def _a_build(build: Callable[P, Made]) -> Callable[P, Made]:
    """The build with fewer full collections and the workspace's own icons (assets/icons/*.svg
    in place of the built-in ones of the same name), its warnings led by those of the files it
    read: values that load but were likely meant otherwise (`accent: #1e6e5a` is a comment),
    each said once."""

    @functools.wraps(build)
    def run(*args: P.args, **kwargs: P.kwargs) -> Made:
        from handout.assets.svgpath import own_icons

        ws = args[0]
        assert isinstance(ws, Workspace), "a build's first argument is its workspace"
        with _fewer_full_collections(), noted() as notes, own_icons(ws.root / "assets" / "icons"):
            result = build(*args, **kwargs)
        found = [str(note) for note in dict.fromkeys(notes)]
        return result._replace(warnings=found + result.warnings)

    return run


def build_routine(ws: Workspace, ref: str, options: Options) -> Result:
    return write(ws, options, made_routine(ws, ref, options))


def build_manual(ws: Workspace, ref: str, options: Options) -> Result:
    return write(ws, options, made_manual(ws, ref, options))


@_a_build
def made_routine(ws: Workspace, ref: str, options: Options) -> Made:
    brand = check.brand(ws)
    options = _in_language(options, brand)
    doc = check.routine(ws, _typed(ref, "routine"), options.lang)
    _linted(ws, options, [doc])
    template = _template(ws, options, "sheet")
    validate(options.press, template.format)
    if template.format == "booklet":
        manual = Manual(title=doc.routine.title, subtitle=doc.routine.summary, routines=[doc.id])
        return _booklet(ws, options, template, brand, manual, [doc], _stem(doc.id, options, brand))
    pagesize = _pagesize(ws, options, brand, template)
    ctx = _context(ws, options, template, brand, [doc])
    if template.format == "card":
        from handout.layout.card import build_card

        bleed = options.press.bleed_mm * MM
        data, pages = _laid_out(
            doc.id, lambda: build_card(doc.id, doc.routine, ctx, pagesize, bleed)
        )
    else:
        from handout.layout.sheet import build_sheet

        data, pages = _laid_out(doc.id, lambda: build_sheet(doc.id, doc.routine, ctx, pagesize))
    data = _marked_unchecked(options, ctx, data)
    warnings = _warnings(options, ctx, [doc])
    stem = _stem(doc.id, options, brand)
    return Made(stem, template.format, data, pages, warnings, *_printer(brand))


@_a_build
def made_manual(ws: Workspace, ref: str, options: Options) -> Made:
    brand = check.brand(ws)
    options = _in_language(options, brand)
    doc = check.manual(ws, _typed(ref, "manual"), options.lang)
    _linted(ws, options, doc.routines)
    template = _template(ws, options, "booklet")
    if template.format != "booklet":
        raise UsageError("a manual builds as a booklet — drop --format or use --format booklet")
    validate(options.press, template.format)
    options = options._replace(audience=options.audience or "therapist")  # a course's readers
    return _booklet(
        ws, options, template, brand, doc.manual, doc.routines, _stem(doc.id, options, brand)
    )


def _in_language(options: Options, brand: Brand) -> Options:
    """The build's language: --lang, else handout.yaml's."""
    return options._replace(lang=options.lang or brand.language)


def _stem(doc_id: str, options: Options, brand: Brand) -> str:
    """The document's name: its id, and its language when that is not the workspace's own
    (`self-legs-de`, whose sheet is output/self-legs-de-sheet.pdf)."""
    return doc_id if options.lang == brand.language else f"{doc_id}-{options.lang}"


def _marked_unchecked(options: Options, ctx: Context, data: bytes) -> bytes:
    """A document built without the safety lint says so on its last page."""
    if options.lint:
        return data
    from handout.press import not_checked

    return not_checked(data, ctx.words["not_checked"])


def _linted(ws: Workspace, options: Options, docs: list[load.RoutineDoc]) -> None:
    """The safety lint, as `handout check` runs it: its errors refuse the build, its warnings
    join the build's (skipped with --no-lint)."""
    if options.lint:
        from handout.check import lint

        for doc in docs:
            lint.enforce(doc, ws)


def _printer(brand: Brand) -> tuple[str, tuple[float, float]]:
    """What the clinic's printer prints on and how far it puts a back off its front."""
    across, up = brand.press.duplex_offset_mm
    return office_paper(brand), (across, up)


def _booklet(
    ws: Workspace,
    options: Options,
    template: Template,
    brand: Brand,
    manual: Manual,
    routines: list[load.RoutineDoc],
    stem: str,
) -> Made:
    from handout.layout.booklet import build_booklet

    pagesize = _pagesize(ws, options, brand, template)
    ctx = _context(ws, options, template, brand, routines)
    data, pages = _laid_out(
        stem, lambda: build_booklet(manual, [(d.id, d.routine) for d in routines], ctx, pagesize)
    )
    data = _marked_unchecked(options, ctx, data)
    return Made(stem, "booklet", data, pages, _warnings(options, ctx, routines), *_printer(brand))


def _laid_out(stem: str, render: Callable[[], tuple[bytes, int]]) -> tuple[bytes, int]:
    """Run a layout, turning reportlab's own overflow error into a message for people."""
    from reportlab.platypus.doctemplate import LayoutError as ReportlabLayoutError

    from handout.render.pdf.writer import writing

    source_date_epoch()  # reportlab dates the PDF from it
    try:
        with writing():
            return render()
    except ReportlabLayoutError:
        raise LayoutError(
            f"'{stem}' has a part too large for one page of this paper — use a larger --paper or shorten the text"
        ) from None


def _warnings(options: Options, ctx: Context, docs: list[load.RoutineDoc]) -> list[str]:
    """What the build could not do as asked: a routine not in its language, a client or note on
    a layout without them (only sheets print them), then the characters no font has."""
    fmt = ctx.template.format
    given = [
        name for name, value in (("--client", options.client), ("--note", options.note)) if value
    ]
    unshown = (
        f"a {fmt} does not show {' or '.join(given)}"
        " — only a sheet prints the client's name and note"
    )
    untranslated = [found for doc in docs if (found := workspace_untranslated(doc.path, ctx.lang))]
    return untranslated + ([unshown] if given and fmt != "sheet" else []) + ctx.missing.warnings()


def write(ws: Workspace, options: Options, made: Made) -> Result:
    """The document pressed as asked (as it is, with no press option) and written."""
    return write_pressed(ws, options, [made], copies=True)


def write_pressed(ws: Workspace, options: Options, made: list[Made], *, copies: bool) -> Result:
    """The documents pressed together (`copies`: one document, repeated on n-up sheets)."""
    from handout.output.write import PDF, Guard, write_bytes

    data, pages = _pressed(options, made, copies)
    first = made[0]
    name = output_name(options, first.stem, first.format, first.sheet_paper, copies)
    target = output_target(ws, options, name)
    write_bytes(target.path, data, Guard(PDF, target.force, target.inputs))
    return Result(target.path, pages, [w for m in made for w in m.warnings])


def _pressed(options: Options, made: list[Made], copies: bool) -> tuple[bytes, int]:
    press = options.press
    if not press.active:
        return made[0].data, made[0].pages
    from handout.press import Finished, press_pdf

    press = press._replace(offset=made[0].duplex_offset)
    paper = press.sheet_paper or (None if press.impose else made[0].sheet_paper)
    finished = [Finished(m.stem, m.data) for m in made]
    return press_pdf(finished, press, paper, copies=copies)
