"""Command line: parses arguments, calls one function per command, reports errors.

Heavy modules (reportlab, pillow, pypdfium2, the YAML loader) are imported inside the
commands, so `handout --help` stays fast.
"""

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from handout.errors import HandoutError

if TYPE_CHECKING:
    from handout.commands.batch import Batch
    from handout.commands.build import Result
    from handout.commands.options import Options
    from handout.commands.watch import Event
    from handout.content.workspace import Workspace

app = typer.Typer(
    name="handout",
    help="Turn massage routines written in YAML into print-ready PDFs.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="Workspace folder (default: this folder if it is one, else the built-in content).",
    ),
]


def _print_version(wanted: bool) -> None:
    if wanted:
        from handout import installed_version

        typer.echo(f"handout {installed_version()}")
        raise typer.Exit()


@app.callback()
def _options(
    _version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print the version and exit.",
            is_eager=True,
            callback=_print_version,
        ),
    ] = False,
) -> None:
    """Turn massage routines written in YAML into print-ready PDFs."""


FORCE_HELP = (
    "Replace what --out names even if it is a workspace input, not a PDF, read-only or a link"
    " out of its folder (never a folder, device or FIFO)."
)


def _fail(error: HandoutError) -> None:
    from handout.errors import UsageError

    for line in error.lines():
        typer.echo(line, err=True)
    raise typer.Exit(2 if isinstance(error, UsageError) else 1)


def _language(value: str | None) -> str | None:
    """--lang: a language code (content/model.py), never a path or an empty word."""
    if value is None:
        return None
    from handout.content.model import is_language

    if not is_language(value):
        raise typer.BadParameter(
            f"{value!r} is not a language code — use two or three lowercase letters such as de,"
            " optionally with a region such as pt-br"
        )
    return value


def _nup(value: str | None) -> int | None:
    """--nup: a count of cards per sheet, or auto (as many as fit: 0)."""
    from handout.press.options import AUTO, MAX_NUP

    if value is None:
        return None
    if value.strip().lower() == "auto":
        return AUTO
    if not (value.strip().isdigit() and 1 <= int(value) <= MAX_NUP):
        raise typer.BadParameter(
            f"{value!r} is not a number of cards — use auto or a whole number from 1 to {MAX_NUP}"
        )
    return int(value)


def _finite(value: float | None) -> float | None:
    """A number of millimetres: typer's ranges let nan through."""
    import math

    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a number of millimetres — give one such as 3")
    return value


def _mm(low: float, high: float, help: str) -> Any:
    """An option of millimetres from `low` to `high` (nan refused)."""
    return typer.Option(callback=_finite, min=low, max=high, help=help)


def _one_of(*choices: str) -> Callable[[str | None], str | None]:
    def pick(value: str | None) -> str | None:
        if value is not None and value not in choices:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(choices)}")
        return value

    return pick


DuplexOption = Annotated[
    str | None,
    typer.Option(
        metavar="long|short",
        callback=_one_of("long", "short"),
        help="The edge your printer flips two-sided sheets on (cards: long; booklet spreads: short).",
    ),
]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _warn(message: str) -> None:
    typer.echo(f"warning: {message}", err=True)


def _warn_once(warnings: list[str], warned: set[str]) -> None:
    """The warnings not given yet (a file's warning comes with every job that reads it)."""
    for warning in dict.fromkeys(w for w in warnings if w not in warned):
        _warn(warning)
    warned.update(warnings)


def _fail_once(failures: list[str]) -> None:
    """Every failure line once, then exit 1 (a routine's problem fails its sheet, its card and
    every manual listing it); nothing when there are none."""
    if failures:
        for line in dict.fromkeys(failures):
            typer.echo(line, err=True)
        raise typer.Exit(1)


