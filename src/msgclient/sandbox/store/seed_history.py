"""One seeded thread with a believable history: who wrote what, when, on which channel.

The shape of the history follows the thread's status (a NEW thread has only the client's
first message, WAITING ends with the agent's reply, ANSWER_NEEDED with the client's), so the
counters and agents shown by the API agree with the messages behind them.
"""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from msgclient.rules.times import iso
from msgclient.sandbox.store import seed_data as data

EMAIL_CHANNEL = 3
SUPERVISOR_ID = 1
# How many lines of the topic each open status has reached; CLOSED picks 2..all.
_LINES_BY_STATUS = {"NEW": 1, "SUSPENDED": 1, "ASSIGNED": 1, "WAITING": 2, "UNASSIGNED": 3,
                    "REASSIGNED": 3, "ANSWER_NEEDED": 3, "IN_PROGRESS": 4}
_NO_AGENT_YET = {"NEW", "SUSPENDED"}


@dataclass(frozen=True)
class Conversation:
    client: tuple  # (full name, phone, email, external id, blocked, segment)
    channel: int
    status: str
    ended: datetime  # the thread's last state change
    mailbox: int | None = None
    force_bcc: bool = False
    supervisor_opener: bool = False  # an earlier supervisor follow-up the client answered


def write_thread(conn: sqlite3.Connection, rng: random.Random, client_id: int,
                 conv: Conversation, thread_id: int | None = None) -> int:
    count = _LINES_BY_STATUS.get(conv.status)
    topics = [t for t in data.TOPICS if len(t[2]) >= (count or 2)]
    tag_path, subject, lines = rng.choice(topics)
    fill = {"order": str(rng.randint(10000, 99999)),
            "amount": f"EUR {rng.randint(20, 900)}.{rng.choice(['00', '50', '90'])}"}
    lines = [line.format(**fill) for line in lines[:count or rng.randint(2, len(lines))]]
    agent = rng.choice(data.AGENT_IDS)
    speakers = [None if i % 2 == 0 else agent for i in range(len(lines))]  # None: the client
    if conv.supervisor_opener:
        lines.insert(0, f"Hello {conv.client[0].split()[0]}, this is Sofia from customer care: "
                        f"is everything fine with your order {fill['order']}?")
        speakers.insert(0, SUPERVISOR_ID)
    times = _times(rng, conv, len(lines))
    tags = [str(data.TAG_PATHS.index(tag_path) + 1)] if conv.status == "CLOSED" else []
    info = {"topic": tag_path.split("/")[0].lower(), "city": rng.choice(data.CITIES)}
    thread_id = _insert_thread(conn, rng, client_id, conv, (agent, speakers, times, tags, info),
                               thread_id)
    conn.executemany("INSERT INTO thread_tags (thread_id, tag_id) VALUES (?, ?)",
                     [(thread_id, int(t)) for t in tags])
    bcc = _bcc(rng, conv)
    for line, speaker, at in zip(lines, speakers, times, strict=True):
        _insert_message(conn, rng, thread_id, conv, line, speaker, at, subject.format(**fill), bcc,
                        fill["order"])
    return thread_id


def _times(rng: random.Random, conv: Conversation, count: int) -> list[datetime]:
    gaps = [timedelta(minutes=rng.randint(2, 25)) for _ in range(count - 1)]
    closing = timedelta(minutes=rng.randint(30, 120)) if conv.status == "CLOSED" else timedelta()
    at = conv.ended - closing - sum(gaps, timedelta())
    times = [at]
    for gap in gaps:
        at += gap
        times.append(at)
    return times


def _insert_thread(conn: sqlite3.Connection, rng: random.Random, client_id: int,
                   conv: Conversation, shape: tuple, thread_id: int | None) -> int:
    agent, speakers, times, tags, info = shape
    waiting = 0  # client messages since the last staff message
    for speaker in speakers:
        waiting = waiting + 1 if speaker is None else 0
    current = None if conv.status in _NO_AGENT_YET | {"UNASSIGNED"} else agent
    last = None if conv.status in _NO_AGENT_YET else agent
    if conv.status == "CLOSED":
        waiting = 0
    unread = waiting if conv.status in _NO_AGENT_YET | {"UNASSIGNED", "ASSIGNED"} else (
        min(waiting, rng.randint(0, 1)))
    cur = conn.execute(
        "INSERT INTO threads (id, client_id, channel_id, email_account_id, status, start_time,"
        " state_change_time, unread, unanswered, current_agent_id, last_agent_id, tags, info)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (thread_id, client_id, conv.channel, conv.mailbox, conv.status, iso(times[0]),
         iso(conv.ended), unread, waiting, current, last, json.dumps(tags), json.dumps(info)))
    return cur.lastrowid


def _bcc(rng: random.Random, conv: Conversation) -> list[str]:
    if conv.channel != EMAIL_CHANNEL:
        return []
    if conv.force_bcc:
        return data.BCC_RECIPIENTS[1]
    return rng.choice(data.BCC_RECIPIENTS) if rng.random() < 0.3 else []


def _insert_message(conn: sqlite3.Connection, rng: random.Random, thread_id: int,
                    conv: Conversation, line: str, speaker: int | None, at: datetime,
                    subject: str, bcc: list[str], order: str) -> None:
    from_client = speaker is None
    pool = data.CLIENT_ATTACHMENTS if from_client else data.AGENT_ATTACHMENTS
    wants_file = "attached" in line.lower() or rng.random() < 0.12
    attachments = [_attachment(rng.choice(pool), order)] if wants_file else []
    email = None
    if conv.channel == EMAIL_CHANNEL:
        mailbox = next(a[1] for a in data.EMAIL_ACCOUNTS if a[0] == conv.mailbox)
        client_address = conv.client[2]
        email = {"from": client_address, "to": mailbox, "subject": subject, "bcc": []} if (
            from_client) else {"from": mailbox, "to": client_address, "subject": f"Re: {subject}",
                               "bcc": bcc}
    author_type = "CLIENT" if from_client else (
        "SUPERVISOR" if speaker == SUPERVISOR_ID else "AGENT")
    conn.execute(
        "INSERT INTO messages (thread_id, direction, author_type, author_id, text, attachments,"
        " channel_id, created_at, template, email, tags) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (thread_id, "INCOMING" if from_client else "OUTGOING", author_type, speaker, line,
         json.dumps(attachments), conv.channel, iso(at), None,
         json.dumps(email) if email else None, "[]"))


def _attachment(spec: tuple[str, str, int], order: str) -> dict:
    name = spec[0].format(order=order)
    return {"url": f"https://cdn.example.com/demo/{name}", "name": name, "type": spec[1],
            "size": spec[2]}
