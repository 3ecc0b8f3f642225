"""The send command's steps between the flags and the POST: who, which channel, what, tags.

Each step takes what the flags gave and asks only for the rest (and only on a terminal);
the client's rules are applied as soon as the client and channel are known, so a refusal
comes before the user has typed the message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgclient import rules
from msgclient.api.capabilities import SEND_TAGS
from msgclient.api.errors import ApiError, NetworkError
from msgclient.commands.send import compose as send_compose
from msgclient.commands.send import prompts
from msgclient.commands.send.output import client_summary
from msgclient.commands.send.prompts import choose_channel, choose_new_channel, reroute
from msgclient.commands.send.thread_picker import pick_thread
from msgclient.commands.send.wait import waiting
from msgclient.commands.send.window import offer_past_window
from msgclient.errors import Cancelled, RuleRefusal
from msgclient.outgoing.draft import channel_for, recipient_address
from msgclient.outgoing.errors import with_ways
from msgclient.outgoing.model import EXISTING_KINDS
from msgclient.outgoing.prepare import deliver_replayed, prepare
from msgclient.outgoing.target import check, choices, lookup, only_channel
from msgclient.outgoing.ways import routes

if TYPE_CHECKING:
    from msgclient.cli.context import Context
    from msgclient.commands.send.form import Form
    from msgclient.outgoing.model import PreparedSend
    from msgclient.outgoing.target import Target



def fill_and_prepare(ctx: Context, form: Form, *, interactive: bool, compose: bool,
                     upload: bool) -> PreparedSend:
    picked = form.recipient is None
    if picked:
        form.recipient = prompts.choose_recipient(ctx, form)
    channel, target = _reachable(ctx, form, interactive, picked and form.recipient.kind == "thread")
    if interactive and not form.retry:  # said before the message is written

        channel, target, templated = offer_past_window(ctx, form, channel, target)
        compose = compose and not templated
    if channel["type"] == rules.EMAIL and interactive:
        prompts.email_fields(ctx, form, target, compose)
    fill_content(ctx, form, channel, interactive=interactive, compose=compose)
    mandatory = ctx.catalog.tags_required
    # Tags are asked for only where the stand can carry them (never a part that would be
    # refused after the user chose it).
    if interactive and not form.message.tags and (mandatory or compose) \
            and ctx.catalog.has(SEND_TAGS):
        prompts.choose_tags(ctx, form, mandatory)
    form.target = target
    with waiting(ctx, "Checking the message with the stand…"):
        return prepare(ctx, form.recipient, form.message, target=target, upload=upload,
                       eligibility=not form.retry, uploads=form.uploads)


def _reachable(ctx: Context, form: Form, interactive: bool,
               repick: bool) -> tuple[dict, Target]:
    """The target and its channel. A thread picked from the list whose client cannot be
    messaged now (blocked, busy without email) sends the user back to the list, with one
    line saying why, rather than out of the command."""
    chosen_channel = form.message.channel
    while True:
        try:
            target = _picked_target(ctx, form) if repick else _looked_up(ctx, form, interactive)
            if target is not None:
                return settle_channel(ctx, form, target, interactive)
        except RuleRefusal as exc:
            if not repick:
                raise
            ctx.io.warn(exc.alone or exc.message)
        form.target = None
        form.update(channel=chosen_channel)
        form.recipient = pick_thread(ctx)


def _looked_up(ctx: Context, form: Form, interactive: bool) -> Target:
    with waiting(ctx, "Looking up the client…"):
        return find_target(ctx, form, interactive)


def _picked_target(ctx: Context, form: Form) -> Target | None:
    """The picked thread's client, shown only if some channel reaches them; None (after one
    line saying why) if none does."""
    target = _looked_up(ctx, form, interactive=False)
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


def find_target(ctx: Context, form: Form, interactive: bool) -> Target:
    recipient = form.recipient
    if form.target is not None:  # looked up already to name every missing flag at once
        return form.target
    if recipient.kind not in EXISTING_KINDS and not form.message.channel and interactive:
        form.update(channel=choose_new_channel(ctx, recipient.kind))
    address = recipient_address(recipient, ctx.settings.default_region)
    target = lookup(ctx, recipient, address)
    if interactive:
        client_summary(ctx, target)
    elif target.client is not None and recipient.kind not in EXISTING_KINDS:
        who = rules.describe_client(target.client)
        ctx.io.info(f"{target.shown_address} belongs to {who[0].lower()}{who[1:]}; "
                    "that client's rules apply.")
    return target


def settle_channel(ctx: Context, form: Form, target: Target,
                   interactive: bool) -> tuple[dict, Target]:
    """The channel to use, checked against the client's rules right away.

    When the rules refuse it but the client can be reached another way, a terminal session
    offers those ways; without one, the error names them with their flags.
    """
    channels = ctx.catalog.channels
    if not form.message.channel and form.recipient.kind in EXISTING_KINDS:
        if interactive:
            choose_channel(ctx, form, target)
        else:
            only = only_channel(target, channels, email_ok=form.wants_email_fields)
            form.update(channel=str(only["id"]))
    try:
        return _checked_channel(ctx, form, target), target
    except RuleRefusal as exc:
        others = routes(target, form.recipient, channels)  # the refused channel is not one
        if target.client is None or not others:
            raise
        if not interactive:
            raise with_ways(exc, [(r.name, r.flags) for r in others]) from None
        route = reroute(ctx, exc, target, others)
    form.recipient = route.recipient
    form.update(channel=str(route.channel["id"]))
    return _checked_channel(ctx, form, route.target), route.target


def _checked_channel(ctx: Context, form: Form, target: Target) -> dict:
    channel = channel_for(ctx.catalog, form.recipient, form.message)
    if not form.retry:  # a retry's first attempt may have opened the thread that blocks it
        check(target, channel, ctx.catalog.channels)
    return channel


def fill_content(ctx: Context, form: Form, channel: dict, *, interactive: bool,
                 compose: bool) -> None:
    if compose:
        send_compose.compose(ctx, form, channel)
    elif interactive and form.message.template:
        send_compose.fill_template(ctx, form, channel, optional=False)


def deliver_explained(ctx: Context, prepared: PreparedSend, key: str) -> tuple[dict, bool]:
    """deliver_replayed(), and when the outcome is unknown, say how to find out or retry
    safely."""
    try:
        with waiting(ctx, "Sending…"):
            return deliver_replayed(ctx, prepared, key)
    except KeyboardInterrupt:
        # The request may already be with the stand: "nothing was sent" would be a guess.
        raise Cancelled("Interrupted while sending: the message may have gone out. "
                        f"{_unknown_outcome_hint(ctx, prepared, key)}") from None
    except (NetworkError, ApiError) as exc:
        if exc.may_have_gone_out:
            raise exc.hinted(_unknown_outcome_hint(ctx, prepared, key)) from exc
        raise


def _unknown_outcome_hint(ctx: Context, prepared: PreparedSend, key: str) -> str:
    client = prepared.summary.get("clientId")
    check = f"'msgclient threads list --status all{f' --client {client}' if client else ''}'"
    # A re-run uploads local files again under new URLs, so its body cannot match the key.
    if ctx.catalog.honours_keys and not prepared.summary.get("uploads"):
        return (f"It may have been sent. Re-running the same command with --channel "
                f"{prepared.summary['channel']} --idempotency-key {key} cannot send it twice.")
    if ctx.catalog.honours_keys:
        return f"It may have been sent: check {check} before sending again."
    return (f"It may have been sent, and this stand does not de-duplicate retries: check "
            f"{check} before sending again.")
