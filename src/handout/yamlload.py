"""Safe YAML loading that remembers where every key and value came from.

The loader composes the node tree with `yaml.SafeLoader` (no object tags can
run), then walks it into plain Python values itself, so it can
- record the line and column of every key and value (`Located.where`),
- reject duplicate keys, tabs used for indentation, non-UTF-8 bytes,
- stop alias bombs, recursive aliases and runaway nesting before they are expanded.

Problems that leave the rest of the file readable (a duplicate key, a tag, a
merge key) are collected in `Located.problems` rather than raised, so that
`validate.parse` can report them together with every other problem in the file.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
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
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


@dataclass
class Located:
    """Plain data from one YAML file plus the position of each part of it."""

    file: str
    data: Any
    values: dict[Key, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Key, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    dropped: set[Key] = field(default_factory=set)
    """Paths whose value was left out because of one of `problems`."""

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
            what = (
                "a folder"
                if path.is_dir()
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
        loader, root = _compose(text, file)
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
    located = Located(file, None)
    if root is None:
        raise ContentError.one(file, 1, 1, "file is empty — write the content as YAML keys")
    located.data = _Walker(located, loader.aliases).value(root, ())
    return located


Slot = tuple[int, int]
"""A place in the node tree: (id of the parent node, index or id of the key node)."""


def _slot(parent: yaml.Node | None, index: Any) -> Slot:
    return id(parent), index if isinstance(index, int) else id(index)


def _compose(text: str, file: str) -> tuple[_Limits, yaml.Node | None]:
    """The node tree, parsed by libyaml when present (about ten times faster); a document it
    rejects is parsed again by the pure-Python parser so the message is worded the same way."""
    if _FastLoader is not None:
        fast = _FastLoader(text, file)
        try:
            return fast, Composer.get_single_node(fast)
        except yaml.YAMLError:
            pass
    slow = _Loader(text, file)
    try:
        return slow, slow.get_single_node()
    finally:
        slow.dispose()


class _Limits:
    """Composer hook that limits nesting and remembers where each alias was written."""

    file: str
    depth: int
    aliases: dict[Slot, tuple[int, int]]

    def _start(self, file: str) -> None:
        self.file = file
        self.depth = 0
        self.aliases = {}

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event: yaml.Event = self.peek_event()  # type: ignore[attr-defined]
        line, col = _position(event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            self.aliases[_slot(parent, index)] = (line, col)
            return super().compose_node(parent, index)  # type: ignore[misc, no-any-return]
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise ContentError.one(
                    self.file,
                    line,
                    col,
                    f"nested more than {MAX_DEPTH} levels deep — flatten the lists and mappings",
                )
            return super().compose_node(parent, index)  # type: ignore[misc, no-any-return]
        finally:
            self.depth -= 1


class _Loader(_Limits, yaml.SafeLoader):
    def __init__(self, text: str, file: str) -> None:
        yaml.SafeLoader.__init__(self, text)
        self._start(file)


def _fast_loader() -> Any:
    try:
        from yaml._yaml import CParser
    except ImportError:  # PyYAML built without libyaml
        return None

    class FastLoader(_Limits, CParser, Composer, SafeConstructor, Resolver):  # type: ignore[misc]
        def __init__(self, text: str, file: str) -> None:
            CParser.__init__(self, text)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            self._start(file)

    return FastLoader


_FastLoader = _fast_loader()


def _position(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _syntax_error(exc: yaml.MarkedYAMLError, file: str) -> ContentError:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = (exc.problem or exc.context or "syntax error").strip()
    if "expected a single document" in (exc.context or ""):
        return ContentError.one(file, line, col, "more than one YAML document — keep one per file")
    return ContentError.one(file, line, col, f"invalid YAML: {what} — fix the syntax here")


class _Walker:
    """Turns composed nodes into plain values, counting every node visited."""

    def __init__(self, located: Located, aliases: dict[Slot, tuple[int, int]]) -> None:
        self.located = located
        self.aliases = aliases
        self.visited = 0
        self.active: set[int] = set()
        self.expanding: list[tuple[int, int]] = []
        self.constructor = yaml.SafeLoader("")

    def value(self, node: yaml.Node, path: Key, alias: tuple[int, int] | None = None) -> Any:
        self.visited += 1
        where = alias or (node.start_mark.line + 1, node.start_mark.column + 1)
        if self.visited > MAX_NODES:
            outer = self.expanding[0] if self.expanding else where
            raise ContentError.one(
                self.located.file,
                *outer,
                f"more than {MAX_NODES:,} values once aliases are expanded (an alias bomb?)"
                " — remove the anchors (&) and aliases (*)",
            )
        if id(node) in self.active:
            raise ContentError.one(
                self.located.file,
                *where,
                "this alias refers to a node that contains it — remove the recursive alias",
            )
        self.located.values.setdefault(path, where)
        self.active.add(id(node))
        if alias:
            self.expanding.append(alias)
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, path)
            if isinstance(node, yaml.SequenceNode):
                self.check_tag(node, "tag:yaml.org,2002:seq", path, where)
                return [
                    self.value(item, (*path, i), self.aliases.get(_slot(node, i)))
                    for i, item in enumerate(node.value)
                ]
            return self.scalar(node, path, where)
        finally:
            self.active.discard(id(node))
            if alias:
                self.expanding.pop()

    def mapping(self, node: yaml.MappingNode, path: Key) -> dict[str, Any]:
        where = (node.start_mark.line + 1, node.start_mark.column + 1)
        result: dict[str, Any] = {}
        if not self.check_tag(node, "tag:yaml.org,2002:map", path, where):
            return result
        for key_node, value_node in node.value:
            where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.report(where, "merge keys (<<) are not supported — write the keys out in full")
                continue
            key = (
                self.scalar(key_node, path, where)
                if isinstance(key_node, yaml.ScalarNode)
                else None
            )
            if not isinstance(key, str):
                self.report(where, "a key must be a plain word — write it as text, e.g. title")
                continue
            if key in result:
                first = self.located.keys[(*path, key)]
                self.report(
                    where, f"duplicate key '{key}' (first at line {first[0]}) — keep only one"
                )
                continue
            self.located.keys[(*path, key)] = where
            alias = self.aliases.get(_slot(node, key_node))
            result[key] = self.value(value_node, (*path, key), alias)
        return result

    def scalar(self, node: yaml.Node, path: Key, where: tuple[int, int]) -> Any:
        if node.tag not in _PLAIN_TAGS:
            self.report(where, f"unsupported YAML tag '{_tag(node.tag)}' — remove the tag")
            self.located.dropped.add(path)
            return None
        if node.tag == _TIMESTAMP:
            return (
                node.value
            )  # dates stay text: no field wants a date, and 0000-00-00 must not crash
        return self.constructor.construct_object(node, deep=True)

    def check_tag(self, node: yaml.Node, plain: str, path: Key, where: tuple[int, int]) -> bool:
        if node.tag == plain:
            return True
        self.report(where, f"unsupported YAML tag '{_tag(node.tag)}' — remove the tag")
        self.located.dropped.add(path)
        return False

    def report(self, where: tuple[int, int], message: str) -> None:
        self.located.problems.append(Problem(self.located.file, *where, message))


def _tag(tag: str) -> str:
    """A tag the way it is written in the file (`!!python/object`, not the full URI)."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag
