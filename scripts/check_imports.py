#!/usr/bin/env python3
"""One-way imports: fail on an import circle between the project's modules, on a model module importing a view or
a form, and on a hand-written module over 700 lines (migrations aside).

Reads the source with `ast` (nothing is imported or run). Every import counts, a function's own imports too: an
import moved into a function to dodge a circle still runs the wrong way. `if TYPE_CHECKING:` imports do not count.
Usage: `python scripts/check_imports.py` (run by `make lint` and tests/test_import_rules.py); exit status 1 on a fault.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 700
SKIPPED_DIRS = {"migrations", "tests", "node_modules", "static", "templates", "locale"}


def project_packages(root=ROOT):
    """The project's top-level packages (apps): folders at the root with an __init__.py, the tests aside."""
    return sorted(
        path.parent.name
        for path in root.glob("*/__init__.py")
        if path.parent.name not in SKIPPED_DIRS and not path.parent.name.startswith(".")
    )


def project_modules(root=ROOT):
    """{module name: path} for every hand-written module of the project's packages (migrations aside)."""
    modules = {}
    for package in project_packages(root):
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if SKIPPED_DIRS & set(parts[:-1]):
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def _is_type_checking(test):
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree):
    """The Import/ImportFrom nodes of a module, wherever they are, except under `if TYPE_CHECKING:`."""
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            pending.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        pending.extend(ast.iter_child_nodes(node))


def imported_modules(name, path, modules):
    """The project modules that module `name` (at `path`) imports."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in _imports(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                package = name.split(".") if is_package else name.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, base] if base else package)
            # `from package import module` imports that module; `from module import name` the module itself.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        for target in targets:
            while target and target not in modules:  # `import a.b.c` of a name inside a module: the module
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph(modules):
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def circles(graph):
    """Every group of modules that import one another, directly or through others (Tarjan's strongly connected
    components), as sorted tuples."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(start):
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    members = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        members.append(member)
                        if member == node:
                            break
                    if len(members) > 1:
                        found.append(tuple(sorted(members)))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return sorted(found)


def _is_model_module(name):
    return "models" in name.split(".")


def _is_view_or_form_module(name):
    last = name.rsplit(".", 1)[-1]
    return last in {"views", "forms"} or last.endswith(("_views", "_forms"))


def wrong_way_imports(graph):
    """(model module, view or form module) pairs: a model never imports a view or a form."""
    return sorted(
        (name, target)
        for name, targets in graph.items()
        if _is_model_module(name)
        for target in targets
        if _is_view_or_form_module(target)
    )


def long_modules(root=ROOT, limit=MAX_LINES):
    """(path, lines) of every hand-written Python file over `limit` lines: the apps, tests, scripts and benchmarks
    (migrations and the virtualenv aside)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if "migrations" in parts or any(part.startswith(".") or part == "node_modules" for part in parts):
            continue
        lines = len(path.read_text().splitlines())
        if lines > limit:
            found.append((path.relative_to(root).as_posix(), lines))
    return found


def problems(root=ROOT):
    """The faults, as sentences."""
    graph = import_graph(project_modules(root))
    found = [f"import circle: {' <-> '.join(circle)}" for circle in circles(graph)]
    found += [f"a model imports a view or a form: {model} -> {target}" for model, target in wrong_way_imports(graph)]
    found += [f"{path} has {lines} lines (at most {MAX_LINES}): split it" for path, lines in long_modules(root)]
    return found


def main():
    found = problems()
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
