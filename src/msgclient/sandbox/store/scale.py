"""A stand of a real contact center's size: N closed threads on top of the demo, in seconds.

The rows are made by SQLite itself (a recursive CTE counting 1..N, attributes from integer
hashes of the counter, so the same N gives the same stand on every machine), with the threads'
indexes dropped while the rows go in and built once after. Python makes only the clients.

What the threads look like, as on a busy stand:
- ids are given at opening, so id order is opening order; THREADS_PER_DAY open a day;
- most close minutes to hours after they opened, LONG_RUNNING_SHARE close weeks after, so
  "newest close first" is not "newest id first";
- OPEN_SHARE of them (at least MIN_OPEN) are still open: most opened in the last hour or so,
  some (at least MIN_LONG_OPEN) long-running ones opened days or weeks ago;
- a client has several threads (about THREADS_PER_CLIENT), spread over the whole period.
The generated threads have no messages (the listing, look-ups and profiles need none).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from msgclient.sandbox.store import seed_data as data

THREADS_PER_DAY = 20_000
THREADS_PER_CLIENT = 4
OPEN_SHARE = 0.002
MIN_OPEN = 10
MIN_LONG_OPEN = 5
LONG_RUNNING_SHARE = 0.01  # of the closed ones: closed 7 to 35 days after opening
MIN_SPAN_DAYS = 30  # a small stand still spreads its threads over a month
_DAY = 86400.0
_UNIX_EPOCH_JD = 2440587.5
_HASH = 2654435761  # Knuth's multiplicative hash; SQLite's integers are 64-bit
_OPEN_STATUSES = ("NEW", "UNASSIGNED", "SUSPENDED", "ASSIGNED", "REASSIGNED", "ANSWER_NEEDED",
                  "WAITING", "IN_PROGRESS")
_THREAD_INDEXES = {
    "threads_client_status": "threads(client_id, status)",
    "threads_client_channel": "threads(client_id, channel_id)",
    "threads_state_change": "threads(state_change_time)",
}


@dataclass(frozen=True)
class Scale:
    """How many generated threads a stand holds: `closed` closed ones plus `open` open ones,
    of which `long_open` opened long ago."""

    closed: int

    @property
    def open(self) -> int:
        return max(MIN_OPEN, round(self.closed * OPEN_SHARE)) if self.closed else 0

    @property
    def long_open(self) -> int:
        return max(MIN_LONG_OPEN, self.open // 5) if self.closed else 0

    @property
    def clients(self) -> int:
        return max(1, (self.closed + self.open) // THREADS_PER_CLIENT)


def seed_closed_threads(conn: sqlite3.Connection, closed: int, *, now: datetime) -> Scale:
    """Add `closed` closed threads (and their share of open ones) after the demo's rows, inside
    the caller's transaction. Returns the Scale written."""
    scale = Scale(closed)
    if closed <= 0:
        return scale
    first_client = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM clients").fetchone()[0]
    first_thread = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM threads").fetchone()[0]
    _clients(conn, first_client, scale.clients)
    for name in _THREAD_INDEXES:
        conn.execute(f"DROP INDEX IF EXISTS {name}")
    _threads(conn, scale, first_thread, first_client, now)
    conn.execute("INSERT INTO thread_tags (tag_id, thread_id) SELECT "
                 "CAST(json_extract(tags, '$[0]') AS INTEGER), id FROM threads WHERE id >= ? "
                 "AND tags != '[]' ORDER BY 1, 2", (first_thread,))
    for name, target in _THREAD_INDEXES.items():
        conn.execute(f"CREATE INDEX {name} ON {target}")
    conn.execute("ANALYZE")
    return scale


def _clients(conn: sqlite3.Connection, first: int, count: int) -> None:
    firsts, lasts = data.FIRST_NAMES, data.LAST_NAMES
    cities = data.CITIES

    def rows():  # noqa: ANN202 - a generator of tuples
        for cid in range(first, first + count):
            name = f"{firsts[cid % len(firsts)]} {lasts[(cid // len(firsts)) % len(lasts)]}"
            email = (f"{name.replace(' ', '.').lower()}.{cid}@example.org"
                     if cid % 4 else None)
            additional = (f'[{{"key":"city","value":"{cities[cid % len(cities)]}"}},'
                          f'{{"key":"loyaltyCard","value":"LC-{100000 + cid % 900000}"}}]')
            yield (cid, name, data.SEGMENTS[cid % len(data.SEGMENTS)],
                   f"7916{cid % 10_000_000:07d}", email, int(cid % 97 == 0), additional)

    conn.executemany("INSERT INTO clients (id, full_name, segment, phone, email, blocked,"
                     " additional) VALUES (?,?,?,?,?,?,?)", rows())


