"""Field kinds for the content model: each checks a YAML value and says in words what is wrong.

A model is a `Record` (frozen, built by keyword) whose fields carry a kind:
`title: str = spec(TEXT)`, `cue: str | None = spec(Optional(TEXT), default=None)`.
`check(Model, data)` builds the model or raises `Invalid` holding one `Issue` per
problem, each with the path of the value in the data and a finished message
(`step 3, pressure: 'hard' is not one of light, medium, firm`). `json_schema(Model)`
describes the same rules for editors. This replaces a general validation library
(why, as measured: README, Performance).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Iterable
from typing import Any, ClassVar, NamedTuple, TypeVar, dataclass_transform

Path = tuple[str | int, ...]
JSON = dict[str, Any]
R = TypeVar("R", bound="Record")


class Issue(NamedTuple):
    """One problem: where in the data, the message, and whether it points at the key itself."""

    path: Path
    message: str
    key: bool = False


class Invalid(ValueError):
    """The data does not fit the model; `issues` holds every problem found."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("; ".join(issue.message for issue in issues))


class _Failed(Exception):
    """A value failed; its issues are already recorded."""


class Kind:
    """What a field holds: `check` returns the value to keep or records an issue and fails.
    A kind that can be of the wrong type names itself in `noun` ('expected text, got …')."""

    def check(self, value: Any, path: Path, issues: list[Issue]) -> Any:
        raise NotImplementedError

    def schema(self, defs: JSON) -> JSON:
        raise NotImplementedError


def fail(issues: list[Issue], path: Path, message: str) -> _Failed:
    issues.append(Issue(path, f"{show_path(path)}: {message}" if path else message))
    return _Failed()


# words -----------------------------------------------------------------------------------


# What one item of a list is called, counted from 1 as the PDF counts steps:
# `steps[1].caution[0].level` is shown as `step 2, caution 1, level`.
_ITEM = {
    "steps": "step",
    "cautions": "caution",
    "caution": "caution",
    "routines": "routine",
    "region": "region",
    "tags": "tag",
    "text": "text line",
    "rules": "rule",
}


def show_path(path: Path) -> str:
    """Where a value is, for people: keys joined by dots, a list item named and counted from 1
    (`clinic.accent`, `step 2, pressure`, `equipment item 1`), the parts separated by commas."""
    parts: list[str] = []
    keys: list[str] = []
    for part in path:
        if isinstance(part, int):
            name = keys.pop() if keys else ""
            item = _ITEM.get(name) or f"{name} item".lstrip()
            parts.append(".".join([*keys, f"{item} {part + 1}"]))
            keys = []
        else:
            keys.append(part)
    if keys:
        parts.append(".".join(keys))
    return ", ".join(parts)


