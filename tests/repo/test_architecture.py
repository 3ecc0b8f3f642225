"""The layout holds: no import cycle anywhere in src/msgclient (an import inside a function
counts too), no folder of more than 15 modules, and the one-way rooms of docs/architecture.md."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "msgclient"


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Every msgclient module `name` imports, at any depth of its code."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in known else base)
    return {m for m in found if m in known and m != name}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles():
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_folder_holds_more_than_15_modules():
    crowded = {str(folder.relative_to(SRC)): n for folder in [PACKAGE, *PACKAGE.rglob("*/")]
               if folder.is_dir() and (n := len(list(folder.glob("*.py")))) > 15}
    assert crowded == {}


def test_the_rooms_keep_their_doors():
    """The sandbox, the rules and the HTTP client never reach into the CLI; rules reach
    nothing but themselves (docs/architecture.md)."""
    cli = ("msgclient.commands", "msgclient.cli", "msgclient.terminal", "msgclient.__main__")
    edges = graph()
    for name, targets in edges.items():
        if name.startswith(("msgclient.sandbox", "msgclient.rules", "msgclient.api",
                            "msgclient.outgoing", "msgclient.bulk")):
            assert not [t for t in targets if t.startswith(cli)], name
        if name.startswith("msgclient.rules"):
            assert all(t.startswith("msgclient.rules") for t in targets), name


def test_the_tests_mirror_the_source():
    """tests/<room>/ for src/msgclient/<room>/ or <room>.py (deeper folders too), a pty/ folder
    for the real-terminal tests of the room above it, plus e2e/ (the installed CLI against a
    stand) and repo/ (checks of the repository itself)."""
    tests = SRC.parent / "tests"
    folders = {p.relative_to(tests) for p in tests.rglob("*/") if p.is_dir()
               and p.name != "__pycache__" and any(p.glob("test_*.py"))}

    def mirrors(folder: Path) -> bool:
        if folder.parts[0] in {"e2e", "repo"}:
            return True
        if folder.name == "pty":
            folder = folder.parent
        return (PACKAGE / folder).is_dir() or (PACKAGE / folder).with_suffix(".py").is_file()

    strays = sorted(str(f) for f in folders if not mirrors(f))
    assert strays == [], f"test folders with no source room: {strays}"
