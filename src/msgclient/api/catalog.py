"""What the stand offers: capabilities, settings, channels, mailboxes, tags, templates.

edna documents none of the listings. A stand that offers one (see capabilities.py) is
asked; otherwise the profile's configured list stands in; with neither, the user hears
which capability is missing and how to provide the list. No extension path is requested
from a stand whose probe said it lacks it.
"""

from __future__ import annotations

from collections.abc import Mapping
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


# edna's channelType for each channel type, with where the value comes from. edna's examples
# show WHATSAPP and MOBILE (docs/edna-api.md §5.2, §5.3) and its own web widget says WEB
# (§11.4); it publishes no Viber or Telegram value, so those are guesses a profile can change
# (channel_types), and a stand's 400 for one names that setting (outgoing/prepare.py).
WIRE_TYPES = {"WHATSAPP": ("WHATSAPP", "edna's docs"), "MOBILE": ("MOBILE", "edna's docs"),
              "WEB": ("WEB", "edna's web widget"),
              "VIBER": ("VIBER", "a guess: edna publishes no value"),
              "TELEGRAM": ("TELEGRAM", "a guess: edna publishes no value")}


@dataclass(frozen=True)
class Sender:
    """How a send over a channel you choose goes out where the stand picks no channel itself
    (edna's outgoing-from-myself): as `login` (the login answer's), over each channel type's
    channelType value, leaving `status` as your workplace status."""

    login: str | None = None  # None: no login answer here ('auth login' gives one)
    status: str = "OUTGOING"
    status_source: str = "default"
    channel_types: Mapping[str, str] = field(default_factory=dict)  # the profile's overrides
    profile: str = ""

    def wire_type(self, channel_type: str) -> str:
        """The channelType value sent for a channel of this type."""
        given = self.channel_types.get(channel_type)
        return given or WIRE_TYPES.get(channel_type, (channel_type, ""))[0]

    def wire_source(self, channel_type: str) -> str:
        """Where wire_type's value comes from (for `stand show`)."""
        if channel_type in self.channel_types:
            return f"profile '{self.profile}'"
        return WIRE_TYPES.get(channel_type, ("", "the stand's channel type"))[1]

    def guessed(self, channel_type: str) -> bool:
        return channel_type not in self.channel_types and \
            WIRE_TYPES.get(channel_type, ("", "a guess"))[1].startswith("a guess")


@dataclass
class Catalog:
    client: ApiClient
    fallbacks: dict[str, list] = field(default_factory=dict)
    prober: Prober | None = None
    sender: Sender = field(default_factory=Sender)

    @cached_property
    def capabilities(self) -> Capabilities:
        return self._probe().get()

    def _probe(self) -> Prober:
        if self.prober is None:
            self.prober = Prober(self.client)
        return self.prober

    def has(self, name: str) -> bool:
        return self.capabilities.has(name)

    @property
    def bot_history(self) -> bool | None:
        """Whether edna's bot API shows a thread's history to this account; None: not tried."""
        return self._probe().get().bot_history

    def remember_bot_history(self, shown: bool) -> None:
        self._probe().remember(bot_history=shown)

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
