"""`handout batch FILE.csv`: one personalised document per row of a clinic's list of clients.

The CSV is UTF-8 (with or without the BOM spreadsheets write) and separates its columns with
commas or semicolons, whichever its header line uses. The header names the columns, in any
order and case: `client` and `routine`, and optionally `note`, `lang`, `format`, `paper` and
`date` (YYYY-MM-DD, printed as the sheet's date); an empty cell is a value not given.

Everything is checked before anything is built: each row's own values, then each routine in
each language the rows ask for, loaded and linted as a build does, so a content error shows
before the first PDF. The rows then build on every core (commands/pool.py), each written to
`output/batch/<routine>-<client>.pdf`, or merged in row order into one PDF with a bookmark per
client (press/compose.py `Merged`, in this process as the rows come back).
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from handout.commands import pool
from handout.commands.build import Made, Result, made_routine, write
from handout.commands.build_all import card_that_fits, warm
from handout.commands.options import Options, has_control
from handout.content.fields import suggest
from handout.content.model import Template, is_language
from handout.content.paper import FORMATS
from handout.content.workspace import Workspace, shown
from handout.errors import HandoutError, UsageError
from handout.output.write import PDF, Guard, atomic_path, replaceable

COLUMNS = ("client", "routine", "note", "lang", "format", "paper", "date")
REQUIRED = ("client", "routine")
OUTPUT = Path("output")
SLUG_LENGTH = 60  # of a client's part of a file name, in characters


class Record(NamedTuple):
    """One CSV record: the physical line it starts on and its cells."""

    line: int
    cells: list[str]


class Task(NamedTuple):
    """One row to build: its routine, its build options (`out`: its PDF; None when merged) and
    its bookmark in a merged PDF (`Client — Routine title`)."""

    line: int
    routine: str
    options: Options
    title: str


class Outcome(NamedTuple):
    """A row built (or failed), or, with `task` None, the merged PDF written."""

    task: Task | None
    warnings: list[str]
    failed: pool.Failed | None = None
    result: Result | None = None  # what was written: the row's PDF, or the merged one


class Refused(HandoutError):
    """Bad rows, or the content they need: every line found, nothing built."""

    def __init__(self, lines: list[str]) -> None:
        self.found = lines
        super().__init__("\n".join(lines))

    def lines(self) -> list[str]:
        return list(self.found)


class Batch:
    """The rows of one CSV, checked: `tasks` to build, `bad` what keeps the others from building."""

    def __init__(
        self,
        ws: Workspace,
        csv_file: Path,
        *,
        merge: bool,
        out: Path | None,
        grayscale: bool = False,
        force: bool = False,
    ) -> None:
        from handout import check

        self.ws, self.csv = ws, csv_file
        self.name = shown(csv_file)
        self.target = _target(csv_file, merge, out)
        self.merge, self.force = merge, force
        self.brand = check.brand(ws)
        self.routines = set(ws.routine_ids())
        self.templates: dict[str, Template] = {}
        self.titles: dict[tuple[str, str], str | None] = {}  # None: the routine has errors
        self.problems: list[str] = []
        if merge:
            replaceable(self.target, self._guard())  # refused now, not after building it all
        rows, wrong = self._rows(read(csv_file), Options(grayscale=grayscale, force=force))
        self.tasks = self._tasks(rows, wrong)
        self.bad_rows = len({line for line, _ in wrong})
        self.bad = list(dict.fromkeys(self.problems)) + [
            f"{self.name}:{line}: {message}" for line, message in sorted(wrong, key=itemgetter(0))
        ]

    def refuse(self, skip_bad: bool) -> list[str]:
        """The bad rows as warnings (`skip_bad`), else refused; refused too with no good row."""
        if self.bad and not skip_bad:
            rows = self.bad_rows
            others = f" to build the other {len(self.tasks)}" if self.tasks else ""
            summary = (
                f"{self.name}: {rows} bad row{'s' if rows > 1 else ''}, nothing built"
                f" — fix {'them' if rows > 1 else 'it'}, or add --skip-bad{others}"
            )
            raise Refused([*self.bad, summary])
        if not self.tasks:
            raise Refused([*self.bad, f"{self.name}: no row to build — fix the rows above"])
        return self.bad

    def run(self) -> Iterator[Outcome]:
        """Every task built on every core, each as it finishes; merged, the merged PDF last."""
        done = pool.spread(functools.partial(build_row, self.ws), self.tasks, warm)
        if not self.merge:
            for at, outcome in done:
                task = self.tasks[at]
                if isinstance(outcome, pool.Failed):
                    yield Outcome(task, [], outcome)
                else:
                    assert isinstance(outcome, Result), "a row with a file to write writes it"
                    yield Outcome(task, outcome.warnings, result=outcome)
            return
        yield from self._merged(done)

    def _merged(self, done: Iterator[pool.Done[Result | Made]]) -> Iterator[Outcome]:
        """The rows put in one PDF in row order as they come back, each dropped once it is in."""
        from handout.press.compose import Merged

        merged = Merged(self.csv.stem)
        waiting: dict[int, Made | None] = {}  # finished out of turn; None: failed
        turn = 0
        for at, outcome in done:
            task = self.tasks[at]
            if isinstance(outcome, pool.Failed):
                waiting[at] = None
                yield Outcome(task, [], outcome)
            else:
                assert isinstance(outcome, Made), "a merged row comes back as a document"
                waiting[at] = outcome
                yield Outcome(task, outcome.warnings)
            while turn in waiting:
                made = waiting.pop(turn)
                if made is not None:
                    merged.add(self.tasks[turn].title, made.data)
                turn += 1
        if merged.marks:
            with atomic_path(self.target, self._guard()) as temp:
                merged.save(temp)
            yield Outcome(None, [], result=Result(self.target, merged.pages, []))

    def _guard(self) -> Guard:
        """What the merged PDF may replace: what a build's --out may."""
        from handout.commands.build import output_target

        target = output_target(self.ws, Options(out=self.target), "")
        return Guard(PDF, self.force, target.inputs)

    # checking ---------------------------------------------------------------------------

    def _rows(
        self, records: list[Record], run: Options
    ) -> tuple[list[tuple[int, str, Options]], list[tuple[int, str]]]:
        """Each record's routine and options (the run's with the row's values); what is wrong
        with each bad one, by line."""
        header, *rest = records
        names = self._columns(header)
        if not rest:
            raise HandoutError(f"{self.name}: no rows below the header — add one line per client")
        rows: list[tuple[int, str, Options]] = []
        wrong: list[tuple[int, str]] = []
        for record in rest:
            cells, found = _cells(names, record.cells)
            rid, options = self._row(cells, run, found)
            wrong += [(record.line, message) for message in found]
            if not found:
                rows.append((record.line, rid, options))
        return rows, wrong

    def _columns(self, header: Record) -> list[str | None]:
        """The header's column names (None: a column without one), or every problem in it."""
        names = [cell.strip().lower() or None for cell in header.cells]
        where = f"{self.name}:{header.line}"
        found = []
        for name in dict.fromkeys(n for n in names if n is not None):
            if name not in COLUMNS:
                hint = suggest(name, COLUMNS) or f" — use {', '.join(COLUMNS[:-1])} or date"
                if "\t" in name:
                    hint = " — separate the columns with commas or semicolons, not tabs"
                found.append(f"{where}: unknown column '{name}'{hint}")
            elif names.count(name) > 1:
                found.append(f"{where}: column '{name}' is named twice — keep one")
        missing = [f"'{name}'" for name in REQUIRED if name not in names]
        if missing:
            found.append(
                f"{where}: no {' or '.join(missing)} column — the header line must name"
                " client and routine, e.g. client,routine,note"
            )
        if found:
            raise Refused(found)
        return names

    def _row(self, cells: dict[str, str], run: Options, found: list[str]) -> tuple[str, Options]:
        """A record's routine and build options; what is wrong with them joins `found`."""
        client = cells.get("client")
        if client is None:
            found.append("no client — write the client's name in the client column")
        elif has_control(client):
            found.append(
                "client contains a line break or another control character"
                " — put the name on one line"
            )
        rid = cells.get("routine", "")
        if not rid:
            found.append(
                "no routine — write a routine id such as front-legs (handout list shows them)"
            )
        elif rid not in self.routines:
            hint = suggest(rid, self.routines) or " — handout list shows the routines"
            found.append(f"unknown routine '{rid}'{hint}")
        fmt = cells.get("format", "sheet").lower()
        if fmt not in FORMATS:
            hint = suggest(fmt, FORMATS) or " — use sheet, card or booklet"
            found.append(f"unknown format '{cells['format']}'{hint}")
        lang = cells.get("lang", "").lower() or None
        if lang is not None and not is_language(lang):
            found.append(
                f"lang '{cells['lang']}' is not a language code — write two or three letters"
                " such as de, optionally with a region such as pt-br"
            )
        paper = cells.get("paper")
        if paper is not None and fmt in FORMATS:
            found += self._paper(paper, fmt)
        day = _day(cells.get("date"), found)
        options = run._replace(
            format=fmt,
            paper=paper,
            lang=lang or self.brand.language,  # as a build picks it: its file and labels
            client=client,
            note=cells.get("note"),
            date=day,
        )
        return rid, options

    def _paper(self, paper: str, fmt: str) -> list[str]:
        """What is wrong with a row's paper for its format: not a size, or too small."""
        from handout.content.paper import PaperError, check_room, paper_size

        try:
            check_room(paper, paper_size(paper), fmt, self._template(fmt).kept_margins)
        except PaperError as error:
            return [str(error)]
        return []

    def _template(self, fmt: str) -> Template:
        from handout import check

        if fmt not in self.templates:
            self.templates[fmt] = check.template(self.ws, fmt)
        return self.templates[fmt]

    def _tasks(
        self, rows: list[tuple[int, str, Options]], wrong: list[tuple[int, str]]
    ) -> list[Task]:
        """The good rows as tasks, each named in row order; rows whose routine has errors join
        the bad ones."""
        tasks: list[Task] = []
        taken: set[str] = set()
        for line, rid, options in rows:
            lang = options.lang or self.brand.language
            title = self._title(rid, lang)
            if title is None:
                broken = f"routine '{rid}' in '{lang}' has errors, listed above"
                wrong.append((line, f"{broken} — fix them or remove the row"))
                continue
            client = options.client or ""
            name = _unique(f"{rid}-{slug(client, line)}", taken)
            out = None if self.merge else self.target / f"{name}.pdf"
            tasks.append(Task(line, rid, options._replace(out=out), f"{client} — {title}"))
        return tasks

    def _title(self, rid: str, lang: str) -> str | None:
        """The routine's title in `lang`, once it is loaded and linted as a build does it; None
        when it has errors (they join `problems`)."""
        from handout import check
        from handout.check import lint
        from handout.content.parse import noted

        key = (rid, lang)
        if key not in self.titles:
            try:
                with noted():  # its warnings come with each row's build
                    doc = check.routine(self.ws, rid, lang)
                    lint.enforce(doc, self.ws)
                self.titles[key] = doc.routine.title
            except HandoutError as error:
                self.problems += error.lines()
                self.titles[key] = None
        return self.titles[key]


