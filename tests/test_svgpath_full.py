"""The SVG reader takes what Inkscape writes: every path command, every transform, the basic
shapes; and `handout icons --root` draws a workspace's own icon files."""

from __future__ import annotations

import hashlib
import math
import re
import shutil
import warnings
from pathlib import Path

import pytest

from clitools import Cli, assert_clean_exit, lines
from handout.assets import svgpath
from handout.assets.svgarc import Point, Segment
from handout.render import bodymap

REPO = Path(__file__).resolve().parents[1]
SNAPSHOT_ICONS = REPO / "tests" / "cases" / "svg-v1"  # the pictograms as of issue #15, part 5
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">{}</svg>'


def one_subpath(d: str) -> tuple[Point, tuple[Segment, ...], bool]:
    [subpath] = svgpath.parse_path(d)
    return subpath


def flat(points: tuple[Point, ...] | list[Point]) -> list[float]:
    return [c for point in points for c in point]


def cubic_at(start: Point, seg: Segment, t: float) -> Point:
    (x1, y1), (x2, y2), (x3, y3) = seg
    u = 1 - t
    return (
        u**3 * start[0] + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3,
        u**3 * start[1] + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3,
    )


def shapes(body: str) -> dict[str, svgpath.Shape]:
    return dict(svgpath.parse_svg(SVG.format(body).encode(), "t.svg").shapes)


def bounds(body: str, name: str = "s") -> tuple[float, float, float, float]:
    return shapes(body)[name].bounds


# ---------------------------------------------------------------- path commands


@pytest.mark.parametrize(
    ("implicit", "explicit"),
    [
        ("M 0 0 10 10", "M0 0 L10 10"),
        ("m1 1 2 2 3 3", "M1 1 l2 2 l3 3"),
        ("M0 0 L1 1 2 2", "M0 0 L1 1 L2 2"),
        ("M0 0 h1 2 v3 4", "M0 0 h1 h2 v3 v4"),
        ("M0 0 C1 1 2 2 3 3 4 4 5 5 6 6", "M0 0 C1 1 2 2 3 3 C4 4 5 5 6 6"),
        ("M0 0 q1 2 3 0 1 1 2 2 t1 0 1 1", "M0 0 q1 2 3 0 q1 1 2 2 t1 0 t1 1"),
        ("M0 0 a5 5 0 0 1 10 0 5 5 0 0 1 10 0", "M0 0 a5 5 0 0 1 10 0 a5 5 0 0 1 10 0"),
    ],
)
def test_a_command_repeats_without_its_letter(implicit: str, explicit: str) -> None:
    assert svgpath.parse_path(implicit) == svgpath.parse_path(explicit)


@pytest.mark.parametrize(
    ("compact", "spaced"),
    [
        ("M1.5.5L.25.75", "M1.5 0.5 L0.25 0.75"),
        ("M-1-2L3-4", "M-1 -2 L3 -4"),
        ("M1e-3,2E2L1e1 -.5e1", "M0.001 200 L10 -5"),
        ("M0,0a10 10 0 011 1", "M0 0 a10 10 0 0 1 1 1"),
        ("M0,0a10,10,0,1,0,1,1", "M0 0 a10 10 0 1 0 1 1"),
        ("M0 0a10 10 0 11.5.5", "M0 0 a10 10 0 1 1 .5 .5"),
    ],
)
def test_numbers_and_flags_need_no_separators(compact: str, spaced: str) -> None:
    assert svgpath.parse_path(compact) == svgpath.parse_path(spaced)


def test_relative_commands_start_from_the_current_point() -> None:
    assert svgpath.parse_path("M10 10 h5 v5 H0 V0 l1 1 z m2 2 l1 0") == [
        ((10, 10), (((15, 10),), ((15, 15),), ((0, 15),), ((0, 0),), ((1, 1),)), True),
        ((12, 12), (((13, 12),),), False),
    ]
    absolute = svgpath.parse_path("M0 0 Q5 10 10 0 T20 0 C25 0 30 5 30 10 S35 20 40 20")
    relative = svgpath.parse_path("m0 0 q5 10 10 0 t10 0 c5 0 10 5 10 10 s5 10 10 10")
    assert absolute == relative


