"""The package's shape, read from its source: the pipeline's layers, no import circle, small modules, one edge.

These read the code as text (``ast``), so they hold for every module, imported by a test or not.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import journeymaps

PACKAGE = Path(journeymaps.__file__).resolve().parent
MAX_LINES = 400

# The pipeline's layers, lowest first: a module may import its own layer and the layers below it, never above.
LAYERS: list[tuple[str, ...]] = [
    ("version", "diagnostics", "settings", "vocabulary", "i18n"),
    ("sources",),
    ("validation",),
    ("catalog",),
    ("analysis",),
    ("handbook", "pipeline"),
    ("render", "interop", "history"),
    ("export",),
    ("cli", "mkdocs_adapter"),
]
LAYER_OF = {name: i for i, names in enumerate(LAYERS) for name in names}


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(name: str, path: Path) -> set[str]:
    """Every journeymaps module ``name`` imports, at the top or inside a function (not for type checking only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking(node):
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("journeymaps"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            if base.startswith("journeymaps"):
                found.add(base)
                found.update(f"{base}.{a.name}" for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    known = modules()
    return {m for m in found if m in known and m != name}


def graph() -> dict[str, set[str]]:
    return {name: imports_of(name, path) for name, path in modules().items()}


def test_no_import_circle() -> None:
    edges = graph()
    # the package root re-exports the public API (journeymaps.__init__ imports the layers, nothing imports it back
    # except for __version__, which lives in a module of its own)
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def walk(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                walk(nxt, [*stack, nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            walk(node, [node])
    assert cycles == []


def test_every_module_imports_only_its_layer_and_below() -> None:
    wrong = []
    for name, deps in graph().items():
        parts = name.split(".")
        if len(parts) < 2 or parts[1] not in LAYER_OF:
            continue
        mine = LAYER_OF[parts[1]]
        for dep in deps:
            dep_parts = dep.split(".")
            if len(dep_parts) >= 2 and dep_parts[1] in LAYER_OF and LAYER_OF[dep_parts[1]] > mine:
                wrong.append(f"{name} -> {dep}")
    assert wrong == []


def test_every_package_part_has_a_layer() -> None:
    tops = {name.split(".")[1] for name in modules() if name.count(".") >= 1}
    assert tops - set(LAYER_OF) == set()


def test_only_the_adapter_imports_mkdocs() -> None:
    outside = []
    for name, path in modules().items():
        if name.startswith("journeymaps.mkdocs_adapter"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            outside += [f"{name}: {n}" for n in names if n == "mkdocs" or n.startswith("mkdocs.")]
    assert outside == []


@pytest.mark.parametrize("name", sorted(modules()))
def test_module_is_small(name: str) -> None:
    lines = modules()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines; split it by job"


def test_public_api_is_curated_and_documented() -> None:
    exported = set(journeymaps.__all__)
    assert {"Settings", "Options", "Pipeline", "build", "Handbook", "__version__"} <= exported
    for symbol in exported:
        assert hasattr(journeymaps, symbol), symbol
    architecture = (PACKAGE.parent.parent / "ARCHITECTURE.md").read_text(encoding="utf-8")
    undocumented = sorted(s for s in exported if s != "__version__" and f"`{s}`" not in architecture)
    assert undocumented == []
