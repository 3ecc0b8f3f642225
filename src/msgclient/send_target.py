"""Who the recipient is on the stand, and whether the rules let them be messaged on a channel.

An existing client (from a thread or by internal id) is gathered with its profile and
threads; a new-client address is looked up with edna's short-info first, and when it
belongs to a known client, that client's rules apply (blocked, active thread).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from msgclient import rules
from msgclient.send_errors import error_for, invalid

if TYPE_CHECKING:
    from msgclient.context import Context
    from msgclient.sending import Recipient


@dataclass(frozen=True)
class Target:
    kind: str                      # the Recipient kind this was looked up for
    client: dict | None            # profile with id, fullName, blocked, email; None = new client
    thread: dict | None = None     # the thread the supervisor started from
    threads: tuple[dict, ...] = field(default=())
    address: str | None = None     # the new-client address/id as it will be sent

    @property
    def active_thread(self) -> dict | None:
        active = [t for t in self.threads if t.get("status") != rules.CLOSED]
        return max(active, key=lambda t: t.get("stateChangeTime") or "", default=None)

    @property
    def used_channel_ids(self) -> set:
        return {t.get("channel") for t in self.threads}

    @property
    def label(self) -> str:
        if self.client is None and self.kind == "external_id":
            return f"external id {self.address}"
        if self.client is None:
            return f"{self.shown_address} (new client)"
        return rules.describe_client(self.client).removeprefix("Client ")

    @property
    def shown_address(self) -> str | None:
        """The address as people read it: a phone in international form, with '+'."""
        if self.kind == "phone" and self.address:
            from msgclient.addresses import display_phone

            return display_phone(self.address)
        return self.address


def lookup(ctx: Context, recipient: Recipient, address: str | None = None) -> Target:
    """Read what the rules need to know about the recipient (GETs and short-info only)."""
    from msgclient.api.clients import profile, short_info
    from msgclient.api.threads import client_threads, get_thread

    def known(client_id: int, **extra) -> Target:
        return Target(recipient.kind, profile(ctx.client, client_id), threads=tuple(
            client_threads(ctx.client, client_id)), **extra)

    if recipient.kind == "thread":
        thread = get_thread(ctx.client, int(recipient.value))
        return known(thread["clientId"], thread=thread)
    if recipient.kind == "client":
        return known(int(recipient.value))
    value = address or recipient.value
    if recipient.kind == "external_id":
        # short-info finds authorised external ids only; an id in the widget or app before
        # login cannot be looked up, so the stand applies the rules if it knows the id.
        return Target(recipient.kind, None, address=value)
    query = {"phone": {"phones": [value]}, "email": {"emails": [value]}}.get(
        recipient.kind, {"external_ids": [value]})
    matches = short_info(ctx.client, **query)
    if not matches:
        return Target(recipient.kind, None, address=value)
    return known(matches[0]["id"], address=value)


def refusal_for(target: Target, channel: dict, channels: Sequence[dict]) -> rules.Refusal | None:
    """The first rule that stops this message to this recipient on this channel."""
    is_email = channel["type"] == rules.EMAIL
    client = target.client
    if client is None:
        return rules.check_channel_enabled(channel, channels)
    if target.kind in ("thread", "client"):
        closed = None if is_email or target.thread is None else \
            rules.check_thread_closed(target.thread)
        # A disabled channel is named as such first: it is the fact about that channel, and
        # `clients show` (no thread) says the same of it.
        return rules.first_refusal(
            rules.check_not_blocked(client), rules.check_channel_enabled(channel, channels), closed,
            rules.check_channel_for_client(client, channel, channels, target.used_channel_ids,
                                           target.active_thread))
    return rules.first_refusal(  # a known client reached at an address: no "used before" rule
        rules.check_not_blocked(client),
        None if is_email else rules.check_no_active_thread(client, target.active_thread),
        rules.check_channel_enabled(channel, channels))


def choices(target: Target, channels: Sequence[dict]) -> list[rules.ChannelAvailability]:
    """Every stand channel with whether this recipient can be messaged on it now."""
    return [rules.ChannelAvailability(c, rules.channel_name(c), refusal_for(target, c, channels))
            for c in channels]


def only_channel(target: Target, channels: Sequence[dict], email_ok: bool = True) -> dict:
    """The channel when exactly one is usable; otherwise say why none is, or ask to choose.

    With email_ok=False a lone usable email channel is not taken on the user's behalf (an
    email needs a sender and subject): the refusal of the thread's own channel is given,
    with the channel that would do.
    """
    options = choices(target, channels)
    usable = [o for o in options if o.available]
    lone_email = len(usable) == 1 and usable[0].channel.get("type") == rules.EMAIL
    if len(usable) == 1 and (email_ok or not lone_email):
        return usable[0].channel
    if not options:
        invalid("This stand lists no channels.", "CHANNEL_CHOICE")
    if not usable or lone_email:
        home = target.thread.get("channel") if target.thread else None
        refused = [o for o in options if o.refusal is not None]
        blocking = next((o for o in refused if o.channel.get("id") == home), refused[0])
        from msgclient.send_routes import advice

        ways = [(o.name, f"--channel {o.name}") for o in usable]
        raise error_for(blocking.refusal, hint=advice(blocking.refusal.message, ways))
    names = ", ".join(o.name for o in usable)
    invalid(f"{target.label} can be messaged on {names}; choose one.", "CHANNEL_CHOICE",
            channels=[o.name for o in usable])


def check(target: Target, channel: dict, channels: Sequence[dict]) -> None:
    refusal = refusal_for(target, channel, channels)
    if refusal is not None:
        raise error_for(refusal)

