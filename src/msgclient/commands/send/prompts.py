"""Ask for what the flags did not give: recipient, channel, email fields, tags, confirmation.

Only called when ctx.io.can_prompt. Each question validates as the user types, so an
answer that the checks would refuse later is refused right at the prompt. Each function
returns what was answered; the flow (flow.py) puts it into the message.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from msgclient import rules
from msgclient.api.capabilities import EMAIL_BCC, SEND_TAGS
from msgclient.commands.send.checks import bcc_check, fit, subject_check
from msgclient.commands.send.thread_picker import pick_thread
from msgclient.errors import Cancelled, MsgclientError
from msgclient.outgoing.addresses import email_reason, phone_reason
from msgclient.outgoing.errors import InvalidMessage
from msgclient.outgoing.model import NEW_CLIENT_CHANNELS, Recipient
from msgclient.outgoing.names import find_tags
from msgclient.outgoing.target import choices, only_channel
from msgclient.terminal.prompter import SEND_DEFAULT, Choice

if TYPE_CHECKING:
    from msgclient.cli.context import Context
    from msgclient.outgoing.model import Message
    from msgclient.outgoing.target import Target
    from msgclient.outgoing.ways import Route

# channel name -> the identifier kinds that reach a new client on it (supervisor docs).
KIND_LABELS = {"client_id": "Authorised client id (a logged-in user)",
               "external_id": "External id in the app (not logged in)"}
# A choice that means "cancel": questionary answers a None value with the choice's title.
CANCEL = "cancel"


def choose_recipient(ctx: Context, new: bool,
                     channel: str | None) -> tuple[Recipient, str | None]:
    """Who to message, and the channel: a new client's is asked first, since it decides how
    the client is identified. `new` and `channel` are what the flags said."""
    if not new:
        way = ctx.prompter.select("Who do you want to message?", [
            Choice("A client from a closed thread", "thread"), Choice("A new client", "new")])
        new = way == "new"
    if new:
        channel = channel or choose_new_channel(ctx, None)
        return _new_client(ctx, channel), channel
    return pick_thread(ctx), channel


def _new_client(ctx: Context, channel: str) -> Recipient:
    kinds = NEW_CLIENT_CHANNELS.get(channel.lower(), ("phone",))
    kind = kinds[0] if len(kinds) == 1 else ctx.prompter.select(
        "How is the client identified?", [Choice(KIND_LABELS[k], k) for k in kinds])
    value = ctx.prompter.text(_ADDRESS_QUESTIONS[kind], validate=_address_check(ctx, kind))
    app = None
    if channel.lower() == "mobile-app":
        app = ctx.prompter.text("App marker (optional; Enter to skip)").strip() or None
    return Recipient(kind, value.strip(), app=app)


def choose_new_channel(ctx: Context, kind: str | None) -> str:
    """A channel for a new client (that fits the identifier, when one is given)."""
    names = [n for n, kinds in NEW_CLIENT_CHANNELS.items() if kind is None or kind in kinds]
    channels = ctx.catalog.channels
    return ctx.prompter.select("Channel for the new client", [
        Choice(name, name, disabled=_new_channel_problem(channels, name)) for name in names])


_ADDRESS_QUESTIONS = {"phone": "Phone number (with +country code)", "email": "Email address",
                      "client_id": "Authorised client id", "external_id": "External id"}


def _new_channel_problem(channels: list[dict], name: str) -> str | None:
    ctype = rules.CLI_TO_TYPE[name]
    if any(c.get("type") == ctype and c.get("enabled") for c in channels):
        return None
    return "not enabled on this stand" if any(c.get("type") == ctype for c in channels) \
        else "not on this stand"


def _address_check(ctx: Context, kind: str):
    region = ctx.settings.default_region

    def check(value: str) -> bool | str:
        value = value.strip()
        if kind == "phone":
            return fit(phone_reason(value, region) or "") or True
        if kind == "email":
            return fit(email_reason(value) or "") or True
        return True if 0 < len(value) <= 256 else "Give an id of 1 to 256 characters."
    return check


def choose_channel(ctx: Context, target: Target) -> str:
    """Pick among the client's channels (its id); unusable ones are shown with the reason."""
    options = choices(target, ctx.catalog.channels)
    usable = [o for o in options if o.available]
    if len(usable) <= 1 and not any(o.unconfirmed for o in usable):
        only = str(only_channel(target, ctx.catalog.channels)["id"])
        ctx.io.info(f"Channel: {usable[0].name} (the only one {target.label} can get now)")
        return only
    home = target.thread.get("channel") if target.thread else None  # the thread's own
    return ctx.prompter.select("Channel", [
        Choice(f"{o.name} (the stand decides: msgclient cannot see whether they used it)"
               if o.unconfirmed else o.name, str(o.channel["id"]),
               disabled=rules.short_reason(o.refusal) if o.refusal else None)
        for o in options], default=None if home is None else str(home))


