"""The stored measurements of the built-in pictograms (render/icondata.py, issue 15): they are
what a fresh measurement gives, a build of the shipped content uses them and rasterises
nothing, and its PDF is the same byte for byte as when everything is measured."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.pdftools import WS

from handout.assets import svgpath
from handout.commands import build
from handout.render import arrows, bodymap, icondata

ROUTINES = ("front-legs", "back-legs-clinic", "feet")


def test_the_stored_measurements_are_a_fresh_measurement_of_todays_drawings() -> None:
    stored = Path(icondata.__file__).read_text("utf-8")
    assert stored == bodymap.icondata_source(), "run: python -m handout.render.bodymap"


def _refuse(*_: object) -> None:
    raise AssertionError("rasterised a drawing")


@pytest.mark.parametrize("fmt", ["sheet", "card", "booklet"])
def test_a_build_of_the_shipped_content_rasterises_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    for name in ("_measured_patches", "_measured_boxes"):
        monkeypatch.setattr(bodymap, name, _refuse)
    monkeypatch.setattr(arrows, "mask", _refuse)
    for rid in ROUTINES:
        build.build_routine(WS, rid, build.Options(format=fmt, out=tmp_path / f"{rid}.pdf"))


def test_stored_and_measured_make_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def made(name: str) -> bytes:
        out = tmp_path / f"{name}.pdf"
        build.build_routine(WS, "inner-outer-legs", build.Options(format="sheet", out=out))
        return out.read_bytes()

    stored = made("stored")
    monkeypatch.setattr(icondata, "DIGESTS", {})
    assert made("measured") == stored


def test_an_edited_drawing_is_measured_afresh(tmp_path: Path) -> None:
    """A workspace's own icon has other bytes: its measurements are not the stored ones."""
    (tmp_path / "body-back.svg").write_bytes((bodymap.ICON_DIR / "body-back.svg").read_bytes())
    (tmp_path / "leg-back.svg").write_text(
        (bodymap.ICON_DIR / "leg-back.svg").read_text("utf-8").replace('id="calf"', 'id="calf2"')
    )
    assert bodymap._drawing("leg-back")[1]
    with svgpath.own_icons(tmp_path):
        assert bodymap._drawing("back")[1]  # the same bytes: still stored
        assert not bodymap._drawing("leg-back")[1]
        assert "calf" not in bodymap.view_regions("leg-back")
    assert "calf" in bodymap.view_regions("leg-back")