def test_after_z_a_drawing_command_starts_at_the_subpath_start() -> None:
    first, second = svgpath.parse_path("M5 5 L10 5 L10 10 Z L0 0")
    assert first == ((5, 5), (((10, 5),), ((10, 10),)), True)
    assert second == ((5, 5), (((0, 0),),), False)


@pytest.mark.parametrize("bad", ["M0 0 L1 1 Z 2 2", "M0 0 A5 5 0 2 1 10 10", "M0 0 A5 5 0 0 1"])
def test_path_data_it_cannot_read_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        svgpath.parse_path(bad)


# ---------------------------------------------------------------- arcs


def test_a_quarter_circle_arc_is_one_cubic_through_the_circle() -> None:
    start, [seg], closed = one_subpath("M10 0 A10 10 0 0 1 0 10")
    k = 10 * 0.5523  # the control distance of a quarter circle
    assert flat(seg) == pytest.approx([10, k, k, 10, 0, 10], abs=0.01)
    half = 10 / math.sqrt(2)
    assert cubic_at(start, seg, 0.5) == pytest.approx((half, half), abs=0.01)
    assert svgpath.parse_path("M10 0 a10 10 0 0 1 -10 10") == [(start, (seg,), closed)]


def test_the_flags_choose_among_the_four_arcs() -> None:
    """Large and clockwise (SVG's y points down): centre (10, 10), 270 degrees, three cubics."""
    _, segs, _ = one_subpath("M10 0 A10 10 0 1 1 0 10")
    assert flat([seg[-1] for seg in segs]) == pytest.approx([20, 10, 10, 20, 0, 10], abs=0.01)
    _, segs, _ = one_subpath("M10 0 A10 10 0 0 0 0 10")  # small, counter-clockwise
    assert [seg[-1] for seg in segs] == [(0, 10)]
    assert cubic_at((10, 0), segs[0], 0.5) == pytest.approx((10 - 7.0711, 10 - 7.0711), abs=0.01)


def test_radii_too_small_are_scaled_up_to_reach_the_end() -> None:
    _, (top, back), _ = one_subpath("M0 0 A1 1 0 0 1 10 0")
    assert top[-1] == pytest.approx((5, -5), abs=0.01)  # a half circle of radius 5
    assert back[-1] == (10, 0)


def test_a_turned_ellipse_stays_on_the_ellipse() -> None:
    """rx 10 along the y axis (turned 90 degrees), ry 5 along x: from its top to its bottom,
    clockwise on the page (the sweep flag: towards positive angles, and SVG's y points down)."""
    start, segs, _ = one_subpath("M0 -10 A10 5 90 0 1 0 10")
    assert len(segs) == 2
    assert segs[0][-1] == pytest.approx((5, 0), abs=0.01)
    at = start
    for seg in segs:
        for t in (0.25, 0.5, 0.75):
            x, y = cubic_at(at, seg, t)
            assert (x / 5) ** 2 + (y / 10) ** 2 == pytest.approx(1, abs=0.002)
        at = seg[-1]


def test_degenerate_arcs_are_a_line_or_nothing() -> None:
    assert one_subpath("M0 0 A0 5 0 0 1 10 10") == ((0, 0), (((10, 10),),), False)
    assert one_subpath("M0 0 A5 5 0 0 1 0 0 L1 1") == ((0, 0), (((1, 1),),), False)
    assert one_subpath("M0 0 A-10 -10 0 0 1 10 10") == one_subpath("M0 0 A10 10 0 0 1 10 10")


# ---------------------------------------------------------------- transforms and elements


