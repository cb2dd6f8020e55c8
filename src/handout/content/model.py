"""The content model: routines, manuals, the clinic brand and layout templates.

Pure data with validation (`fields.check`); no I/O and no reportlab. Field names
and choices follow SPEC.md, and the JSON Schema of `Routine` is what
`handout schema` prints.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from handout.content.fields import (
    Checked,
    Choice,
    Converted,
    Flag,
    Kind,
    ListOf,
    Nested,
    Number,
    Optional,
    Record,
    Text,
    TextOrList,
    spec,
)
from handout.content.levels import LEVELS
from handout.content.paper import FORMATS, paper_size
from handout.content.workspace import LANGUAGE

REGIONS: tuple[str, ...] = (
    "head", "face", "neck", "shoulders", "upper-back", "lower-back", "chest", "abdomen",
    "arm", "forearm", "hand", "glutes", "hip", "thigh-front", "thigh-back", "inner-thigh",
    "outer-thigh", "knee", "back-of-knee", "shin", "calf", "ankle", "heel", "foot", "sole",
    "toes", "whole-leg", "whole-body",
)  # fmt: skip
PRESSURES: tuple[str, ...] = ("light", "medium", "firm")
DIRECTIONS: tuple[str, ...] = (
    "up", "down", "toward-heart", "away-from-heart", "circles", "across", "along",
)  # fmt: skip
AUDIENCES: tuple[str, ...] = ("therapist", "self")

_UNIT_SECONDS = {"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
                 "min": 60, "mins": 60, "minute": 60, "minutes": 60,
                 "h": 3600, "hr": 3600, "hour": 3600, "hours": 3600}  # fmt: skip
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)")
_RANGE = re.compile(r"^\s*(\d+)\s*[-–]\s*(\d+)\s*$")
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


_HOW_DURATION = "write it like 30 s, 2 min or 1 min 30 s"
_HOW_REPEAT = "write a number like 3 or a range like 5-6"
MAX_SECONDS = 24 * 3600  # a duration, of a step or a routine
MAX_REPEAT = 1000  # a step's count, or the top of its range


def duration_seconds(text: str) -> float:
    """Seconds in a duration such as `30 s`, `2 min` or `1 min 30 s`."""
    rest = text.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", rest):
        raise ValueError(f"'{text}' has no unit — write {rest} s or {rest} min")
    total = 0.0
    parts = 0
    while rest:
        match = _DURATION_PART.match(rest)
        if not match or match.group(2) not in _UNIT_SECONDS:
            raise ValueError(f"'{text}' is not a duration — {_HOW_DURATION}")
        total += float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        rest = rest[match.end() :].lstrip()
        parts += 1
    if not parts:
        raise ValueError(f"'{text}' is not a duration — {_HOW_DURATION}")
    if total <= 0:
        raise ValueError(f"'{text}' is no time at all — give a duration above zero, e.g. 30 s")
    if total > MAX_SECONDS:
        raise ValueError(f"'{text}' is longer than a day — give a duration of 24 h or less")
    return total


def _duration(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"'{_yaml(value)}' is not a duration — {_HOW_DURATION}")
    duration_seconds(str(value))
    if not isinstance(value, str):
        raise ValueError(f"'{value}' has no unit — write {value} s or {value} min")
    return value.strip()


def _repeat(value: Any) -> int | str:
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 1:
            raise ValueError(f"'{value}' is not a count — write a number of 1 or more")
        return _at_most(value, value)
    if isinstance(value, str):
        match = _RANGE.match(value)
        if value.strip().isdecimal() and _whole(value) >= 1:
            return _at_most(_whole(value), value)
        if match:
            low, high = _whole(match.group(1)), _at_most(_whole(match.group(2)), value)
            if 1 <= low < high:
                return f"{low}–{high}"
            if low > high:
                raise ValueError(
                    f"'{value}' goes down — put the smaller number first, e.g. {high}-{low}"
                )
    raise ValueError(f"'{_yaml(value)}' is not a count — {_HOW_REPEAT}")


def _whole(digits: str) -> int:
    """A count written in digits; past nine digits it is over any limit, so it is not converted
    (Python refuses to convert more than 4300)."""
    digits = digits.strip().lstrip("0") or "0"
    return int(digits) if len(digits) <= 9 else MAX_REPEAT + 1


def _at_most(count: int, value: Any) -> int:
    if count > MAX_REPEAT:
        raise ValueError(f"'{value}' is too many — write a count of {MAX_REPEAT} or less")
    return count


def _yaml(value: Any) -> str:
    """A value the way it is written in YAML (`true`, not `True`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)


def _colour(text: str) -> str:
    if not _COLOUR.match(text.strip()):
        raise ValueError(f"'{text}' is not a colour — write it as #RRGGBB, e.g. #2f6f6a")
    return text.strip().lower()


