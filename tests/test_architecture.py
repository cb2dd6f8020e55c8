"""The source tree is the pipeline: one folder per stage, imports only pointing down, no cycles,
and private reportlab names in one module."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import reportlab

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "handout"

# Bottom to top: a module may import from its own layer or from a layer below it.
LAYERS = [
    "handout.errors",
    "handout.content",
    "handout.assets",
    "handout.check",
    "handout.render.pdf",
    "handout.render.text",
    "handout.render",
    "handout.layout",
    "handout.press",
    "handout.output",
    "handout.commands",
    "handout.cli",
    "handout.__main__",
]


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> int:
    if module == "handout":
        return -1  # the package's own __init__ (its version) sits below every stage
    matches = [
        i for i, name in enumerate(LAYERS) if module == name or module.startswith(name + ".")
    ]
    assert matches, f"{module} is in no layer: add its folder to LAYERS and to the README"
    return max(matches, key=lambda i: len(LAYERS[i]))


def imported(module: str) -> set[str]:
    """Every handout module `module` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("handout"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("handout"):
            base = node.module or ""
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in MODULES else base)
    return found - {module}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_only_point_down(module: str) -> None:
    upward = [name for name in imported(module) if layer(name) > layer(module)]
    assert upward == [], f"{module} (layer {LAYERS[layer(module)]}) imports upwards: {upward}"


def test_there_are_no_import_cycles() -> None:
    graph = {module: imported(module) & set(MODULES) for module in MODULES}
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            cycle = [*path[path.index(module) :], module]
            raise AssertionError(" → ".join(cycle))
        if module in done:
            return
        for other in sorted(graph[module]):
            visit(other, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_every_stage_folder_is_a_layer() -> None:
    folders = {module_name(p) for p in PACKAGE.rglob("__init__.py")} - {"handout"}
    assert all(any(f == name or f.startswith(name + ".") for name in LAYERS) for f in folders)
    assert {f.split(".")[1] for f in folders} >= {
        "content",
        "check",
        "assets",
        "render",
        "layout",
        "press",
        "output",
        "commands",
    }


def test_the_content_stage_knows_nothing_of_reportlab() -> None:
    for module, path in MODULES.items():
        if module.startswith(("handout.content", "handout.check")):
            text = path.read_text("utf-8")
            assert "reportlab" not in re.sub(r"#.*|\"\"\"[\s\S]*?\"\"\"", "", text), module


def reportlab_private_names() -> set[str]:
    """Underscored attributes reportlab's own classes keep (self._code, self._aH, …)."""
    root = Path(reportlab.__file__).parent
    found: set[str] = set()
    for path in root.rglob("*.py"):
        found.update(re.findall(r"\bself\.(_[a-zA-Z]\w*)", path.read_text("utf-8", "replace")))
    return found


def our_private_names() -> set[str]:
    """Underscored names handout defines itself (attributes, methods, functions)."""
    found: set[str] = set()
    for path in MODULES.values():
        text = path.read_text("utf-8")
        found.update(re.findall(r"self\.(_[a-zA-Z]\w*)\s*(?::[^=]*)?=", text))
        found.update(re.findall(r"def (_[a-zA-Z]\w*)", text))
    return found


def test_private_reportlab_names_are_touched_in_one_module() -> None:
    """canvas._code, frame._aH and their kind, and underscored reportlab imports, appear in
    render/pdf/ops.py only."""
    private = reportlab_private_names() - our_private_names()
    assert {"_code", "_aH", "_doctemplate"} <= private  # the scan sees reportlab's names
    found = []
    for module, path in MODULES.items():
        if module == "handout.render.pdf.ops":
            continue
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            code = line.split("#")[0]
            names = set(re.findall(r"\.(_[a-zA-Z]\w*)\b", code)) & private
            if names or re.search(r"from reportlab[\w.]* import .*\b_[a-zA-Z]", code):
                found.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert found == []
