"""What a stand offers beyond edna's documented API: learnt once, cached, refreshed on a 404.

edna documents a small API (see the contract). Everything else msgclient can use is an
extension that a stand has or lacks: listings (channels, mailboxes, tags, templates), the
thread history, uploads, query filters, and body fields such as `tags` or `bcc`. A real
stand silently ignores an unknown field or parameter, so a body field cannot be probed by
sending it: the stand says what it offers in GET /api/v1/settings ("extensions"), and a
stand without that endpoint offers none of them. Commands ask `has(NAME)` before they rely
on one, and refuse before anything is sent when they cannot do without it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any, NoReturn

from msgclient.api.errors import ApiError, UnexpectedAnswer
from msgclient.errors import UsageError
from msgclient.files.stand import StandFile

SETTINGS_PATH = "/api/v1/settings"
TTL_SECONDS = 24 * 3600  # a stand's extensions change with its version, not by the hour

ME = "me"                          # GET /api/v1/me
CHANNELS = "channels"              # GET /api/v1/channels
MAILBOXES = "mailboxes"            # GET /api/v1/email-accounts
TAGS = "tags"                      # GET /api/v1/tags
TEMPLATES = "templates"            # GET /api/v1/templates
HISTORY = "history"                # GET /api/v1/threads/{id}/messages
UPLOADS = "uploads"                # POST /api/v1/files
THREAD_FILTERS = "thread-filters"  # threads query: clientId, channels, tags, stateChanged*, sort
EMAIL_LOOKUP = "email-lookup"      # short-info `emails`
SEND_CHANNEL = "send-channel"      # /messages/outgoing `channel` (else outgoing-from-myself)
SEND_TAGS = "send-tags"            # `tags` on a send
SEND_TEMPLATE = "send-template"    # `template` (with title and signature) on a send
EMAIL_BCC = "email-bcc"            # /messages/email `bcc`
EMAIL_ATTACHMENTS = "email-attachments"  # /messages/email `attachments`
IDEMPOTENCY = "idempotency"        # Idempotency-Key honoured on sends
LAST_WROTE = "last-wrote"          # ClientProfile `lastIncoming`: when the client last wrote

ALL = frozenset({ME, CHANNELS, MAILBOXES, TAGS, TEMPLATES, HISTORY, UPLOADS, THREAD_FILTERS,
                 EMAIL_LOOKUP, SEND_CHANNEL, SEND_TAGS, SEND_TEMPLATE, EMAIL_BCC,
                 EMAIL_ATTACHMENTS, IDEMPOTENCY, LAST_WROTE})

# What each capability lets msgclient do, for "this stand cannot ..." sentences.
DOES = {
    ME: "name the account a token belongs to", CHANNELS: "list its channels",
    MAILBOXES: "list its email mailboxes", TAGS: "list its tags",
    TEMPLATES: "list its message templates", HISTORY: "show a thread's message history",
    UPLOADS: "take file uploads", THREAD_FILTERS: "filter or sort threads itself",
    EMAIL_LOOKUP: "look clients up by email address",
    SEND_CHANNEL: "take the channel in /messages/outgoing",
    SEND_TAGS: "tag an outgoing message", SEND_TEMPLATE: "send WhatsApp or Viber templates",
    EMAIL_BCC: "send BCC copies of an email", EMAIL_ATTACHMENTS: "attach files to an email",
    IDEMPOTENCY: "recognise a repeated send",
    LAST_WROTE: "say when a client last wrote on each channel",
}

# What a stand without the settings extension is assumed to do (edna's documented
# 2,000-character limit; no idempotency, so ambiguous sends are never replayed).
DEFAULT_SETTINGS = {"mandatoryTags": False, "idempotencyKeys": False, "textMaxLength": 2000,
                    "emailTextMaxLength": 100000, "titleMaxLength": 60,
                    "signatureMaxLength": 60}


class NotOffered(UsageError):
    """The user asked for something this stand's API cannot carry; nothing was sent (exit 2)."""

    def __init__(self, message: str, *, capability: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.code = "UNSUPPORTED"
        self.capability = capability
        self.details = {"capability": capability}


def refuse(name: str, instead: str) -> NoReturn:
    raise NotOffered(f"This stand cannot {DOES[name]}; {instead}", capability=name)


@dataclass(frozen=True)
class Capabilities:
    offered: frozenset[str]
    # The stand's settings as the probe read them; None when these capabilities came from
    # the cache: settings (mandatory tags, limits) change with an admin's click, so they are
    # read afresh by a command that needs them, while what the API offers is cached.
    settings: dict[str, Any] | None = field(default_factory=lambda: dict(DEFAULT_SETTINGS))
    probed_at: float = 0.0
    documented_only: bool = True  # no settings endpoint: the stand speaks edna's API alone
    # Whether edna's bot API shows a thread's history to this account (api/threads.py): it
    # may want a bot's token, so it is tried once and the answer kept with the rest; None:
    # not tried yet.
    bot_history: bool | None = None

    def has(self, name: str) -> bool:
        return name in self.offered

    def require(self, name: str, instead: str) -> None:
        """Refuse, naming what this stand cannot do and what to do instead, if it lacks `name`."""
        if name not in self.offered:
            refuse(name, instead)

    def to_json(self) -> dict[str, Any]:
        return {"offered": sorted(self.offered), "probedAt": self.probed_at,
                "documentedOnly": self.documented_only, "botHistory": self.bot_history}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Capabilities:
        documented_only = bool(data["documentedOnly"])
        shown = data.get("botHistory")
        return cls(frozenset(data["offered"]) & ALL,
                   dict(DEFAULT_SETTINGS) if documented_only else None,
                   float(data["probedAt"]), documented_only,
                   shown if isinstance(shown, bool) else None)


def from_settings(found: Any, now: float) -> Capabilities:
    """Capabilities from the settings extension's answer (None: the stand has no such endpoint)."""
    if not isinstance(found, dict):
        return Capabilities(frozenset(), dict(DEFAULT_SETTINGS), now, True)
    listed = found.get("extensions")
    # A settings answer without the list comes from a stand older than the list: it offered
    # the whole contract of its time.
    offered = ALL if listed is None else frozenset(str(x) for x in listed) & ALL
    settings = {**DEFAULT_SETTINGS, **{k: v for k, v in found.items() if k != "extensions"}}
    honoured = bool(settings.get("idempotencyKeys")) and IDEMPOTENCY in offered
    settings["idempotencyKeys"] = honoured
    offered = offered | {IDEMPOTENCY} if honoured else offered - {IDEMPOTENCY}
    return Capabilities(offered, settings, now, False)


def probe(client: Any) -> Capabilities:
    """One GET: the settings extension, or its absence (any 404/405 answer)."""
    try:
        found = client.get(SETTINGS_PATH)
    except ApiError as exc:
        if exc.status not in (404, 405):
            raise
        found = None
    except UnexpectedAnswer:
        # Not the contract's settings (a web app's page for any path, a field of the wrong
        # type): believe nothing of it, so the stand offers edna's documented API only.
        found = None
    return from_settings(found, time.time())


@dataclass
class Cache:
    """The last probe of one stand, kept on disk for TTL_SECONDS."""

    file: StandFile

    def load(self, now: float) -> Capabilities | None:
        data = self.file.read()
        try:
            if data is None or now - float(data["probedAt"]) > TTL_SECONDS:
                return None
            return Capabilities.from_json(data)
        except (ValueError, KeyError, TypeError):
            return None  # written by another version: probe again

    def save(self, found: Capabilities) -> None:
        # A cache that cannot be written costs one request per command, nothing more.
        self.file.write(found.to_json())

    def forget(self) -> None:
        self.file.forget()


@dataclass
class Prober:
    """Capabilities for one command: cached ones while fresh, else one probe."""

    client: Any
    cache: Cache | None = None
    _found: Capabilities | None = field(default=None, init=False, repr=False)

    def get(self, refresh: bool = False) -> Capabilities:
        if self._found is None or refresh:
            now = time.time()
            cached = None if refresh or self.cache is None else self.cache.load(now)
            self._found = cached or probe(self.client)
            if cached is None and self.cache is not None:
                self.cache.save(self._found)
        return self._found

    def remember(self, **learnt: Any) -> None:
        """Keep what a command learnt about the stand (bot_history) with the capabilities, for
        as long as they are cached: a new login or a new probe asks again."""
        self._found = replace(self.get(), **learnt)
        if self.cache is not None:
            self.cache.save(self._found)

    def stale(self) -> None:
        """An extension answered 404: the stand changed; probe again next time."""
        if self.cache is not None:
            self.cache.forget()
