"""Other ways to reach a client when the rules refuse the channel asked for.

A thread's client may still be messaged on its other channels; the owner of a new-client
address (a phone with an active thread, say) may still get an email at the profile address.
A terminal session offers these ways; without one, the error names them as flags.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from msgclient import rules
from msgclient.outgoing.addresses import normalize_email
from msgclient.outgoing.errors import InvalidMessage
from msgclient.outgoing.model import EXISTING_KINDS, NEW_CLIENT_TYPES, Recipient, display_channel
from msgclient.outgoing.target import choices, refusal_for

if TYPE_CHECKING:
    from msgclient.outgoing.target import Target


@dataclass(frozen=True)
class Route:
    """A channel on which the client can be messaged now, and the flags that say so."""

    channel: dict
    name: str
    recipient: Recipient   # the one given, or the known client's email address
    target: Target
    flags: str


FLAGS = {"phone": "--phone", "client_id": "--authorised-id", "external_id": "--external-id"}
# The rules' own advice to switch channel; right for a thread, wrong for a new-client address
# (--phone with --channel email is no email), and a prompt offers the channels instead.


def routes(target: Target, recipient: Recipient, channels: Sequence[dict]) -> list[Route]:
    """Every channel on which the recipient can be messaged now.

    A thread or client id: the client's usable channels. A new-client address: the channels
    that address reaches, and, when it belongs to a known client with an email address,
    email to that address (an active thread does not stop an email).
    """

    if target.kind in EXISTING_KINDS:
        return [Route(o.channel, o.name, recipient, target, f"--channel {o.name}")
                for o in choices(target, channels) if o.available]
    fitting = [c for c in channels if c.get("type") in NEW_CLIENT_TYPES[target.kind]
               and not (recipient.app and c.get("type") != "MOBILE")]
    found = [Route(c, name, recipient, target, f"--channel {name}") for c in fitting
             if refusal_for(target, c, channels) is None
             for name in [display_channel(recipient, c)]]
    email = _client_email(target)
    if email and target.kind != "email":
        by_email = replace(target, kind="email", address=email)
        flags = f"--email {email} --channel email instead of {FLAGS[target.kind]}"
        found += [Route(c, "email", Recipient("email", email), by_email, flags) for c in channels
                  if c.get("type") == rules.EMAIL and refusal_for(by_email, c, channels) is None]
    return found


def _client_email(target: Target) -> str | None:
    raw = (target.client or {}).get("email")
    try:
        return normalize_email(raw) if raw else None
    except InvalidMessage:
        return None  # a profile address the stand would not send to is no way to reach them
