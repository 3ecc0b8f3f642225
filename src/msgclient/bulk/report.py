"""The end of a run: counts for people and scripts, and a file with every row's outcome."""

from __future__ import annotations

import csv
import json
import os
import stat
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from msgclient.bulk.journal import OPEN, Journal
from msgclient.errors import UsageError
from msgclient.files.private import replace_private

REPORT_COLUMNS = ("line", "state", "recipient", "message_id", "thread_id", "code", "reason",
                  "attempts", "idempotency_key", "updated", "zone", "held_until")


def summary(journal: Journal, run_id: str) -> dict[str, Any]:
    """Counts by state (every state present, zero or not) and refusals by rule."""
    counts = journal.counts()
    left = sum(counts[state] for state in OPEN)
    return {
        "runId": run_id,
        "rows": sum(counts.values()),
        "sent": counts["sent"],
        "refused": counts["refused"],
        "refusedByCode": journal.refused_codes(),
        "failed": counts["failed"],
        "unknown": counts["unknown"] + counts["in_flight"],
        "pending": counts["pending"],
        "invalid": counts["invalid"],
        "duplicates": counts["duplicate"],
        "held": counts["held"],
        "heldUntil": _held_until(journal),
        "expired": counts["expired"],
        "complete": left == 0,
        "resume": None if left == 0 else resume_command(run_id),
    }


def _held_until(journal: Journal) -> dict[str, Any] | None:
    """When the first held row may go: UTC, the client's zone, and in words."""
    first = journal.first_held()
    if first is None:
        return None
    until, zone = first
    return {"at": datetime.fromtimestamp(until, UTC).isoformat(timespec="seconds"),
            "zone": zone, "text": held_time(until, zone)}


def held_time(until: float, zone: str | None) -> str:
    """'09:00 Europe/Berlin (Mon 2026-12-07 08:00 UTC)': the client's clock, then UTC."""
    at = datetime.fromtimestamp(until, UTC)
    try:
        local = at.astimezone(ZoneInfo(zone or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        local = at
    return f"{local:%H:%M} {zone or 'UTC'} ({at:%a %Y-%m-%d %H:%M} UTC)"


def resume_command(run_id: str, *extra: str) -> str:
    return " ".join(("msgclient bulk resume", run_id, *extra))


def record(entry: dict) -> dict[str, Any]:
    updated = entry.get("updated")
    return {
        "line": entry["line"], "state": entry["state"], "recipient": entry.get("label"),
        "message_id": entry.get("message_id"), "thread_id": entry.get("thread_id"),
        "code": entry.get("code"), "reason": entry.get("reason"),
        "attempts": entry.get("attempts"), "idempotency_key": entry.get("key"),
        "updated": datetime.fromtimestamp(updated, UTC).isoformat(timespec="seconds")
        if updated else None,
        "zone": entry.get("zone"), "held_until": _iso(entry.get("held_until"))
        if entry.get("state") == "held" else None,
    }


def _iso(at: float | None) -> str | None:
    return datetime.fromtimestamp(at, UTC).isoformat(timespec="seconds") if at else None


def check_target(path: Path, protected: Iterable[Path] = ()) -> Path:
    """Where a report may go: a new file, or a regular file that is none of `protected`
    (the run's input). Checked before the first send, and again just before writing: the
    rename that makes the report whole would replace a link itself, a device node, or the
    input the run needs to resume."""
    path = path.expanduser()
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return path
    if stat.S_ISLNK(found.st_mode):
        raise UsageError(f"The report path {path} is a symbolic link; msgclient replaces only "
                         "regular files.", hint="Give the path of the file itself.")
    if not stat.S_ISREG(found.st_mode):
        raise UsageError(f"The report path {path} is not a regular file.",
                         hint="Give the path of a new or existing file.")
    for other in protected:
        if other.exists() and os.path.samefile(path, other):
            raise UsageError(f"The report path {path} is the run's input file; writing the "
                             "report would replace it.", hint="Give --report another path.")
    return path


def write_report(journal: Journal, path: Path, protected: Iterable[Path] = ()) -> Path:
    """Every row's outcome, streamed from the journal: CSV, or JSON for a .json path.

    Written to a new temporary file (O_EXCL, so never through someone's link) and renamed,
    so a report is never half a file.
    """
    path = check_target(path, protected)
    # Phone numbers and addresses: 0600 wherever the user puts it, never through a link.
    with replace_private(path, "w", own_folder=False, encoding="utf-8", newline="") as out:
        if path.suffix.lower() == ".json":
            _write_json(journal, out)
        else:
            _write_csv(journal, out)
    return path


def _write_csv(journal: Journal, out: Any) -> None:
    writer = csv.DictWriter(out, fieldnames=REPORT_COLUMNS)
    writer.writeheader()
    for entry in journal.rows():
        writer.writerow({k: _cell(v) for k, v in record(entry).items()})


# A spreadsheet runs a cell that starts with one of these as a formula; the stand's refusal
# text or a recipient label must stay text (OWASP, "CSV Injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _write_json(journal: Journal, out: Any) -> None:
    out.write("[")
    for number, entry in enumerate(journal.rows()):
        out.write(("\n  " if number == 0 else ",\n  ") + json.dumps(record(entry),
                                                                   ensure_ascii=False))
    out.write("\n]\n")
