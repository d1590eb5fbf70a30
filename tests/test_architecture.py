"""The package layout: stages in the order data flows, imports only ever pointing back up it.

Read with the standard library's ast, so lazy imports inside functions count too.
See ARCHITECTURE.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kg"

#: Each stage's rank: a module may import its own stage, earlier stages and the shared modules.
STAGES = {
    "kg.sources": 1,
    "kg.extract": 2,
    "kg.graph": 3,
    "kg.store": 4,
    "kg.query": 5,
    "kg.view": 6,
    "kg.pipeline": 7,
    "kg.distributed": 7,
    "kg.serve": 7,
    "kg.pages": 7,
    "kg.cli": 7,
}
#: Small helpers every stage may use: they import nothing but each other.
SHARED = {"kg", "kg.errors", "kg.model", "kg.files", "kg.progress", "kg.processes", "kg.terminal"}
#: The store's interface (terms, answers, the Store protocol): the graph stage builds the
#: triples it takes, and merge and identity ask the store through it. No implementation.
INTERFACES = {"kg.store.base": 3}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The project modules `path` imports, anywhere in it (a `from kg.x import y` of a
    submodule y counts as importing kg.x.y)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "kg")
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "kg":
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names
                         if f"{node.module}.{alias.name}" in known)
    return {name for name in found if name in known}


def rank(module: str) -> int:
    if module in SHARED:
        return 0
    for stage, number in STAGES.items():
        if module == stage or module.startswith(stage + "."):
            return number
    raise AssertionError(f"{module} belongs to no stage: add it to STAGES or SHARED (and ARCHITECTURE.md)")


def test_every_module_belongs_to_a_stage() -> None:
    for module in modules():
        if module in ("kg.web", "kg.query.queries"):
            continue  # resources
        rank(module)


def test_imports_only_point_back_up_the_pipeline() -> None:
    known = set(modules())
    wrong = []
    for module, path in modules().items():
        mine = rank(module) if module not in ("kg.web", "kg.query.queries") else 0
        for imported in imports_of(path, known):
            theirs = rank(imported)
            allowed = theirs <= mine if mine else theirs == 0
            if imported in INTERFACES and mine >= INTERFACES[imported]:
                allowed = True
            if not allowed:
                wrong.append(f"{module} (stage {mine}) imports {imported} (stage {theirs})")
    assert not wrong, "\n".join(wrong)


def test_there_are_no_import_cycles() -> None:
    known = set(modules())
    edges = {module: imports_of(path, known) for module, path in modules().items()}
    for module in known:  # importing kg.a.b runs kg.a first
        parent = module.rsplit(".", 1)[0]
        if "." in module and parent in known and parent != "kg":
            for importer, targets in edges.items():
                if module in targets and not importer.startswith(parent + ".") and importer != parent:
                    targets.add(parent)
    cycles = []
    state: dict[str, int] = {}
    trail: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        trail.append(module)
        for target in sorted(edges[module]):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*trail[trail.index(target):], target]))
            elif target not in state:
                visit(target)
        trail.pop()
        state[module] = 2

    for module in sorted(known):
        if module not in state:
            visit(module)
    assert not cycles, "\n".join(cycles)


@pytest.mark.parametrize("stage", [s for s in STAGES if (PACKAGE.parent / s.replace(".", "/")).is_dir()])
def test_each_stage_says_what_it_takes_and_gives(stage: str) -> None:
    init = PACKAGE.parent / stage.replace(".", "/") / "__init__.py"
    docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    assert docstring and len(docstring.split()) >= 12, f"{init}: say in its docstring what the stage takes and gives"


def test_the_rules_catch_a_backward_import(tmp_path: Path) -> None:
    """The checker itself: a store module importing the query stage is reported."""
    probe = tmp_path / "probe.py"
    probe.write_text("from kg.query.run import run_query\n", encoding="utf-8")
    imported = imports_of(probe, set(modules()))
    assert imported == {"kg.query.run"}
    assert rank("kg.query.run") > rank("kg.store.embedded")
