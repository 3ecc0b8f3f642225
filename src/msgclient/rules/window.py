"""WhatsApp's customer-service window: free text only within 24 hours of the client's last
message; after that, only an approved template goes through.

WhatsApp applies it per business number (one stand channel), so "when the client last wrote"
is asked per channel. A client who never wrote on the channel (a new number included) has no
window open: only a template reaches them. Email, Viber, web and mobile chats have no window.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from msgclient.rules.base import Json, Refusal, channel_name, describe_client
from msgclient.rules.text import plural
from msgclient.rules.times import iso, parse_iso

WINDOW = timedelta(hours=24)
WINDOW_CLOSED = "WHATSAPP_WINDOW_CLOSED"
WINDOW_CHANNEL_TYPES = frozenset({"WHATSAPP"})


def last_wrote_on(last_incoming: Iterable[Json], channel_id: object) -> datetime | None:
    """When the client last wrote on this channel, from the profile's `lastIncoming` (one
    {channel, time} per channel the client wrote on); None: never. ValueError: the stand gave
    a time that is not ISO-8601, which says nothing either way (the stand decides)."""
    found = next((e.get("time") for e in last_incoming
                  if str(e.get("channel")) == str(channel_id)), None)
    if not found:
        return None
    return parse_iso(str(found))  # ValueError: unreadable, not "never"


def window_open(last_wrote: datetime | None, now: datetime) -> bool:
    return last_wrote is not None and now - last_wrote < WINDOW


def ago(delta: timedelta) -> str:
    """'40 minutes ago', '5 hours ago', '3 days ago': as precise as the window needs."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    if minutes < 60:
        return "just now" if minutes < 1 else _count(minutes, "minute") + " ago"
    hours = minutes // 60
    return _count(hours, "hour") + " ago" if hours < 48 else _count(hours // 24, "day") + " ago"


def _count(n: int, unit: str) -> str:
    return f"{n} {plural(n, unit)}"


def check_whatsapp_window(channel: Json, template_use: Json | None, last_wrote: datetime | None,
                          now: datetime, client: Json | None = None) -> Refusal | None:
    """Free text or attachments over WhatsApp need the client to have written within 24 hours;
    a template always goes. `last_wrote` None: the client never wrote on this channel."""
    if channel.get("type") not in WINDOW_CHANNEL_TYPES or template_use is not None \
            or window_open(last_wrote, now):
        return None
    name = channel_name(channel)
    where = _whatsapp(channel)
    who = describe_client(client) if client else "This number"
    when = f"last wrote on {where} {ago(now - last_wrote)}" if last_wrote else \
        f"has never written on {where}"
    return Refusal(WINDOW_CLOSED, f"{who} {when}; WhatsApp now takes only a template.", {
        "channel": name, "clientId": client.get("id") if client else None,
        "lastWrote": iso(last_wrote) if last_wrote else None,
        "windowHours": int(WINDOW.total_seconds() // 3600)})


def _whatsapp(channel: Json) -> str:
    """'WhatsApp', or 'WhatsApp (Sales line)' where the channel has a title of its own: a
    stand may have several WhatsApp numbers, and the window is per number."""
    title = str(channel.get("name") or "").strip()
    return "WhatsApp" if not title or title.lower() == "whatsapp" else f"WhatsApp ({title})"

