"""Writes: tokens, new clients, recorded sends, idempotency records, uploaded files.

Callers group the writes of one request in one transaction (BEGIN ... COMMIT), so a send is
recorded whole or not at all, with one commit per request.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from msgclient.sandbox.store.times import now_iso

Json = dict[str, Any]
# Who the history says wrote an outgoing message, by the caller's role.
_AUTHOR_TYPE = {"SUPERVISOR": "SUPERVISOR", "OPERATOR": "AGENT", "INTEGRATOR": "SYSTEM"}


def new_token(conn: sqlite3.Connection, user_id: int) -> str:
    token = secrets.token_urlsafe(32)
    conn.execute("INSERT INTO tokens (token, user_id, created_at) VALUES (?, ?, ?)",
                 (token, user_id, now_iso()))
    return token


def create_client(conn: sqlite3.Connection, *, phone: str | None = None, email: str | None = None,
                  external_id: str | None = None, unauthorized_id: str | None = None) -> Json:
    cur = conn.execute("INSERT INTO clients (external_id, unauthorized_id, phone, email) "
                       "VALUES (?, ?, ?, ?)", (external_id, unauthorized_id, phone, email))
    return {"id": cur.lastrowid, "externalClientId": external_id, "fullName": None,
            "segment": None, "phone": phone, "email": email, "blocked": False, "additional": []}


@dataclass
class Send:
    """One outgoing message as the stand records it."""

    client: Json
    channel_id: int
    text: str | None
    attachments: list[Json]
    tags: list[int]
    template: Json | None = None  # {id, name, title, signature, variables}
    email: Json | None = None  # {from, to, subject, bcc}
    email_account_id: int | None = None
    info: dict[str, str] = field(default_factory=dict)
    sent_as: Json | None = None  # {login, channelType, status}: how outgoing-from-myself sent it


def record_send(conn: sqlite3.Connection, send: Send, user: Json) -> Json:
    """Open a new WAITING thread held by the caller with one OUTGOING message; the SendResult."""
    now = now_iso()
    tags = [str(t) for t in send.tags]
    thread_id = conn.execute(
        "INSERT INTO threads (client_id, channel_id, email_account_id, status, start_time,"
        " state_change_time, current_agent_id, last_agent_id, tags, info)"
        " VALUES (?, ?, ?, 'WAITING', ?, ?, ?, ?, ?, ?)",
        (send.client["id"], send.channel_id, send.email_account_id, now, now, user["userId"],
         user["userId"], json.dumps(tags), json.dumps(send.info))).lastrowid
    if send.tags:
        conn.executemany("INSERT INTO thread_tags (thread_id, tag_id) VALUES (?, ?)",
                         [(thread_id, t) for t in send.tags])
    message_id = conn.execute(
        "INSERT INTO messages (thread_id, direction, author_type, author_id, text, attachments,"
        " channel_id, created_at, template, email, tags, sent_as) VALUES (?, 'OUTGOING', ?, ?, ?,"
        " ?, ?, ?, ?, ?, ?, ?)",
        (thread_id, _AUTHOR_TYPE.get(user["role"], "SYSTEM"), user["userId"], send.text,
         json.dumps(send.attachments), send.channel_id, now,
         json.dumps(send.template) if send.template else None,
         json.dumps(send.email) if send.email else None, json.dumps(tags),
         json.dumps(send.sent_as) if send.sent_as else None)).lastrowid
    return {"id": message_id, "threadId": thread_id, "clientId": send.client["id"],
            "clientExternalId": send.client.get("externalClientId"), "agentId": user["userId"],
            "channel": send.channel_id, "createdAt": now}


def set_agent_status(conn: sqlite3.Connection, user_id: int, status: str) -> None:
    """The sender's workplace status after outgoing-from-myself (its `status` field)."""
    conn.execute("UPDATE users SET status = ? WHERE id = ?", (status, user_id))


def idempotent_response(conn: sqlite3.Connection, user_id: int, key: str
                        ) -> tuple[str, int, str] | None:
    """(request hash, status, body) stored for this user's key, if any."""
    return conn.execute("SELECT request_hash, status, body FROM idempotency WHERE user_id = ? AND"
                        " key = ?", (user_id, key)).fetchone()


def remember_response(conn: sqlite3.Connection, user_id: int, key: str, request_hash: str,
                      status: int, body: str) -> None:
    conn.execute("INSERT INTO idempotency (user_id, key, request_hash, status, body, created_at)"
                 " VALUES (?, ?, ?, ?, ?, ?)", (user_id, key, request_hash, status, body,
                                                now_iso()))


def store_file(conn: sqlite3.Connection, name: str, mime: str, data: bytes) -> str:
    file_id = secrets.token_urlsafe(24)
    conn.execute("INSERT INTO files (id, name, type, size, data, created_at) VALUES (?,?,?,?,?,?)",
                 (file_id, name, mime, len(data), data, now_iso()))
    return file_id


def file_meta(conn: sqlite3.Connection, file_id: str) -> tuple[str, str, int] | None:
    """(name, type, size) without reading the bytes."""
    return conn.execute("SELECT name, type, size FROM files WHERE id = ?", (file_id,)).fetchone()


def file_data(conn: sqlite3.Connection, file_id: str) -> tuple[str, str, bytes] | None:
    return conn.execute("SELECT name, type, data FROM files WHERE id = ?", (file_id,)).fetchone()
