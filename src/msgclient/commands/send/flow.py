"""The send command's steps between the flags and the POST: who, which channel, what, tags.

Each step takes what it needs and returns what it decided; this flow alone holds the
results, and puts them into the immutable Message (dataclasses.replace). A step asks only
for what the flags left out (and only on a terminal); the client's rules are applied as soon
as the client and channel are known (reach.py), so a refusal comes before the user has typed
the message.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from msgclient import rules
from msgclient.api.capabilities import SEND_TAGS
from msgclient.api.errors import ApiError, NetworkError
from msgclient.commands.send import compose as send_compose
from msgclient.commands.send import prompts
from msgclient.commands.send.output import waiting
from msgclient.commands.send.reach import Mode, reach
from msgclient.commands.send.window import offer_past_window
from msgclient.errors import Cancelled
from msgclient.outgoing.prepare import deliver_replayed, prepare

if TYPE_CHECKING:
    from msgclient.cli.context import Context
    from msgclient.commands.send.given import Given
    from msgclient.outgoing.model import Message, PreparedSend, Recipient
    from msgclient.outgoing.target import Target


@dataclass(frozen=True)
class Decided:
    """The message, who it goes to, the client as looked up, and the stand-checked request."""

    recipient: Recipient
    message: Message
    target: Target
    prepared: PreparedSend


def fill_and_prepare(ctx: Context, given: Given, *, looked_up: Target | None, interactive: bool,
                     compose: bool, upload: bool, uploads: dict) -> Decided:
    """Every step in turn from what was `given`; `uploads` caches uploaded files (prepare)."""
    recipient, message = given.recipient, given.message
    picked = recipient is None
    if picked:
        recipient, named = prompts.choose_recipient(ctx, given.new, message.channel)
        message = replace(message, channel=named)
    mode = Mode(interactive, retry=given.retry, email_ok=given.wants_email_fields)
    way = reach(ctx, recipient, message, mode, looked_up=looked_up,
                repick=picked and recipient.kind == "thread")
    message = replace(message, channel=way.named)
    if interactive and not given.retry:  # said before the message is written
        way, message, templated = offer_past_window(ctx, way, message)
        compose = compose and not templated
    if way.channel["type"] == rules.EMAIL and interactive:
        message = prompts.email_fields(ctx, message, way.target, compose)
    message = fill_content(ctx, message, way.channel, interactive=interactive, compose=compose)
    mandatory = ctx.catalog.tags_required
    # Tags are asked for only where the stand can carry them (never a part that would be
    # refused after the user chose it).
    if interactive and not message.tags and (mandatory or compose) \
            and ctx.catalog.has(SEND_TAGS):
        message = replace(message, tags=prompts.choose_tags(ctx, message.tags, mandatory))
    return checked(ctx, way.recipient, message, way.target, retry=given.retry, upload=upload,
                   uploads=uploads)


def fill_content(ctx: Context, message: Message, channel: dict, *, interactive: bool,
                 compose: bool) -> Message:
    if compose:  # no window: offer_past_window has said it (for a retry, prepare does)
        return send_compose.compose(ctx, message, channel)
    if interactive and message.template:
        return send_compose.fill_template(ctx, message, channel, optional=False)
    return message


def checked(ctx: Context, recipient: Recipient, message: Message, target: Target, *,
            retry: bool, upload: bool, uploads: dict) -> Decided:
    """The message checked and built by the stand's rules (prepare), uploads made."""
    with waiting(ctx, "Checking the message with the stand…"):
        prepared = prepare(ctx, recipient, message, target=target, upload=upload,
                           eligibility=not retry, uploads=uploads)
    return Decided(recipient, message, target, prepared)


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
