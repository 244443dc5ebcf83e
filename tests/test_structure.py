"""The structure holds: no import circles, sub-packages by concept, modules one can read.

import-linter (tests/test_architecture.py) checks the layers; here: no two modules
of ours import each other, even through others (a circle), and no module is a hub
that only re-exports what others define.
"""

import ast
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("engine", "ui", "playground")


def _circles(graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    modules = sorted(m for m in graph.modules if m.split(".")[0] in PACKAGES)
    index, low, on_stack, stack, out = {}, {}, set(), [], []
    counter = [0]

    def strongconnect(root):
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            v, children = work[-1]
            for w in children:
                if w.split(".")[0] not in PACKAGES:
                    continue
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(graph.find_modules_directly_imported_by(w)))))
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    component = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        component.append(w)
                        if w == v:
                            break
                    if len(component) > 1:
                        out.append(sorted(component))

    for m in modules:
        if m not in index:
            strongconnect(m)
    return out


def test_no_module_imports_itself_through_others():
    graph = grimp.build_graph(*PACKAGES, include_external_packages=False)
    # a package's __init__ importing its own modules is how a package exposes its API
    circles = [c for c in _circles(graph)
               if not any(m in PACKAGES for m in c)]
    assert circles == []


def _sources():
    for pkg in PACKAGES:
        yield from sorted((ROOT / pkg).rglob("*.py"))


@pytest.mark.parametrize("path", list(_sources()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_re_exports_what_another_defines(path):
    """``__all__`` lists only names the module defines itself (no re-export hubs),
    except the engine's package, which is its public API."""
    if path == ROOT / "engine" / "__init__.py":
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            imported |= {a.asname or a.name for a in node.names}
    exported = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            exported = {e.value for e in node.value.elts}
    assert not (exported & imported), f"{path.name} re-exports {sorted(exported & imported)}"


def test_no_noqa_for_imports_out_of_place():
    for path in _sources():
        assert "noqa: E402" not in path.read_text(encoding="utf-8"), path


def test_the_installed_distribution_holds_every_package():
    """``pip install .`` (not editable) ships what setuptools finds: every sub-package
    (engine/data, ui/canvas, ...) must match pyproject.toml's include patterns, or the
    installed app fails at its first import (the tests, run from the tree, would not)."""
    import fnmatch

    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = {".".join(p.parent.relative_to(ROOT).parts)
                for pkg in PACKAGES for p in (ROOT / pkg).rglob("__init__.py")}
    missing = [p for p in sorted(packages) if not any(fnmatch.fnmatch(p, i) for i in include)]
    assert missing == [] and "engine.data" in packages