@pytest.mark.parametrize(
    ("transform", "expected"),
    [
        ("skewX(45)", (0, 0, 10, 10)),  # (0, 10) -> (10, 10)
        ("skewY(45)", (0, 0, 0, 10)),  # (0, 10) stays
        ("rotate(90 10 10)", (10, 0, 20, 0)),  # about (10, 10): (0, 0) -> (20, 0)
        ("rotate(-90)", (0, 0, 10, 0)),
        ("translate(5) scale(2, 3)", (5, 0, 5, 30)),
        ("matrix(1 0 0 1 7 8)", (7, 8, 7, 18)),
        ("translate(10,0),skewX(45)", (10, 0, 20, 10)),
    ],
)
def test_transforms_move_points_as_svg_says(transform: str, expected: tuple[float, ...]) -> None:
    """A vertical line from (0, 0) to (0, 10) under each transform."""
    line = f'<line id="s" x2="0" y2="10" transform="{transform}"/>'
    assert bounds(line) == pytest.approx(expected)


def test_transforms_of_nested_groups_compose_outside_in() -> None:
    body = (
        '<g transform="translate(10 20)"><g id="inner" transform="scale(2)">'
        '<rect id="s" x="1" y="1" width="2" height="3" transform="rotate(90 1 1)"/></g></g>'
    )
    # the rect turned about (1, 1) spans x -2..1, y 1..3; scaled: -4..2, 2..6; moved: 6..12, 22..26
    assert bounds(body) == pytest.approx((6, 22, 12, 26))
    assert bounds(body, "inner") == bounds(body)


def test_lines_polylines_and_polygons() -> None:
    found = shapes(
        '<line id="line" x1="1" y1="2" x2="3" y2="4"/>'
        '<polyline id="open" points="0,0 10,0 10,10"/>'
        '<polygon id="closed" points="0 0,10 0 10 10 0 10"/>'
    )
    assert found["line"].pdf_path == "1 2 m 3 4 l"
    assert found["open"].pdf_path == "0 0 m 10 0 l 10 10 l"
    assert found["closed"].pdf_path.endswith(" h")
    assert found["closed"].bounds == (0, 0, 10, 10)


def test_hidden_elements_and_inkscape_markup_are_left_out() -> None:
    inkscape = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"'
        ' xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"'
        ' xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd">'
        '<sodipodi:namedview id="namedview1" inkscape:zoom="2"/>'
        '<g inkscape:groupmode="layer" inkscape:label="Regions" id="layer1">'
        '<path id="knee" sodipodi:nodetypes="ccc" inkscape:label="knee" d="M0 0 L10 10"/>'
        '<circle id="cap" sodipodi:type="arc" cx="5" cy="5" r="1" style="fill:red"/></g>'
        '<g id="sketch" style="fill:none;display:none"><path id="draft" d="M0 0 L99 99"/></g>'
        '<path id="gone" display="none" d="M0 0 L99 99"/>'
        '<path id="shown" style="display : inline" d="M0 0 L1 1"/></svg>'
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        icon = svgpath.parse_svg(inkscape.encode(), "inkscape.svg")
    assert set(icon.shapes) == {"layer1", "knee", "cap", "shown"}
    assert icon.shapes["layer1"].bounds == (0, 0, 10, 10)