def reroute(ctx: Context, refused: MsgclientError, target: Target, ways: list[Route]) -> Route:
    """The rules refused the channel, but the client can be reached another way: which?"""
    ctx.io.warn(getattr(refused, "alone", None) or refused.message)  # the ways are the choices
    picked = ctx.prompter.select(f"Message {target.label} another way?", [
        *(Choice(way_label(way, target), way) for way in ways), Choice("Cancel", CANCEL)])
    if picked == CANCEL:
        raise Cancelled()
    return picked


def way_label(way: Route, target: Target) -> str:
    if way.recipient.kind == target.kind:
        return way.name
    return f"{way.name} to {way.recipient.value}"  # the client's own address, not the one given


def email_fields(ctx: Context, message: Message, target: Target, compose: bool) -> Message:
    """The message with the email's sender, subject and (when composing) BCC the flags left
    out."""
    sender = message.sender or _sender(ctx)
    subject = message.subject or ctx.prompter.text("Subject", validate=subject_check).strip()
    bcc = message.bcc
    if compose and not bcc and ctx.catalog.has(EMAIL_BCC):  # else it cannot go
        bcc = _bcc(ctx, target)
    return replace(message, sender=sender, subject=subject, bcc=bcc)


def _sender(ctx: Context) -> str:
    boxes = ctx.catalog.mailboxes
    enabled = [m for m in boxes if m.get("enabled")]
    if len(enabled) == 1:
        return enabled[0]["address"]
    return ctx.prompter.select("Send from", [
        Choice(f"{m['address']} — {m['name']}" if m.get("name") else m["address"],
               m["address"], disabled=None if m.get("enabled") else "disabled")
        for m in boxes])


def _bcc(ctx: Context, target: Target) -> tuple[str, ...]:
    client_address = target.address or (target.client or {}).get("email")
    ctx.io.info("BCC: seen by staff only, one address at a time; Enter with nothing "
                "to finish.", style="dim")
    bcc: tuple[str, ...] = ()
    while True:
        answer = ctx.prompter.text("BCC address",
                                   validate=bcc_check(bcc, client_address)).strip()
        if not answer:
            return bcc
        bcc = (*bcc, answer)


def choose_tags(ctx: Context, given: tuple[str, ...], mandatory: bool) -> tuple[str, ...]:
    """The tags' ids, starting from the ones `given` (by path, name or id)."""
    def need_one(picked: list) -> bool | str:
        return bool(picked) or "Pick at least one tag: this stand requires one (Space selects)."

    chosen = _tag_ids(ctx, given)  # changing the tags starts from the ones given
    picked = ctx.prompter.checkbox(
        "Tags" + (" (at least one required)" if mandatory else " (optional)"),
        [Choice(t.get("path") or t["name"], t["id"], checked=t["id"] in chosen)
         for t in ctx.catalog.tags],
        validate=need_one if mandatory else None)
    return tuple(str(i) for i in picked)


def _tag_ids(ctx: Context, given: tuple[str, ...]) -> set:
    """The ids of tags given by path, name or id (an unknown one is simply not pre-checked)."""
    ids = set()
    for name in given:
        try:
            ids.update(find_tags(ctx.catalog.tags, [name]))
        except InvalidMessage:
            pass
    return ids


def confirm_send(ctx: Context) -> bool:
    return ctx.prompter.confirm("Send this message?", default=SEND_DEFAULT)


def after_no(ctx: Context) -> str:
    """'No' at the confirmation keeps the draft: edit it, change its tags (where the stand can
    carry tags), or cancel (gh's Submit / Add metadata / Cancel)."""
    tags = [Choice("Change the tags", "tags")] if ctx.catalog.has(SEND_TAGS) else []
    picked = ctx.prompter.select("Not sent. What now?", [
        Choice("Edit the message", "message"), *tags,
        Choice("Cancel (nothing is sent)", CANCEL)])
    if picked == CANCEL:
        raise Cancelled()
    return picked
