"""Compose the message itself at the prompt: text, attachments or a template.

Each function takes the message as it stands and returns it with what was answered.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

import click

from msgclient import rules
from msgclient.api.capabilities import EMAIL_ATTACHMENTS, SEND_TEMPLATE
from msgclient.commands.send import checks
from msgclient.errors import Cancelled, UsageError
from msgclient.outgoing.model import Message
from msgclient.outgoing.names import find_template
from msgclient.outgoing.target import window_refusal
from msgclient.rules.text import plural
from msgclient.terminal.prompter import Choice
from msgclient.terminal.wrap import fit_choice

if TYPE_CHECKING:
    from msgclient.cli.context import Context
    from msgclient.outgoing.target import Target

TEXT, TEXT_FILES, FILES, TEMPLATE = "text", "text+files", "files", "template"
NOTHING = Message()


def compose(ctx: Context, message: Message, channel: dict, window: Target | None = None,
            before: Message = NOTHING) -> Message:
    """Ask what to send and write it into `message` (which holds none yet). `window` is the
    client whose WhatsApp window may leave only a template (None: the flow offered the way
    past it already); `before` is the draft being edited: its kind, text, attachments and
    template are offered again rather than typed anew."""
    free = _free_text_problem(window, channel)
    files = free or _attachment_problem(ctx, channel)
    template = _template_problem(ctx, channel)
    kind = ctx.prompter.select("What do you want to send?", [
        Choice("Text", TEXT, disabled=free), Choice("Text with attachments", TEXT_FILES,
                                                    disabled=files),
        Choice("Attachments only", FILES, disabled=files),
        Choice("Template", TEMPLATE, disabled=template)], default=_kind(before))
    if kind == TEMPLATE:
        return fill_template(ctx, message, channel, before=before)
    if kind in (TEXT, TEXT_FILES):
        message = replace(message, text=write_text(ctx, channel, before.text))
    if kind in (TEXT_FILES, FILES):
        message = replace(message, attachments=attach(ctx, channel, kept=before.attachments))
    return message


def _kind(message: Message) -> str | None:
    if message.template:
        return TEMPLATE
    if message.attachments:
        return TEXT_FILES if message.text else FILES
    return TEXT if message.text else None


def _free_text_problem(window: Target | None, channel: dict) -> str | None:
    """Why only a template can go (WhatsApp's window, where the stand says), or None."""
    refusal = window_refusal(window, channel, None) if window else None
    return rules.short_reason(refusal) if refusal else None


def _attachment_problem(ctx: Context, channel: dict) -> str | None:
    if channel["type"] == rules.EMAIL and not ctx.catalog.has(EMAIL_ATTACHMENTS):
        return "this stand cannot attach files to an email"
    return None


def _template_problem(ctx: Context, channel: dict) -> str | None:
    if not ctx.catalog.has(SEND_TEMPLATE):
        return "this stand cannot send templates"
    if channel["type"] not in rules.TEMPLATE_CHANNEL_TYPES:
        return "WhatsApp and Viber only"
    if not _templates_for(ctx, channel):
        return f"no {rules.channel_name(channel)} templates on this stand"
    return None


def _templates_for(ctx: Context, channel: dict) -> list[dict]:
    return [t for t in ctx.catalog.templates if t.get("channelType") == channel["type"]]


def write_text(ctx: Context, channel: dict, before: str | None = None) -> str:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if editor:
        where = ctx.prompter.select("Write the text", [
            Choice("Here (multi-line)", "inline"), Choice(f"In your editor ({editor})", "editor")])
        if where == "editor":
            return _in_editor(channel, before)
    return ctx.prompter.text("Message text", default=before or "", multiline=True,
                             validate=checks.text_check(channel, required=True))


def _in_editor(channel: dict, before: str | None) -> str:
    text = click.edit(f"{before or ''}\n# Write the message above. Lines starting with # are "
                      "dropped.\n")
    if text is None:
        raise Cancelled("The editor closed without saving; nothing was sent.")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("#")).strip()
    verdict = checks.text_check(channel, required=True)(text)
    if verdict is not True:
        raise UsageError(str(verdict))
    return text


def attach(ctx: Context, channel: dict, kept: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The attachments asked for one by one; `kept` (the draft's) are offered to keep."""
    limit = channel["limits"].get("maxAttachments")
    attached: tuple[str, ...] = ()
    if kept and ctx.prompter.confirm(f"Keep {', '.join(_file_name(a) for a in kept)}?",
                                     default=True):
        attached = kept[:limit]
    # The hint above, the question short: a long question pushes a URL's answer to wrap.
    ctx.io.info("A file path or an http(s) URL; Enter with nothing to finish.", style="dim")
    while limit is None or len(attached) < limit:
        answer = ctx.prompter.path("Attach a file", validate=checks.attachment_check(
            channel, attached, required=True)).strip()
        if not answer:
            return attached
        attached = (*attached, answer)
    ctx.io.info(f"That is all {rules.channel_name(channel)} takes: at most {limit} "
                f"{plural(limit, 'attachment')} per message.")
    return attached


def _file_name(attachment: str) -> str:
    return attachment.rstrip("/").rsplit("/", 1)[-1] or attachment


def fill_template(ctx: Context, message: Message, channel: dict, optional: bool = True,
                  before: Message = NOTHING) -> Message:
    """Pick the template if none is given, ask for missing variables, then (optionally) the
    title and signature; what `before` (the draft being edited) said is each answer's default."""
    if message.template:
        template = find_template(ctx.catalog.templates, message.template, channel)
    else:
        offered = _templates_for(ctx, channel)
        template = ctx.prompter.select("Template", [
            Choice(fit_choice(f"{t['name']} — {t['text']}", margin=len("? Template ") + 1), t)
            for t in offered], default=next((t for t in offered if str(t["id"]) ==
                                             before.template), None))
        message = replace(message, template=str(template["id"]))
    message = replace(message, variables=_variables(ctx, template, message.variables, before))
    if optional:
        message = _title_and_signature(ctx, message, before)
    return message


def _variables(ctx: Context, template: dict, given: Mapping[str, str],
               before: Message) -> Mapping[str, str]:
    variables = given
    for name in template.get("variables") or []:
        if not variables.get(name):
            value = ctx.prompter.text(f"Value for {{{{{name}}}}}",
                                      default=before.variables.get(name, ""),
                                      validate=checks.not_empty(name)).strip()
            variables = {**variables, name: value}
    return variables


def _title_and_signature(ctx: Context, message: Message, before: Message) -> Message:
    """The optional title and signature, each asked only when not given."""
    settings = ctx.catalog.settings
    if message.title is None:
        message = replace(message, title=ctx.prompter.text(
            "Title (optional; Enter to skip)", default=before.title or "",
            validate=checks.length_check(settings["titleMaxLength"], "title")).strip() or None)
    if message.signature is None:
        message = replace(message, signature=ctx.prompter.text(
            "Signature (optional; Enter to skip)", default=before.signature or "",
            validate=checks.length_check(settings["signatureMaxLength"], "signature")
        ).strip() or None)
    return message