def _site(text: str) -> str:
    """A web address: http or https, a host, no spaces (sheets link to its /routines/ID)."""
    site = text.strip()
    try:
        parts = urlsplit(site)
        web = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # a broken [IPv6] host
        web = False
    if not web or any(c.isspace() for c in site):
        raise ValueError(
            f"'{text}' is not a web address — write it with http:// or https://,"
            " e.g. https://clinic.example"
        )
    return site


def _paper(text: str) -> str:
    paper_size(text)  # raises PaperError, a ValueError naming the sizes to use
    return text.strip()


def is_language(text: str) -> bool:
    """A language code: two or three lowercase letters, optionally a region (`pt-br`)."""
    return LANGUAGE.fullmatch(text) is not None


def _language(text: str) -> str:
    if not is_language(text):
        raise ValueError(f"'{text}' is not a language code — write two letters, e.g. en or de")
    return text


TEXT = Text()
TEXTS = ListOf(TEXT)
DURATION = Converted(_duration, {"type": "string", "examples": ["30 s", "2 min"]})
REPEAT = Converted(
    _repeat,
    {"type": ["integer", "string"], "minimum": 1, "maximum": MAX_REPEAT, "examples": [3, "5-6"]},
)
COLOUR = Checked(Text(empty=True), _colour)
PAPER = Checked(Text(empty=True, examples=["a4", "letter", "4x6in"]), _paper)


def optional(kind: Kind, **more: Any) -> Any:
    return spec(Optional(kind), default=None, **more)


def listed(kind: Kind, **more: Any) -> Any:
    return spec(kind, default_factory=list, **more)


class Caution(Record):
    """A warning; `stop` is the strongest level and prints most prominently."""

    level: str = spec(Choice(LEVELS), default="caution")
    text: str = spec(TEXT)
    id: str | None = optional(
        TEXT, description="Names the caution, so reworded copies of it print once."
    )


class _CautionItem(Kind):
    """A caution as a mapping, or as plain text (level caution)."""

    mapping = Nested(Caution)

    def check(self, value: Any, path: Any, issues: Any) -> Any:
        if isinstance(value, str):
            return Caution(text=TEXT.check(value, path, issues))
        return self.mapping.check(value, path, issues)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"anyOf": [TEXT.schema(defs), self.mapping.schema(defs)]}


CAUTIONS = ListOf(_CautionItem(), single=True)


THERAPIST_ONLY = "Shown to therapists only: on cards and therapist sheets, never on a client's."


class Step(Record):
    """One numbered step of a routine."""

    title: str = spec(TEXT)
    cue: str | None = optional(TEXT, description="Short line for cards, about 8 words at most.")
    region: list[str] = listed(ListOf(Choice(REGIONS, region=True), single=True))
    direction: str | None = optional(
        Choice(DIRECTIONS), description="The stroke's direction, drawn as an arrow on the icon."
    )
    text: str | list[str] | None = optional(
        TextOrList(TEXT), description="A paragraph, or a list of numbered sub-steps."
    )
    purpose: str | None = optional(TEXT)
    pressure: str | None = optional(Choice(PRESSURES))
    repeat: int | str | None = optional(REPEAT)
    time: str | None = optional(DURATION)
    caution: list[Caution] = listed(CAUTIONS)
    image: str | None = optional(TEXT)
    video: str | None = optional(TEXT)
    therapist_note: str | None = optional(TEXT, description=THERAPIST_ONLY)
    allow: list[str] = listed(TEXTS, description="Safety-lint rule ids silenced for this step.")

    @property
    def substeps(self) -> list[str]:
        if self.text is None:
            return []
        return [self.text] if isinstance(self.text, str) else list(self.text)


class Routine(Record):
    """One routine file: content/routines/<id>.yaml."""

    title: str = spec(TEXT)
    summary: str = spec(TEXT)
    audience: str = spec(Choice(AUDIENCES), default="therapist")
    position: str | None = optional(TEXT)
    duration: str | None = optional(DURATION)
    equipment: list[str] = listed(TEXTS)
    tags: list[str] = listed(TEXTS)
    cautions: list[Caution] = listed(CAUTIONS)
    steps: list[Step] = spec(ListOf(Nested(Step), at_least=1))
    finish: str | None = optional(TEXT)
    frequency: str | None = optional(
        TEXT, description="How often, e.g. twice a day; shown once near the title of sheets."
    )
    therapist_note: str | None = optional(TEXT, description=THERAPIST_ONLY)
    allow: list[str] = listed(
        TEXTS, description="Safety-lint rule ids silenced for the whole routine."
    )

    @property
    def regions(self) -> list[str]:
        """Every region the routine works on, in first-seen order."""
        return list(dict.fromkeys(r for step in self.steps for r in step.region))

    @property
    def total_seconds(self) -> float | None:
        """The stated duration, else the sum of the step times (None when nothing is timed)."""
        if self.duration:
            return duration_seconds(self.duration)
        times = [duration_seconds(s.time) * _count(s.repeat) for s in self.steps if s.time]
        return sum(times) if times else None


