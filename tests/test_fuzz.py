"""Fuzzed inputs: whatever the content, a build gives a valid PDF or a HandoutError, and loses nothing.

Generated routines mix Latin, Greek and Cyrillic with characters no font has (emoji,
CJK), markup-like text (`<b>`, `&`, `<font size=90>`, `**`, `*`), control characters,
one-character and huge strings, many steps and long sub-step lists; the broken ones
also get a value of the wrong type (empty strings among them), an unknown key or a
photo path that cannot be used. Each is written as YAML into a temporary workspace
and built as a sheet, a card and a booklet. A build must either
- write a PDF that opens, whose text holds every printed part of the routine in order
  (sheet and booklet: titles, summary, cautions, sub-steps, purposes, finish; card:
  cues, step titles and cautions — a card may drop the long text), or
- raise a HandoutError with a one-line-per-problem message and write nothing,
within a bounded time. Generated YAML text (broken YAML, random bytes, tabs, anchors)
goes through the loader under the same rule.

The default profile is small and derandomized (the same examples every run) for
`make test`; `HANDOUT_FUZZ=long pytest tests/test_fuzz.py` runs twenty times as many
fresh examples and keeps any failure in .hypothesis/ to replay it. The tests at the
end pin what fuzzing found; the known bugs among them are strict xfails (each fails
loudly once fixed, so it can become a plain test).
"""

from __future__ import annotations

import os
import re
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import yaml
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase
from tests.pdftools import Counter, missing_in_order, normal, page_texts, pdf_text, printed

from clitools import Hang, hang_guard
from handout.assets import fonts
from handout.commands.build import Options, build_routine
from handout.content import load
from handout.content.cautions import sayings
from handout.content.levels import LEVELS
from handout.content.model import PRESSURES, REGIONS, Routine
from handout.content.parse import parse
from handout.content.workspace import Workspace
from handout.content.yamlload import load_text
from handout.errors import ContentError, HandoutError, LayoutError

# ---------------------------------------------------------------- profiles

