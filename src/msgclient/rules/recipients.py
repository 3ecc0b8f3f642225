"""May this existing client be messaged on this channel now? (blocked, active thread, ...)"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from msgclient.rules.base import (
    CLOSED,
    EMAIL,
    ChannelAvailability,
    Json,
    Refusal,
    active_thread_words,
    channel_name,
    describe_client,
    enabled_channel_names,
    first_refusal,
    naming_others,
)


def check_not_blocked(client: Json) -> Refusal | None:
    if not client.get("blocked"):
        return None
    return Refusal("CLIENT_BLOCKED", f"{describe_client(client)} is blocked; blocked clients "
                   "cannot be messaged.", {"clientId": client.get("id")})


def check_thread_closed(thread: Json) -> Refusal | None:
    # The supervisor workflow starts from the History tab: only a closed thread offers
    # "Message client", because an open one is still an agent's live conversation.
    if thread["status"] == CLOSED:
        return None
    return Refusal("THREAD_NOT_CLOSED", f"Thread {thread['id']} is {thread['status']}, not closed; "
                   "messages can be sent only from a closed thread. Wait until it is closed.",
                   {"threadId": thread["id"], "status": thread["status"]})


def check_no_active_thread(client: Json, active_thread: Json | None) -> Refusal | None:
    if active_thread is None:
        return None
    # The way out in words, not flags: the CLI names the flags of each way (outgoing/ways.py).
    words = active_thread_words(active_thread.get("id"), active_thread.get("status"))
    return naming_others(
        "ACTIVE_THREAD",
        f"{describe_client(client)}{words.removeprefix('the client')}; only email can be sent "
        "while a thread is active. Wait until it is closed",
        ", or send an email" if client.get("email") else "",
        {"activeThreadId": active_thread["id"], "activeThreadStatus": active_thread["status"]})


def check_channel_enabled(channel: Json, channels: Iterable[Json]) -> Refusal | None:
    if channel.get("enabled"):
        return None
    enabled = enabled_channel_names(channels)
    return naming_others("CHANNEL_NOT_ENABLED",
                         f"Channel {channel_name(channel)} is not enabled on this stand",
                         f"; enabled channels: {', '.join(enabled) or 'none'}",
                         {"channel": channel_name(channel), "enabledChannels": enabled})


def check_has_email(client: Json) -> Refusal | None:
    if client.get("email"):
        return None
    return Refusal("NO_EMAIL", f"{describe_client(client)} has no email address on their "
                   "card; add one to the client's card or choose another channel.",
                   {"clientId": client.get("id")})


def check_channel_used(client: Json, channel: Json, channels: Iterable[Json],
                       used_channel_ids: Iterable[int]) -> Refusal | None:
    # An existing client is answered where they wrote before; reaching someone at a new
    # address is the new-client send (outgoing-to-device), which starts from the address.
    used = set(used_channel_ids)
    if channel["id"] in used:
        return None
    available = [channel_name(c) for c in channels if c.get("enabled") and (
        c["id"] in used if c["type"] != EMAIL else bool(client.get("email")))]
    return naming_others("CHANNEL_NOT_AVAILABLE", f"{describe_client(client)} has never used "
                         f"{channel_name(channel)}, so it cannot be messaged there",
                         f"; channels available for this client: {', '.join(available) or 'none'}",
                         {"channel": channel_name(channel), "availableChannels": available})


def check_channel_for_client(client: Json, channel: Json, channels: Sequence[Json],
                             used_channel_ids: Iterable[int] | None,
                             active_thread: Json | None) -> Refusal | None:
    """The first rule that stops messaging this existing client on this channel right now.

    A disabled channel is said first: it is true of every client, so it is the reason that
    stays true whatever happens to this one. used_channel_ids None: which channels the client
    used is not known here (the stand applies that rule itself).
    """
    if channel["type"] == EMAIL:  # email is the one channel an active thread does not block
        return first_refusal(check_channel_enabled(channel, channels), check_not_blocked(client),
                             check_has_email(client))
    return first_refusal(check_channel_enabled(channel, channels), check_not_blocked(client),
                         check_no_active_thread(client, active_thread),
                         used_channel_ids is not None and
                         check_channel_used(client, channel, channels, used_channel_ids))


def channel_availability(client: Json, channels: Sequence[Json], used_channel_ids: Iterable[int],
                         active_thread: Json | None) -> list[ChannelAvailability]:
    """Every stand channel, in stand order, with whether this client can be messaged on it now."""
    used = set(used_channel_ids)
    return [ChannelAvailability(c, channel_name(c),
                                check_channel_for_client(client, c, channels, used, active_thread))
            for c in channels]
