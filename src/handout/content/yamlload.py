"""Safe YAML loading that remembers where every key and value came from.

The loader reads parser events (libyaml's, else PyYAML's own) and builds plain
Python values from them itself, in one pass and with no node tree, so it can
- record the line and column of every key and value (`Located.where`),
- reject duplicate keys, tabs used for indentation, non-UTF-8 bytes,
- stop alias bombs, recursive aliases and runaway nesting without expanding them,
- never construct anything but text, numbers, true/false and null (no object tags run).

Problems that leave the rest of the file readable (a duplicate key, a tag, a
merge key) are collected in `Located.problems` rather than raised, so that
`validate.parse` can report them together with every other problem in the file.
"""

from __future__ import annotations

import codecs
import functools
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from handout.errors import ContentError, Problem

MAX_BYTES = 1_000_000
MAX_NODES = 50_000
MAX_DEPTH = 64

Key = tuple[str | int, ...]
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_AS_WRITTEN = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"}
_NULL = "tag:yaml.org,2002:null"
# What follows the colon of an empty value when a colour was meant: `accent: #1e6e5a`.
_COMMENTED_COLOUR = re.compile(r"[ \t]+(#(?:[0-9a-fA-F]{3}){1,2})(?=\s|$)")
_INT = "tag:yaml.org,2002:int"
# Longer integers are refused before they are built: Python converts at most 4300 digits,
# and a hex or sexagesimal one (1:59:59…) costs time that grows with its square.
MAX_DIGITS = 1000