settings.register_profile(
    "handout-fuzz",
    max_examples=10,  # scaled per test by `examples`
    deadline=None,  # a slow machine is not a failure; `hang_guard` catches a real hang
    derandomize=True,  # make test: the same examples every run, so it never flickers
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile(
    "handout-fuzz-long",
    settings.get_profile("handout-fuzz"),
    derandomize=False,  # new examples every run; failures kept in .hypothesis/ (git-ignored)
    database=DirectoryBasedExampleDatabase(Path(__file__).parents[1] / ".hypothesis" / "examples"),
)
LONG = os.environ.get("HANDOUT_FUZZ", "").strip().lower() == "long"
PROFILE = settings.get_profile("handout-fuzz-long" if LONG else "handout-fuzz")
HARD_LIMIT = 40.0
"""Seconds one example may take before it counts as a hang (the deadline flags slowness)."""


def examples(n: int) -> settings:
    """Settings for a test that runs `n` examples by default (20 × n with HANDOUT_FUZZ=long)."""
    return settings(PROFILE, max_examples=n * 20 if LONG else n)


# ---------------------------------------------------------------- text

LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZàéîõüßçÆøÅñŒœ0123456789.,;:!?'\"()-–—"
GREEK = "αβγδεζηθικλμνξοπρστυφχψωςΑΒΓΔΘΛΞΠΣΦΨΩάέήίόύώϊΐ"
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯіїєґ"
NO_FONT = "😀🙂💆🦶✋👣🤲中文字日本語한국어ขอบคุณ"
RIGHT_TO_LEFT = "שלום مرحبا \u202eabc"
"""Kept out of generated text: pdfium reorders right-to-left lines in the text layer, so the
in-order check could not read them; `test_right_to_left_text_builds_and_is_named` has them."""
MARKUP = [
    "<b>", "</b>", "<i>", "&", "&amp;", "&lt;", "&#65;", "&nbsp;", "<font size=90>", "</font>",
    '<font color="red">', "<br/>", "<para>", "</para>", "<img src=x>", "<a href='x'>", "<![CDATA[",
    "**", "*", "***", "\\", "%s", "{0}", "${x}", "\u00ad", "\u200b", "\u200d", "\ufeff",
    "\x00", "\x07", "\x1b[31m", "\r", "\u2028", "\u0301", "ﬁ", "½", "Ⅻ",
]  # fmt: skip


def _left_to_right(text: str) -> str:
    """`text` without right-to-left letters and direction controls (see RIGHT_TO_LEFT)."""
    kept = "".join(c for c in text if unicodedata.bidirectional(c) not in _RTL)
    return kept or "x"


_RTL = {"R", "AL", "RLE", "RLO", "RLI", "LRE", "LRO", "LRI", "FSI", "PDF", "PDI"}
SPACE = [" ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u2003"]

words = st.one_of(
    st.text(st.sampled_from(LATIN), min_size=1, max_size=12),
    st.text(st.sampled_from(GREEK), min_size=1, max_size=12),
    st.text(st.sampled_from(CYRILLIC), min_size=1, max_size=12),
    st.text(st.sampled_from(NO_FONT), min_size=1, max_size=4),
    st.sampled_from(MARKUP),
    st.text(min_size=1, max_size=6).map(_left_to_right),  # anything Unicode has, bar surrogates
)
phrase = st.lists(st.one_of(words, st.sampled_from(SPACE)), min_size=1, max_size=14).map("".join)
"""Up to some hundred characters of anything; never empty (the content model refuses "")."""
nonblank = st.builds(
    str.__add__, st.text(st.sampled_from(LATIN + GREEK + CYRILLIC), min_size=1, max_size=6), phrase
)


def _huge(piece: str, times: int) -> str:
    """`piece` `times` over, numbered, less the characters no font has.

    pdfium's text layer leaves out a run of text that repeats, on the next line, a run
    whose box it overlaps (its filter for fake bold); the tall boxes of missing glyphs make
    repeated runs overlap, so long repeated text keeps to characters that can print.
    """
    piece = "".join(c for c in piece if fonts.has(c)) or "x"
    return " ".join(f"{piece}{n}" for n in range(times))


huge = st.builds(_huge, nonblank, st.integers(40, 400))
"""A few hundred to tens of thousands of characters: a paragraph that runs over pages."""
text = st.one_of(*[phrase] * 7, huge)
heading = st.one_of(*[phrase] * 7, st.builds(_huge, nonblank, st.integers(2, 30)))
"""A title or summary, at most a couple of thousand characters: the sheet's title block and
the running headers make much longer ones slow (a known bug, pinned at the end)."""
item = st.one_of(*[phrase] * 15, huge)
"""One sub-step: long lists of them are mostly short."""


# ---------------------------------------------------------------- routines

junk = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=5), st.just("")
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)
"""A value of any type."""

caution = st.one_of(
    text, st.fixed_dictionaries({"level": st.sampled_from(tuple(LEVELS)), "text": text})
)
cautions = st.one_of(caution, st.lists(caution, max_size=4))
region = st.one_of(
    st.sampled_from(REGIONS), st.lists(st.sampled_from(REGIONS), max_size=6, unique=True)
)
step = st.fixed_dictionaries(
    {"title": text},
    optional={
        "cue": text,
        "region": region,
        "text": st.one_of(text, st.lists(item, min_size=1, max_size=40)),
        "purpose": text,
        "pressure": st.sampled_from(PRESSURES),
        "repeat": st.one_of(st.integers(1, 30), st.sampled_from(["5-6", "2–3"])),
        "time": st.sampled_from(["30 s", "2 min", "1 min 30 s", "0.5 h"]),
        "caution": cautions,
        "video": st.one_of(st.just("https://example.org/clip"), nonblank),
    },
)
good_routines = st.fixed_dictionaries(
    {
        "title": heading,
        "summary": heading,
        "steps": st.one_of(
            st.lists(step, min_size=1, max_size=6),
            st.lists(step, min_size=1, max_size=25),
            st.lists(step, min_size=30, max_size=60),
        ),
    },
    optional={
        "audience": st.sampled_from(["therapist", "self"]),
        "position": text,
        "duration": st.sampled_from(["12 min", "1 h", "90 s"]),
        "equipment": st.lists(phrase, max_size=4),
        "tags": st.lists(phrase, max_size=4),
        "cautions": cautions,
        "finish": text,
    },
)
image_refs = st.one_of(
    text,
    st.sampled_from(["../x.png", "/etc/passwd", "/dev/zero", "assets", ".", "a.jpg", "a\x00b.png"]),
    st.integers(1, 300).map(lambda n: "x" * n * 10 + ".png"),
)


