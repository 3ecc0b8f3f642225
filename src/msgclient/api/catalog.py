"""What the stand offers: capabilities, settings, channels, mailboxes, tags, templates.

edna documents none of the listings. A stand that offers one (see capabilities.py) is
asked; otherwise the profile's configured list stands in; with neither, the user hears
which capability is missing and how to provide the list. No extension path is requested
from a stand whose probe said it lacks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from msgclient.api import capabilities as caps
from msgclient.api.capabilities import Capabilities, Prober
from msgclient.api.client import ApiClient
from msgclient.api.errors import Unsupported
from msgclient.rules import text_limit

# Listing capability -> (extension path, profile key).
_LISTINGS = {caps.CHANNELS: ("/api/v1/channels", "channels"),
             caps.MAILBOXES: ("/api/v1/email-accounts", "mailboxes"),
             caps.TAGS: ("/api/v1/tags", "tags"),
             caps.TEMPLATES: ("/api/v1/templates", "templates")}


@dataclass
class Catalog:
    client: ApiClient
    fallbacks: dict[str, list] = field(default_factory=dict)
    prober: Prober | None = None

    @cached_property
    def capabilities(self) -> Capabilities:
        if self.prober is None:
            self.prober = Prober(self.client)
        return self.prober.get()

    def has(self, name: str) -> bool:
        return self.capabilities.has(name)

    def extension(self, path: str, name: str, params: dict | None = None) -> Any:
        """GET an extension the probe said the stand has; a 404 marks the cache stale."""
        if not self.has(name):
            raise Unsupported(f"This stand cannot {caps.DOES[name]}.", status=404,
                              code="UNSUPPORTED")
        try:
            return self.client.get_extension(path, f"a way to {caps.DOES[name]}", params)
        except Unsupported:
            if self.prober is not None:
                self.prober.stale()
            raise

    def _listing(self, name: str) -> list[dict]:
        path, key = _LISTINGS[name]
        configured = self.fallbacks.get(key)
        if not self.has(name) and configured:
            return [dict(item) for item in configured]
        try:
            return list(self.extension(path, name) or [])
        except Unsupported as exc:
            if configured:
                return [dict(item) for item in configured]
            raise exc.hinted(f"List them under '{key}' in the profile (see "
                             "config.example.yaml).") from exc

    @cached_property
    def settings(self) -> dict[str, Any]:
        """The probe's settings, or (capabilities from the cache) the settings read now."""
        found = self.capabilities.settings
        if found is not None:
            return found
        try:
            answer = self.client.get_extension(caps.SETTINGS_PATH, "a settings endpoint")
        except Unsupported:
            if self.prober is not None:
                self.prober.stale()
            answer = None
        return caps.from_settings(answer, 0.0).settings or dict(caps.DEFAULT_SETTINGS)

    @property
    def honours_keys(self) -> bool:
        """Whether the stand honours Idempotency-Key on sends (the setting and the capability
        both, see capabilities.from_settings): only then does a key travel, a send that may
        have gone out is tried again, and a re-run with the same key cannot send twice."""
        return bool(self.settings.get("idempotencyKeys"))

    @property
    def tags_required(self) -> bool:
        """Whether every outgoing message must carry a tag (the stand's `mandatoryTags`)."""
        return bool(self.settings.get("mandatoryTags"))

    @cached_property
    def channels(self) -> list[dict]:
        return [_with_limits(c, self.settings) for c in self._listing(caps.CHANNELS)]

    @cached_property
    def mailboxes(self) -> list[dict]:
        return [{"enabled": True, **m} for m in self._listing(caps.MAILBOXES)]

    @cached_property
    def tags(self) -> list[dict]:
        return [{"path": t.get("name"), **t} for t in self._listing(caps.TAGS)]

    @cached_property
    def templates(self) -> list[dict]:
        return [{"variables": [], **t} for t in self._listing(caps.TEMPLATES)]

    def me(self) -> dict[str, Any]:
        return self.extension("/api/v1/me", caps.ME)

    def known(self, what: str) -> list[dict]:
        """A listing ('channels', 'tags', ...) where it can be had; empty where it cannot, for
        views that then show bare ids instead of stopping."""
        try:
            return getattr(self, what)
        except Unsupported:
            return []

    def channel_by_id(self, channel_id: Any) -> dict | None:
        return next((c for c in self.known("channels") if c.get("id") == channel_id), None)


def _with_limits(channel: dict, settings: dict[str, Any]) -> dict:
    """A channel as the rules read it: a profile entry may leave out `enabled` and `limits`.

    Limits a stand does not state are not checked here (None); the stand still applies its own.
    """
    limits = {"textMaxLength": text_limit(channel.get("type"), settings), "maxAttachments": None,
              "maxAttachmentSize": None, "attachmentTypes": None, **(channel.get("limits") or {})}
    return {"enabled": True, "name": channel.get("type"), **channel, "limits": limits}