@app.command()
def build(
    routine: Annotated[str | None, typer.Option(help="Routine id or path to a .yaml file.")] = None,
    manual: Annotated[str | None, typer.Option(help="Manual id or path; builds a booklet.")] = None,
    all_: Annotated[
        bool,
        typer.Option(
            "--all", help="Every routine (sheet and card) and every manual; --format: only those."
        ),
    ] = False,
    format_: Annotated[
        str | None, typer.Option("--format", help="card, sheet or booklet (default sheet).")
    ] = None,
    paper: Annotated[str | None, typer.Option(help="a4, letter, a5, a6, 4x6in, 5x7in, …")] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Output file (default output/<id>-<format>.pdf); - for standard output."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=FORCE_HELP)] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            help="Language: uses <id>.<lang>.yaml and that language's labels.", callback=_language
        ),
    ] = None,
    client: Annotated[str | None, typer.Option(help="Client name printed on a sheet.")] = None,
    note: Annotated[str | None, typer.Option(help="Therapist's note printed on a sheet.")] = None,
    audience: Annotated[
        str | None,
        typer.Option(
            metavar="client|therapist",
            callback=_one_of("client", "therapist"),
            help="Who reads it: therapist notes print only for therapist (default: from the"
            " routine; a manual: therapist).",
        ),
    ] = None,
    grayscale: Annotated[bool, typer.Option(help="No colour anywhere (office printers).")] = False,
    template: Annotated[
        str | None, typer.Option(help="Layout template name (default: the format's own).")
    ] = None,
    nup: Annotated[
        str | None,
        typer.Option(
            metavar="N|auto", help="Cards per press sheet (auto: as many as fit); cards only."
        ),
    ] = None,
    sheet_paper: Annotated[
        str | None,
        typer.Option(help="Press sheet for --nup or --impose: a4, letter, a3, sra3, …"),
    ] = None,
    gutter: Annotated[
        float | None,
        _mm(0, 30, "Gap between cards in mm (default 0: shared cut lines)."),
    ] = None,
    bleed: Annotated[
        float | None,
        _mm(0, 10, "Bleed in mm (default 3 with --crop-marks, else 0)."),
    ] = None,
    crop_marks: Annotated[
        bool, typer.Option("--crop-marks", help="Trim marks outside every card or page.")
    ] = False,
    duplex: DuplexOption = None,
    impose: Annotated[
        str | None,
        typer.Option(metavar="saddle", callback=_one_of("saddle"), help="Booklet printer spreads."),
    ] = None,
    creep: Annotated[
        float | None, _mm(0, 10, "Saddle: innermost pages' shift to the spine, mm.")
    ] = None,
    paper_thickness: Annotated[
        float | None, _mm(0.02, 1, "Saddle: sheet thickness in mm; sets --creep.")
    ] = None,
    no_lint: Annotated[
        bool,
        typer.Option("--no-lint", help="Build even if the safety lint finds errors (skip it)."),
    ] = False,
    root: RootOption = None,
) -> None:
    """Build a routine, a manual, or everything."""
    from handout.commands.options import Options, workspace
    from handout.press.options import PressOptions

    chosen = sum(x is not None and x is not False for x in (routine, manual, all_))
    if chosen != 1:
        raise typer.BadParameter("give exactly one of --routine ID, --manual ID or --all")
    options = Options(
        format=format_,
        paper=paper,
        out=out,
        lang=lang,
        client=client,
        note=note,
        audience=audience,
        grayscale=grayscale,
        template=template,
        force=force,
        lint=not no_lint,
        press=PressOptions(
            nup=_nup(nup),
            sheet_paper=sheet_paper,
            gutter=gutter,
            bleed=bleed,
            crop_marks=crop_marks,
            duplex=duplex,
            impose=impose,
            creep=creep,
            paper_thickness=paper_thickness,
        ),
    )
    try:
        ws = workspace(root)
        if all_:
            _only_one(options)
            _build_all(ws, options)
            return
        from handout.commands import build as builder

        result = (
            builder.build_manual(ws, manual, options)
            if manual
            else builder.build_routine(ws, routine or "", options)
        )
    except HandoutError as error:
        _fail(error)
        return
    for warning in result.warnings:
        _warn(warning)
    _wrote(result)


def _wrote(result: "Result") -> None:
    """`wrote FILE (N pages)`; on stderr when the PDF itself went to standard output."""
    from handout.output.write import STDOUT

    to_stdout = result.out == STDOUT
    where = "standard output" if to_stdout else result.shown
    pages = _count(result.pages, "page")
    typer.echo(f"wrote {where} ({pages})", err=to_stdout)


ONE_ONLY = {  # build options that name one document's file, paper, layout or client
    "out": "drop it: each PDF goes to output/",
    "paper": "set paper: in handout.yaml, or build one routine with --routine --paper",
    "template": "build one routine with --routine --template",
    "client": "personalise sheets with handout batch FILE.csv",
    "note": "personalise sheets with handout batch FILE.csv",
}