def _broken(
    routine: dict[str, Any], where: int, how: str, value: Any, image: str
) -> dict[str, Any]:
    """The routine with one thing wrong: a value's type, an unknown key, or its step photo."""
    steps = routine["steps"]
    target = [routine, *steps][where % (len(steps) + 1)]
    if how == "type":
        target[sorted(target)[where % len(target)]] = value
    elif how == "key":
        target["stpes" if target is routine else "titel"] = value
    else:
        steps[where % len(steps)]["image"] = image
    return routine


broken_routines = st.builds(
    _broken,
    good_routines,
    st.integers(0, 1000),
    st.sampled_from(["type", "key", "image"]),
    junk,
    image_refs,
)
# ---------------------------------------------------------------- what must print


def shown(content: str) -> str:
    """What of `content` reaches the text layer: the printed text (characters no font has
    print as a box and stay in it)."""
    return printed(content)


def full_sequence(routine: Routine) -> list[str]:
    """Everything a sheet or booklet prints of the routine, in reading order, as written; each
    caution where it is said (content/cautions.py: a repeat of a routine caution, or of the
    step before's, is said once)."""
    said = sayings(routine)
    seq = [routine.title, routine.summary]
    if routine.position:
        seq.append(routine.position)
    seq.extend(routine.equipment)
    seq.extend(c.caution.text for c in said.routine)
    for s, told in zip(routine.steps, said.steps, strict=True):
        seq.append(s.title)
        seq.extend(s.substeps)
        if s.purpose:
            seq.append(s.purpose)
        seq.extend(c.caution.text for c in told)
    if routine.finish:
        seq.append(routine.finish)
    return seq


def card_sequence(routine: Routine) -> list[str]:
    """What a card must print: title, cautions, each step's cue and title and cautions, finish."""
    seq = [routine.title]
    if routine.position:
        seq.append(routine.position)
    seq.extend(c.text for c in routine.cautions)
    for s in routine.steps:
        if s.cue:
            seq.append(s.cue)
        seq.append(s.title)
        seq.extend(c.text for c in s.caution)
    if routine.finish:
        seq.append(routine.finish)
    return seq


MM = 72 / 25.4
FURNITURE = 6 * MM
"""Running headers and footers sit within 6 mm of the margins; the body frame starts further in."""


CONTINUED = re.compile(
    r"(?:NOTE|CAUTION|STOP|Stop, and call us if in doubt|Stop, and ask for advice if in doubt) …"
)
"""The label a callout repeats where it runs on to the next page (the sheet's stop box's is
its heading)."""


def body_text(path: Path, fmt: str, ws: Workspace) -> str:
    """The text of the body of every page, only what lies on the page, less repeated labels."""
    if fmt == "card":
        return "\n".join(page_texts(path))
    margins = load.template(ws, fmt).margins
    pages = page_texts(
        path, top=margins.top * MM + FURNITURE, bottom=margins.bottom * MM + FURNITURE
    )
    return CONTINUED.sub(" ", "\n".join(pages))


# ---------------------------------------------------------------- harness


def assert_clear(error: HandoutError) -> None:
    """A message for people: every line non-empty; a ContentError's problems point into a file."""
    lines = error.lines()
    assert lines and all(line.strip() for line in lines), repr(error)
    assert "Traceback" not in str(error)
    if isinstance(error, ContentError):
        for problem in error.problems:
            assert problem.line >= 1 and problem.col >= 1, problem
            assert "\n" not in problem.message, problem


