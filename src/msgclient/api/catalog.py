"""What the stand offers: settings, channels, mailboxes, tags, templates.

All of these are msgclient extensions (edna documents none). Against a stand
that lacks one, the profile's configured list stands in; with neither, the
user hears which capability is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from msgclient.api.client import ApiClient
from msgclient.api.errors import Unsupported

# What a stand without the settings extension is assumed to do (edna's documented
# 2,000-character limit; no idempotency, so ambiguous sends are never replayed).
DEFAULT_SETTINGS = {"mandatoryTags": False, "idempotencyKeys": False, "textMaxLength": 2000,
                    "emailTextMaxLength": 100000, "titleMaxLength": 60,
                    "signatureMaxLength": 60}


@dataclass
class Catalog:
    client: ApiClient
    fallbacks: dict[str, list] = field(default_factory=dict)

    def _listing(self, path: str, capability: str, fallback_key: str,
                 params: dict | None = None) -> list[dict]:
        try:
            return list(self.client.get_extension(path, capability, params) or [])
        except Unsupported as exc:
            configured = self.fallbacks.get(fallback_key)
            if configured:
                return [dict(item) for item in configured]
            exc.hint = f"List them under '{fallback_key}' in the profile to use them here."
            raise

    @cached_property
    def settings(self) -> dict[str, Any]:
        try:
            found = self.client.get_extension("/api/v1/settings", "a settings endpoint")
        except Unsupported:
            found = {}
        return {**DEFAULT_SETTINGS, **(found or {})}

    @cached_property
    def channels(self) -> list[dict]:
        return self._listing("/api/v1/channels", "a list of its channels", "channels")

    @cached_property
    def mailboxes(self) -> list[dict]:
        return self._listing("/api/v1/email-accounts", "a list of its email mailboxes",
                             "mailboxes")

    @cached_property
    def tags(self) -> list[dict]:
        return self._listing("/api/v1/tags", "a list of its tags", "tags")

    @cached_property
    def templates(self) -> list[dict]:
        return self._listing("/api/v1/templates", "a list of its message templates", "templates")

    def me(self) -> dict[str, Any]:
        return self.client.get_extension("/api/v1/me", "a 'who am I' endpoint")

    def channel_by_id(self, channel_id: Any) -> dict | None:
        return next((c for c in self.channels if c.get("id") == channel_id), None)