def _only_one(options: "Options") -> None:
    """Refuse, with --all, an option that only means something for one document."""
    from handout.errors import UsageError

    for name, fix in ONE_ONLY.items():
        if getattr(options, name) is not None:
            raise UsageError(f"--{name} cannot be used with --all — {fix}")


def _build_all(ws: "Workspace", options: "Options") -> None:
    """Every job that is not up to date runs, on every core; failures are reported together at
    the end (exit 1 if any)."""
    from handout.commands.build_all import Everything
    from handout.commands.pool import sigterm_interrupts

    everything = Everything(ws, options)
    todo = everything.todo()
    failures: list[str] = []
    warned: set[str] = set()  # a file's warning comes with every job that reads the file
    written = 0
    progress = typer.progressbar(length=len(todo), label="building", file=sys.stderr)
    with sigterm_interrupts(), progress as bar:
        for outcome in everything.run(todo):
            if outcome.job is not None:
                bar.update(1)
            if outcome.failed:
                failures += outcome.failed.lines
            if outcome.result is None:
                continue
            written += 1
            _warn_once(outcome.result.warnings, warned)
    fresh = len(everything.jobs) - len(todo)
    typer.echo(
        f"wrote {_count(written, 'PDF')} to output" + (f", {fresh} up to date" if fresh else "")
    )
    _fail_once(failures)


@app.command()
def watch(
    format_: Annotated[
        str | None, typer.Option("--format", help="Only card, sheet or booklet outputs.")
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            help="Language: uses <id>.<lang>.yaml and that language's labels.", callback=_language
        ),
    ] = None,
    grayscale: Annotated[bool, typer.Option(help="No colour anywhere (office printers).")] = False,
    root: RootOption = None,
) -> None:
    """Build what is out of date (as build --all does), then rebuild what each saved file
    affects, until Ctrl-C."""
    from handout.commands import watch as watcher
    from handout.commands.options import Options, workspace
    from handout.commands.pool import sigterm_interrupts

    options = Options(format=format_, lang=lang, grayscale=grayscale)
    try:
        with sigterm_interrupts():
            for event in watcher.watch(workspace(root), options):
                _watched(event)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: how a watch ends
        return
    except HandoutError as error:
        _fail(error)


def _watched(event: "Event") -> None:
    """`rebuilt FILE (N pages) in T ms` with its warnings before it; errors as they are."""
    from handout.commands.watch import Failed, Rebuilt

    if isinstance(event, Rebuilt):
        for warning in event.warnings:
            _warn(warning)
        pages = _count(event.result.pages, "page")
        typer.echo(f"rebuilt {event.result.shown} ({pages}) in {event.seconds * 1000:.0f} ms")
    elif isinstance(event, Failed):
        for line in event.lines:
            typer.echo(line, err=True)
    else:
        folders = " and ".join(str(folder) for folder in event.folders)
        typer.echo(f"watching {folders} — Ctrl-C to stop")


@app.command()
def batch(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE.csv",
            help="One client per row: columns client and routine, optionally note, lang,"
            " format, paper and date (YYYY-MM-DD).",
        ),
    ],
    merge: Annotated[
        bool, typer.Option("--merge", help="One PDF with a bookmark per client, in row order.")
    ] = False,
    skip_bad: Annotated[
        bool,
        typer.Option("--skip-bad", help="Build the good rows, warn about the bad ones."),
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Folder of the PDFs (default output/batch); with --merge the PDF"
            " (default output/batch-<FILE>.pdf)."
        ),
    ] = None,
    grayscale: Annotated[bool, typer.Option(help="No colour anywhere (office printers).")] = False,
    force: Annotated[bool, typer.Option("--force", help=FORCE_HELP)] = False,
    root: RootOption = None,
) -> None:
    """Build one personalised sheet (or card, booklet) per row of a CSV of clients."""
    from handout.commands import batch as batcher
    from handout.commands.options import workspace

    try:
        ws = workspace(root)
        rows = batcher.Batch(ws, file, merge=merge, out=out, grayscale=grayscale, force=force)
        for line in rows.refuse(skip_bad):
            _warn(line)
        _batch(rows)
    except HandoutError as error:
        _fail(error)


