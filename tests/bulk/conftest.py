"""Helpers for bulk tests: input files, what the stand received, the run's journal."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

# Unique, valid German mobile numbers; offsets above 20,000,000 stay clear of the seed's clients.
PHONE_BASE = 20_000_000

# Seeded fixtures (sandbox/store/seed.py) the rule tests lean on.
BLOCKED_PHONE = "+79031234502"      # Boris Ivanov, blocked
ACTIVE_PHONE = "+79161234509"       # Ivan Kuznetsov, has an active WhatsApp thread
CLOSED_THREAD_ANNA = 1              # Anna Petrova, closed WhatsApp thread
ACTIVE_THREAD_IVAN = 12


def phones(count: int, offset: int = 0) -> list[str]:
    return [f"+49151{PHONE_BASE + offset + i:08d}" for i in range(count)]


def write_csv(path: Path, header: list[str], rows: Iterable[list]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def phone_rows(path: Path, numbers: list[str]) -> Path:
    return write_csv(path, ["phone", "name"],
                     ([number, f"Client {i}"] for i, number in enumerate(numbers)))


def outgoing_counts(db: Path) -> dict[str, int]:
    """Outgoing messages the stand recorded per client phone (digits without '+')."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return dict(conn.execute(
            "SELECT c.phone, count(m.id) FROM messages m JOIN threads t ON m.thread_id = t.id "
            "JOIN clients c ON t.client_id = c.id WHERE m.direction = 'OUTGOING' "
            "GROUP BY c.phone"))
    finally:
        conn.close()


def outgoing_texts(stand, numbers: Iterable[str]) -> dict[str, list[str]]:
    """The texts of the outgoing messages to each of these phones, oldest first, [] included."""
    wanted = {n.lstrip("+"): [] for n in numbers}
    conn = sqlite3.connect(f"file:{stand.db}?mode=ro", uri=True, timeout=30)
    try:
        for phone, text in conn.execute(
                "SELECT c.phone, m.text FROM messages m JOIN threads t ON m.thread_id = t.id "
                "JOIN clients c ON t.client_id = c.id WHERE m.direction = 'OUTGOING' "
                "ORDER BY m.id"):
            if phone in wanted:
                wanted[phone].append(text)
    finally:
        conn.close()
    return wanted


def outgoing_by_phone(stand, numbers: Iterable[str]) -> dict[str, int]:
    """Outgoing messages for each of these phones, zero included."""
    found = outgoing_counts(stand.db)
    return {phone: found.get(phone, 0) for phone in (n.lstrip("+") for n in numbers)}


def outgoing_total(stand) -> int:
    conn = sqlite3.connect(f"file:{stand.db}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute("SELECT count(*) FROM messages WHERE direction = 'OUTGOING'"
                            ).fetchone()[0]
    finally:
        conn.close()


def run_json(proc) -> dict:
    assert proc.stdout.strip(), proc.stderr
    return json.loads(proc.stdout)


def journal_states(home: Path, run_id: str) -> dict[str, int]:
    path = home / ".local/state/msgclient/runs" / run_id / "journal.db"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT state, count(*) FROM rows GROUP BY state"))
    finally:
        conn.close()
