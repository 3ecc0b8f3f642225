"""After 'no' at "Send this message?": the draft is kept, to edit or re-tag, or cancelled."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from msgclient.commands.send import compose as send_compose
from msgclient.commands.send import prompts as send_prompts
from msgclient.commands.send.flow import checked
from msgclient.outgoing.draft import channel_for

if TYPE_CHECKING:
    from msgclient.cli.context import Context
    from msgclient.commands.send.flow import Decided


def revise(ctx: Context, decided: Decided, *, retry: bool, uploads: dict) -> Decided:
    """After 'no' at the confirmation: write the message again or change the tags, keeping
    everything else, and check it with the stand again; Cancel ends the command."""
    what = send_prompts.after_no(ctx)
    before = decided.message  # offered again as each answer's default
    if what == "message":
        # Written anew: the content. The recipient, channel, email fields and tags stay.
        cleared = replace(before, text=None, attachments=(), template=None, variables={},
                          title=None, signature=None)
        message = send_compose.compose(
            ctx, cleared, channel_for(ctx.catalog, decided.recipient, cleared),
            window=decided.target, before=before)
    else:
        message = replace(before, tags=send_prompts.choose_tags(
            ctx, before.tags, ctx.catalog.tags_required))
    return checked(ctx, decided.recipient, message, decided.target, retry=retry, upload=True,
                   uploads=uploads)