def linted(error: HandoutError) -> bool:
    """A refusal by the safety lint: every problem one of its errors."""
    return isinstance(error, ContentError) and all(
        problem.message.startswith("error[") for problem in error.problems
    )


def build_fuzzed(data: dict[str, Any], fmt: str, *, valid: bool) -> None:
    """Build `data` as `fmt`: a whole PDF that loses nothing, or a clean HandoutError.

    A valid routine may only fail for want of room (LayoutError) or by the safety lint's
    errors (a step with firm pressure on the back of the knee); a card that is too
    long is tried again on A4, as `build --all` does, so that it is checked more often.
    """
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = root / "content" / "routines" / "fuzz.yaml"
        source.parent.mkdir(parents=True)
        source.write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        out = root / "output" / f"fuzz-{fmt}.pdf"
        ws = Workspace(root)
        papers = [None, "a4"] if fmt == "card" else [None]
        for paper in papers:
            started = time.monotonic()
            try:
                with hang_guard(HARD_LIMIT):
                    result = build_routine(
                        ws, str(source), Options(format=fmt, out=out, paper=paper)
                    )
                break
            except HandoutError as error:
                note(f"{paper or 'default paper'}: {type(error).__name__}: {error}")
                assert_clear(error)
                left = list(out.parent.iterdir()) if out.parent.exists() else []
                assert left == [], f"a failed build left {left}"
                if valid:  # only for want of room, or by the safety lint (firm on a knee)
                    assert isinstance(error, LayoutError) or linted(error), (
                        "a valid routine was refused"
                    )
        else:
            return
        note(f"built {result.pages} pages in {time.monotonic() - started:.1f} s")
        with pikepdf.open(out) as pdf:
            assert len(pdf.pages) == result.pages
        if fmt == "card":
            assert result.pages <= 2
        routine = load.routine_from("fuzz", source, ws).routine
        wanted = card_sequence(routine) if fmt == "card" else full_sequence(routine)
        text = body_text(out, fmt, ws)
        lost = missing_in_order(text, [shown(x) for x in wanted])
        if fmt == "card":  # a card's back holds the cautions: each said, the steps in order
            lost = [x for x in wanted if missing_in_order(text, [shown(x)])]
            lost += missing_in_order(text, [shown(s.title) for s in routine.steps])
        assert lost == [], f"lost or out of order in the {fmt}: {lost!r}"
        no_font = {c for x in wanted for c in printed(x) if not fonts.has(c)}
        warned = " ".join(result.warnings)
        unnamed = sorted(f"U+{ord(c):04X}" for c in no_font if f"U+{ord(c):04X}" not in warned)
        assert unnamed == [], f"printed without a warning naming them: {unnamed}"


FORMATS = ["sheet", "card", "booklet"]


@pytest.mark.parametrize("fmt", FORMATS)
@examples(8)
@given(data=good_routines)
def test_a_valid_routine_builds_and_loses_nothing(fmt: str, data: dict[str, Any]) -> None:
    build_fuzzed(data, fmt, valid=True)


@examples(15)
@given(data=broken_routines, fmt=st.sampled_from(FORMATS))
def test_a_broken_routine_fails_with_a_clear_message(data: dict[str, Any], fmt: str) -> None:
    build_fuzzed(data, fmt, valid=False)


# ---------------------------------------------------------------- YAML text

YAML_TOKENS = [
    "title:", "summary:", "steps:", "- ", "  ", "    ", "\t", "\n", "\n  - ", ": ", "title: x\n",
    "&a ", "*a", "&b [*a, *a, *a]", "<<: *a", "!!python/object:os.system", "!!binary", "!x",
    "{", "}", "[", "]", ",", "? ", "|", ">-", "'", '"', "#", "---", "...", "%YAML 1.1", "%TAG",
    "null", "~", "yes", "0x1F", "1e309", ".nan", "2024-13-45", "=", "@", "`", "\\", "\ufeff",
    "\x00", "\x85", "\u2028", "é", "😀",
]  # fmt: skip
yaml_text = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(YAML_TOKENS), st.text(max_size=4)), max_size=60).map(
        "".join
    ),
    st.binary(max_size=300).map(lambda raw: raw.decode("latin-1")),
)


