"""The map of the code holds: layers respected, no import cycle, shared machinery that names no content model.

The contracts are in pyproject.toml ([tool.importlinter]); this test runs them with the suite, and checks
what they cannot say: no cycle between the project's apps, whichever root package holds them.
"""

import ast
import subprocess
import sys
from pathlib import Path

import grimp
import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
ROOT_PACKAGES = ["unicancer_site", "centres", "certifications", "research"]


def test_import_contracts_are_kept():
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*ROOT_PACKAGES, cache_dir=None)


def strongly_connected(nodes, edges) -> list[set[str]]:
    """Tarjan's algorithm: the import cycles of a graph, as sets of modules (iterative: no recursion limit)."""
    index, lowlink, on_stack, stack, components, counter = {}, {}, set(), [], [], [0]
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges(root))))]
        index[root] = lowlink[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = lowlink[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges(child)))))
                elif child in on_stack:
                    lowlink[node] = min(lowlink[node], index[child])
                continue
            work.pop()
            if work:
                lowlink[work[-1][0]] = min(lowlink[work[-1][0]], lowlink[node])
            if lowlink[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(component)
    return components


def test_no_import_cycle_anywhere(graph):
    """Module level, across every root package (import-linter's acyclic_siblings looks inside one package)."""
    cycles = strongly_connected(sorted(graph.modules), graph.find_modules_directly_imported_by)
    assert cycles == []


def test_the_cycle_finder_finds_a_cycle():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert strongly_connected(sorted(edges), edges.__getitem__) == [{"a", "b", "c"}]


def content_model_names() -> set[str]:
    """The class names of the content models (every model of the project outside core, accounts, publishing)."""
    shared = {"core", "accounts", "publishing"}
    return {
        model.__name__
        for model in apps.get_models()
        if model._meta.app_config.name.split(".")[0] in ROOT_PACKAGES
        and model._meta.app_label not in shared
        and not model.__name__.startswith("Historical")
    }


@pytest.mark.parametrize("shared", ["unicancer_site.core", "unicancer_site.accounts", "unicancer_site.publishing"])
def test_shared_machinery_names_no_content_model(shared):
    """Core, accounts and publishing find content by what apps declare, never by a model's name in their code."""
    names = content_model_names()
    offenders = []
    for path in sorted((ROOT / shared.replace(".", "/")).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            used = (
                node.id
                if isinstance(node, ast.Name)
                else node.attr
                if isinstance(node, ast.Attribute)
                else node.name
                if isinstance(node, ast.alias)
                else None
            )
            if used in names:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {used}")
    assert offenders == []


def test_every_app_of_the_project_has_its_layer():
    """An app missing from the layers contract would be checked by nothing: each is named in one layer."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    layered = {
        name.strip()
        for contract in config
        if contract["type"] == "layers"
        for layer in contract["layers"]
        for name in layer.replace("|", ":").split(":")
    }
    missing = [
        config.name
        for config in apps.get_app_configs()
        if config.name.split(".")[0] in ROOT_PACKAGES and config.name not in layered
    ]
    assert missing == []
