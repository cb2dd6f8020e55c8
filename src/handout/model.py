"""The content model: routines, manuals, the clinic brand and layout templates.

Pure data with validation; no I/O and no reportlab. Field names and choices
follow SPEC.md, and the JSON Schema of `Routine` is what `handout schema` prints.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from handout.paper import paper_size

REGIONS: tuple[str, ...] = (
    "head", "face", "neck", "shoulders", "upper-back", "lower-back", "chest", "abdomen",
    "arm", "forearm", "hand", "glutes", "hip", "thigh-front", "thigh-back", "inner-thigh",
    "outer-thigh", "knee", "back-of-knee", "shin", "calf", "ankle", "heel", "foot", "sole",
    "toes", "whole-leg", "whole-body",
)  # fmt: skip
LEVELS: tuple[str, ...] = ("note", "caution", "stop")
PRESSURES: tuple[str, ...] = ("light", "medium", "firm")
AUDIENCES: tuple[str, ...] = ("therapist", "self")
FORMATS: tuple[str, ...] = ("card", "sheet", "booklet")

Region = Literal[REGIONS]  # type: ignore[valid-type]
Level = Literal[LEVELS]  # type: ignore[valid-type]
Pressure = Literal[PRESSURES]  # type: ignore[valid-type]

_UNIT_SECONDS = {"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
                 "min": 60, "mins": 60, "minute": 60, "minutes": 60,
                 "h": 3600, "hr": 3600, "hour": 3600, "hours": 3600}  # fmt: skip
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)")
_RANGE = re.compile(r"^\s*(\d+)\s*[-–]\s*(\d+)\s*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


_HOW_DURATION = "write it like 30 s, 2 min or 1 min 30 s"
_HOW_REPEAT = "write a number like 3 or a range like 5-6"


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
        return value
    if isinstance(value, str):
        match = _RANGE.match(value)
        if value.strip().isdigit() and int(value) >= 1:
            return int(value)
        if match:
            low, high = int(match.group(1)), int(match.group(2))
            if 1 <= low < high:
                return f"{low}–{high}"
            if low > high:
                raise ValueError(
                    f"'{value}' goes down — put the smaller number first, e.g. {high}-{low}"
                )
    raise ValueError(f"'{_yaml(value)}' is not a count — {_HOW_REPEAT}")


def _yaml(value: Any) -> str:
    """A value the way it is written in YAML (`true`, not `True`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str | dict) else value


def _as_caution(value: Any) -> Any:
    return {"level": "caution", "text": value} if isinstance(value, str) else value


def _colour(text: str) -> str:
    if not _COLOUR.match(text.strip()):
        raise ValueError(f"'{text}' is not a colour — write it as #RRGGBB, e.g. #2f6f6a")
    return text.strip().lower()


def _paper(text: str) -> str:
    paper_size(text)  # raises PaperError, a ValueError naming the sizes to use
    return text.strip()


def _language(text: str) -> str:
    if not _LANGUAGE.match(text):
        raise ValueError(f"'{text}' is not a language code — write two letters, e.g. en or de")
    return text


Text = Annotated[str, Field(min_length=1)]
Duration = Annotated[
    str, BeforeValidator(_duration), Field(json_schema_extra={"examples": ["30 s", "2 min"]})
]
Repeat = Annotated[
    int | str, BeforeValidator(_repeat), Field(json_schema_extra={"examples": [3, "5-6"]})
]
Colour = Annotated[str, AfterValidator(_colour)]
Paper = Annotated[
    str, AfterValidator(_paper), Field(json_schema_extra={"examples": ["a4", "letter", "4x6in"]})
]
Language = Annotated[str, AfterValidator(_language)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


class Caution(Strict):
    """A warning; `stop` is the strongest level and prints most prominently."""

    level: Level = "caution"
    text: Text


CautionItem = Annotated[Caution, BeforeValidator(_as_caution)]
CautionList = Annotated[list[CautionItem], BeforeValidator(_as_list)]


class Step(Strict):
    title: Text
    cue: Text | None = Field(None, description="Short line for cards, about 8 words at most.")
    region: Annotated[list[Region], BeforeValidator(_as_list)] = Field(default_factory=list)
    text: Text | list[Text] | None = Field(
        None, description="A paragraph, or a list of numbered sub-steps."
    )
    purpose: Text | None = None
    pressure: Pressure | None = None
    repeat: Repeat | None = None
    time: Duration | None = None
    caution: CautionList = Field(default_factory=list)
    image: Text | None = None
    video: Text | None = None
    allow: list[Text] = Field(
        default_factory=list, description="Safety-lint rule ids silenced for this step."
    )

    @property
    def substeps(self) -> list[str]:
        if self.text is None:
            return []
        return [self.text] if isinstance(self.text, str) else list(self.text)


class Routine(Strict):
    """One routine file: content/routines/<id>.yaml."""

    title: Text
    summary: Text
    audience: Literal[AUDIENCES] = "therapist"  # type: ignore[valid-type]
    position: Text | None = None
    duration: Duration | None = None
    equipment: list[Text] = Field(default_factory=list)
    tags: list[Text] = Field(default_factory=list)
    cautions: CautionList = Field(default_factory=list)
    steps: list[Step] = Field(min_length=1)
    finish: Text | None = None

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


class Manual(Strict):
    """A course manual: content/manuals/<id>.yaml."""

    title: Text
    subtitle: Text | None = None
    intro: Text | None = None
    routines: list[Text] = Field(min_length=1)


class Clinic(Strict):
    name: Text | None = None
    logo: Text | None = None
    phone: Text | None = None
    email: Text | None = None
    website: Text | None = None
    address: Text | None = None
    accent: Colour | None = None


class Brand(Strict):
    """handout.yaml: the clinic and the workspace defaults."""

    clinic: Clinic = Field(default_factory=Clinic)
    paper: Paper | None = None
    language: Language = "en"
    footer: Text | None = None
    therapist: Text | None = None


class Margins(Strict):
    top: Annotated[float, Field(ge=0, le=80)] = 14
    right: Annotated[float, Field(ge=0, le=80)] = 14
    bottom: Annotated[float, Field(ge=0, le=80)] = 14
    left: Annotated[float, Field(ge=0, le=80)] = 14


class TypeSizes(Strict):
    """Type sizes in points."""

    title: Annotated[float, Field(ge=6, le=72)] = 22
    heading: Annotated[float, Field(ge=6, le=48)] = 13
    body: Annotated[float, Field(ge=6, le=24)] = 10.5
    small: Annotated[float, Field(ge=5, le=18)] = 8.5
    cue: Annotated[float, Field(ge=6, le=48)] = 14
    min_cue: Annotated[float, Field(ge=5, le=24)] = 7


class Show(Strict):
    """Which optional parts a layout prints."""

    body_map: bool = True
    step_icons: bool = True
    purpose: bool = True
    chips: bool = True
    summary: bool = True


class Template(Strict):
    """templates/<name>.yaml: a layout for one of the three formats."""

    format: Literal[FORMATS]  # type: ignore[valid-type]
    title: Text | None = None
    paper: Paper = "a4"
    margins: Margins = Field(default_factory=Margins)
    columns: Annotated[int, Field(ge=1, le=3)] = 1
    type: TypeSizes = Field(default_factory=TypeSizes)
    accent: Colour = "#2f6f6a"
    ink: Colour = "#1d2327"
    show: Show = Field(default_factory=Show)
