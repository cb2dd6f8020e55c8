"""Fixtures: run `handout` from the repository root or from an empty folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from clitools import REPO, Cli, invoke


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Cli:
    """`handout ARGS` run from the repository root, so the paths it shows are stable."""
    monkeypatch.chdir(REPO)
    return invoke


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """`handout ARGS` run from an empty temporary folder."""
    monkeypatch.chdir(tmp_path)
    return invoke


@pytest.fixture(autouse=True)
def fresh_text_engine() -> Iterator[None]:
    """The text engine is chosen once per process; each test chooses afresh, before and after."""
    from handout.render.text.engine import fast_engine

    fast_engine.cache_clear()
    yield
    fast_engine.cache_clear()
