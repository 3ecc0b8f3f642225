"""Seed the demo stand: the same believable data on every machine (fixed random seed).

Named fixtures come first so their ids never move: FIXTURE_CLIENTS and FIXTURE_THREADS below
are what tests and demos point at. Generated clients and threads follow. Times are relative to
`now` (the seeding moment by default), so "the last week" always has closed threads to show,
and WhatsApp's 24-hour window is open for clients who wrote lately (Anna Petrova, a few hours
before seeding) and closed for the others (Julia Novak, a month before): the window closes as
the stand's data ages, as it would on a real stand.
"""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import UTC, datetime, timedelta

from msgclient.rules import template_variables
from msgclient.sandbox.store import seed_data as data
from msgclient.sandbox.store.seed_history import Conversation, write_thread

SEED = 20240604
OPEN_STATUSES = ["NEW", "UNASSIGNED", "SUSPENDED", "ASSIGNED", "REASSIGNED", "ANSWER_NEEDED",
                 "WAITING", "IN_PROGRESS"]
WHATSAPP, VIBER, EMAIL, WEB, MOBILE, TELEGRAM = 1, 2, 3, 4, 5, 6

# id -> (full name, phone, email, external id, blocked, segment)
FIXTURE_CLIENTS = {
    1: ("Anna Petrova", "79161234501", "anna.petrova@example.org", None, False, "Regular"),
    2: ("Boris Ivanov", "79031234502", "boris.ivanov@example.net", None, True, "Regular"),
    3: ("Clara Schmidt", "4915112345603", "clara.schmidt@example.org", None, False, "VIP"),
    4: ("Dmitri Volkov", "79261234504", None, None, False, "Regular"),
    5: ("Elena Sokolova", None, "elena.sokolova@example.org", None, False, "Corporate"),
    6: ("Felix Wagner", "4917612345606", "felix.wagner@example.org", "web-1006", False, "New"),
    7: ("Greta Hoffmann", None, None, "app-2007", False, "Regular"),
    8: ("Hiroshi Tanaka", "818012345608", "hiroshi.tanaka@example.org", None, False, "Regular"),
    9: ("Ivan Kuznetsov", "79161234509", None, None, False, "Regular"),
    10: ("Julia Novak", "420601234510", "julia.novak@example.org", None, False, "VIP"),
}

# thread id -> (name, client id, channel id, status, days before now, mailbox id)
FIXTURE_THREADS = {
    1: ("anna_closed_whatsapp", 1, WHATSAPP, "CLOSED", 0.05, None),  # wrote 2-4 h ago
    2: ("anna_closed_email", 1, EMAIL, "CLOSED", 20, 1),
    3: ("boris_closed_whatsapp", 2, WHATSAPP, "CLOSED", 5, None),
    4: ("clara_closed_viber", 3, VIBER, "CLOSED", 12, None),
    5: ("clara_active_viber", 3, VIBER, "WAITING", 0.2, None),
    6: ("dmitri_closed_viber", 4, VIBER, "CLOSED", 2, None),
    7: ("elena_closed_email", 5, EMAIL, "CLOSED", 4, 1),
    8: ("felix_closed_web", 6, WEB, "CLOSED", 6, None),
    9: ("greta_closed_mobile", 7, MOBILE, "CLOSED", 8, None),
    10: ("hiroshi_closed_telegram", 8, TELEGRAM, "CLOSED", 9, None),
    11: ("ivan_closed_whatsapp", 9, WHATSAPP, "CLOSED", 15, None),
    12: ("ivan_active_whatsapp", 9, WHATSAPP, "ANSWER_NEEDED", 0.1, None),
    13: ("julia_closed_whatsapp", 10, WHATSAPP, "CLOSED", 30, None),  # WhatsApp window closed
    14: ("julia_closed_viber", 10, VIBER, "CLOSED", 10, None),
    15: ("julia_closed_email", 10, EMAIL, "CLOSED", 1, 2),
}
FIXTURE_THREAD_IDS = {spec[0]: tid for tid, spec in FIXTURE_THREADS.items()}
GENERATED_CLIENTS = 26


def seed(conn: sqlite3.Connection, *, now: datetime | None = None) -> None:
    """Fill an empty schema (inside the caller's transaction)."""
    rng = random.Random(SEED)
    now = (now or datetime.now(UTC)).replace(second=0, microsecond=0)
    _catalogue(conn)
    clients = {cid: spec for cid, spec in FIXTURE_CLIENTS.items()}
    for cid, spec in clients.items():
        _insert_client(conn, cid, spec, rng)
    for tid, (name, cid, channel, status, days, mailbox) in FIXTURE_THREADS.items():
        conv = Conversation(clients[cid], channel, status, now - timedelta(days=days), mailbox,
                            force_bcc=name == "elena_closed_email",
                            supervisor_opener=name == "julia_closed_viber")
        write_thread(conn, rng, cid, conv, thread_id=tid)
    _generated(conn, rng, now)


