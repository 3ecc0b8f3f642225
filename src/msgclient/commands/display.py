"""What more than one command shows of a client: the phone, the channels they can be messaged
on now (with WhatsApp's window), as lines and as JSON. `threads show`, `clients show` and
`send` all use it, so the three say the same thing in the same words."""

from __future__ import annotations

from datetime import UTC, datetime

from msgclient.cli.context import Context
from msgclient.outgoing.addresses import display_phone
from msgclient.rules import short_reason
from msgclient.rules.window import WINDOW, WINDOW_CHANNEL_TYPES, ago, last_wrote_on, window_open
from msgclient.terminal.render import local_minute, styled


def shown_phone(digits) -> str:
    """A profile's phone as `send` shows it ('+7 916 123-45-01'), one form everywhere."""
    return display_phone(str(digits)) if digits else "-"


def channel_json(a, target=None) -> dict:
    """One ChannelAvailability as stable JSON; with when the client last wrote on it and
    whether WhatsApp takes free text now, where the stand says (target.last_incoming)."""
    found = {"id": a.channel.get("id"), "name": a.name, "type": a.channel.get("type"),
             "enabled": bool(a.channel.get("enabled")), "available": a.available,
             "unconfirmed": a.unconfirmed,
             "code": a.refusal.code if a.refusal else None,
             "reason": a.refusal.message if a.refusal else None}
    window = _window(target, a.channel)
    if window is not None:
        found.update({"lastWrote": window[0].isoformat(timespec="seconds") if window[0] else None,
                      "freeText": window[1]})
    return found


def _window(target, channel: dict) -> tuple | None:
    """(when the client last wrote on this WhatsApp channel or None, whether the 24-hour window
    is open); None where there is no window or the stand does not say."""
    if target is None or target.last_incoming is None \
            or channel.get("type") not in WINDOW_CHANNEL_TYPES:
        return None
    try:
        last = last_wrote_on(target.last_incoming, channel.get("id"))
    except ValueError:
        return None  # a time the stand gave that cannot be read: say nothing rather than guess
    return last, window_open(last, datetime.now(UTC))


def window_note(target, channel: dict) -> str | None:
    """'last wrote 3 hours ago: free text until 18:05' for a WhatsApp channel, where known."""
    window = _window(target, channel)
    if window is None:
        return None
    last, open_now = window
    if last is None:
        return "never wrote here: a template only"
    until = local_minute(last + WINDOW)
    what = f"free text until {until}" if open_now else "a template only"
    return f"last wrote {ago(datetime.now(UTC) - last)}: {what}"


def print_channels(ctx: Context, channels: list, target=None) -> None:
    ctx.io.out.print(styled(("Can be messaged on", "bold")))
    if not channels:
        ctx.io.out.print(styled("  ", (("This stand does not list its channels; list them under "
                                       "'channels' in the profile to see which ones reach this "
                                       "client."), "dim")))
    for a in channels:
        note = window_note(target, a.channel) if a.available else None
        if a.available and a.unconfirmed:  # the stand alone knows the client's threads
            ctx.io.out.print(styled("  ", ("?", "yellow"), f" {a.name}",
                                    ("  (the stand decides: msgclient cannot see whether the "
                                     "client used it)", "dim")))
        elif a.available:
            ctx.io.out.print(styled("  ", ("✓", "green"), f" {a.name}",
                                    (f"  ({note})" if note else "", "dim")))
        else:
            ctx.io.out.print(styled("  ", ("✗", "red"), f" {a.name}: {short_reason(a.refusal)}"))