def _batch(rows: "Batch") -> None:
    """The rows built on every core under a progress bar (rows per second); failures are
    reported together at the end (exit 1 if any)."""
    import time

    from handout.commands.pool import sigterm_interrupts
    from handout.content.workspace import shown

    failures: list[str] = []
    failed = done = 0
    warned: set[str] = set()  # a routine's warning comes with every row that builds it
    written: list[Result] = []
    start = time.monotonic()

    def speed(_: None) -> str:
        return f"{done / max(time.monotonic() - start, 1e-6):.1f} rows/s"

    progress = typer.progressbar(
        length=len(rows.tasks), label="building", file=sys.stderr, item_show_func=speed
    )
    with sigterm_interrupts(), progress as bar:
        for outcome in rows.run():
            if outcome.task is not None:
                done += 1
                bar.update(1)
            if outcome.failed:
                failed += 1
                failures += outcome.failed.lines
            _warn_once(outcome.warnings, warned)
            if outcome.result is not None:
                written.append(outcome.result)
    if rows.merge and written:
        clients = _count(len(rows.tasks) - failed, "client")
        typer.echo(f"wrote {written[-1].shown} ({clients}, {_count(written[-1].pages, 'page')})")
    elif not rows.merge:
        typer.echo(f"wrote {_count(len(written), 'PDF')} to {shown(rows.target)}")
    _fail_once(failures)


@app.command()
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders (default: the workspace's content)."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) on safety-lint warnings too.")
    ] = False,
    rules: Annotated[
        bool, typer.Option("--rules", help="List the safety-lint rules in use and exit.")
    ] = False,
    root: RootOption = None,
) -> None:
    """Validate content and run the safety lint; print every problem as file:line:col: message."""
    from handout.commands import check as check_command

    try:
        if rules:
            typer.echo("\n".join(check_command.rules(root)))
            return
        report = check_command.check(root, paths or [])
    except HandoutError as error:
        _fail(error)
        return
    typer.echo(f"workspace: {report.workspace}", err=True)  # stdout keeps to problems and the count
    for warning in report.warnings:
        _warn(str(warning))
    for line in [*report.problems, *report.findings]:
        typer.echo(str(line))
    errors = len(report.problems) + sum(f.level == "error" for f in report.findings)
    warned = sum(f.level == "warning" for f in report.findings)
    found = [_count(n, noun) for n, noun in ((errors, "problem"), (warned, "warning")) if n]
    summary = f"{' and '.join(found)} in {_count(report.files, 'file')}"
    if errors or (strict and warned):
        typer.echo(summary, err=True)
        raise typer.Exit(1)
    typer.echo(summary if warned else f"{_count(report.files, 'file')} OK")


@app.command("list")
def list_(root: RootOption = None) -> None:
    """Routines, manuals and templates with their titles."""
    from handout.commands import listing as listing_command

    try:
        typer.echo(listing_command.listing(root))
    except HandoutError as error:
        _fail(error)


