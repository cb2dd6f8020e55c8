"""Turns plain data plus positions into models, with one exact message per problem.

Pydantic finds the problems; this module says them the way a person needs:
`file:line:col: steps[2].pressure: 'hard' is not one of light, medium, firm`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from handout.errors import ContentError, Problem
from handout.yamlload import Key, Located

M = TypeVar("M", bound=BaseModel)

_KINDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
}


def suggest(word: str, choices: Iterable[str]) -> str:
    """' — did you mean 'x'?' for a close choice, else the empty string."""
    close = _close(word, choices)
    return f" — did you mean '{close}'?" if close else ""


def _close(word: str, choices: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return type(value).__name__


def show_path(path: Key) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def parse(located: Located, model: type[M]) -> M:
    """Validate the located data as `model`, raising every problem at once.

    The problems the YAML loader collected (duplicate keys, tags, merge keys)
    are raised here too, together with the model's own.
    """
    try:
        result = model.model_validate(located.data)
    except ValidationError as exc:
        found = problems(located, model, exc.errors(include_url=False))
        raise ContentError(located.problems + found) from None
    if located.problems:
        raise ContentError(located.problems)
    return result


def problems(
    located: Located, model: type[BaseModel], errors: Sequence[ErrorDetails]
) -> list[Problem]:
    by_path: dict[Key, list[ErrorDetails]] = {}
    for error in errors:
        path = data_path(located.data, error["loc"])
        if not any(path[: len(bad)] == bad for bad in located.dropped):
            by_path.setdefault(path, []).append(error)
    deepest = [p for p in by_path if not any(len(q) > len(p) and q[: len(p)] == p for q in by_path)]
    guessed = _guessed_keys(model, by_path)
    return [
        _problem(located, model, path, by_path[path])
        for path in deepest
        if not (by_path[path][0]["type"] == "missing" and path in guessed)
    ]


def _guessed_keys(model: type[BaseModel], by_path: dict[Key, list[ErrorDetails]]) -> set[Key]:
    """Missing keys that an unknown key beside them is probably a misspelling of.

    `stpes:` is then one problem (unknown key, did you mean 'steps'?) rather than two.
    """
    guessed: set[Key] = set()
    for path, errors in by_path.items():
        if errors[0]["type"] == "extra_forbidden" and path:
            close = _close(str(path[-1]), _allowed_keys(model, path[:-1]))
            if close:
                guessed.add((*path[:-1], close))
    return guessed


def data_path(data: Any, loc: tuple[int | str, ...]) -> Key:
    """The part of a pydantic location that names real keys and indexes in the data."""
    path: list[str | int] = []
    node = data
    for part in loc:
        inside = (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        )
        if inside:
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part.isidentifier():
            path.append(part)  # a missing or unknown key
            break
        else:
            continue
        path.append(part)
    return tuple(path)


def _problem(
    located: Located, model: type[BaseModel], path: Key, errors: list[ErrorDetails]
) -> Problem:
    first = errors[0]
    kind = first["type"]
    name = str(path[-1]) if path else ""
    where = show_path(path)
    if kind == "missing":
        parent = show_path(path[:-1])
        prefix = f"{parent}: " if parent else ""
        return located.problem(path[:-1], f"{prefix}missing required key '{name}' — add it")
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, path[:-1])
        hint = suggest(name, allowed) or f" — remove it (allowed: {', '.join(allowed)})"
        parent = show_path(path[:-1])
        prefix = f"{parent}: " if parent else ""
        return located.problem(path, f"{prefix}unknown key '{name}'{hint}", key=True)
    value = _value_at(located.data, path)
    if not path:
        fields = ", ".join(f"{f}:" for f in list(model.model_fields)[:3])
        return located.problem(
            path,
            f"expected a mapping of keys ({fields} …), got {kind_of(value)}"
            " — write the file as key: value lines",
        )
    return located.problem(path, f"{where}: {_message(errors, value, name)}")


def _message(errors: list[ErrorDetails], value: Any, name: str) -> str:
    first = errors[0]
    kind = first["type"]
    if kind == "literal_error":
        choices = [
            c.strip(" '") for c in str(first["ctx"]["expected"]).replace(" or ", ", ").split(",")
        ]
        if name == "region" or _is_index_of(first["loc"], "region"):
            hint = suggest(str(value), choices) or " — see handout schema for the list"
            return f"unknown region '{_shown(value)}'{hint}"
        return f"'{_shown(value)}' is not one of {', '.join(choices)}"
    if kind == "value_error":
        return str(first["msg"]).removeprefix("Value error, ")
    if kind == "too_short" and isinstance(value, list):
        return "must not be empty — add at least one item"
    if kind == "string_too_short":
        return "must not be empty — write some text or remove the key"
    if kind in _BOUNDS:
        size, how = _BOUNDS[kind]
        limit = next(iter((first.get("ctx") or {}).values()), "?")
        return f"{_shown(value)} is too {size} — use {how.format(_shown(limit))}"
    expected = list(dict.fromkeys(_KINDS[e["type"]] for e in errors if e["type"] in _KINDS))
    if expected:
        got = str(value) if isinstance(value, float) and kind == "int_type" else kind_of(value)
        return f"expected {' or '.join(expected)}, got {got}{_fix(expected, value)}"
    return f"{first['msg']}"


_BOUNDS = {
    "greater_than_equal": ("small", "{} or more"),
    "greater_than": ("small", "more than {}"),
    "less_than_equal": ("large", "{} or less"),
    "less_than": ("large", "less than {}"),
}


def _fix(expected: list[str], value: Any) -> str:
    """What to do about a value of the wrong kind."""
    if value is None:
        return " — write the value after the colon"
    if expected == ["text"]:
        return (
            " — write it as one line of text"
            if isinstance(value, list | dict)
            else " — put it in quotes"
        )
    if "a list" in expected and "text" in expected:
        return " — write a paragraph, or a list with one '- ' line per item"
    if "a list" in expected:
        return " — write one item per line, each starting with '- '"
    if "a mapping (key: value)" in expected:
        return " — write it as key: value lines"
    if expected == ["true or false"]:
        return " — write true or false"
    if expected == ["a whole number"]:
        return " — write a whole number, e.g. 2"
    if expected == ["a number"]:
        return " — write just the number, e.g. 10.5"
    return ""


def _shown(value: Any) -> str:
    """A value the way it is written in YAML (`true`, not `True`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "null" if value is None else str(value)


def _is_index_of(loc: tuple[int | str, ...], field: str) -> bool:
    return field in loc


def _value_at(data: Any, path: Key) -> Any:
    for part in path:
        data = data[part]  # type: ignore[index]
    return data


def _allowed_keys(model: type[BaseModel], path: Key) -> list[str]:
    """Field names of the model found at `path` (a nested model, list item or the root)."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = _model_in(field.annotation)
        if current is None:
            return []
    return list(current.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    metadata = getattr(annotation, "__origin__", None)
    return _model_in(metadata) if metadata is not None and metadata is not annotation else None
