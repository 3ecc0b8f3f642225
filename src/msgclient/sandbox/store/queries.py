"""Read queries, answering in the contract's JSON shapes (Thread, Message, ClientProfile, ...)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

Json = dict[str, Any]
FILES_PATH = "/api/v1/files/"

_THREAD_SQL = """
SELECT t.id, t.status, t.start_time, t.state_change_time, t.unread, t.unanswered,
       t.current_agent_id, cu.login, t.last_agent_id, lu.login, t.channel_id, t.client_id,
       c.external_id, c.full_name, t.tags, t.info, c.blocked
FROM threads t JOIN clients c ON c.id = t.client_id
LEFT JOIN users cu ON cu.id = t.current_agent_id
LEFT JOIN users lu ON lu.id = t.last_agent_id"""

_MESSAGE_SQL = """
SELECT m.id, m.thread_id, m.direction, m.author_type, m.author_id, u.login, u.full_name, m.text,
       m.attachments, m.channel_id, m.created_at, m.template, m.email, m.tags,
       coalesce(c.full_name, c.phone, c.email, c.external_id, 'Client')
FROM messages m JOIN threads t ON t.id = m.thread_id JOIN clients c ON c.id = t.client_id
LEFT JOIN users u ON u.id = m.author_id
WHERE m.thread_id = ? ORDER BY m.id LIMIT ? OFFSET ?"""

_CLIENT_COLUMNS = "id, external_id, full_name, segment, phone, email, blocked, additional"


def absolute(url: str, base_url: str) -> str:
    """Stand files are stored by path so their links survive the stand moving to another port."""
    return base_url + url if url.startswith(FILES_PATH) else url


def _thread(row: tuple, base_url: str) -> Json:
    return {"id": row[0], "status": row[1], "startTime": row[2], "stateChangeTime": row[3],
            "unread": row[4], "unanswered": row[5], "currentAgent": row[6],
            "currentAgentLogin": row[7], "lastAgent": row[8], "lastAgentLogin": row[9],
            "channel": row[10], "clientId": row[11], "clientExternalId": row[12],
            "clientName": row[13], "clientBlocked": bool(row[16]),
            "threadUrl": f"{base_url}/arm/thread/{row[0]}",
            "tags": json.loads(row[14]), "info": json.loads(row[15])}


def thread(conn: sqlite3.Connection, thread_id: int, base_url: str) -> Json | None:
    row = conn.execute(_THREAD_SQL + " WHERE t.id = ?", (thread_id,)).fetchone()
    return _thread(row, base_url) if row else None


def threads(conn: sqlite3.Connection, filters: Json, limit: int, offset: int,
            base_url: str) -> list[Json]:
    """filters: statuses, agents, channels, tags (lists), clientId, since, until, ascending;
    byId ("asc"/"desc") orders by thread id instead of by state change."""
    where, params = [], []
    for column, values in (("t.status", filters["statuses"]),
                           ("t.channel_id", filters["channels"])):
        if values:
            where.append(f"{column} IN ({','.join('?' * len(values))})")
            params += values
    if filters["agents"]:
        marks = ",".join("?" * len(filters["agents"]))
        where.append(f"(cu.login IN ({marks}) OR lu.login IN ({marks}))")
        params += filters["agents"] * 2
    if filters["tags"]:
        where.append("EXISTS (SELECT 1 FROM thread_tags tt WHERE tt.thread_id = t.id AND "
                     f"tt.tag_id IN ({','.join('?' * len(filters['tags']))}))")
        params += filters["tags"]
    for clause, value in (("t.client_id = ?", filters["clientId"]),
                          ("t.state_change_time >= ?", filters["since"]),
                          ("t.state_change_time < ?", filters["until"])):
        if value is not None:
            where.append(clause)
            params.append(value)
    order = "ASC" if filters["ascending"] else "DESC"
    by_id = filters.get("byId")
    order_by = f"t.id {'DESC' if by_id == 'desc' else 'ASC'}" if by_id else (
        f"t.state_change_time {order}, t.id {order}")
    sql = (_THREAD_SQL + (" WHERE " + " AND ".join(where) if where else "")
           + f" ORDER BY {order_by} LIMIT ? OFFSET ?")
    return [_thread(r, base_url) for r in conn.execute(sql, (*params, limit, offset))]


def messages(conn: sqlite3.Connection, thread_id: int, limit: int, offset: int,
             base_url: str) -> list[Json]:
    result = []
    for row in conn.execute(_MESSAGE_SQL, (thread_id, limit, offset)):
        attachments = json.loads(row[8])
        for att in attachments:
            att["url"] = absolute(att["url"], base_url)
        result.append({
            "id": row[0], "threadId": row[1], "direction": row[2], "authorType": row[3],
            "authorId": row[4], "authorLogin": row[5], "authorName": row[6] or row[14],
            "text": row[7], "attachments": attachments, "channel": row[9], "createdAt": row[10],
            "template": json.loads(row[11]) if row[11] else None,
            "email": json.loads(row[12]) if row[12] else None, "tags": json.loads(row[13])})
    return result


def user_by_login(conn: sqlite3.Connection, login: str) -> Json | None:
    row = conn.execute("SELECT id, login, role, full_name, status FROM users WHERE login = ?",
                       (login,)).fetchone()
    return {"userId": row[0], "login": row[1], "role": row[2], "fullName": row[3],
            "status": row[4]} if row else None


def chatbot_messages(conn: sqlite3.Connection, thread_id: int, limit: int) -> list[Json]:
    """A thread's messages as edna's bot API gives them: text, who wrote, when."""
    return [{"text": r[0] or "", "sender": "CLIENT" if r[1] == "INCOMING" else
             "BOT" if r[2] == "SYSTEM" else "OPERATOR", "receivedDate": r[3]}
            for r in conn.execute("SELECT text, direction, author_type, created_at FROM messages"
                                  " WHERE thread_id = ? ORDER BY id LIMIT ?", (thread_id, limit))]


def _profile(row: tuple) -> Json:
    return {"id": row[0], "externalClientId": row[1], "fullName": row[2], "segment": row[3],
            "phone": row[4], "email": row[5], "blocked": bool(row[6]),
            "additional": json.loads(row[7])}


def client(conn: sqlite3.Connection, client_id: int) -> Json | None:
    row = conn.execute(f"SELECT {_CLIENT_COLUMNS} FROM clients WHERE id = ?",
                       (client_id,)).fetchone()
    return _profile(row) if row else None


def client_by(conn: sqlite3.Connection, column: str, value: str) -> Json | None:
    """The client with this external_id, unauthorized_id, phone or email (case-insensitive)."""
    assert column in ("external_id", "unauthorized_id", "phone", "email")
    collate = " COLLATE NOCASE" if column == "email" else ""
    row = conn.execute(f"SELECT {_CLIENT_COLUMNS} FROM clients WHERE {column} = ?{collate}"
                       " ORDER BY id LIMIT 1", (value,)).fetchone()
    return _profile(row) if row else None


def client_by_external_id(conn: sqlite3.Connection, value: str) -> Json | None:
    """GET /clients/{externalClientId}/profile: the client of this authorised external id, else
    the web-widget or app visitor first messaged by it (outgoing-to-device finds the same)."""
    return client_by(conn, "external_id", value) or client_by(conn, "unauthorized_id", value)


def short_info(conn: sqlite3.Connection, phones: list[str], external_ids: list[str],
               emails: list[str]) -> list[Json]:
    where, params = [], []
    for column, values in (("phone", phones), ("external_id", external_ids),
                           ("email COLLATE NOCASE", emails)):
        if values:
            where.append(f"{column} IN ({','.join('?' * len(values))})")
            params += values
    if not where:
        return []
    sql = ("SELECT c.id, c.external_id, c.phone, EXISTS (SELECT 1 FROM threads t WHERE "
           "t.client_id = c.id AND t.status != 'CLOSED'), c.email, c.full_name, c.blocked "
           f"FROM clients c WHERE {' OR '.join(where)} ORDER BY c.id")
    return [{"id": r[0], "externalId": r[1], "phone": r[2], "hasActiveThread": bool(r[3]),
             "email": r[4], "fullName": r[5], "blocked": bool(r[6])}
            for r in conn.execute(sql, params)]


def active_thread(conn: sqlite3.Connection, client_id: int) -> Json | None:
    row = conn.execute("SELECT id, status FROM threads WHERE client_id = ? AND status != 'CLOSED'"
                       " ORDER BY id DESC LIMIT 1", (client_id,)).fetchone()
    return {"id": row[0], "status": row[1]} if row else None


def last_incoming(conn: sqlite3.Connection, client_id: int) -> list[Json]:
    """When the client last wrote, per channel (the profile's lastIncoming, WhatsApp's window)."""
    return [{"channel": r[0], "time": r[1]} for r in conn.execute(
        "SELECT m.channel_id, max(m.created_at) FROM messages m JOIN threads t ON t.id = "
        "m.thread_id WHERE t.client_id = ? AND m.direction = 'INCOMING' GROUP BY m.channel_id "
        "ORDER BY m.channel_id", (client_id,))]


def used_channel_ids(conn: sqlite3.Connection, client_id: int) -> list[int]:
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT channel_id FROM threads WHERE client_id = ?", (client_id,))]


def last_chat_channel(conn: sqlite3.Connection, client_id: int) -> int | None:
    """The channel of the client's latest non-email thread: /outgoing's default channel."""
    row = conn.execute(
        "SELECT t.channel_id FROM threads t JOIN channels ch ON ch.id = t.channel_id WHERE "
        "t.client_id = ? AND ch.type != 'EMAIL' ORDER BY t.state_change_time DESC, t.id DESC "
        "LIMIT 1", (client_id,)).fetchone()
    return row[0] if row else None
