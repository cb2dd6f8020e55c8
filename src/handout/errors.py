"""The one error root users meet, and its kinds.

Every message is a full line for a person: where (file:line:col, or the
routine and step), what is wrong, and what to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple


class Problem(NamedTuple):
    """One finding in a file, printed as `file:line:col: message`."""

    file: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        """The line, with any character no output can encode (a lone surrogate from a YAML
        escape or a file name that is not UTF-8) written as its escape, e.g. \\ud800."""
        line = f"{self.file}:{self.line}:{self.col}: {self.message}"
        return line.encode("utf-8", "backslashreplace").decode("utf-8")


class HandoutError(Exception):
    """Root of every error the CLI turns into a message and exit code 1."""

    def lines(self) -> list[str]:
        return [str(self)]


class ContentError(HandoutError):
    """A content, brand or template file is wrong; holds every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]

    @classmethod
    def one(cls, file: Path | str, line: int, col: int, message: str) -> ContentError:
        return cls([Problem(str(file), line, col, message)])


class TemplateError(ContentError):
    """A layout template is wrong."""


class AssetError(HandoutError):
    """An image, logo or font referenced by the content cannot be used."""


class LayoutError(HandoutError):
    """The content does not fit the chosen format (a card that is too long)."""


class UsageError(HandoutError):
    """A command-line value is wrong in a way only known after parsing (exit 2)."""
