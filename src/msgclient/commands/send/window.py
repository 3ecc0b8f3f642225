"""WhatsApp's 24-hour window at the prompt: said before the message is written, with what
still goes (one of the channel's templates, another channel) or cancel.

Only where the stand says when the client last wrote; elsewhere the stand (or WhatsApp behind
it) answers the send, and its refusal names the way out (run.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from msgclient.api.capabilities import SEND_TEMPLATE
from msgclient.commands.send.compose import fill_template
from msgclient.commands.send.prompts import way_label
from msgclient.commands.send.reach import Reached
from msgclient.errors import Cancelled
from msgclient.outgoing.errors import error_for
from msgclient.outgoing.target import window_refusal
from msgclient.outgoing.ways import routes
from msgclient.terminal.prompter import Choice
from msgclient.terminal.wrap import fit_choice

if TYPE_CHECKING:
    from msgclient.cli.context import Context
    from msgclient.outgoing.model import Message

QUESTION = "Send instead"
CANCEL = "cancel"


def offer_past_window(ctx: Context, way: Reached,
                      message: Message) -> tuple[Reached, Message, bool]:
    """(the way, the message, whether a template was chosen here): as they were, or with what
    the user chose instead. A closed window with nothing else to offer is the refusal itself
    (exit 5), as without a terminal."""
    channel, target = way.channel, way.target
    refusal = None if message.template else window_refusal(target, channel, None)
    if refusal is None:
        return way, message, False
    templates, ways = _templates(ctx, channel), _other_ways(ctx, way)
    if not templates and not ways:
        raise error_for(refusal)
    ctx.io.warn(refusal.message)
    picked = ctx.prompter.select(QUESTION, [
        *(Choice(_label(f"Template {t['name']} — {t['text']}"), ("template", t))
          for t in templates),
        *(Choice(f"Another channel: {way_label(other, target)}", ("way", other))
          for other in ways),
        Choice("Cancel (nothing is sent)", CANCEL)])
    if picked == CANCEL:
        raise Cancelled()
    kind, chosen = picked
    if kind == "way":
        other = Reached(chosen.recipient, str(chosen.channel["id"]), chosen.channel,
                        chosen.target)
        return other, replace(message, channel=other.named), False

    # A template carries no free text: what was typed or attached would be refused with it.
    dropped = [what for what, given in (("the text", message.text),
                                        ("the attachments", message.attachments)) if given]
    if dropped:  # said now: with --yes there is no preview to notice it in
        ctx.io.warn(f"A template carries no free text: {' and '.join(dropped)} you gave will "
                    "not be sent.")
    message = replace(message, text=None, attachments=(), template=str(chosen["id"]))
    return way, fill_template(ctx, message, channel), True


def _templates(ctx: Context, channel: dict) -> list[dict]:
    if not ctx.catalog.has(SEND_TEMPLATE):
        return []
    return [t for t in ctx.catalog.templates if t.get("channelType") == channel["type"]]


def _other_ways(ctx: Context, way: Reached) -> list:
    return [other for other in routes(way.target, way.recipient, ctx.catalog.channels)
            if other.channel.get("id") != way.channel.get("id")]


def _label(text: str) -> str:
    return fit_choice(text, margin=len(f"? {QUESTION} ") + 2)