def shown(value: Any) -> str:
    """A value the way it is written in YAML (`true`, not `True`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "null" if value is None else str(value)


def kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return type(value).__name__


def suggest(word: str, choices: Iterable[str]) -> str:
    """' — did you mean 'x'?' for a close choice, else the empty string."""
    close = closest(word, choices)
    return f" — did you mean '{close}'?" if close else ""


def closest(word: str, choices: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


_FIXES = {
    "text": " — put it in quotes",
    "text or a list": " — write a paragraph, or a list with one '- ' line per item",
    "a list": " — write one item per line, each starting with '- '",
    "a mapping (key: value)": " — write it as key: value lines",
    "true or false": " — write true or false",
    "a whole number": " — write a whole number, e.g. 2",
    "a number": " — write just the number, e.g. 10.5",
}


def wrong(issues: list[Issue], path: Path, expected: str, value: Any) -> _Failed:
    """`expected text, got a number — put it in quotes`, with the fix that fits the value."""
    got = (
        str(value) if isinstance(value, float) and expected == "a whole number" else kind_of(value)
    )
    if value is None:
        fix = " — write the value after the colon"
    elif expected == "text" and isinstance(value, list | dict):
        fix = " — write it as one line of text"
    else:
        fix = _FIXES[expected]
    return fail(issues, path, f"expected {expected}, got {got}{fix}")


# kinds -----------------------------------------------------------------------------------


class Text(Kind):
    """A string; empty only when `empty` is set."""

    noun = "text"

    def __init__(self, *, empty: bool = False, examples: list[Any] | None = None) -> None:
        self.empty = empty
        self.examples = examples

    def check(self, value: Any, path: Path, issues: list[Issue]) -> Any:
        if not isinstance(value, str):
            raise wrong(issues, path, self.noun, value)
        if not value and not self.empty:
            raise fail(issues, path, "must not be empty — write some text or remove the key")
        return value if value.isascii() else _encodable(value, path, issues)

    def schema(self, defs: JSON) -> JSON:
        out: JSON = {"type": "string"} if self.empty else {"type": "string", "minLength": 1}
        return {**out, "examples": self.examples} if self.examples else out


def _encodable(value: str, path: Path, issues: list[Issue]) -> str:
    """The text with each pair of UTF-16 halves (YAML's `\\ud83d\\ude00`) joined into its
    character; a half left alone is refused, as no file or PDF can hold it."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        pass
    joined = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    try:
        joined.encode("utf-8")
    except UnicodeEncodeError as exc:
        half = f"\\u{ord(joined[exc.start]):04x}"
        raise fail(
            issues,
            path,
            f"character {exc.start + 1} is {half}, a lone half of a UTF-16 pair"
            " — write the character itself or remove it",
        ) from None
    return joined


class Checked(Kind):
    """Another kind, then a function that may reject the value (ValueError) or tidy it."""

    def __init__(self, base: Kind, func: Callable[[Any], Any]) -> None:
        self.base = base
        self.func = func

    def check(self, value: Any, path: Path, issues: list[Issue]) -> Any:
        return _apply(self.func, self.base.check(value, path, issues), path, issues)

    def schema(self, defs: JSON) -> JSON:
        return self.base.schema(defs)


class Converted(Kind):
    """Any YAML value turned into the kept one by a function (durations, repeat counts)."""

    def __init__(self, func: Callable[[Any], Any], schema: JSON) -> None:
        self.func = func
        self._schema = schema

    def check(self, value: Any, path: Path, issues: list[Issue]) -> Any:
        return _apply(self.func, value, path, issues)

    def schema(self, defs: JSON) -> JSON:
        return self._schema


def _apply(func: Callable[[Any], Any], value: Any, path: Path, issues: list[Issue]) -> Any:
    """`func(value)`, its ValueError recorded as the value's problem."""
    try:
        return func(value)
    except ValueError as exc:
        raise fail(issues, path, str(exc)) from None


class Choice(Kind):
    """One of a set of words; a near miss gets a did-you-mean. The set is kept, not copied,
    so a table's words (the caution levels) are read when a value is checked."""

    def __init__(self, values: Collection[str], *, region: bool = False) -> None:
        self.values = values
        self.region = region

    def check(self, value: Any, path: Path, issues: list[Issue]) -> Any:
        if isinstance(value, str) and value in self.values:
            return value
        if self.region:
            hint = suggest(str(value), self.values) or " — see handout schema for the list"
            raise fail(issues, path, f"unknown region '{shown(value)}'{hint}")
        hint = suggest(str(value), self.values)
        raise fail(issues, path, f"'{shown(value)}' is not one of {', '.join(self.values)}{hint}")

    def schema(self, defs: JSON) -> JSON:
        return {"type": "string", "enum": list(self.values)}


class Number(Kind):
    """A number between `low` and `high`; `whole` numbers only if set."""

    def __init__(self, low: float, high: float, *, whole: bool = False) -> None:
        self.low, self.high, self.whole = low, high, whole
        self.noun = "a whole number" if whole else "a number"

    def check(self, value: Any, path: Path, issues: list[Issue]) -> Any:
        allowed = int if self.whole else int | float
        if isinstance(value, bool) or not isinstance(value, allowed):
            raise wrong(issues, path, self.noun, value)
        if value != value:
            raise fail(issues, path, "nan is not a number — write just the number, e.g. 10.5")
        if value < self.low:
            raise fail(issues, path, f"{shown(value)} is too small — use {shown(self.low)} or more")
        if value > self.high:
            raise fail(
                issues, path, f"{shown(value)} is too large — use {shown(self.high)} or less"
            )
        return value if self.whole else float(value)

    def schema(self, defs: JSON) -> JSON:
        kind = "integer" if self.whole else "number"
        return {"type": kind, "minimum": self.low, "maximum": self.high}


class Flag(Kind):
    noun = "true or false"

    def check(self, value: Any, path: Path, issues: list[Issue]) -> Any:
        if not isinstance(value, bool):
            raise wrong(issues, path, self.noun, value)
        return value

    def schema(self, defs: JSON) -> JSON:
        return {"type": "boolean"}


class Optional(Kind):
    """`null` or the kind."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind

    def check(self, value: Any, path: Path, issues: list[Issue]) -> Any:
        return None if value is None else self.kind.check(value, path, issues)

    def schema(self, defs: JSON) -> JSON:
        return {"anyOf": [self.kind.schema(defs), {"type": "null"}]}


class ListOf(Kind):
    """A list of one kind; with `single`, a lone string or mapping counts as a list of one."""

    noun = "a list"

    def __init__(self, item: Kind, *, at_least: int = 0, single: bool = False) -> None:
        self.item, self.at_least, self.single = item, at_least, single

    def check(self, value: Any, path: Path, issues: list[Issue]) -> Any:
        if self.single and isinstance(value, str | dict):
            return [self.item.check(value, path, issues)]
        if not isinstance(value, list):
            raise wrong(issues, path, self.noun, value)
        if len(value) < self.at_least:
            raise fail(issues, path, "must not be empty — add at least one item")
        return _each([(item, (*path, i)) for i, item in enumerate(value)], self.item, issues)

    def schema(self, defs: JSON) -> JSON:
        items = self.item.schema(defs)
        out: JSON = {"type": "array", "items": items}
        if self.at_least:
            out["minItems"] = self.at_least
        if not self.single:
            return out
        return {"anyOf": [*items.get("anyOf", [items]), out]}


def _each(values: list[tuple[Any, Path]], kind: Kind, issues: list[Issue]) -> list[Any]:
    """Check every value, failing after all of them were seen (so every problem is reported)."""
    out: list[Any] = []
    failed = False
    for value, path in values:
        try:
            out.append(kind.check(value, path, issues))
        except _Failed:
            failed = True
    if failed:
        raise _Failed
    return out


class TextOrList(Kind):
    """A paragraph, or a list of paragraphs."""

    noun = "text or a list"

    def __init__(self, text: Kind) -> None:
        self.text = text
        self.list = ListOf(text)

    def check(self, value: Any, path: Path, issues: list[Issue]) -> Any:
        if isinstance(value, list):
            return self.list.check(value, path, issues)
        if isinstance(value, str):
            return self.text.check(value, path, issues)
        raise wrong(issues, path, self.noun, value)

    def schema(self, defs: JSON) -> JSON:
        return {"anyOf": [self.text.schema(defs), self.list.schema(defs)]}


class Nested(Kind):
    """A mapping that is itself a model."""

    noun = "a mapping (key: value)"

    def __init__(self, model: type[Record]) -> None:
        self.model = model

    def check(self, value: Any, path: Path, issues: list[Issue]) -> Any:
        if not isinstance(value, dict):
            raise wrong(issues, path, self.noun, value)
        return _build(self.model, value, path, issues)

    def schema(self, defs: JSON) -> JSON:
        name = self.model.__name__
        if name not in defs:
            defs[name] = {}  # reserve the name first: a model may contain itself
            defs[name] = model_schema(self.model, defs)
        return {"$ref": f"#/$defs/{name}"}


# models ----------------------------------------------------------------------------------

_NO_DEFAULT: Any = object()


class Field(NamedTuple):
    """One field of a model: its kind, and its default or the factory that makes one."""

    kind: Kind
    default: Any = _NO_DEFAULT
    default_factory: Callable[[], Any] | None = None
    description: str | None = None
    name: str = ""

    @property
    def required(self) -> bool:
        return self.default is _NO_DEFAULT and self.default_factory is None

    def fresh(self) -> Any:
        return self.default_factory() if self.default_factory else self.default


def spec(
    kind: Kind,
    *,
    default: Any = _NO_DEFAULT,
    default_factory: Callable[[], Any] | None = None,
    description: str | None = None,
) -> Any:
    """A model field of `kind`; required unless it has a default or a default factory."""
    return Field(kind, default, default_factory, description)


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(spec,))
class Record:
    """Base of the model classes: built by keyword, frozen, compared and hashed by value.

    Like a frozen keyword-only dataclass, but its methods are shared rather than
    generated per class, so defining the models costs next to nothing.
    """

    fields: ClassVar[tuple[Field, ...]] = ()

    def __init_subclass__(cls) -> None:
        cls.fields = tuple(
            value._replace(name=name)
            for name, value in vars(cls).items()
            if isinstance(value, Field)
        )

    def __init__(self, **values: Any) -> None:
        unknown = set(values).difference(f.name for f in self.fields)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(sorted(unknown))}")
        missing = [f.name for f in self.fields if f.required and f.name not in values]
        if missing:
            raise TypeError(f"{type(self).__name__} needs {', '.join(missing)}")
        self._fill(values)

    def _fill(self, values: dict[str, Any]) -> None:
        """Set every field: the value given, else its default (no checks: `check` did them)."""
        self.__dict__.update(
            {f.name: values[f.name] if f.name in values else f.fresh() for f in self.fields}
        )

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in self.fields)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: cannot set {name}")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in self.fields)
        return f"{type(self).__name__}({shown})"


def names(model: type[Record]) -> list[str]:
    return [f.name for f in model.fields]


def check(model: type[R], data: Any) -> R:
    """The model built from plain data, or `Invalid` with every problem in it."""
    issues: list[Issue] = []
    if not isinstance(data, dict):
        keys = ", ".join(f"{name}:" for name in names(model)[:3])
        message = (
            f"expected a mapping of keys ({keys} …), got {kind_of(data)}"
            " — write the file as key: value lines"
        )
        raise Invalid([Issue((), message)])
    try:
        built: R = _build(model, data, (), issues)
    except _Failed:
        raise Invalid(issues) from None
    return built


def _build(model: type[R], data: dict[Any, Any], path: Path, issues: list[Issue]) -> R:
    allowed = names(model)
    prefix = f"{show_path(path)}: " if path else ""
    failed = False
    guessed: set[str] = set()
    for key in data:
        if key not in allowed:
            name = str(key)
            hint = suggest(name, allowed) or f" — remove it (allowed: {', '.join(allowed)})"
            issues.append(Issue((*path, key), f"{prefix}unknown key '{name}'{hint}", key=True))
            guessed.add(closest(name, allowed) or "")
            failed = True
    values: dict[str, Any] = {}
    for field in model.fields:
        if field.name in data:
            try:
                values[field.name] = field.kind.check(data[field.name], (*path, field.name), issues)
            except _Failed:
                failed = True
        elif field.required:
            if field.name not in guessed:
                issues.append(Issue(path, f"{prefix}missing required key '{field.name}' — add it"))
            failed = True
    if failed:
        raise _Failed
    record = object.__new__(model)
    record._fill(values)
    return record


def model_schema(model: type[Record], defs: JSON) -> JSON:
    """JSON Schema of one model; nested models go into `defs`."""
    properties: JSON = {}
    for field in model.fields:
        node = field.kind.schema(defs)
        if field.description:
            node = {**node, "description": field.description}
        if field.default is not _NO_DEFAULT and field.default is not None:
            node = {**node, "default": field.default}
        properties[field.name] = node
    out: JSON = {"type": "object", "additionalProperties": False, "properties": properties}
    required = [f.name for f in model.fields if f.required]
    if required:
        out["required"] = required
    if model.__doc__:
        out["description"] = model.__doc__.strip()
    return out


def json_schema(model: type[Record], title: str) -> JSON:
    defs: JSON = {}
    body = model_schema(model, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        **body,
        "$defs": dict(sorted(defs.items())),
    }
