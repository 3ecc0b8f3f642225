"""The two streaming passes over the input: validate every row, then feed the sender.

Neither pass holds more than a small window of rows: what must be remembered between rows
(states, recipients seen so far) lives in the journal. The first pass fingerprints
the file as it reads it; the second re-reads it and picks, by line number, the
rows the journal still has open.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from msgclient.bulk.input.formats import read_rows
from msgclient.bulk.input.keys import recipient_key
from msgclient.bulk.input.rows import BulkRow, RowBuilder, header_problem
from msgclient.bulk.input.source import LineSource
from msgclient.bulk.journal import OPEN, Journal, JournalError
from msgclient.errors import Cancelled, RuleRefusal, UsageError

SAMPLE_SIZE = 5
PROBLEMS_KEPT = 200  # for the screen; every problem is in the journal and the report

# Rows checked with the stand at once: a thread row costs a GET, which on a real stand is a
# round trip; one after another, a large file would wait minutes before its first send.
CHECKS_IN_FLIGHT = 8


class Checker(Protocol):
    # Raises UsageError / RuleRefusal; returns the id of the client the row reaches where the
    # check learned it (a thread row), so two threads of one client are one recipient.
    def __call__(self, row: BulkRow) -> str | None: ...
    def asks_stand(self, row: BulkRow) -> bool: ...     # whether checking it costs a request


# line, row, state, reason, code, and the client's id where the check learned it
Judged = tuple[int, "BulkRow | None", str, "str | None", "str | None", "str | None"]
RowCallback = Callable[[int, "BulkRow | None", str, "str | None", "str | None"], None]


@dataclass
class Validation:
    rows: int = 0
    valid: int = 0
    invalid: int = 0
    duplicates: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)  # the first PROBLEMS_KEPT
    samples: list[BulkRow] = field(default_factory=list)
    sha256: str = ""
    size: int = 0

    def problem(self, line: int, reason: str) -> None:
        self.invalid += 1
        if len(self.problems) < PROBLEMS_KEPT:
            self.problems.append((line, reason))


@dataclass
class Inputs:
    """Everything both passes need to read the rows the same way."""

    path: Path
    fmt: str
    name: str  # for messages: the file as the user named it
    builder: RowBuilder
    region: str | None = None
    zones: Callable[[BulkRow], tuple[str, str]] | None = None  # a row -> (zone, source)


def _raw_rows(inputs: Inputs, source: LineSource):
    return read_rows(source, inputs.fmt, name=inputs.name, check_header=header_problem)


def validate(inputs: Inputs, journal: Journal, check: Checker, *, allow_duplicates: bool,
             on_row: RowCallback | None = None) -> Validation:
    """Pass 1: every row built and checked; the journal gets one entry per row, in line order.

    Rows are read and built here; the checks that ask the stand run on a small pool, and
    their verdicts are taken in line order through a bounded window (memory stays flat)."""
    result = Validation()

    def record(judged: Judged) -> None:
        line, row, state, reason, code, client = judged
        dkey = None
        if row is not None and state == "pending":
            dkey = recipient_key("client", client) if client is not None else \
                row.dedupe_key(inputs.region)
            first = None if allow_duplicates else journal.first_with(dkey)
            if first is not None:
                state, reason, dkey = "duplicate", f"same recipient as line {first}", None
        _count(result, line, row, state, reason)
        zone = inputs.zones(row)[0] if row is not None and inputs.zones is not None else None
        journal.add_row(line, state, row.label if row else None,
                        None if allow_duplicates else dkey, code=code, reason=reason,
                        zone=zone)
        if on_row is not None:
            on_row(line, row, state, reason, code)

    # The first row is checked here, alone: it reads the catalogue (channels, settings, ...)
    # that every later check shares, once instead of once per pool thread.
    pool: ThreadPoolExecutor | None = None
    window: deque[Future[Judged]] = deque()
    try:
        with inputs.path.open("rb") as raw:
            source = LineSource(raw)
            for item in _raw_rows(inputs, source):
                result.rows += 1
                window.append(_judge(pool, inputs, item.line, item.fields, item.problem, check))
                pool = pool or ThreadPoolExecutor(CHECKS_IN_FLIGHT, thread_name_prefix="row-check")
                while len(window) > 2 * CHECKS_IN_FLIGHT:
                    record(window.popleft().result())
            while window:
                record(window.popleft().result())
            journal.commit()
            result.sha256, result.size = source.digest.hexdigest(), source.size
    except KeyboardInterrupt:  # one line, as every Ctrl-C gets, not a bare exit
        raise Cancelled("Stopped while checking the rows; nothing was sent.") from None
    finally:
        if pool is not None:  # not waiting: Ctrl-C ends the pass now, not after 8 requests
            pool.shutdown(wait=False, cancel_futures=True)
    return result


def _judge(pool: ThreadPoolExecutor | None, inputs: Inputs, line: int, fields: dict | None,
           problem: str | None, check: Checker) -> Future[Judged]:
    """The row's verdict: pending, or invalid with the reason and its stable code."""
    if problem is not None or fields is None:
        return _done((line, None, "invalid", problem, None, None))
    try:
        row = inputs.builder.build(line, fields)  # here: the builder's caches are not shared
    except (UsageError, RuleRefusal) as exc:
        return _done((line, None, "invalid", exc.message.rstrip("."),
                      getattr(exc, "code", None), None))
    if pool is not None and check.asks_stand(row):
        return pool.submit(_checked, line, row, check)
    return _done(_checked(line, row, check))


def _checked(line: int, row: BulkRow, check: Checker) -> Judged:
    try:
        client = check(row)
    except (UsageError, RuleRefusal) as exc:
        return line, row, "invalid", exc.message.rstrip("."), getattr(exc, "code", None), None
    return line, row, "pending", None, None, client


def _done(judged: Judged) -> Future[Judged]:
    future: Future[Judged] = Future()
    future.set_result(judged)
    return future


def _count(result: Validation, line: int, row: BulkRow | None, state: str,
           reason: str | None) -> None:
    if state == "invalid":
        result.problem(line, str(reason))
    elif state == "duplicate":
        result.duplicates += 1
    else:
        result.valid += 1
        if row is not None and len(result.samples) < SAMPLE_SIZE:
            result.samples.append(row)


@dataclass(frozen=True)
class Work:
    """One row the sender still has to deal with, as the journal left it."""

    entry: dict               # the journal row: state, key, path, body, ...
    row: BulkRow | None       # rebuilt from the input when no body was stored
    problem: Exception | None = None


def open_work(inputs: Inputs, journal: Journal) -> Iterator[Work]:
    """Pass 2: the rows still open in the journal, rebuilt from the input in line order."""
    entries = journal.rows(OPEN)
    entry = next(entries, None)
    if entry is None:
        return
    with inputs.path.open("rb") as raw:
        for item in _raw_rows(inputs, LineSource(raw)):
            if item.line < entry["line"]:
                continue
            if item.line > entry["line"] or item.fields is None:
                raise JournalError(f"The input no longer has a readable row at line "
                                   f"{entry['line']}; the journal does not match it.")
            yield _work(inputs, entry, item.fields)
            entry = next(entries, None)
            if entry is None:
                return
    raise JournalError(f"The input ends before line {entry['line']}; the journal does not "
                       "match it.")


def _work(inputs: Inputs, entry: dict, fields: dict) -> Work:
    if entry.get("body"):
        return Work(entry, None)  # sent before: resend the exact same bytes under the same key
    try:
        return Work(entry, inputs.builder.build(entry["line"], fields))
    except UsageError as exc:
        return Work(entry, None, exc)