def _catalogue(conn: sqlite3.Connection) -> None:
    conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?)",
                     [(k, json.dumps(v)) for k, v in data.SETTINGS.items()])
    # Supervisors watch rather than take chats: Out (OUTGOING); agents are Active (READY).
    conn.executemany("INSERT INTO users (id, login, password, role, full_name, status)"
                     " VALUES (?,?,?,?,?,?)",
                     [(uid, login, login, role, name,
                       "OUTGOING" if role == "SUPERVISOR" else "READY")
                      for uid, login, role, name in data.USERS])
    conn.executemany("INSERT INTO channels VALUES (?,?,?,?,?,?,?)",
                     [(i, t, n, int(e), size, json.dumps(types), m)
                      for i, t, n, e, size, types, m in data.CHANNELS])
    conn.executemany("INSERT INTO email_accounts VALUES (?,?,?,?)",
                     [(i, a, n, int(e)) for i, a, n, e in data.EMAIL_ACCOUNTS])
    ids = {path: i for i, path in enumerate(data.TAG_PATHS, start=1)}
    conn.executemany("INSERT INTO tags VALUES (?,?,?,?,?)", [
        (ids[p], p.rsplit("/", 1)[-1], ids.get(p.rpartition("/")[0]), p, p.count("/") + 1)
        for p in data.TAG_PATHS])
    conn.executemany("INSERT INTO templates VALUES (?,?,?,?,?)", data.TEMPLATES)
    assert all(template_variables(t[4]) for t in data.TEMPLATES)


def _insert_client(conn: sqlite3.Connection, cid: int, spec: tuple, rng: random.Random) -> None:
    name, phone, email, external_id, blocked, segment = spec
    additional = [{"key": "city", "value": rng.choice(data.CITIES)},
                  {"key": "loyaltyCard", "value": f"LC-{rng.randint(100000, 999999)}"}]
    conn.execute("INSERT INTO clients (id, external_id, full_name, segment, phone, email, blocked,"
                 " additional) VALUES (?,?,?,?,?,?,?,?)",
                 (cid, external_id, name, segment, phone, email, int(blocked),
                  json.dumps(additional)))


def _generated(conn: sqlite3.Connection, rng: random.Random, now: datetime) -> None:
    first_id = max(FIXTURE_CLIENTS) + 1
    ids = list(range(first_id, first_id + GENERATED_CLIENTS))
    blocked = set(rng.sample(ids, 3))
    active = rng.sample([i for i in ids if i not in blocked], len(OPEN_STATUSES) + 1)
    names = rng.sample([(f, la) for f in data.FIRST_NAMES for la in data.LAST_NAMES], len(ids))
    for cid, (first, last) in zip(ids, names, strict=True):
        spec = _random_client(rng, cid, first, last, cid in blocked)
        _insert_client(conn, cid, spec, rng)
        channels = _usable_channels(spec, rng)
        for _ in range(rng.randint(2, 4)):
            ended = now - timedelta(days=rng.uniform(0.5, 60))
            channel = rng.choice(channels)
            conv = Conversation(spec, channel, "CLOSED", ended, _mailbox(channel, rng))
            write_thread(conn, rng, cid, conv)
        if cid in active:  # every open status occurs, each client has at most one open thread
            status = OPEN_STATUSES[active.index(cid) % len(OPEN_STATUSES)]
            channel = rng.choice([c for c in channels if c != EMAIL] or channels)
            ended = now - timedelta(minutes=rng.randint(5, 600))
            write_thread(conn, rng, cid, Conversation(spec, channel, status, ended,
                                                      _mailbox(channel, rng)))


def _random_client(rng: random.Random, cid: int, first: str, last: str, blocked: bool) -> tuple:
    prefix = rng.choice(data.PHONE_PREFIXES)
    digits = 11 if prefix.startswith("7") else 12  # Russian numbers are 11 digits long
    phone = prefix + "".join(rng.choice("0123456789") for _ in range(digits - len(prefix)))
    email = (f"{first}.{last}@example.{rng.choice(['org', 'net'])}".lower()
             if rng.random() < 0.75 else None)
    external = rng.choice([None, None, f"web-{1000 + cid}", f"app-{2000 + cid}"])
    return (f"{first} {last}", phone, email, external, blocked, rng.choice(data.SEGMENTS))


def _usable_channels(spec: tuple, rng: random.Random) -> list[int]:
    _, phone, email, external, _, _ = spec
    channels = [WHATSAPP, VIBER] if phone else []
    channels += [EMAIL] if email else []
    channels += [WEB if external.startswith("web") else MOBILE] if external else []
    channels += [TELEGRAM] if phone and rng.random() < 0.1 else []
    return channels


def _mailbox(channel: int, rng: random.Random) -> int | None:
    return rng.choice([1, 1, 2]) if channel == EMAIL else None
