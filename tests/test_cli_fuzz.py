"""The command line fuzzed (#12, item 3): whatever `build --routine front-legs` is given, it
ends with exit 0, 1 or 2 and a message, never an internal error or a traceback.

Generated: `--paper` (names, WxH in mm/cm/in from tiny to huge, garbage), `--lang` (codes,
paths, control characters), `--out` (names inside a temporary folder, that folder itself),
`--client` and `--note` (any text without surrogates or NUL, which no command line can hold:
control characters, markup, long text), `--format` and `--grayscale`. Run in-process, a few
dozen derandomized examples, so `make test` sees the same ones every run.
"""

from __future__ import annotations

import tempfile

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from clitools import invoke

ARGUMENT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"))
NUMBER = st.one_of(
    st.integers(0, 2000).map(str),
    st.floats(0.01, 5000, allow_nan=False).map(lambda x: f"{x:.2f}"),
    st.sampled_from(["0", "19.99", "20", "1200", "1200.01", "9" * 400]),
)
PAPER = st.one_of(
    st.sampled_from(["a4", "a5", "letter"]),
    st.sampled_from(["a4", "letter", "a5", "a6", "a7", "4x6in", "5x7in", "a5-landscape", "A4 "]),
    st.builds(
        lambda w, h, unit: f"{w}x{h}{unit}", NUMBER, NUMBER, st.sampled_from(["mm", "cm", "in"])
    ),
    ARGUMENT,
)
LANG = st.one_of(st.sampled_from(["de", "ru", "en", "pt-br", "../../etc", "de\n", ""]), ARGUMENT)
# Inside the temporary folder the test runs in: relative, no "/" or ".." but the fixed ones.
OUT = st.one_of(
    st.sampled_from([".", "out.pdf", "sub/dir/out.pdf", "x.txt", "out.pdf/", "a" * 300 + ".pdf"]),
    st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00/")).map(
        lambda name: f"o{name}"
    ),
)
LONG = st.text(st.characters(blacklist_categories=["Cs", "Cc"]), min_size=500, max_size=3000)
TEXT = st.one_of(ARGUMENT, LONG)


def maybe(
    option: str, values: st.SearchStrategy[str], often: int = 1
) -> st.SearchStrategy[list[str]]:
    """The option with a value, or (`often` times as likely) left out, so most examples get as
    far as a build rather than stopping at the first bad value."""
    given = values.map(lambda value: [option, value])
    return st.integers(0, often).flatmap(lambda n: given if n == often else st.just([]))


ARGS = st.tuples(
    maybe("--paper", PAPER),
    maybe("--lang", LANG, often=3),
    maybe("--out", OUT),
    maybe("--client", TEXT),
    maybe("--note", TEXT),
    maybe("--format", st.one_of(*[st.sampled_from(["card", "sheet", "booklet"])] * 3, ARGUMENT)),
    st.sampled_from([[], ["--grayscale"]]),
).map(lambda parts: [arg for part in parts for arg in part])


@settings(
    max_examples=60,
    deadline=None,  # a slow machine is not a failure
    derandomize=True,  # the same examples every run
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(args=ARGS)
def test_build_never_ends_in_an_internal_error(
    monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        monkeypatch.chdir(folder)
        note(repr(args))
        result = invoke("build", "--routine", "front-legs", *args)
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "internal error" not in result.output
    assert "Traceback" not in result.output