def build_row(ws: Workspace, task: Task) -> Result | Made:
    """The row's document, written to its file; merged, only made (the merge takes its bytes).
    A card too long for its paper goes on larger paper, as `build --all` does."""
    options = task.options
    if options.format == "card":
        made = card_that_fits(ws, task.routine, options)
    else:
        made = made_routine(ws, task.routine, options)
    return made if options.out is None else write(ws, options, made)


# the CSV ---------------------------------------------------------------------------------


def read(path: Path) -> list[Record]:
    """The CSV's records, header first, each with the line it starts on; blank lines left out."""
    name = shown(path)
    text = _text(path, name)
    first = next(line for line in text.splitlines() if line.strip())
    delimiter = ";" if first.count(";") > first.count(",") else ","
    # strict: a quote left open is an error, not a cell that runs to the end of the file
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True, strict=True
    )
    records: list[Record] = []
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return records
        except csv.Error as error:
            raise HandoutError(
                f"{name}:{start}: {error} — check the quotes from this line on"
            ) from None
        if any(cell.strip() for cell in cells):
            records.append(Record(start, cells))


def _text(path: Path, name: str) -> str:
    """The file's text, without a BOM; one that is missing, not UTF-8 or empty is refused."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file — check the name and the folder") from None
    except IsADirectoryError:
        raise UsageError(f"{name}: is a folder — give a .csv file") from None
    except OSError as error:
        raise UsageError(
            f"{name}: cannot read it ({error.strerror}) — check its permissions"
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise HandoutError(
            f"{name}:{line}: not UTF-8 text (byte 0x{data[error.start]:02x})"
            " — save the file as CSV UTF-8"
        ) from None
    if not text.strip():
        raise HandoutError(
            f"{name}: the file is empty — write a header line such as client,routine"
            " and one line per client"
        )
    return text


def _cells(names: list[str | None], cells: list[str]) -> tuple[dict[str, str], list[str]]:
    """A record's values by column, trimmed, empty ones left out; a value in a column the
    header does not name is a problem."""
    values: dict[str, str] = {}
    found: list[str] = []
    for index, cell in enumerate(cells):
        value = cell.strip()
        name = names[index] if index < len(names) else None
        if name is not None and value:
            values[name] = value
        elif value:
            found.append(
                f"a value in column {index + 1}, which the header does not name"
                " — name the column, or quote a value that holds the separator"
            )
    return values, found


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(text: str | None, found: list[str]) -> date | None:
    """A row's date (YYYY-MM-DD); a bad one joins `found`."""
    if text is None:
        return None
    try:
        if _DAY.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    found.append(f"bad date '{text}' — write it as YYYY-MM-DD, e.g. 2026-03-12")
    return None


