"""Who the message goes to and over which channel: the client looked up and the channel
checked against the client's rules as soon as both are known, so a refusal comes before the
user has typed the message.

Each function takes what it needs and returns what it decided; `reach` returns it all as a
Reached, and the flow (flow.py) puts its channel into the message.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from msgclient import rules
from msgclient.commands.send.output import client_summary, waiting
from msgclient.commands.send.prompts import choose_channel, choose_new_channel, reroute
from msgclient.commands.send.thread_picker import pick_thread
from msgclient.errors import RuleRefusal
from msgclient.outgoing.draft import channel_for, recipient_address
from msgclient.outgoing.errors import with_ways
from msgclient.outgoing.model import EXISTING_KINDS, Message, Recipient
from msgclient.outgoing.target import Target, check, choices, lookup, only_channel
from msgclient.outgoing.ways import routes

if TYPE_CHECKING:
    from msgclient.cli.context import Context


@dataclass(frozen=True)
class Reached:
    recipient: Recipient
    named: str | None  # the channel as Message.channel says it: a CLI name or a stand id
    channel: dict
    target: Target


@dataclass(frozen=True)
class Mode:
    """How the steps decide: asking at a terminal or not, and two facts of the flags."""

    interactive: bool
    retry: bool  # --idempotency-key: the client's rules wait for the stand (see _checked)
    email_ok: bool  # the flags describe an email: a lone email channel may be taken


def reach(ctx: Context, recipient: Recipient, message: Message, mode: Mode, *,
          looked_up: Target | None = None, repick: bool = False) -> Reached:
    """The target and its channel. A thread picked from the list whose client cannot be
    messaged now (blocked, busy without email) sends the user back to the list (`repick`),
    with one line saying why, rather than out of the command. `looked_up` is a lookup made
    already (to name every missing flag at once)."""
    while True:
        try:
            if repick:
                named, target = message.channel, _picked_target(ctx, recipient)
            else:
                named, target = _looked_up(ctx, recipient, message.channel, mode.interactive,
                                           looked_up)
            if target is not None:
                return settle_channel(ctx, recipient, replace(message, channel=named), target,
                                      mode)
        except RuleRefusal as exc:
            if not repick:
                raise
            ctx.io.warn(exc.alone or exc.message)
        looked_up = None
        recipient = pick_thread(ctx)


def _looked_up(ctx: Context, recipient: Recipient, named: str | None, interactive: bool,
               looked_up: Target | None) -> tuple[str | None, Target]:
    """(the channel, the target); a new client's channel is asked for first if none is named."""
    with waiting(ctx, "Looking up the client…"):
        if looked_up is not None:
            return named, looked_up
        if recipient.kind not in EXISTING_KINDS and not named and interactive:
            named = choose_new_channel(ctx, recipient.kind)
        return named, find_target(ctx, recipient, interactive)


def _picked_target(ctx: Context, recipient: Recipient) -> Target | None:
    """The picked thread's client, shown only if some channel reaches them; None (after one
    line saying why) if none does."""
    target = _looked_up(ctx, recipient, None, False, None)[1]
    options = choices(target, ctx.catalog.channels)
    if any(o.available for o in options):
        client_summary(ctx, target)
        return target
    home = target.thread.get("channel") if target.thread else None
    reasons = [rules.short_reason(o.refusal) for o in sorted(
        options, key=lambda o: (o.channel.get("id") != home, o.channel["type"] != rules.EMAIL))
        if o.refusal and o.refusal.code != "CHANNEL_NOT_ENABLED"]
    why = ", ".join(dict.fromkeys(reasons[:2])) or "no channel reaches them"
    ctx.io.warn(f"{target.label} cannot be messaged now: {why}.")
    return None


def find_target(ctx: Context, recipient: Recipient, interactive: bool) -> Target:
    """The recipient looked up, and said: the client card at a terminal, else one line when a
    new-client address belongs to a known client."""
    address = recipient_address(recipient, ctx.settings.default_region)
    target = lookup(ctx, recipient, address)
    if interactive:
        client_summary(ctx, target)
    elif target.client is not None and recipient.kind not in EXISTING_KINDS:
        who = rules.describe_client(target.client)
        ctx.io.info(f"{target.shown_address} belongs to {who[0].lower()}{who[1:]}; "
                    "that client's rules apply.")
    return target


def settle_channel(ctx: Context, recipient: Recipient, message: Message, target: Target,
                   mode: Mode) -> Reached:
    """The channel to use, checked against the client's rules right away.

    When the rules refuse it but the client can be reached another way, a terminal session
    offers those ways; without one, the error names them with their flags.
    """
    channels = ctx.catalog.channels
    if not message.channel and recipient.kind in EXISTING_KINDS:
        if mode.interactive:
            message = replace(message, channel=choose_channel(ctx, target))
        else:
            message = replace(message, channel=_only_channel(ctx, target, mode))
    try:
        return _checked(ctx, recipient, message, target, mode.retry)
    except RuleRefusal as exc:
        others = routes(target, recipient, channels)  # the refused channel is not one
        if target.client is None or not others:
            raise
        if not mode.interactive:
            raise with_ways(exc, [(r.name, r.flags) for r in others]) from None
        route = reroute(ctx, exc, target, others)
    return _checked(ctx, route.recipient, replace(message, channel=str(route.channel["id"])),
                    route.target, mode.retry)


def _only_channel(ctx: Context, target: Target, mode: Mode) -> str:
    """The one channel that reaches the client, without a terminal. Taking email in place of
    the thread's own channel is said, never silent."""
    channels = ctx.catalog.channels
    channel = only_channel(target, channels, email_ok=mode.email_ok)
    if channel.get("type") == rules.EMAIL and channel.get("id") != target.home_channel:
        ctx.io.info(f"Channel: email, the only one {target.label} can get now (--channel "
                    "names another).")
    return str(channel["id"])


def _checked(ctx: Context, recipient: Recipient, message: Message, target: Target,
             retry: bool) -> Reached:
    channel = channel_for(ctx.catalog, recipient, message)
    if not retry:  # a retry's first attempt may have opened the thread that blocks it
        check(target, channel, ctx.catalog.channels)
    return Reached(recipient, message.channel, channel, target)
