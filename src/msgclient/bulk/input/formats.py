"""CSV, JSON Lines and YAML readers: a stream of raw rows, each with its line number.

A problem confined to one row (a broken JSON line, a CSV record with too many
fields) becomes that row's `problem` and reading goes on, so the user sees every
bad line at once. A problem with the file as a whole (empty, no header, a YAML
syntax error or a CSV quote left open, after which nothing can be trusted) raises
UsageError.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from msgclient.bulk.input.source import LineSource, RepeatedKeys, unique_pairs
from msgclient.bulk.input.yaml_stream import yaml_items
from msgclient.errors import UsageError
from msgclient.files import user as userfiles

FORMATS = ("csv", "jsonl", "yaml")
EXTENSIONS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".jsonl": "jsonl",
              ".ndjson": "jsonl", ".json": "jsonl", ".yaml": "yaml", ".yml": "yaml"}


@dataclass(frozen=True)
class RawRow:
    line: int
    fields: dict[str, Any] | None  # None when the row could not be read
    problem: str | None = None


def detect_format(path: str, given: str | None) -> str:
    if given:
        wanted = given.lower().replace("json-lines", "jsonl").replace("yml", "yaml")
        if wanted not in FORMATS:
            raise UsageError(f"Unknown --format '{given}'; use one of {', '.join(FORMATS)}.")
        return wanted
    if path == "-":
        return _sniff_stdin()
    found = EXTENSIONS.get(Path(path).suffix.lower())
    if Path(path).suffix.lower() == ".json" and _first_byte(Path(path)) == b"[":
        return "yaml"  # a JSON array ('threads list --json > t.json'): JSON is YAML
    if found is None:
        raise UsageError(f"Cannot tell the format of '{path}' from its extension; "
                         "add --format csv, jsonl or yaml.")
    return found


def _first_byte(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    except OSError:
        return b""  # the reader reports it


def _sniff_stdin() -> str:
    """A pipe's format from its first bytes, so `threads list --json | bulk run -` works:
    '[' is a JSON array (read as YAML, of which JSON is a part), '{' JSON Lines."""
    try:
        head = userfiles.peek(sys.stdin.buffer, "stdin")
    except (AttributeError, OSError, ValueError):
        head = b""
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"[":
        return "yaml"
    if head == b"{":
        return "jsonl"
    raise UsageError("Reading rows from stdin needs --format csv, jsonl or yaml (JSON is "
                     "recognised by itself).")


HeaderCheck = Callable[[list[str]], "str | None"]


def read_rows(source: LineSource, fmt: str, *, name: str = "the file",
              check_header: HeaderCheck | None = None) -> Iterator[RawRow]:
    """Raw rows in file order; `check_header` may refuse a CSV header (its problem or None)."""
    if fmt == "csv":
        return _read_csv(source, name, check_header)
    return {"jsonl": _read_jsonl, "yaml": _read_yaml}[fmt](source, name)


@lru_cache(maxsize=1024)
def normalize_column(name: str) -> str:
    """'First Name', 'first-name' and 'firstName' all become first_name."""
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", str(name).strip())
    return re.sub(r"[\s\-]+", "_", name).lower()


def _sniff_delimiter(header: str, name: str) -> str:
    """The header's separator: the one it holds most of. A tie (thread;text,note) could be
    either file: refused, naming both, never guessed."""
    if name.lower().endswith(".tsv"):
        return "\t"
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    tied = sorted((d for d in counts if counts[d] == counts[best]), key=header.find)
    if counts[best] and len(tied) > 1:
        words = {",": "',' (commas)", ";": "';' (semicolons)", "\t": "tabs"}
        raise UsageError(f"{name} line 1 could be split at {words[tied[0]]} or at "
                         f"{words[tied[1]]} ({counts[best]} of each); which one is meant?",
                         hint="Quote the header's names that hold the other one.")
    return best if counts[best] else ","


def _read_csv(source: LineSource, name: str, check_header: HeaderCheck | None
              ) -> Iterator[RawRow]:
    csv.field_size_limit(source.max_line)
    lines = iter(source)
    first = next(lines, None)
    if first is None or not first.strip():
        raise UsageError(f"{name} is empty (line 1): a CSV file needs a header line and rows.")
    header_problem = source.take_problem(1, 1)
    if header_problem:
        raise UsageError(f"{name} line 1: {header_problem}.")
    delimiter = _sniff_delimiter(first, name)
    # strict: a quote left open must not swallow the next rows into one cell (csv's default
    # forgives it, and the merged text went to one client while the others got nothing).
    reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter, strict=True)
    header = _check_header(next(reader), name)
    problem = check_header(header) if check_header else None
    if problem:
        raise UsageError(f"{name} line 1: {problem}.")
    count = 0
    while True:
        start = source.lineno + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # After a broken quote no later line can be trusted: the file is refused.
            raise UsageError(f"{name} line {start}: not valid CSV ({exc}); a quote is "
                             "probably not closed. Nothing after it can be read.") from None
        problem = source.take_problem(start, source.lineno)
        if problem is None and record in ([], [""]):
            continue  # a blank line
        count += 1
        yield _csv_row(start, header, record, problem)
    if count == 0:
        raise UsageError(f"{name} has a header line but no rows.")


def _check_header(header: list[str], name: str) -> list[str]:
    seen: dict[str, int] = {}
    for position, column in enumerate(header, 1):
        key = normalize_column(column)
        if not key:
            raise UsageError(f"{name} line 1: column {position} has no name; every column of "
                             "the header line needs one.")
        if key in seen:
            raise UsageError(f"{name} line 1: column '{column}' appears twice (columns "
                             f"{seen[key]} and {position}); rename or remove one.")
        seen[key] = position
    return header


def _csv_row(line: int, header: list[str], record: list[str], problem: str | None) -> RawRow:
    if problem:
        return RawRow(line, None, problem)
    if len(record) != len(header):
        return RawRow(line, None, f"{len(record)} fields, but the header line has {len(header)} "
                                  "columns (a quote or delimiter out of place?)")
    return RawRow(line, dict(zip(header, record, strict=True)))


def _read_jsonl(source: LineSource, name: str) -> Iterator[RawRow]:
    count = 0
    for text in source:
        line = source.lineno
        problem = source.take_problem(line, line)
        if not text.strip() and problem is None:
            continue
        count += 1
        if problem:
            yield RawRow(line, None, problem)
            continue
        if count == 1 and text.lstrip().startswith("["):
            raise UsageError(f"{name} line {line}: this is a JSON array; msgclient reads JSON "
                             "Lines (one object per line, .jsonl).")
        yield _json_row(line, text)
    if count == 0:
        raise UsageError(f"{name} is empty: a JSON Lines file needs one object per line.")


def _json_row(line: int, text: str) -> RawRow:
    try:
        data = json.loads(text, object_pairs_hook=unique_pairs)
    except RecursionError:  # '[[[[...' a hundred thousand deep
        return RawRow(line, None, "not valid JSON: nested too deeply")
    except ValueError as exc:
        where = f" (column {exc.colno})" if hasattr(exc, "colno") else ""
        return RawRow(line, None, f"not valid JSON: {getattr(exc, 'msg', exc)}{where}")
    if not isinstance(data, dict):
        return RawRow(line, None, f"expected a JSON object ({{...}}), found {_kind(data)}")
    return _mapping_row(line, data)


def _mapping_row(line: int, data: dict) -> RawRow:
    if isinstance(data, RepeatedKeys):
        return RawRow(line, None, f"the key '{data.repeated}' appears twice in this row; "
                                  "keep one")
    return RawRow(line, data)


def _kind(value: Any) -> str:
    return {list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(
        type(value), "a number")


def _read_yaml(source: LineSource, name: str) -> Iterator[RawRow]:
    count = 0
    for line, last, data in yaml_items(source, name):
        count += 1
        problem = source.take_problem(line, last)
        if problem:
            yield RawRow(line, None, problem)
        elif not isinstance(data, dict):
            yield RawRow(line, None, f"expected a mapping (phone: ..., text: ...), found "
                                     f"{_kind(data)}")
        else:
            yield _mapping_row(line, data)
    if count == 0:
        raise UsageError(f"{name} has no rows: a YAML file needs a list of rows "
                         "('- phone: ...').")
