"""Import cycles of the package: strongly connected sets of top-level modules/packages.

    python bench/cycles.py            # package level (innovationzone.<x>) and module level

Prints every set of more than one member; "0" means the layers are acyclic.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import grimp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout, not an installed one


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative enough for a package this size."""
    sys.setrecursionlimit(10_000)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return [c for c in found if len(c) > 1]


def main() -> None:
    graph = grimp.build_graph("innovationzone", cache_dir=None)
    packages: dict[str, set[str]] = defaultdict(set)
    modules: dict[str, set[str]] = defaultdict(set)
    for module in graph.modules:
        top = ".".join(module.split(".")[:2])
        for imported in graph.find_modules_directly_imported_by(module):
            modules[module].add(imported)
            other = ".".join(imported.split(".")[:2])
            if other != top:
                packages[top].add(other)
    for label, edges in (("package", packages), ("module", modules)):
        cycles = strongly_connected(edges)
        size = max((len(c) for c in cycles), default=0)
        print(f"{label:8} level: {len(cycles)} cycle(s), largest {size}")
        for cycle in cycles:
            print("   ", " ".join(m.removeprefix("innovationzone.") for m in cycle))


if __name__ == "__main__":
    main()
