"""Find the files, modules and sections that comments, docstrings and docs name, and say
which of them do not exist. The rule it applies is written out in tests/repo/test_citations.py.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "msgclient"
CODE_DIRS = ("src", "tests", "benchmarks", "scripts")

EXT = r"(?:py|md|yaml|yml|sql|txt)"
NAME = r"[\w*<>-]+"  # <noun>: a placeholder, matched so that it can be skipped
URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+")
EXAMPLE_LINE = re.compile(r"^\s*(?:#\s*)?\$ ", re.M)  # a `$ command` line: its words are argv
# One pass over a text finds, in order: a foreign standard (its § is not ours), a file, a
# dotted msgclient module, and a section sign with what may follow it.
TOKEN = re.compile(
    rf"(?P<foreign>\b(?:RFC|PEP|ISO|ECMA)[ -]?\d+)"
    rf"|(?<![\w./-])(?P<file>(?:\.{{1,2}}/)*(?:{NAME}/)*{NAME}\.{EXT})(?![\w/-])"
    r"|(?<![\w./-])(?P<module>msgclient(?:\.\w+)+)"
    r"|§\s?(?P<section>\d+(?:\.\d+)*)(?:,? (?:rule|item) (?P<item>\d+))?"
    r"|(?<![\w./-])(?P<qualifier>[a-z_][a-z0-9_]*)\.(?P<name>[A-Za-z_]\w*)")
HEADING = re.compile(r"^#{1,6} +(\d+(?:\.\d+)*)\.? ", re.M)


@dataclass(frozen=True)
class Offence:
    where: str  # path:line
    cited: str
    why: str

    def __str__(self) -> str:
        return f"{self.where}: {self.cited} ({self.why})"


def code_texts(source: str) -> tuple[list[tuple[int, str, bool]], set[str]]:
    """(first line, text, False) of each comment block and each docstring of a Python file;
    and every name its code uses or binds (a comment's `x.y` with one of these as x speaks
    of the code's own object, not of a module)."""
    texts: list[tuple[int, str, bool]] = []
    block: list[str] = []
    start = last = 0
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type != tokenize.COMMENT:
            continue
        if block and tok.start[0] != last + 1:
            texts.append((start, "\n".join(block), False))
            block = []
        if not block:
            start = tok.start[0]
        block.append(tok.string)
        last = tok.start[0]
    if block:
        texts.append((start, "\n".join(block), False))
    used: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)):
                texts.append((first.lineno, first.value.value, False))
        for field in ("id", "arg", "attr", "name", "asname"):
            value = getattr(node, field, None)
            if isinstance(value, str):
                used |= set(value.split("."))
    return texts, used


def doc_texts(source: str, markdown: bool) -> list[tuple[int, str, bool]]:
    """(first line, text, inside a fenced block) of each paragraph of a Markdown file, or of
    each comment block of a YAML file."""
    lines = source.split("\n")
    if not markdown:
        lines = [line if line.lstrip().startswith("#") else "" for line in lines]
    texts: list[tuple[int, str, bool]] = []
    block: list[str] = []
    start, fenced = 0, False
    for number, line in enumerate(lines + [""], 1):
        fence = markdown and line.lstrip().startswith("```")
        if block and (fence or not line.strip()):
            texts.append((start, "\n".join(block), fenced))
            block = []
        if fence:
            fenced = not fenced
        elif line.strip():
            start = start if block else number
            block.append(line)
    return texts


def sources() -> list[Path]:
    files = [p for d in CODE_DIRS for p in sorted((ROOT / d).rglob("*.py"))]
    return files + sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md",
                                                           ROOT / "config.example.yaml"]


def scan(path: Path, source: str | None = None) -> list[Offence]:
    """Every bad reference in one file (`source` stands in for its text when given)."""
    return [ref for ref in references(path, source) if ref.why]


def references(path: Path, source: str | None = None) -> list[Offence]:
    """Every reference checked in one file; `why` is empty for those that hold."""
    return on_disk(path) if source is None else read(path, source)


@cache
def on_disk(path: Path) -> list[Offence]:
    return read(path, path.read_text(encoding="utf-8"))


def read(path: Path, source: str) -> list[Offence]:
    used: set[str] | None = None  # no qualified names in documents
    if path.suffix == ".py":
        texts, used = code_texts(source)
    else:
        texts = doc_texts(source, path.suffix == ".md")
    rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    found = []
    for first, text, fenced in texts:
        for offset, cited, why in check_text(path, text, used, fenced):
            found.append(Offence(f"{rel}:{first + text.count(chr(10), 0, offset)}", cited, why))
    return found


