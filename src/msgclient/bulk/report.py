"""The end of a run: counts for people and scripts, and a file with every row's outcome."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from msgclient.bulk.journal import OPEN, Journal

REPORT_COLUMNS = ("line", "state", "recipient", "message_id", "thread_id", "code", "reason",
                  "attempts", "idempotency_key", "updated")


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
        "complete": left == 0,
        "resume": None if left == 0 else resume_command(run_id),
    }


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
    }


def write_report(journal: Journal, path: Path) -> Path:
    """Every row's outcome, streamed from the journal: CSV, or JSON for a .json path.

    Written to a temporary name and renamed, so a report is never half a file.
    """
    from msgclient.private_files import replace_private

    path = path.expanduser()
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
        writer.writerow(record(entry))


def _write_json(journal: Journal, out: Any) -> None:
    out.write("[")
    for number, entry in enumerate(journal.rows()):
        out.write(("\n  " if number == 0 else ",\n  ") + json.dumps(record(entry),
                                                                   ensure_ascii=False))
    out.write("\n]\n")