@pytest.mark.parametrize(
    ("element", "why"),
    [
        ('<path id="s" d="M0 0 L5"/>', "command L lacks numbers at ''"),
        ('<path id="s" d="M0 0 L5 5" transform="skewX(1 2)"/>', "bad transform 'skewX(1 2)'"),
        ('<polygon id="s" points="0 0 10"/>', "points needs at least two x,y pairs"),
        ("<g>" * 70 + '<path id="s" d="M0 0 L1 1"/>' + "</g>" * 70, "groups nested more than 64"),
        ('<path id="s" d="M0 0 A1e300 1 0 0 1 5 5"/>', "Numerical result out of range"),
        ('<path id="s" d="M0 0 A1 1 0 0 1 1e-200 0"/>', "float division by zero"),
        ('<path id="s" d="M0 0 A1e999 1 0 0 1 5 5"/>', "cannot convert float NaN"),
    ],
)
def test_an_element_it_cannot_read_is_skipped_with_a_warning(element: str, why: str) -> None:
    with pytest.warns(UserWarning, match=re.escape(why)):
        found = shapes(element + '<path id="kept" d="M0 0 L1 1"/>')
    assert "s" not in found and "kept" in found


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"<!DOCTYPE svg [<!ENTITY a 'b'>]><svg viewBox='0 0 1 1'/>", "has a DTD"),
        (b"<svg viewBox='0 0 1 1'>" + b" " * 1_000_000 + b"</svg>", "larger than 1 MB"),
        (b"<svg viewBox='0 0 1 x'/>", "needs a viewBox"),
    ],
)
def test_files_it_must_not_read_are_refused(data: bytes, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        svgpath.parse_svg(data, "t.svg")


# ---------------------------------------------------------------- the shipped pictograms

# sha256 of each pictogram's viewBox, shape ids, PDF operators and bounds, as the reader made
# them before arcs and skews were added: the new reader must draw them to the same bytes.
SNAPSHOT = {
    "body-back.svg": "d8e3d861486e0c3f1295fa388d44613042deacbf476561472e5cfcbf847574c7",
    "body-front.svg": "249304505957a2dfc945c2e3a067b1df6739e8f47018701395fed9c5f9e0211f",
    "foot-sole.svg": "372ceb699a28469404bd7beac2e821e103380dc1fee83a3ff1faef4253d143a1",
    "leg-back.svg": "bb2c7c07e1281410acf0cd0768a76c6fc841ad8eed5383d768da2b1a1fa3c1ef",
    "leg-front.svg": "0350e90d592ee9f9d273a59f6732a6908e99a673bbdbb21623862c4e4121bed2",
}


@pytest.mark.parametrize("name", sorted(SNAPSHOT))
def test_the_first_pictograms_read_to_the_same_operators(name: str) -> None:
    path = SNAPSHOT_ICONS / name
    icon = svgpath.parse_svg(path.read_bytes(), str(path))
    digest = hashlib.sha256(repr(icon.viewbox).encode())
    for key in sorted(icon.shapes):
        shape = icon.shapes[key]
        digest.update(f"{key}\n{shape.pdf_path}\n{shape.bounds!r}\n".encode())
    assert digest.hexdigest() == SNAPSHOT[name]


# ---------------------------------------------------------------- handout icons --root

ICONS = Path("ws") / "assets" / "icons"
FIX = "fix it (e.g. in Inkscape) or delete it to draw the built-in icon"


def _squeezed(name: str) -> str:
    """A built-in icon with its silhouette drawn at half its width."""
    text = (bodymap.ICON_DIR / name).read_text()
    assert '<g id="outline"' in text
    return text.replace('<g id="outline"', '<g id="outline" transform="scale(0.5 1)"')


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "ws" / "content").mkdir(parents=True)
    (tmp_path / ICONS).mkdir(parents=True)
    return tmp_path / ICONS


def test_icons_draws_the_workspace_own_icon(in_tmp: Cli, workspace: Path, tmp_path: Path) -> None:
    assert_clean_exit(in_tmp("icons", "--out", "builtin.pdf"), 0)
    shutil.copy(bodymap.ICON_DIR / "leg-front.svg", workspace)
    assert_clean_exit(in_tmp("icons", "--root", "ws", "--out", "same.pdf"), 0)
    builtin = (tmp_path / "builtin.pdf").read_bytes()
    assert (tmp_path / "same.pdf").read_bytes() == builtin  # a copy draws the same
    (workspace / "leg-front.svg").write_text(_squeezed("leg-front.svg"))
    result = in_tmp("icons", "--root", "ws", "--out", "own.pdf")
    assert_clean_exit(result, 0)
    assert lines(result.stdout) == ["wrote own.pdf"]
    assert (tmp_path / "own.pdf").read_bytes() != builtin
    # only inside the command: what is drawn next reads the built-in file again
    built_in = svgpath.load_svg(str(bodymap.ICON_DIR / "leg-front.svg"))
    with svgpath.own_icons(workspace):
        own = svgpath.load_svg(str(bodymap.ICON_DIR / "leg-front.svg"))
    assert own.shapes["outline"].pdf_path != built_in.shapes["outline"].pdf_path