# One row per generated thread. n counts 1..total in opening order; h1..h3 are independent
# hashes of n in 0..2^32. A row is open when it is one of every third of the last 3*recent
# rows (opened lately) or one of the `long_open` rows spread over the older half (opened long
# ago). Times are Julian days so strftime() writes edna's format with milliseconds.
_THREADS_SQL = f"""
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :total),
h AS (SELECT i,
        (i * {_HASH}) % 4294967296 AS h1,
        ((i + 7919) * 2246822519) % 4294967296 AS h2,
        ((i + 104729) * 3266489917) % 4294967296 AS h3
      FROM n),
o AS (SELECT i, h1, h2, h3,
        CASE WHEN i > :total - 3 * :recent THEN (:total - i) % 3 = 0
             ELSE (:older - i) % :gap = 0 AND (:older - i) / :gap BETWEEN 1 AND :long_open
        END AS is_open,
        :now - (:total - i + 1) * :step + (h3 % 1000) / 1000.0 * :step AS started
      FROM h),
t AS (SELECT i, h1, h2, h3, is_open, started,
        CASE WHEN is_open THEN min(:now, started + 60 + h2 % 1800)
             WHEN h1 % 10000 < :long_share THEN 7 * 86400.0 + h2 % (28 * 86400)
                  + started
             ELSE started + 120 + (h2 % 21600) * (h3 % 21600) / 21600.0
        END AS changed
      FROM o)
INSERT INTO threads (id, client_id, channel_id, email_account_id, status, start_time,
                     state_change_time, unread, unanswered, current_agent_id, last_agent_id,
                     tags, info)
SELECT :first_thread + i - 1,
       :first_client + (i * 40503) % :clients,
       1 + h1 % 3,
       CASE WHEN 1 + h1 % 3 = 3 THEN 1 + h2 % 2 END,
       CASE WHEN is_open THEN json_extract(:statuses, '$[' || (h2 % 8) || ']')
            ELSE 'CLOSED' END,
       strftime('%Y-%m-%dT%H:%M:%fZ', {_UNIX_EPOCH_JD} + started / 86400.0),
       strftime('%Y-%m-%dT%H:%M:%fZ', {_UNIX_EPOCH_JD} + (CASE WHEN changed <= :now
           THEN changed ELSE started + (:now - started) * (h3 % 1000) / 1000.0 END) / 86400.0),
       CASE WHEN is_open THEN h3 % 2 ELSE 0 END,
       CASE WHEN is_open THEN h3 % 3 ELSE 0 END,
       CASE WHEN is_open AND h2 % 8 < 3 THEN NULL ELSE 3 + h3 % 4 END,
       CASE WHEN is_open AND h2 % 8 IN (0, 2) THEN NULL ELSE 3 + h3 % 4 END,
       CASE WHEN is_open THEN '[]' ELSE '["' || (1 + h3 % :tags) || '"]' END,
       '{{"topic":"' || json_extract(:topics, '$[' || (h1 % 4) || ']') || '"}}'
FROM t
"""


def _threads(conn: sqlite3.Connection, scale: Scale, first_thread: int, first_client: int,
             now: datetime) -> None:
    total = scale.closed + scale.open
    recent = scale.open - scale.long_open
    older = total - 3 * recent
    span = max(total / THREADS_PER_DAY, MIN_SPAN_DAYS) * _DAY
    # Tags and topics the demo's catalogue has; statuses as JSON arrays for json_extract.
    topics = sorted({p.split("/")[0].lower() for p in data.TAG_PATHS})[:4]
    conn.execute(_THREADS_SQL, {
        "total": total, "recent": recent, "older": older, "long_open": scale.long_open,
        "gap": max(1, older // (2 * (scale.long_open + 1))),
        "now": now.timestamp() - 1.0, "step": span / total,
        "long_share": round(LONG_RUNNING_SHARE * 10000), "first_thread": first_thread,
        "first_client": first_client, "clients": scale.clients,
        "statuses": _json_list(_OPEN_STATUSES), "topics": _json_list(topics),
        "tags": len(data.TAG_PATHS)})


def _json_list(values: tuple[str, ...] | list[str]) -> str:
    return "[" + ",".join(f'"{v}"' for v in values) + "]"
