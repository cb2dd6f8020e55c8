"""Every text field is set in time linear in its length (issue 12, item 5).

No clock: the work is counted from what the line breakers are handed. The fast engine's
`FastParagraph._set` passes over its text once: it costs its characters. reportlab's
`Paragraph.breakLines` pops each word from the front of the list of words left, so it costs the
square of its paragraph's characters (counted in units of PIECE, the length of the pieces long
text is cut into: a piece costs about its characters either way). A paragraph re-broken on every
page it runs over, or broken whole by reportlab, costs work quadratic in its length; each field's
200 KB text must cost at most a constant factor more than 20 times its 10 KB text, and print
every word, once and in order.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pytest

from handout.commands import build
from handout.errors import LayoutError
from pdftools import Counter, long_field_workspace, pdf_text, use_reportlab_text

SMALL, LARGE = 10_000, 200_000  # characters
SLACK = 1.5  # work may grow at most this much faster than the text


class Case(NamedTuple):
    field: str
    fmt: str


CASES = [
    Case("summary", "sheet"),
    Case("position", "sheet"),
    Case("finish", "sheet"),
    Case("cautions", "sheet"),
    Case("note", "sheet"),
    Case("summary", "booklet"),
    Case("position", "booklet"),
    Case("finish", "booklet"),
    Case("cautions", "booklet"),
    Case("intro", "booklet"),
]


def words(size: int) -> list[str]:
    """Distinct words, a sentence end now and then, about `size` characters in all."""
    out: list[str] = []
    length = 0
    while length < size:
        word = f"w{len(out)}" + ("." if len(out) % 13 == 12 else "")
        out.append(word)
        length += len(word) + 1
    return out


def run(tmp: Path, case: Case, text: str) -> Path:
    ws = long_field_workspace(tmp, case.field, text)
    out = tmp / "out.pdf"
    if case.field == "intro":
        build.build_manual(ws, "man", build.Options(out=out))
    else:
        note = text if case.field == "note" else None
        build.build_routine(ws, "long", build.Options(format=case.fmt, out=out, note=note))
    return out


def work(tmp: Path, monkeypatch: pytest.MonkeyPatch, case: Case, size: int) -> tuple[float, Path]:
    """The line breakers' work to build `case` with a field of `size` characters, after
    checking that every word of the field is in the PDF, in order, with no other text between
    (a booklet prints routine cautions twice: on its safety page and in the chapter)."""
    field = words(size)
    with monkeypatch.context() as patch:
        counter = Counter(patch)
        out = run(tmp / str(size), case, " ".join(field))
    printed = re.findall(r"w\d+\.?", pdf_text(out))
    starts = [i for i, word in enumerate(printed) if word == field[0]]
    assert any(printed[i : i + len(field)] == field for i in starts), f"{case.field}: words lost"
    return counter.work, out


def linear(tmp: Path, monkeypatch: pytest.MonkeyPatch, case: Case) -> None:
    small, _ = work(tmp, monkeypatch, case, SMALL)
    large, _ = work(tmp, monkeypatch, case, LARGE)
    assert large <= SLACK * (LARGE / SMALL) * small, (
        f"{case.field} ({case.fmt}): work {large:.0f} for {LARGE} characters, {small:.0f} for {SMALL}"
    )


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.field}-{c.fmt}")
def test_a_long_field_costs_work_linear_in_its_length(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: Case
) -> None:
    linear(tmp_path, monkeypatch, case)


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c.fmt == "sheet" or c.field in ("summary", "intro")],  # (the cover)
    ids=lambda c: f"{c.field}-{c.fmt}",
)
def test_linear_with_reportlabs_own_text_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: Case
) -> None:
    """The engine of any reportlab but the verified one, whose line breaker is quadratic."""
    use_reportlab_text(monkeypatch)
    linear(tmp_path, monkeypatch, case)


@pytest.mark.parametrize("engine", ["fast", "reportlab"])
@pytest.mark.parametrize("field", ["position", "finish", "cautions"])
def test_a_card_too_long_fails_cleanly_in_linear_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, field: str, engine: str
) -> None:
    if engine == "reportlab":
        use_reportlab_text(monkeypatch)
    counts = []
    for size in (SMALL, LARGE):
        with monkeypatch.context() as patch:
            counter = Counter(patch)
            with pytest.raises(
                LayoutError, match="too long on two sides at the smallest legible size"
            ):
                run(tmp_path / str(size), Case(field, "card"), " ".join(words(size)))
        counts.append(counter.work)
    small, large = counts
    assert large <= SLACK * (LARGE / SMALL) * small


def test_long_text_is_cut_at_sentence_ends_and_loses_nothing() -> None:
    from handout.layout.parts import pieces

    text = " ".join(f"Breathe slowly and let the shoulders drop, number {n}." for n in range(400))
    cut = pieces(text)
    assert len(cut) > 5
    assert all(piece.endswith(".") for piece in cut)
    assert " ".join(cut) == text