@app.command()
def new(
    routine_id: Annotated[
        str, typer.Argument(metavar="ID", help="Id of the new routine (file name stem).")
    ],
    root: RootOption = None,
) -> None:
    """Scaffold a routine file with every field shown and commented."""
    from handout.commands import new as new_command

    try:
        path = new_command.new(root, routine_id)
    except HandoutError as error:
        _fail(error)
        return
    typer.echo(f"wrote {path}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of routine files (for editor autocompletion)."""
    from handout.commands import schema as schema_command

    typer.echo(schema_command.schema_json())


@app.command()
def preview(
    routine_id: Annotated[
        str, typer.Argument(metavar="ID", help="Routine id or path (or a manual id with --manual).")
    ],
    manual: Annotated[bool, typer.Option("--manual", help="ID names a manual.")] = False,
    format_: Annotated[str | None, typer.Option("--format", help="card, sheet or booklet.")] = None,
    paper: Annotated[str | None, typer.Option(help="Paper size.")] = None,
    out: Annotated[Path | None, typer.Option(help="The PDF to write; PNGs go next to it.")] = None,
    force: Annotated[bool, typer.Option("--force", help=FORCE_HELP)] = False,
    dpi: Annotated[int, typer.Option(min=36, max=600, help="Resolution of the PNGs.")] = 110,
    grayscale: Annotated[bool, typer.Option(help="No colour anywhere.")] = False,
    lang: Annotated[str | None, typer.Option(help="Language.", callback=_language)] = None,
    root: RootOption = None,
) -> None:
    """Build, then write PNG images of the pages next to the PDF."""
    from handout.commands import build as builder
    from handout.commands.options import Options, workspace
    from handout.output import preview as previewer

    options = Options(
        format=format_, paper=paper, out=out, grayscale=grayscale, lang=lang, force=force
    )
    try:
        _preview_needs_a_file(out)
        ws = workspace(root)
        result = (
            builder.build_manual(ws, routine_id, options)
            if manual
            else builder.build_routine(ws, routine_id, options)
        )
        previews = previewer.write_pngs(result.out, dpi, force)
    except HandoutError as error:
        _fail(error)
        return
    for warning in [*result.warnings, *previews.warnings]:
        _warn(warning)
    for image in previews.paths:
        typer.echo(f"wrote {image}")


def _preview_needs_a_file(out: Path | None) -> None:
    from handout.errors import UsageError
    from handout.output.write import STDOUT

    if out == STDOUT:
        raise UsageError(
            "--out -: preview writes its PNGs beside the PDF, so it needs a file"
            " — give --out a file name ending in .pdf"
        )


@app.command()
def icons(
    out: Annotated[Path, typer.Option(help="Where to write the region sheet.")] = Path(
        "output/regions.pdf"
    ),
    force: Annotated[bool, typer.Option("--force", help=FORCE_HELP)] = False,
    root: RootOption = None,
) -> None:
    """Write a PDF showing every body region highlighted, for checking the icons: the
    workspace's own assets/icons/*.svg where it has them, else the built-in ones."""
    from handout.commands import icons as icons_command

    try:
        written, skipped = icons_command.icons(out, force, root)
    except HandoutError as error:
        _fail(error)
        return
    for warning in skipped:
        _warn(warning)
    typer.echo(f"wrote {written}")


@app.command()
def calibrate(
    sheet_paper: Annotated[
        str | None,
        typer.Option(
            help="The paper your cards print on: a4, letter, a3, sra3, … (default: handout.yaml's"
            " paper when it is one of these, else a4)."
        ),
    ] = None,
    duplex: DuplexOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Output file (default output/calibrate-<sheet>.pdf); - for standard output."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=FORCE_HELP)] = False,
    root: RootOption = None,
) -> None:
    """Write a two-sided page that measures your printer's front/back offset for card backs."""
    from handout.commands import calibrate as calibrate_command

    try:
        result = calibrate_command.calibrate(root, sheet_paper, duplex, out, force)
    except HandoutError as error:
        _fail(error)
        return
    for warning in result.warnings:
        _warn(warning)
    _wrote(result)


def main() -> None:
    """Run the CLI; an unexpected failure still ends in one line, never a traceback."""
    try:
        app()
    except BrokenPipeError:  # typer's own messages (usage errors) to a reader that went away
        raise SystemExit(1) from None
    except Exception as error:
        typer.echo(
            f"handout: internal error ({type(error).__name__}: {error}) — "
            "please report it with the file that caused it",
            err=True,
        )
        raise SystemExit(1) from None


def run() -> NoReturn:
    """The `handout` command: `main`, then leave without tearing the interpreter down.

    Python's own shutdown would free each module and object one by one, which the OS does at
    once (what it saves: README, Performance). With HANDOUT_NO_FAST_EXIT
    set to anything but "" or "0" it leaves the ordinary way, so coverage tools and profilers
    that write their data at exit work. A reader of stdout or stderr that goes away (a broken
    pipe) ends the command quietly with status 1, as typer does inside a command.
    """
    try:
        main()
        code = 0
    except SystemExit as done:
        code = _exit_code(done.code)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    if os.environ.get("HANDOUT_NO_FAST_EXIT", "") not in ("", "0"):
        sys.exit(code)
    # The rule os._exit sets: every file the command writes is written, closed and renamed into
    # place (output/write.py) before main() returns, and nothing may rely on atexit handlers,
    # finalizers (__del__, weakref callbacks) or buffered writers other than sys.stdout and
    # sys.stderr (flushed just above), because os._exit runs none of them.
    os._exit(code)


def _exit_code(code: object) -> int:
    """The status `SystemExit(code)` would give: None is 0, a number itself, text 1 (printed)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


if __name__ == "__main__":
    run()
