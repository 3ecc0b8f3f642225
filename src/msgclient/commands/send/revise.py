"""After 'no' at "Send this message?": the draft is kept, to edit or re-tag, or cancelled."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgclient.commands.send import compose as send_compose
from msgclient.commands.send import prompts as send_prompts
from msgclient.commands.send.wait import waiting
from msgclient.outgoing.draft import channel_for
from msgclient.outgoing.prepare import prepare

if TYPE_CHECKING:
    from msgclient.cli.context import Context
    from msgclient.commands.send.form import Form
    from msgclient.outgoing.model import PreparedSend


def revise(ctx: Context, form: Form) -> PreparedSend:
    """After 'no' at the confirmation: write the message again or change the tags, keeping
    everything else; Cancel ends the command."""
    what = send_prompts.after_no(ctx)
    if what == "message":
        before = form.message  # offered again as each answer's default
        form.update(text=None, attachments=(), template=None, variables={}, title=None,
                    signature=None)
        send_compose.compose(ctx, form, channel_for(ctx.catalog, form.recipient, form.message),
                             before=before)
    else:
        send_prompts.choose_tags(ctx, form, ctx.catalog.tags_required)
    with waiting(ctx, "Checking the message with the stand…"):
        return prepare(ctx, form.recipient, form.message, target=form.target, upload=True,
                       eligibility=not form.retry, uploads=form.uploads)
