"""Gather what the rules need to know about an existing client, then ask rules.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from msgclient.context import Context
    from msgclient.rules import ChannelAvailability


@dataclass(frozen=True)
class ClientFacts:
    client_id: int
    profile: dict
    threads: list[dict]

    @property
    def active_thread(self) -> dict | None:
        active = [t for t in self.threads if t.get("status") != "CLOSED"]
        return max(active, key=lambda t: t.get("stateChangeTime") or "", default=None)

    @property
    def used_channel_ids(self) -> set:
        return {t.get("channel") for t in self.threads}

    @property
    def name(self) -> str:
        return self.profile.get("fullName") or self.profile.get("externalClientId") or \
            f"client {self.client_id}"


def gather(ctx: Context, client_id: int) -> ClientFacts:
    from msgclient.api.clients import profile
    from msgclient.api.threads import client_threads

    return ClientFacts(client_id, profile(ctx.client, client_id),
                       client_threads(ctx.client, client_id))


def availability(ctx: Context, facts: ClientFacts) -> list[ChannelAvailability]:
    """Every stand channel: usable now, or the rule that forbids it."""
    from msgclient import rules

    client = {**facts.profile, "id": facts.client_id}
    return rules.channel_availability(client, ctx.catalog.channels, facts.used_channel_ids,
                                      facts.active_thread)
