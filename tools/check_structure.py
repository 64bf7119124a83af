#!/usr/bin/env python3
"""Print every import cycle among the modules of ``linter/`` and every function longer than
80 lines; exit 1 when there is either, 0 when there is neither.

Deferred imports count: an import inside a function body is an edge like one at the top
(it hides a cycle from Python's loader, not from the design). ``from pkg import name``
is an edge to ``pkg.name`` when that is a module, else to ``pkg`` itself (its
``__init__``). ``if TYPE_CHECKING:`` imports are left out: they never run.

Usage: ``python tools/check_structure.py [PACKAGE_DIR] [--max-lines N]``.
"""
from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 80


def module_names(pkg: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every .py under the package folder."""
    out = {}
    for f in sorted(pkg.rglob("*.py")):
        parts = list(f.relative_to(pkg.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = f
    return out


def _type_checking_only(node: ast.AST, parents: dict) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The linter modules that module ``name`` imports, anywhere in its body."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)) or _type_checking_only(node, parents):
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in modules)
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")
            anchor = anchor[: len(anchor) - (node.level - 1)]
            base = ".".join(anchor + ([base] if base else []))
        for alias in node.names:
            sub = f"{base}.{alias.name}"
            if sub in modules:
                found.add(sub)
            elif base in modules:
                found.add(base)
    found.discard(name)
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (a list of modules, first repeated last) per strongly connected group."""
    index, low, stack, on, groups = {}, {}, [], set(), []

    def visit(v: str) -> None:   # Tarjan, recursive: the graph is a few hundred modules
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_path_in(g, graph) for g in sorted(groups)]


def _path_in(group: list[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest cycle through the group's first module, staying inside the group."""
    start, members = group[0], set(group)
    prev, frontier = {start: None}, [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph[v] & members):
                if w == start:
                    path = [v]
                    while prev[path[-1]] is not None:
                        path.append(prev[path[-1]])
                    return [start, *reversed(path[:-1]), start] if len(path) > 1 else [start, v, start]
                if w not in prev:
                    prev[w] = v
                    nxt.append(w)
        frontier = nxt
    return group


def long_functions(modules: dict[str, Path], max_lines: int) -> list[tuple[str, int, str, int]]:
    """(file, line, qualified name, length) of every function longer than max_lines."""
    out = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))

        def walk(node, prefix=""):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    qual = f"{prefix}{child.name}"
                    if not isinstance(child, ast.ClassDef):
                        length = child.end_lineno - child.lineno + 1
                        if length > max_lines:
                            out.append((str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path),
                                        child.lineno, qual, length))
                    walk(child, qual + ".")
                else:
                    walk(child, prefix)
        walk(tree)
    return sorted(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("package", nargs="?", default=str(ROOT / "linter"))
    ap.add_argument("--max-lines", type=int, default=MAX_LINES)
    args = ap.parse_args(argv)
    modules = module_names(Path(args.package).resolve())
    graph = {name: imports_of(name, path, modules) for name, path in modules.items()}
    found = cycles(graph)
    longs = long_functions(modules, args.max_lines)
    for c in found:
        print("import cycle: " + " -> ".join(c))
    for file, line, qual, length in longs:
        print(f"long function: {file}:{line}: {qual} is {length} lines (over {args.max_lines})")
    if not found and not longs:
        print(f"{len(modules)} modules: no import cycle, no function over {args.max_lines} lines")
    return 1 if found or longs else 0


if __name__ == "__main__":
    sys.exit(main())
