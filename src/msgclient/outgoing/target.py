"""Who the recipient is on the stand, and whether the rules let them be messaged on a channel.

An existing client (from a thread or by internal id) is gathered with its profile and
threads; a new-client address is looked up with edna's short-info first, and when it
belongs to a known client, that client's rules apply (blocked, active thread).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from msgclient import rules
from msgclient.api.capabilities import EMAIL_LOOKUP, LAST_WROTE, SEND_CHANNEL
from msgclient.api.clients import (
    active_thread_known,
    profile,
    profile_by_external_id,
    short_info,
)
from msgclient.api.threads import get_thread
from msgclient.index.listing import client_threads
from msgclient.outgoing.addresses import display_phone
from msgclient.outgoing.errors import error_for, invalid, with_ways
from msgclient.outgoing.model import EXISTING_KINDS, Recipient

if TYPE_CHECKING:
    from msgclient.api.stand import Stand


@dataclass(frozen=True)
class Target:
    kind: str                      # the Recipient kind this was looked up for
    client: dict | None            # profile with id, fullName, blocked, email; None = new client
    thread: dict | None = None     # the thread the supervisor started from
    # the client's threads, where the stand lists them
    threads: tuple[dict, ...] = field(default=())
    address: str | None = None     # the new-client address/id as it will be sent
    has_active_thread: bool | None = None  # edna's short-info answer; None: not asked
    owner_unknown: bool = False    # the stand cannot say who owns this address
    # The stand picks the channel itself and msgclient cannot choose one for it: edna's
    # /messages/outgoing has no channel field, and outgoing-from-myself, which has, needs the
    # sender's login, which only a login answer gives.
    stand_picks_channel: bool = False
    # Whether the client's threads are known (`threads` lists them all): only then is "which
    # channels did they use" msgclient's to say; otherwise the stand applies that rule.
    threads_known: bool = True
    # When the client last wrote, per channel (the profile's lastIncoming; () for an address
    # nobody owns); None where the stand does not say (edna documents no such field).
    last_incoming: tuple[dict, ...] | None = None

    @property
    def active_thread(self) -> dict | None:
        active = [t for t in self.threads if t.get("status") != rules.CLOSED]
        found = max(active, key=lambda t: t.get("stateChangeTime") or "", default=None)
        if found is None and self.has_active_thread:
            return {"id": None, "status": None}  # short-info says so, without naming it
        return found

    @property
    def used_channel_ids(self) -> set:
        used = {t.get("channel") for t in self.threads}
        return used | {self.thread.get("channel")} if self.thread else used

    @property
    def home_channel(self) -> object:
        """The channel id of the thread the supervisor started from (None: no thread)."""
        return self.thread.get("channel") if self.thread else None

    @property
    def label(self) -> str:
        if self.client is None and self.kind == "external_id":
            return f"external id {self.address}"
        if self.client is None and self.owner_unknown:
            return str(self.shown_address)
        if self.client is None:
            return f"{self.shown_address} (new client)"
        return rules.describe_client(self.client).removeprefix("Client ")

    @property
    def shown_address(self) -> str | None:
        """The address as people read it: a phone in international form, with '+'."""
        if self.kind == "phone" and self.address:
            return display_phone(self.address)
        return self.address


def lookup(stand: Stand, recipient: Recipient, address: str | None = None) -> Target:
    """Read what the rules need to know about the recipient (GETs and short-info only).

    Documented calls first: the thread (its own client and channel), the client profile
    (`blocked`), short-info (`hasActiveThread`). The client's other threads (which channels
    they used, which thread is active) come from the thread-filters extension where the
    stand offers it.
    """
    if recipient.kind == "thread":
        thread = get_thread(stand.client, int(recipient.value))
        return _known(stand, recipient.kind, thread["clientId"], thread=thread)
    if recipient.kind == "client":
        return _known(stand, recipient.kind, int(recipient.value))
    value = address or recipient.value
    if recipient.kind == "external_id":
        # edna's profile by external id says whether a widget or app client is blocked; a
        # client it does not know is messaged as new (the stand applies the rules if it knows
        # the id after all).
        found = profile_by_external_id(stand.client, value)
        return Target(recipient.kind, found, address=value,
                      threads_known=found is None)
    if recipient.kind == "email" and not stand.catalog.has(EMAIL_LOOKUP):
        return Target(recipient.kind, None, address=value, owner_unknown=True)
    query = {"phone": {"phones": [value]}, "email": {"emails": [value]}}.get(
        recipient.kind, {"external_ids": [value]})
    matches = short_info(stand.client, **query)
    if not matches:  # a stand that says when clients wrote says this address never did
        return Target(recipient.kind, None, address=value,
                      last_incoming=() if stand.catalog.has(LAST_WROTE) else None)
    return _known(stand, recipient.kind, matches[0]["id"], address=value,
                  has_active_thread=matches[0].get("hasActiveThread"))


def _known(stand: Stand, kind: str, client_id: int, **extra) -> Target:
    client = profile(stand.client, client_id)
    told = client.get("lastIncoming") if stand.catalog.has(LAST_WROTE) else None
    extra["last_incoming"] = tuple(e for e in told if isinstance(e, dict)) \
        if isinstance(told, list) else None
    if "has_active_thread" not in extra:
        extra["has_active_thread"] = active_thread_known(stand.client, client)
    # The extension's clientId where the stand has it, else the local index (synced first).
    found, listed = client_threads(stand.catalog, client_id)
    threads = tuple(found)
    chooses = stand.catalog.has(SEND_CHANNEL) or bool(stand.catalog.sender.login)
    return Target(kind, client, threads=threads, stand_picks_channel=not chooses,
                  threads_known=listed, **extra)


def refusal_for(target: Target, channel: dict, channels: Sequence[dict]) -> rules.Refusal | None:
    """The first rule that stops this message to this recipient on this channel."""
    is_email = channel["type"] == rules.EMAIL
    client = target.client
    if client is None:
        return rules.check_channel_enabled(channel, channels)
    if target.kind in EXISTING_KINDS:
        closed = None if is_email or target.thread is None else \
            rules.check_thread_closed(target.thread)
        # A disabled channel is named as such first: it is the fact about that channel, and
        # `clients show` (no thread) says the same of it.
        return rules.first_refusal(
            rules.check_not_blocked(client), rules.check_channel_enabled(channel, channels), closed,
            stand_choice(target, channel, channels),
            rules.check_channel_for_client(
                client, channel, channels,
                target.used_channel_ids if target.threads_known else None,
                target.active_thread))
    return rules.first_refusal(  # a known client reached at an address: no "used before" rule
        rules.check_not_blocked(client),
        None if is_email else rules.check_no_active_thread(client, target.active_thread),
        rules.check_channel_enabled(channel, channels))


def window_refusal(target: Target, channel: dict, template_use: dict | None,
                   now: datetime | None = None) -> rules.Refusal | None:
    """WhatsApp's 24-hour window, where the stand told us when the client last wrote (else the
    stand, or WhatsApp behind it, has the word)."""
    if target.last_incoming is None:
        return None
    try:
        last = rules.last_wrote_on(target.last_incoming, channel.get("id"))
    except ValueError:
        return None  # a time msgclient cannot read: the stand (or WhatsApp) has the word
    return rules.check_whatsapp_window(channel, template_use, last, now or datetime.now(UTC),
                                       target.client)


def window_hint(can_send_templates: bool) -> str:
    """The flags that get a message past a closed window (--template only where the stand can
    carry a template: naming it elsewhere would lead to the next refusal)."""
    if can_send_templates:
        return ("Send a template instead: --template NAME with --var NAME=VALUE ('msgclient "
                "templates list --channel whatsapp' shows them), or use another --channel.")
    return ("This stand cannot send templates through its API: use another --channel, or send "
            "the template from the stand's own workplace.")


def stand_choice(target: Target, channel: dict,
                 channels: Sequence[dict]) -> rules.Refusal | None:
    """A stand that picks the channel itself, where msgclient cannot send in the sender's
    name (no login answer), sends a thread's message over that thread's channel: any other
    chat channel is out of reach there, whatever the rules allow."""
    if target.kind not in EXISTING_KINDS or not target.stand_picks_channel \
            or channel["type"] == rules.EMAIL:
        return None
    home = target.home_channel
    if home is not None and channel.get("id") == home:
        return None
    if home is None:
        where = "a channel it picks itself; send from one of the client's threads"
    else:
        own = next((c for c in channels if c.get("id") == home), None)
        where = (f"thread {target.thread['id']}'s own channel, "
                 f"{rules.channel_name(own) if own else f'channel {home}'}")
    return rules.Refusal("UNSUPPORTED", f"This stand cannot send over a channel you choose "
                         f"without your login: it sends only over {where}. Run 'msgclient "
                         "auth login' (its answer names your login) to choose the channel.",
                         {"capability": "send-channel"})


def choices(target: Target, channels: Sequence[dict]) -> list[rules.ChannelAvailability]:
    """Every stand channel with whether this recipient can be messaged on it now."""
    return [rules.ChannelAvailability(c, rules.channel_name(c), refusal,
                                      refusal is None and _unconfirmed(target, c))
            for c in channels for refusal in (refusal_for(target, c, channels),)]


def _unconfirmed(target: Target, channel: dict) -> bool:
    """A known client's chat channel that nothing shows them to have used: the stand, which
    knows their threads, decides (see Target.threads_known)."""
    return (target.kind in EXISTING_KINDS and not target.threads_known
            and channel["type"] != rules.EMAIL and channel.get("id") != target.home_channel)


def only_channel(target: Target, channels: Sequence[dict], email_ok: bool = True) -> dict:
    """The channel when exactly one is usable; otherwise say why none is, or ask to choose.

    With email_ok=False a lone usable email channel is not taken on the user's behalf (an
    email needs a sender and subject): the refusal of the thread's own channel is given,
    with the channel that would do.
    """
    options = choices(target, channels)
    usable = [o for o in options if o.available and not o.unconfirmed]
    perhaps = [o for o in options if o.unconfirmed]
    lone_email = len(usable) == 1 and usable[0].channel.get("type") == rules.EMAIL
    if len(usable) == 1 and (email_ok or not lone_email):
        return usable[0].channel
    if not options:
        invalid("This stand lists no channels.", "CHANNEL_CHOICE")
    refused = [o for o in options if o.refusal is not None]
    blocking = next((o for o in refused if o.channel.get("id") == target.home_channel), None)
    if (not usable or lone_email) and refused and (blocking or not perhaps):
        ways = [(o.name, f"--channel {o.name}") for o in usable + perhaps]
        raise with_ways(error_for((blocking or refused[0]).refusal), ways)
    names = ", ".join(o.name for o in usable)
    if perhaps:  # the stand alone knows which of these the client used
        names = (f"{names}, and perhaps on " if names else "perhaps on ") + \
            f"{', '.join(o.name for o in perhaps)} (only the stand knows which they used)"
    invalid(f"{target.label} can be messaged on {names}; choose one.", "CHANNEL_CHOICE",
            channels=[o.name for o in usable + perhaps])


def check(target: Target, channel: dict, channels: Sequence[dict]) -> None:
    refusal = refusal_for(target, channel, channels)
    if refusal is not None:
        raise error_for(refusal)