def _mutated(source: str, edits: list[tuple[int, str, int]]) -> str:
    for at, insert, drop in edits:
        at %= len(source) + 1
        source = source[:at] + insert + source[at + drop :]
    return source


VALID = (Path(__file__).resolve().parents[1] / "content" / "routines" / "feet.yaml").read_text(
    encoding="utf-8"
)
mutated_yaml = st.lists(
    st.tuples(st.integers(0, 10**6), st.sampled_from(YAML_TOKENS), st.integers(0, 8)),
    min_size=1,
    max_size=6,
).map(lambda edits: _mutated(VALID, edits))


def assert_loads_or_fails_cleanly(source: str) -> None:
    try:
        with hang_guard(10):
            located = load_text(source, "fuzz.yaml")
    except ContentError as error:
        assert_clear(error)
        last = len(source.splitlines()) + 1  # YAML also breaks lines at U+0085, U+2028, U+2029
        assert all(p.line <= last for p in error.problems), error.problems
        return
    assert located.file == "fuzz.yaml"


@examples(15)
@given(data=good_routines)
def test_the_generated_good_routines_are_valid(data: dict[str, Any]) -> None:
    """So the build test reaches the layouts (and the nothing-lost check) most of the time."""
    source = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    parse(load_text(source, "fuzz.yaml"), Routine)


@examples(150)
@given(source=st.one_of(yaml_text, mutated_yaml))
def test_generated_yaml_text_loads_or_fails_with_a_content_error(source: str) -> None:
    assert_loads_or_fails_cleanly(source)


@examples(60)
@given(
    raw=st.one_of(
        st.binary(max_size=400),
        st.one_of(yaml_text, mutated_yaml).map(lambda s: s.encode("utf-8", "surrogatepass")),
        mutated_yaml.map(lambda s: s.encode("utf-16")),
    )
)
def test_any_file_gives_a_routine_or_a_content_error(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_bytes(raw)
        try:
            with hang_guard(10):
                doc = load.routine_from("fuzz", path, Workspace(Path(folder)))
        except HandoutError as error:
            assert_clear(error)
            return
        assert doc.routine.steps


# ---------------------------------------------------------------- known bugs, pinned


def _one_step(fmt: str, tmp_path: Path, **fields: Any) -> Path:
    """Build a routine (by default one step) with `fields` and `step` fields set."""
    step = {"title": "One", **fields.pop("step", {})}
    data = {"title": "T", "summary": "S", "steps": [step], **fields}
    source = tmp_path / "content" / "routines" / "r.yaml"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / f"r-{fmt}.pdf"
    build_routine(Workspace(tmp_path), str(source), Options(format=fmt, out=out))
    return out


def test_a_character_no_font_has_stays_in_the_text_layer(tmp_path: Path) -> None:
    """Was written as glyph 0, mapped to no character: it vanished from the text layer (copy,
    search, screen readers). More in tests/test_text_layer.py."""
    out = _one_step("sheet", tmp_path, step={"title": "Relax 😀 now"})
    assert "😀" in "".join(page_texts(out))


def test_a_video_address_too_long_for_a_qr_code_still_prints(tmp_path: Path) -> None:
    """Was an internal error (reportlab's 'code length overflow')."""
    url = "https://example.org/" + "x" * 3000
    out = _one_step("sheet", tmp_path, step={"video": url})
    assert missing_in_order("\n".join(page_texts(out)), [url]) == []


@pytest.mark.parametrize("fmt", ["sheet", "booklet"])
def test_no_text_is_placed_off_the_page(tmp_path: Path, fmt: str) -> None:
    """Running headers printed a long title whole, off the edge of the page."""
    long_title = "Slow gliding strokes along the whole leg " * 6
    out = _one_step(fmt, tmp_path, title=long_title, step={"text": ["Glide up. " * 40] * 30})
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) > 2
    on_page = normal("".join(page_texts(out))).replace(" ", "")
    assert on_page == normal(pdf_text(out)).replace(" ", "")