def test_icons_warns_of_an_element_it_skips(in_tmp: Cli, workspace: Path) -> None:
    text = (bodymap.ICON_DIR / "foot-sole.svg").read_text()
    (workspace / "foot-sole.svg").write_text(text.replace("</svg>", '<path id="x" d="M0"/></svg>'))
    result = in_tmp("icons", "--root", "ws", "--out", "own.pdf")
    assert_clean_exit(result, 0)
    assert lines(result.stderr) == [
        "warning: ws/assets/icons/foot-sole.svg: skipped <path id='x'>:"
        " command M lacks numbers at ''"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("hello", "ws/assets/icons/leg-back.svg:1:1: not well-formed XML (syntax error) — " + FIX),
        (
            '<html viewBox="0 0 1 1"/>',
            "ws/assets/icons/leg-back.svg: not SVG (its root element is not <svg>) — " + FIX,
        ),
        (
            "<svg>" + " " * 1_000_000 + "</svg>",
            "ws/assets/icons/leg-back.svg: larger than 1 MB, too big for an icon — " + FIX,
        ),
        (
            SVG.format('<path id="calf" d="M0 0 H9 V9 Z"/>'),
            'ws/assets/icons/leg-back.svg: no shape with id "outline" (the silhouette) — give the'
            " silhouette's group that id in Inkscape's Object Properties, or delete the file to"
            " draw the built-in icon",
        ),
    ],
)
def test_icons_refuses_a_broken_workspace_icon(
    in_tmp: Cli, workspace: Path, tmp_path: Path, content: str, message: str
) -> None:
    (workspace / "leg-back.svg").write_text(content)
    result = in_tmp("icons", "--root", "ws", "--out", "own.pdf")
    assert_clean_exit(result, 1)
    assert lines(result.stderr) == [message]
    assert not (tmp_path / "own.pdf").exists()


def test_icons_refuses_a_link_out_of_its_folder_or_a_folder(
    in_tmp: Cli, workspace: Path, tmp_path: Path
) -> None:
    shutil.copy(bodymap.ICON_DIR / "leg-back.svg", tmp_path / "elsewhere.svg")
    (workspace / "leg-back.svg").symlink_to(tmp_path / "elsewhere.svg")
    result = in_tmp("icons", "--root", "ws", "--out", "own.pdf")
    assert_clean_exit(result, 1)
    assert lines(result.stderr) == [
        "ws/assets/icons/leg-back.svg: a link out of its folder — copy the drawing there instead"
    ]
    (workspace / "leg-back.svg").unlink()
    (workspace / "leg-front.svg").mkdir()
    result = in_tmp("icons", "--root", "ws", "--out", "own.pdf")
    assert_clean_exit(result, 1)
    assert lines(result.stderr) == [
        "ws/assets/icons/leg-front.svg: not a file — remove it to draw the built-in icon"
    ]


def test_a_build_draws_the_workspace_own_icons(workspace: Path, tmp_path: Path) -> None:
    """A routine built in a workspace with its own (edited) icons draws them; built after,
    elsewhere, it draws the built-in ones again."""
    from handout.commands import build
    from handout.content.workspace import Workspace

    routines = tmp_path / "ws" / "content" / "routines"
    routines.mkdir()
    shutil.copy(REPO / "content" / "routines" / "feet.yaml", routines)
    ws = Workspace(tmp_path / "ws")

    def sheet(name: str) -> bytes:
        options = build.Options(out=tmp_path / f"{name}.pdf")
        return build.build_routine(ws, "feet", options).out.read_bytes()

    plain = sheet("plain")
    for icon in bodymap.ICON_DIR.glob("*.svg"):
        (workspace / icon.name).write_text(_squeezed(icon.name))
    assert sheet("own") != plain
    for icon in workspace.iterdir():
        icon.unlink()
    assert sheet("again") == plain
