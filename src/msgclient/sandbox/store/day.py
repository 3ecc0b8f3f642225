"""An hour (or any stretch) of the stand's day, played on its database file.

advance() opens new threads, closes most of them again, closes open threads that are due and
a few long-running ones (the open threads that opened first), as the agents of a busy center
would. It writes on its own connection, so a server running on the same file answers with the
new state at once. Every time it writes lies between the stand's newest state change and now,
so what it closed is the newest by close time whatever its id.
"""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from msgclient.rules.times import iso, parse_iso
from msgclient.sandbox.store import seed_data as data
from msgclient.sandbox.store.db import PathLike, connect
from msgclient.sandbox.store.scale import THREADS_PER_DAY

OPEN_STATUSES = ("NEW", "UNASSIGNED", "ASSIGNED", "WAITING", "IN_PROGRESS")
STAY_OPEN_SHARE = 0.2  # of the new threads; as many open ones that were due close


@dataclass(frozen=True)
class Advanced:
    """What advance() did, by thread id."""

    opened: list[int]  # new threads, in id order
    closed_new: list[int]  # the new threads that also closed
    closed_due: list[int]  # threads open before that closed (long-running ones excluded)
    closed_long: list[int]  # the long-running ones that closed

    @property
    def left_open_set(self) -> list[int]:
        """Threads that were open before and are closed now."""
        return sorted(self.closed_due + self.closed_long)

    @property
    def closed(self) -> list[int]:
        return sorted(self.closed_new + self.closed_due + self.closed_long)


def advance(db_path: PathLike, minutes: float = 60, rng: random.Random | None = None, *,
            threads_per_day: int = THREADS_PER_DAY, long_running: int = 5) -> Advanced:
    """Play `minutes` of the stand's day: threads_per_day * minutes / 1440 new threads (at
    least one), of which STAY_OPEN_SHARE stay open; as many open ones close; and
    `long_running` of the threads open longest close."""
    rng = rng or random.Random(0)
    conn = connect(db_path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            done = _advance(conn, minutes, rng, threads_per_day, long_running)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return done
    finally:
        conn.close()


def _advance(conn: sqlite3.Connection, minutes: float, rng: random.Random,
             per_day: int, long_running: int) -> Advanced:
    now = datetime.now(UTC)
    latest = conn.execute("SELECT max(state_change_time) FROM threads").fetchone()[0]
    start = max(parse_iso(latest) if latest else now - timedelta(minutes=minutes),
                now - timedelta(minutes=minutes))
    start = min(start, now)

    def moment(share: float) -> datetime:  # increasing with share, in [start, now]
        return start + (now - start) * share

    count = max(1, round(per_day * minutes / 1440))
    was_open = [r[0] for r in conn.execute(
        "SELECT id FROM threads WHERE status != 'CLOSED' ORDER BY start_time, id")]
    closed_long = was_open[:long_running]
    rest = was_open[long_running:]
    max_client = conn.execute("SELECT max(id) FROM clients").fetchone()[0]
    opened, closed_new = [], []
    events: list[tuple[float, int]] = []  # (share of the stretch, thread id) of each close
    for k in range(count):
        opened_at = moment(k / count * 0.9)
        stays = rng.random() < STAY_OPEN_SHARE
        channel = rng.choice([1, 2, 3])
        status = rng.choice(OPEN_STATUSES) if stays else "CLOSED"
        agent = rng.choice(data.AGENT_IDS)
        thread_id = conn.execute(
            "INSERT INTO threads (client_id, channel_id, email_account_id, status, start_time,"
            " state_change_time, current_agent_id, last_agent_id, tags, info) VALUES "
            "(?,?,?,?,?,?,?,?,?,?)",
            (rng.randint(1, max_client), channel, rng.choice([1, 2]) if channel == 3 else None,
             status, iso(opened_at), iso(opened_at), agent, agent,
             "[]", '{"topic":"question"}')).lastrowid
        opened.append(thread_id)
        if not stays:
            closed_new.append(thread_id)
            events.append((k / count * 0.9 + rng.uniform(0.01, 0.1), thread_id))
    due = rest[:round(count * STAY_OPEN_SHARE)]
    events += [(rng.uniform(0.0, 1.0), t) for t in due + closed_long]
    for share, thread_id in events:
        tag = rng.randint(1, len(data.TAG_PATHS))
        conn.execute("UPDATE threads SET status='CLOSED', state_change_time=?, unread=0, "
                     "unanswered=0, tags=? WHERE id=?",
                     (iso(moment(min(share, 1.0))), json.dumps([str(tag)]), thread_id))
        conn.execute("INSERT OR IGNORE INTO thread_tags (thread_id, tag_id) VALUES (?, ?)",
                     (thread_id, tag))
    return Advanced(opened, closed_new, sorted(due), sorted(closed_long))