@pytest.mark.parametrize("fmt", ["sheet", "booklet"])
def test_a_finish_longer_than_a_page_flows_on_in_its_box(tmp_path: Path, fmt: str) -> None:
    words = " ".join(f"word{n}" for n in range(1500))  # about three pages
    out = _one_step(fmt, tmp_path, finish=words)
    pages = page_texts(out)
    holding = [i for i, text in enumerate(pages) if "word" in text]
    assert len(holding) >= 3
    assert missing_in_order(normal("\n".join(pages)), words.split()) == []


def test_one_long_paragraph_costs_no_more_than_the_same_text_in_many(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A paragraph over many pages was re-wrapped for every page: 2 minutes for 640 kB."""

    def work(name: str, text: str | list[str]) -> float:
        with monkeypatch.context() as patch:
            counter = Counter(patch)
            _one_step("sheet", tmp_path / name, step={"text": text})
        return counter.work

    many = work("many", ["massage " * 500] * 40)
    one = work("one", "massage " * 20_000)  # 160,000 characters, some 40 pages
    assert one < 3 * many, f"work {one:.0f} as one paragraph, {many:.0f} as 40"


def test_a_long_greek_title_costs_no_more_than_a_latin_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = [{"title": f"Step {n}", "text": ["Glide up the leg. " * 30] * 3} for n in range(20)]

    def work(name: str, words: str) -> float:
        with monkeypatch.context() as patch:
            counter = Counter(patch)
            _one_step("sheet", tmp_path / name, title=words * 150, steps=steps)
        return counter.work

    latin = work("latin", "Gentle Omega ")
    greek = work("greek", "Gentle Ωμέγα ")  # 1,950 characters, 300 runs of Greek
    assert greek < 3 * latin, f"work {greek:.0f} with Greek, {latin:.0f} without"


@pytest.mark.parametrize("char", ["\x00", "\x08", "\x1b", "\ufffe"])
def test_a_control_character_in_a_file_is_a_content_error(char: str) -> None:
    """PyYAML's ReaderError was an internal error."""
    with pytest.raises(ContentError) as caught:
        load_text(f"title: T{char}\nsummary: S\n", "r.yaml")
    assert caught.value.problems[0].line == 1


def test_text_that_looks_like_markup_prints_as_typed(tmp_path: Path) -> None:
    title = '<b>x</b> & <font size=90>big</font> &amp; <br/> "q"'
    out = _one_step("sheet", tmp_path, step={"title": title, "text": ["**bold** and *it*"]})
    assert missing_in_order("\n".join(page_texts(out)), [title, "bold and it"]) == []


def test_hang_guard_fires() -> None:
    with pytest.raises(Hang), hang_guard(0.2):
        time.sleep(60)  # interrupted by the guard after 0.2 s


def test_shown_drops_only_what_cannot_print() -> None:
    assert shown("a\x07b**c**😀 d") == "abc😀 d"
    assert _left_to_right("a שלום\u202eb 😀") == "a b 😀" and _left_to_right("مرحبا") == "x"
    assert unicodedata.category("\x07") == "Cc"


@pytest.mark.parametrize("fmt", ["sheet", "card", "booklet"])
def test_right_to_left_text_builds_and_is_named(tmp_path: Path, fmt: str) -> None:
    """Hebrew, Arabic and a right-to-left override (no font of ours has the letters) build in
    every format, every letter is in the text layer and named in a warning."""
    data = {"title": f"Rest {RIGHT_TO_LEFT}", "summary": "S", "steps": [{"title": RIGHT_TO_LEFT}]}
    source = tmp_path / "content" / "routines" / "r.yaml"
    source.parent.mkdir(parents=True)
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / f"r-{fmt}.pdf"
    result = build_routine(Workspace(tmp_path), str(source), Options(format=fmt, out=out))
    letters = {c for c in RIGHT_TO_LEFT if unicodedata.bidirectional(c) in ("R", "AL")}
    assert letters <= set(pdf_text(out))
    warned = " ".join(result.warnings)
    assert [c for c in sorted(letters) if f"U+{ord(c):04X}" not in warned] == []
