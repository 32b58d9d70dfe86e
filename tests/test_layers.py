"""Imports flow one way, from the plumbing up to the command line:

    util < model < urls < ingest < documentary < essays < pages < publish < build < cli

A module may import from its own package or one to its left; no function-level import of
Dossier hides a cycle (one inside a function may only name a package to its left: a stage
loaded when it is needed, which no cycle can go through); only the Pelican plugin
(``dossier/build/pelican*.py``) imports Pelican.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "dossier"
ORDER = ("util", "model", "urls", "ingest", "documentary", "essays", "pages", "publish",
         "build", "cli")


def layer(module: str) -> str:
    """``dossier.pages.blocks`` -> ``pages``; the package itself (``dossier``) -> ""."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def modules() -> list[tuple[str, ast.Module]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(p for p in rel.parts if p != "__init__")
        found.append((name, ast.parse(path.read_text(encoding="utf-8"), str(path))))
    return found


def imported(node: ast.AST) -> list[str]:
    """The Dossier modules an ``import`` statement names (``from dossier import cli`` ->
    ``dossier.cli``)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        if node.module == "dossier":
            return [f"dossier.{a.name}" for a in node.names]
        return [node.module]
    return []


def function_level(tree: ast.Module) -> list[ast.stmt]:
    """Import statements inside a function or method body."""
    out = []
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            out += [n for n in ast.walk(fn) if isinstance(n, ast.Import | ast.ImportFrom)]
    return out


def upward_imports() -> list[str]:
    bad = []
    for name, tree in modules():
        here = layer(name)
        if here not in ORDER:
            continue
        for node in ast.walk(tree):
            for target in imported(node):
                if not target.startswith("dossier."):
                    continue
                there = layer(target)
                if there in ORDER and ORDER.index(there) > ORDER.index(here):
                    bad.append(f"{name}:{node.lineno} imports {target}")
    return bad


def hidden_imports(found: list[tuple[str, ast.Module]] | None = None) -> list[str]:
    """Imports of Dossier inside a function, but those of a package to the left of the
    importing one (every import chain to the left ends: no cycle goes through them)."""

    def lower(name: str, target: str) -> bool:
        here, there = layer(name), layer(target)
        return here in ORDER and there in ORDER and ORDER.index(there) < ORDER.index(here)

    return [f"{name}:{node.lineno} imports {', '.join(imported(node))} inside a function"
            for name, tree in (modules() if found is None else found)
            for node in function_level(tree)
            if any((t == "dossier" or t.startswith("dossier.")) and not lower(name, t)
                   for t in imported(node))]


def pelican_imports() -> list[str]:
    bad = []
    for name, tree in modules():
        if name.startswith("dossier.build.pelican"):
            continue
        for node in ast.walk(tree):
            if any(t == "pelican" or t.startswith("pelican.") for t in imported(node)):
                bad.append(f"{name}:{node.lineno} imports Pelican")
    return bad


def test_the_checks_see_every_kind_of_import() -> None:
    tree = ast.parse("from dossier import cli\nimport dossier.build.site\n"
                     "def f():\n    from dossier.pages import blocks\n")
    assert [t for n in ast.walk(tree) for t in imported(n)] == [
        "dossier.cli", "dossier.build.site", "dossier.pages"]
    assert len(function_level(tree)) == 1
    assert layer("dossier.pages.blocks") == "pages" and layer("dossier.model") == "model"


def test_every_package_is_in_the_order() -> None:
    packages = {layer(name) for name, _ in modules()} - {""}
    assert packages <= set(ORDER), packages - set(ORDER)


def test_imports_only_go_down_the_layers() -> None:
    assert upward_imports() == []


def test_no_function_level_import_of_dossier() -> None:
    assert hidden_imports() == []


def test_a_function_level_import_may_only_name_a_package_to_the_left() -> None:
    tree = ast.parse("def f():\n    from dossier.pages import blocks\n"
                     "    from dossier.ingest import corpus\n")
    assert hidden_imports([("dossier.build.site", tree)]) == []
    assert len(hidden_imports([("dossier.pages.report", tree)])) == 1  # its own package
    assert len(hidden_imports([("dossier.ingest.corpus", tree)])) == 2  # and to the right


def test_only_the_pelican_plugin_imports_pelican() -> None:
    assert pelican_imports() == []


def module_graph() -> dict[str, set[str]]:
    """Module -> the Dossier modules it imports at module level (a ``from dossier.x import
    y`` counts as importing ``dossier.x.y`` when that is a module, else ``dossier.x``)."""
    names = {name for name, _ in modules()}
    graph: dict[str, set[str]] = {}
    for name, tree in modules():
        targets: set[str] = set()
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    targets.add(full if full in names else node.module)
            else:
                targets.update(imported(node))
        graph[name] = {t for t in targets if t in names and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle found by a depth-first walk (empty when there is none)."""
    found, state = [], {}
    def walk(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                found.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                walk(nxt, path + [nxt])
        state[node] = "done"
    for start in sorted(graph):
        if start not in state:
            walk(start, [start])
    return found


def test_the_cycle_check_finds_a_circle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle() -> None:
    assert cycles(module_graph()) == []