class Located:
    """Plain data from one YAML file plus the position of each part of it."""

    def __init__(self, file: str, data: Any) -> None:
        self.file = file
        self.data = data
        self.values: dict[Key, tuple[int, int]] = {}
        self.keys: dict[Key, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.dropped: set[Key] = set()  # paths left out because of one of `problems`
        # Values left empty because the rest of their line is a comment that reads as a colour
        # (`accent: #1e6e5a`): a warning when the field may be empty, else its problem.
        self.commented: dict[Key, Problem] = {}

    def where(self, path: Key, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at `path` (or of its key), else its nearest parent."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))

    def problem(self, path: Key, message: str, *, key: bool = False) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(self.file, line, col, message)


def read_text(path: Path, shown: str) -> str:
    """The file's text, or a ContentError naming why it cannot be read."""
    try:
        if not path.is_file():
            # The type is known before anything is opened: opening a FIFO would wait for a writer.
            what = (
                "a folder"
                if path.is_dir()
                else "not a regular file (a FIFO, device or socket)"
                if path.exists()
                else "a broken or looping link"
                if path.is_symlink()
                else "missing"
            )
            raise ContentError.one(shown, 1, 1, f"file is {what} — give the path of a .yaml file")
        size = path.stat().st_size
        if size <= MAX_BYTES:
            with path.open("rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
            size = len(raw)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ContentError.one(
            shown, 1, 1, f"cannot read the file ({reason}) — check the path"
        ) from None
    if size > MAX_BYTES:
        raise ContentError.one(
            shown,
            1,
            1,
            f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit"
            " — split it into smaller files",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        before = raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].removeprefix(codecs.BOM_UTF8)
        col = len(before.decode("utf-8", "replace")) + 1  # in characters, as YAML positions are
        byte = raw[exc.start]
        raise ContentError.one(
            shown, line, col, f"byte 0x{byte:02x} is not UTF-8 — save the file as UTF-8"
        ) from None


def load_file(path: Path, shown: str | None = None) -> Located:
    shown = shown or str(path)
    return load_text(read_text(path, shown), shown)


def load_text(text: str, file: str) -> Located:
    """Parse one YAML document into a Located, raising ContentError for bad YAML."""
    tab = _TAB_INDENT.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        col = tab.end() - tab.start()
        raise ContentError.one(file, line, col, "tab used for indentation — indent with spaces")
    try:
        return _build(text, file)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, file) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise ContentError.one(
            file,
            line,
            col,
            f"character U+{exc.character:04X} is not allowed in YAML text — remove it",
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError.one(file, 1, 1, f"not valid YAML ({exc}) — fix the syntax") from None


def _build(text: str, file: str) -> Located:
    """Parse with libyaml when present (much faster); a document it rejects is
    parsed again by the pure-Python parser so the message is worded the same way."""
    if _CParser is not None:
        try:
            return _Builder(file, _CParser(text), text).document()
        except yaml.YAMLError:
            pass
    parser = yaml.SafeLoader(text)
    try:
        return _Builder(file, parser, text).document()
    finally:
        parser.dispose()


def _c_parser() -> Any:
    try:
        from yaml._yaml import CParser
    except ImportError:  # PyYAML built without libyaml
        return None
    return CParser


_CParser = _c_parser()
_RESOLVE = Resolver().resolve
_CONSTRUCTOR = SafeConstructor()
Mark = tuple[int, int]


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MAYBE_NOT_TEXT = frozenset(Resolver.yaml_implicit_resolvers)  # first characters worth a look


def _resolved(event: Any, kind: type[yaml.Node]) -> str:
    """The event's tag, or the one its plain text implies (`3` an int, `true` a bool)."""
    tag = event.tag
    if tag is not None and tag != "!":
        return str(tag)
    if kind is not yaml.ScalarNode:  # what the resolver gives any list or mapping
        return _SEQ if kind is yaml.SequenceNode else _MAP
    value = event.value
    if not (event.implicit[0] and value[:1] in _MAYBE_NOT_TEXT):
        return _STR  # quoted, or plain text no implicit type can start with
    if len(value) <= 32:  # keys and short words recur: resolved once each
        return _implicit_tag(value, event.implicit)
    return str(_RESOLVE(kind, value, event.implicit))  # type: ignore[no-untyped-call]


@functools.lru_cache(maxsize=1024)
def _implicit_tag(value: str, implicit: tuple[bool, bool]) -> str:
    return str(_RESOLVE(yaml.ScalarNode, value, implicit))  # type: ignore[no-untyped-call]


def _mark(event: yaml.Event) -> Mark:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _syntax_error(exc: yaml.MarkedYAMLError, file: str) -> ContentError:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = (exc.problem or exc.context or "syntax error").strip()
    if "expected a single document" in (exc.context or ""):
        return ContentError.one(file, line, col, "more than one YAML document — keep one per file")
    return ContentError.one(file, line, col, f"invalid YAML: {what} — fix the syntax here")


class _Anchor:
    """An anchored value, and what an alias to it repeats: its size and its notes."""

    def __init__(self, root: Key, muted: int) -> None:
        self.root = root
        self.muted = muted
        self.value: Any = None
        self.size = 0
        self.notes: list[tuple[str, Any, Any]] = []
        self.open = True


class _Builder:
    """Builds plain values straight from parser events, noting where each one was written.

    Values under a key that is dropped (a duplicate, a merge key, a key that is not a word)
    are built "muted": they still define anchors, but nothing is noted or reported for them.
    An alias reuses its anchor's value and repeats the anchor's notes under its own path;
    its size counts towards the limit, so an alias bomb is stopped without expanding it.
    """

    def __init__(self, file: str, parser: Any, text: str) -> None:
        self.located = Located(file, None)
        self.parser = parser
        self.text = text
        self.lines: list[str] | None = None  # the text's lines, split when a value needs them
        self.anchors: dict[str, _Anchor] = {}
        self.log: list[tuple[str, Any, Any, int]] = []  # notes made while an anchor is open
        self.logging = 0
        self.muted = 0
        self.count = 0  # every value built or repeated, for anchor sizes
        self.visited = 0  # the values that count towards MAX_NODES
        self.depth = 0

    def document(self) -> Located:
        parser = self.parser
        parser.get_event()  # stream start
        if parser.check_event(yaml.StreamEndEvent):
            raise ContentError.one(
                self.located.file, 1, 1, "file is empty — write the content as YAML keys"
            )
        start = parser.get_event()  # document start
        self.located.data = self.node((), parser.get_event())
        parser.get_event()  # document end
        if not parser.check_event(yaml.StreamEndEvent):
            raise ComposerError(
                "expected a single document in the stream",
                start.start_mark,
                "but found another document",
                parser.get_event().start_mark,
            )
        return self.located

    def node(self, path: Key, event: Any) -> Any:
        """The value that starts with `event` (already read from the parser)."""
        kind = type(event)
        if kind is yaml.AliasEvent:
            return self.alias(event, path)
        where = _mark(event)
        if self.depth >= MAX_DEPTH:
            raise ContentError.one(
                self.located.file,
                *where,
                f"nested more than {MAX_DEPTH} levels deep — flatten the lists and mappings",
            )
        before = self.count
        self.visit(where)
        self.note("v", path, where)
        anchor = None if event.anchor is None else self.open_anchor(event, path, before)
        self.depth += 1
        if kind is yaml.ScalarEvent:
            value = self.scalar(event, path, where)
        elif kind is yaml.SequenceStartEvent:
            value = self.sequence(event, path, where)
        else:
            value = self.mapping(event, path, where)
        self.depth -= 1
        if anchor is not None:
            self.close_anchor(anchor, value)
        return value

    def visit(self, where: Mark) -> None:
        self.count += 1
        if not self.muted:
            self.visited += 1
            self.check_size(where)

    def check_size(self, where: Mark) -> None:
        if self.visited > MAX_NODES:
            raise ContentError.one(
                self.located.file,
                *where,
                f"more than {MAX_NODES:,} values once aliases are expanded (an alias bomb?)"
                " — remove the anchors (&) and aliases (*)",
            )

    def open_anchor(self, event: Any, path: Key, before: int) -> tuple[_Anchor, int, int]:
        name = event.anchor
        if name in self.anchors:
            raise ComposerError(
                f"found duplicate anchor {name!r}; first occurrence",
                None,
                "second occurrence",
                event.start_mark,
            )
        anchor = self.anchors[name] = _Anchor(path, self.muted)
        self.logging += 1
        return anchor, len(self.log), before

    def close_anchor(self, opened: tuple[_Anchor, int, int], value: Any) -> None:
        anchor, start, before = opened
        anchor.value = value
        anchor.size = self.count - before
        # What an alias repeats: the notes made at the anchor's own level, not in parts of it
        # that were dropped (those are not repeated, just as they were not noted the first time).
        anchor.notes = [note[:3] for note in self.log[start:] if note[3] == anchor.muted]
        anchor.open = False
        self.logging -= 1
        if not self.logging:
            self.log.clear()

    def alias(self, event: Any, path: Key) -> Any:
        where = _mark(event)
        anchor = self.anchors.get(event.anchor)
        if anchor is None:
            raise ComposerError(
                None, None, f"found undefined alias {event.anchor!r}", event.start_mark
            )
        if anchor.open:
            if self.muted:
                return None
            raise ContentError.one(
                self.located.file,
                *where,
                "this alias refers to a node that contains it — remove the recursive alias",
            )
        self.count += anchor.size
        if not self.muted:
            self.visited += anchor.size
            self.check_size(where)
        self.note("v", path, where)
        cut = len(anchor.root)
        for kind, at, what in anchor.notes:
            self.note(kind, at if kind == "p" else (*path, *at[cut:]), what)
        return anchor.value

    def note(self, kind: str, path: Any, what: Any) -> None:
        """Remember a value's or key's position, a dropped path or a problem."""
        if self.logging:
            self.log.append((kind, path, what, self.muted))
        if self.muted:
            return
        located = self.located
        if kind == "v":
            located.values.setdefault(path, what)
        elif kind == "k":
            located.keys[path] = what
        elif kind == "d":
            located.dropped.add(path)
        else:
            located.problems.append(Problem(located.file, what[0], what[1], path))

    def report(self, where: Mark, message: str) -> None:
        self.note("p", message, where)

    def unsupported(self, tag: str, path: Key, where: Mark) -> None:
        """A tag other than the plain ones: reported, and the value at `path` left out."""
        self.report(where, f"unsupported YAML tag '{_tag(tag)}' — remove the tag")
        self.note("d", path, None)

    def scalar(self, event: Any, path: Key, where: Mark) -> Any:
        tag = _resolved(event, yaml.ScalarNode)
        if tag not in _PLAIN_TAGS:
            self.unsupported(tag, path, where)
            return None
        if tag == _NULL and not event.value and path and isinstance(path[-1], str):
            self.comment_after(path, where)
        # Dates stay text: no field wants a date, and 0000-00-00 must not crash.
        if tag in _AS_WRITTEN:
            return event.value
        if tag == _INT and len(event.value) > MAX_DIGITS:
            self.report(
                where,
                f"a number of {len(event.value):,} characters is too long"
                f" — write at most {MAX_DIGITS} digits, or quote it as text",
            )
            self.note("d", path, None)
            return None
        node = yaml.ScalarNode(tag, event.value)
        return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)

    def comment_after(self, path: Key, where: Mark) -> None:
        """Note an empty value under a key whose line goes on with a comment that reads as a
        colour."""
        if self.muted:
            return
        if self.lines is None:
            self.lines = self.text.splitlines()
        line, col = where
        colour = (
            _COMMENTED_COLOUR.match(self.lines[line - 1], col - 1)
            if line <= len(self.lines)
            else None
        )
        if colour:
            key, written = path[-1], colour.group(1)
            message = f'{key}: {written} is read as a comment — write {key}: "{written}"'
            self.located.commented[path] = Problem(
                self.located.file, line, colour.start(1) + 1, message
            )

    def sequence(self, event: Any, path: Key, where: Mark) -> list[Any]:
        self.check_tag(event, yaml.SequenceNode, _SEQ, path, where)
        items: list[Any] = []
        get_event = self.parser.get_event
        event = get_event()
        while type(event) is not yaml.SequenceEndEvent:
            items.append(self.node((*path, len(items)), event))
            event = get_event()
        return items

    def mapping(self, event: Any, path: Key, where: Mark) -> dict[str, Any]:
        plain = self.check_tag(event, yaml.MappingNode, _MAP, path, where)
        result: dict[str, Any] = {}
        get_event = self.parser.get_event
        event = get_event()
        while type(event) is not yaml.MappingEndEvent:
            if not plain:
                self.skip(event)
                self.skip(get_event())
                event = get_event()
                continue
            at = _mark(event)
            key = self.key(path, at, event)
            if key is None:
                self.skip(get_event())
            elif key in result:
                first = self.located.keys.get((*path, key), at)
                self.report(at, f"duplicate key '{key}' (first at line {first[0]}) — keep only one")
                self.skip(get_event())
            else:
                child = (*path, key)
                self.note("k", child, at)
                result[key] = self.node(child, get_event())
            event = get_event()
        return result

    def key(self, path: Key, at: Mark, event: Any) -> str | None:
        """The key that starts with `event` as text, or None (reported) when it is a merge key
        or not a word."""
        if type(event) is yaml.ScalarEvent:
            tag = _resolved(event, yaml.ScalarNode)
            if tag == _STR and event.anchor is None and self.depth < MAX_DEPTH:
                self.count += 1  # the usual key: plain text, taken as it is
                return str(event.value)
            if tag == "tag:yaml.org,2002:merge":
                self.skip(event)
                self.report(at, "merge keys (<<) are not supported — write the keys out in full")
                return None
            if tag not in _PLAIN_TAGS:
                self.unsupported(tag, path, at)
        key = self.skip(event)
        if isinstance(key, str):
            return key
        self.report(at, "a key must be a plain word — write it as text, e.g. title")
        return None

    def skip(self, event: Any) -> Any:
        """Build the value that starts with `event` without noting it (anchors inside it still
        count)."""
        self.muted += 1
        try:
            return self.node((), event)
        finally:
            self.muted -= 1

    def check_tag(
        self, event: Any, kind: type[yaml.Node], plain: str, path: Key, where: Mark
    ) -> bool:
        tag = _resolved(event, kind)
        if tag == plain:
            return True
        self.unsupported(tag, path, where)
        return False


def _tag(tag: str) -> str:
    """A tag the way it is written in the file (`!!python/object`, not the full URI)."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag
