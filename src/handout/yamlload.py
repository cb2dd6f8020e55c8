"""Safe YAML loading that remembers where every key and value came from.

The loader composes the node tree with `yaml.SafeLoader` (no object tags can
run), then walks it into plain Python values itself, so it can
- record the line and column of every key and value (`Located.where`),
- reject duplicate keys, tabs used for indentation, non-UTF-8 bytes,
- stop alias bombs and recursive aliases before they are expanded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from handout.errors import ContentError, Problem

MAX_BYTES = 1_000_000
MAX_NODES = 50_000

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


@dataclass
class Located:
    """Plain data from one YAML file plus the position of each part of it."""

    file: str
    data: Any
    values: dict[Key, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Key, tuple[int, int]] = field(default_factory=dict)

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
            what = "a folder" if path.is_dir() else "missing"
            raise ContentError.one(shown, 1, 1, f"file is {what} — give the path of a .yaml file")
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ContentError.one(shown, 1, 1, f"cannot read the file ({reason}) — check the path") from None
    if len(raw) > MAX_BYTES:
        raise ContentError.one(
            shown, 1, 1,
            f"file is {len(raw):,} bytes, over the {MAX_BYTES:,}-byte limit — split it into smaller files",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
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
        loader = yaml.SafeLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, file) from None
    except yaml.YAMLError as exc:
        raise ContentError.one(file, 1, 1, f"not valid YAML ({exc}) — fix the syntax") from None
    located = Located(file, None)
    if root is None:
        raise ContentError.one(file, 1, 1, "file is empty — write the content as YAML keys")
    located.data = _Walker(located).value(root, ())
    return located


def _syntax_error(exc: yaml.MarkedYAMLError, file: str) -> ContentError:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = (exc.problem or exc.context or "syntax error").strip()
    if "expected a single document" in (exc.context or ""):
        return ContentError.one(file, line, col, "more than one YAML document — keep one per file")
    return ContentError.one(file, line, col, f"invalid YAML: {what} — fix the syntax here")


class _Walker:
    """Turns composed nodes into plain values, counting every node visited."""

    def __init__(self, located: Located) -> None:
        self.located = located
        self.visited = 0
        self.active: set[int] = set()
        self.constructor = yaml.SafeLoader("")

    def value(self, node: yaml.Node, path: Key) -> Any:
        self.visited += 1
        where = (node.start_mark.line + 1, node.start_mark.column + 1)
        if self.visited > MAX_NODES:
            raise ContentError.one(
                self.located.file, *where,
                f"more than {MAX_NODES:,} values (an alias bomb?) — remove anchors and aliases",
            )
        if id(node) in self.active:
            raise ContentError.one(
                self.located.file, *where, "an alias refers to itself — remove the recursive alias"
            )
        self.located.values.setdefault(path, where)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, path)
            if isinstance(node, yaml.SequenceNode):
                return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
            return self.scalar(node, where)
        finally:
            self.active.discard(id(node))

    def mapping(self, node: yaml.MappingNode, path: Key) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            key = self.scalar(key_node, where) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                raise ContentError.one(
                    self.located.file, *where, "a key must be a plain word — write it as text"
                )
            if key in result:
                first = self.located.keys[(*path, key)]
                raise ContentError.one(
                    self.located.file, *where,
                    f"duplicate key '{key}' (first at line {first[0]}) — keep only one",
                )
            self.located.keys[(*path, key)] = where
            result[key] = self.value(value_node, (*path, key))
        return result

    def scalar(self, node: yaml.Node, where: tuple[int, int]) -> Any:
        if node.tag == "tag:yaml.org,2002:merge":
            raise ContentError.one(
                self.located.file, *where, "merge keys (<<) are not supported — write the keys out"
            )
        if node.tag not in _PLAIN_TAGS:
            raise ContentError.one(
                self.located.file, *where,
                f"unsupported YAML tag '{node.tag}' — write plain text, numbers or lists",
            )
        return self.constructor.construct_object(node, deep=True)