def _count(repeat: int | str | None) -> int:
    if repeat is None:
        return 1
    if isinstance(repeat, int):
        return repeat
    return int(re.split(r"\D", repeat)[0])


class Manual(Record):
    """A course manual: content/manuals/<id>.yaml."""

    title: str = spec(TEXT)
    subtitle: str | None = optional(TEXT)
    intro: str | None = optional(TEXT)
    routines: list[str] = spec(ListOf(TEXT, at_least=1))


class Clinic(Record):
    """The clinic printed in headers and on covers."""

    name: str | None = optional(TEXT)
    logo: str | None = optional(TEXT)
    phone: str | None = optional(TEXT)
    email: str | None = optional(TEXT)
    website: str | None = optional(TEXT)
    address: str | None = optional(TEXT)
    accent: str | None = optional(COLOUR)


def _pair(value: list[float]) -> list[float]:
    if len(value) != 2:
        raise ValueError(f"{len(value)} numbers — give two, across and up in mm, e.g. [0.5, -0.3]")
    return value


class Press(Record):
    """How the clinic's printer prints: what `handout calibrate` measured."""

    duplex_offset_mm: list[float] = spec(
        Checked(ListOf(Number(-20, 20)), _pair),
        default_factory=lambda: [0.0, 0.0],
        description="How far to move every back page, across and up in mm, as read off the"
        " page `handout calibrate` prints.",
    )


class Brand(Record):
    """handout.yaml: the clinic and the workspace defaults."""

    clinic: Clinic = spec(Nested(Clinic), default_factory=Clinic)
    paper: str | None = optional(PAPER)
    language: str = spec(Checked(Text(empty=True), _language), default="en")
    footer: str | None = optional(TEXT)
    therapist: str | None = optional(TEXT)
    press: Press = spec(Nested(Press), default_factory=Press)
    site: str | None = optional(
        Checked(Text(), _site),
        description="The clinic's web address: sheets print a QR code of <site>/routines/<id>.",
    )


def mm(default: float) -> Any:
    return spec(Number(0, 80), default=default)


class Margins(Record):
    """Page margins in millimetres."""

    top: float = mm(14)
    right: float = mm(14)
    bottom: float = mm(14)
    left: float = mm(14)


class TypeSizes(Record):
    """Type sizes in points."""

    title: float = spec(Number(6, 72), default=22)
    heading: float = spec(Number(6, 48), default=13)
    body: float = spec(Number(6, 24), default=10.5)
    small: float = spec(Number(5, 18), default=8.5)
    cue: float = spec(Number(6, 48), default=14)
    min_cue: float = spec(Number(5, 24), default=7)


class Show(Record):
    """Which optional parts a layout prints."""

    body_map: bool = spec(Flag(), default=True)
    step_icons: bool = spec(Flag(), default=True)
    purpose: bool = spec(Flag(), default=True)
    chips: bool = spec(Flag(), default=True)
    summary: bool = spec(Flag(), default=True)
    log: bool | None = optional(
        Flag(), description="A self-care tick-box log; default: on for routines with audience self."
    )


class Template(Record):
    """templates/<name>.yaml: a layout for one of the three formats."""

    format: str = spec(Choice(FORMATS))
    title: str | None = optional(TEXT)
    paper: str = spec(PAPER, default="a4")
    margins: Margins = spec(Nested(Margins), default_factory=Margins)
    columns: int = spec(Number(1, 3, whole=True), default=1)
    type: TypeSizes = spec(Nested(TypeSizes), default_factory=TypeSizes)
    accent: str = spec(COLOUR, default="#2f6f6a")
    ink: str = spec(COLOUR, default="#1d2327")
    show: Show = spec(Nested(Show), default_factory=Show)
    safe_zone: float = spec(
        Number(0, 20),
        default=3,
        description="Cards: mm inside the trim that stays free of content, so a laminating"
        " pouch's seal never covers text; margins smaller than this are widened to it.",
    )

    @property
    def kept_margins(self) -> Margins:
        """The margins a layout keeps: a card's at least its safe zone."""
        least = self.safe_zone if self.format == "card" else 0.0
        m = self.margins
        return Margins(
            top=max(m.top, least),
            right=max(m.right, least),
            bottom=max(m.bottom, least),
            left=max(m.left, least),
        )