def _target(csv_file: Path, merge: bool, out: Path | None) -> Path:
    """The rows' folder, or the merged PDF; a --out of the other kind is refused."""
    is_pdf = out is not None and out.suffix.lower() == ".pdf"
    if merge:
        if out is not None and not is_pdf:
            raise UsageError(
                f"--out {out}: --merge writes one PDF — give a file name ending in .pdf"
            )
        return out or OUTPUT / f"batch-{csv_file.stem}.pdf"
    if is_pdf or (out is not None and out.exists() and not out.is_dir()):
        kind = "names a PDF" if is_pdf else "is a file, not a folder"
        raise UsageError(
            f"--out {out}: {kind}, and batch writes one PDF per row into a folder"
            " — give a folder, or add --merge for one PDF"
        )
    return out or OUTPUT / "batch"


# file names --------------------------------------------------------------------------------

# Letters with no ASCII letter in their Unicode decomposition, spelled in ASCII (after
# casefold and NFKD): Latin ones, Cyrillic and Greek (ISO 9 / ICAO-like, readable, not
# reversible). A name in another script falls back to `client-<line>`.
_SPELLED = str.maketrans(
    {
        "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
        "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "ye",
        "ж": "zh", "з": "z", "и": "i", "і": "i", "к": "k", "л": "l", "м": "m", "н": "n",
        "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
        "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
        "ю": "yu", "я": "ya",
        "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
        "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
        "ρ": "r", "σ": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
    }
)  # fmt: skip


def slug(name: str, line: int) -> str:
    """A client's name as part of a file name: lowercase ASCII letters and digits joined by
    hyphens, accents dropped (`Zoë Müller` → zoe-muller), Cyrillic and Greek spelled in Latin
    letters (`Иван Петров` → ivan-petrov); `client-<line>` when nothing is left."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(char for char in folded if not unicodedata.combining(char))
    bare = bare.replace("ου", "ou").translate(_SPELLED)  # Greek ου is one sound
    words = re.findall(r"[a-z0-9]+", bare)
    return "-".join(words)[:SLUG_LENGTH].strip("-") or f"client-{line}"


def _unique(name: str, taken: set[str]) -> str:
    """`name`, or `name-2`, `name-3`, … when an earlier row has it (taken joins it)."""
    unique, count = name, 1
    while unique in taken:
        count += 1
        unique = f"{name}-{count}"
    taken.add(unique)
    return unique