def check_text(path: Path, text: str, used: set[str] | None,
               fenced: bool = False) -> list[tuple[int, str, str]]:
    """(offset, what is cited, why it is wrong or "") for each reference checked; `used`
    is the identifiers of the file's code (None for a document: no qualified names), and
    `fenced` says the text is a Markdown code block (a layout tree: a bare name there may be
    any file of the repository)."""
    text = URL.sub(lambda m: " " * len(m.group()), text)
    text = blank_examples(text)
    doc: Path | None = path if path.suffix == ".md" else None  # what a bare § refers to
    found = []
    for m in TOKEN.finditer(text):
        cited, why = m.group(), None  # None: not ours to check
        if m.group("foreign"):
            doc = None
        elif m.group("file"):
            target, why = resolve_file(path, cited, fenced)
            if cited.endswith(".md"):
                doc = target
        elif m.group("module"):
            why = resolve_module(cited)
        elif m.group("section") and doc is not None:
            why = resolve_section(doc, m.group("section"), m.group("item"))
        elif m.group("qualifier") and used is not None and m.group("qualifier") not in used:
            why = resolve_qualified(m.group("qualifier"), m.group("name"))
        if why is not None:
            found.append((m.start(), cited, why))
    return found


def blank_examples(text: str) -> str:
    """Command lines (`$ msgclient ...` and their `\\` continuations) name files as argv."""
    lines, going = [], False
    for line in text.split("\n"):
        going = going or bool(EXAMPLE_LINE.match(line))
        lines.append(" " * len(line) if going else line)
        going = going and line.rstrip().endswith("\\")
    return "\n".join(lines)


def roots(path: Path) -> list[Path]:
    return [ROOT, ROOT / "src", PACKAGE, path.parent]


@cache
def tracked_names() -> set[str]:
    """The name of every file in the project's own folders."""
    return {p.name for d in (*CODE_DIRS, "docs", "examples") for p in (ROOT / d).rglob("*")}


def resolve_file(path: Path, cited: str,
                 anywhere: bool = False) -> tuple[Path | None, str | None]:
    """The file a reference names, or why it is wrong. A slash path whose first folder is
    none of ours names a file of another project and is not checked; with `anywhere`, a bare
    name may be that of any file in the project."""
    if "<" in cited:  # a pattern such as commands/<noun>.py
        return None, None
    parts = cited.split("/")
    if len(parts) > 1 and parts[0] not in (".", ".."):
        if not any((r / parts[0]).is_dir() for r in roots(path)):
            return None, None
    for root in roots(path):
        hits = sorted(root.glob(cited)) if "*" in cited else [root / cited]
        hits = [h for h in hits if h.is_file()]
        if hits:
            return hits[0].resolve(), ""
    if anywhere and "/" not in cited and cited in tracked_names():
        return None, ""
    return None, "no such file"


def top_level_names(module: Path) -> set[str]:
    names = set()
    for node in ast.parse(module.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def resolve_module(cited: str) -> str:
    """Empty when the dotted name is a msgclient module, or a module and then one of the
    names at its top."""
    where = PACKAGE
    for part in cited.split(".")[1:]:
        if (where / part / "__init__.py").is_file():
            where = where / part
        elif where.is_dir() and (where / f"{part}.py").is_file():
            where = where / f"{part}.py"
        else:
            module = where / "__init__.py" if where.is_dir() else where
            return "" if part in top_level_names(module) else "no such module or name"
    return ""


@cache
def package_names() -> tuple[dict[str, set[str]], set[str]]:
    """Each msgclient module's (and package's) last name -> the names it defines or imports
    at its top; and every function and class defined at the top of any of them."""
    names: dict[str, set[str]] = {}
    defined: set[str] = set()
    for module in PACKAGE.rglob("*.py"):
        stem = module.parent.name if module.name == "__init__.py" else module.stem
        names.setdefault(stem, set()).update(top_level_names(module))
        defined |= {n.name for n in ast.parse(module.read_text(encoding="utf-8")).body
                    if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    return names, defined


def resolve_qualified(qualifier: str, name: str) -> str | None:
    """`module.function` where function is msgclient's: some module of that name has it."""
    names, defined = package_names()
    if name not in defined:
        return None
    return "" if name in names.get(qualifier, ()) else f"no module {qualifier!r} with {name}"


@cache
def sections(doc: Path) -> dict[str, str]:
    """Each numbered heading of a Markdown document -> its text up to the next heading."""
    text = doc.read_text(encoding="utf-8")
    marks = list(HEADING.finditer(text)) + [None]
    return {m.group(1): text[m.end():(nxt.start() if nxt else len(text))]
            for m, nxt in zip(marks, marks[1:], strict=False)}


def resolve_section(doc: Path, number: str, item: str | None) -> str:
    found = sections(doc)
    rel = doc.relative_to(ROOT) if doc.is_relative_to(ROOT) else doc
    if number not in found:
        return f"{rel} has no section {number}"
    if item and not re.search(rf"^ *{item}\. ", found[number], re.M):
        return f"{rel} §{number} has no item {item}"
    return ""

