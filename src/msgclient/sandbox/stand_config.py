"""The stand's slowly changing data, held in memory in the API's own JSON shapes.

Settings, channels, mailboxes, tags, templates and tokens are read on every send, and a
benchmark drives hundreds of sends a second, so they are cached. The cache is dropped when
`PRAGMA data_version` moves, i.e. when another connection (the admin API in store/db.py, a reset, a
second process) committed to the file; the server's own writes never touch this data except
tokens, which it adds to the cache itself.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from msgclient.rules import TEMPLATE_CHANNEL_TYPES, template_variables, text_limit

Json = dict[str, Any]


# What this stand offers beyond edna's documented API, named as the client's capabilities
# (api/capabilities.py; a test keeps the two equal).
EXTENSIONS = frozenset({
    "me", "channels", "mailboxes", "tags", "templates", "history", "uploads", "thread-filters",
    "email-lookup", "send-channel", "send-tags", "send-template", "email-bcc",
    "email-attachments", "last-wrote"})


class StandConfig:
    def __init__(self, conn: sqlite3.Connection, *, honour_idempotency: bool) -> None:
        self._conn = conn
        self._honour_idempotency = honour_idempotency
        self._version: int | None = None
        self.refresh()

    def refresh(self) -> None:
        """Reload if another connection changed the file since the last look (cheap otherwise)."""
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self._load()
            self._version = version

    def _load(self) -> None:
        conn = self._conn
        stored = {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM settings")}
        # The sandbox's own knobs, not settings a client reads (the contract's Settings).
        self.bot_history_for_staff = bool(stored.pop("botHistoryForStaff", True))
        self.channels: list[Json] = [_channel(row, stored) for row in conn.execute(
            "SELECT id, type, name, enabled, max_attachment_size, attachment_types,"
            " max_attachments FROM channels ORDER BY id")]
        self.channels_by_id = {c["id"]: c for c in self.channels}
        keys = bool(stored.get("idempotencyKeys", True) and self._honour_idempotency)
        self.settings: Json = {**stored, "idempotencyKeys": keys,
            "extensions": sorted(EXTENSIONS | ({"idempotency"} if keys else set())),
            "uploadMaxSize": max((c["limits"]["maxAttachmentSize"] for c in self.channels
                                  if c["enabled"]), default=0)}
        self.email_accounts: list[Json] = [
            {"id": i, "address": a, "name": n, "enabled": bool(e)} for i, a, n, e in conn.execute(
                "SELECT id, address, name, enabled FROM email_accounts ORDER BY id")]
        self.tags: list[Json] = [
            {"id": i, "name": n, "parentId": p, "path": path, "level": lv} for i, n, p, path, lv
            in conn.execute("SELECT id, name, parent_id, path, level FROM tags ORDER BY path")]
        self.templates: list[Json] = [_template(row) for row in conn.execute(
            "SELECT id, name, channel_type, language, text FROM templates ORDER BY id")]
        self.templates_by_id = {t["id"]: t for t in self.templates}
        self._users_by_token: dict[str, Json] = {}

    def channel_of_type(self, channel_type: str) -> Json | None:
        """The stand's channel of a type, an enabled one first (a stand may have two numbers)."""
        matches = [c for c in self.channels if c["type"] == channel_type]
        return next((c for c in matches if c["enabled"]), matches[0] if matches else None)

    def user_for_token(self, token: str) -> Json | None:
        user = self._users_by_token.get(token)
        if user is None:
            row = self._conn.execute(
                "SELECT u.id, u.login, u.role, u.full_name FROM tokens t JOIN users u"
                " ON u.id = t.user_id WHERE t.token = ?", (token,)).fetchone()
            if row is None:
                return None
            user = self.remember_token(token, row)
        return user

    def remember_token(self, token: str, row: tuple) -> Json:
        user = {"userId": row[0], "login": row[1], "role": row[2], "fullName": row[3]}
        self._users_by_token[token] = user
        return user


def _channel(row: tuple, settings: Json) -> Json:
    cid, ctype, name, enabled, max_size, types, max_count = row
    # One text limit per kind of channel, from the settings (rules.text_limit, as the client
    # reads it), so the two can never disagree.
    text_max = text_limit(ctype, settings)
    return {"id": cid, "type": ctype, "name": name, "enabled": bool(enabled),
            "limits": {"maxAttachmentSize": max_size, "attachmentTypes": json.loads(types),
                       "maxAttachments": max_count, "textMaxLength": text_max},
            "templates": ctype in TEMPLATE_CHANNEL_TYPES}


def _template(row: tuple) -> Json:
    tid, name, ctype, language, text = row
    return {"id": tid, "name": name, "channelType": ctype, "language": language, "text": text,
            "variables": template_variables(text)}
