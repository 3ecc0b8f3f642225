"""Compose the message itself at the prompt: text, attachments or a template."""

from __future__ import annotations

import os
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
    from msgclient.commands.send.form import Form

TEXT, TEXT_FILES, FILES, TEMPLATE = "text", "text+files", "files", "template"
NOTHING = Message()


def compose(ctx: Context, form: Form, channel: dict, before: Message = NOTHING) -> None:
    """Ask what to send and write it; `before` is the draft being edited: its kind, text,
    attachments and template are offered again rather than typed anew."""
    free = _free_text_problem(ctx, form, channel)
    files = free or _attachment_problem(ctx, channel)
    template = _template_problem(ctx, channel)
    kind = ctx.prompter.select("What do you want to send?", [
        Choice("Text", TEXT, disabled=free), Choice("Text with attachments", TEXT_FILES,
                                                    disabled=files),
        Choice("Attachments only", FILES, disabled=files),
        Choice("Template", TEMPLATE, disabled=template)], default=_kind(before))
    if kind == TEMPLATE:
        return fill_template(ctx, form, channel, before=before)
    if kind in (TEXT, TEXT_FILES):
        form.update(text=write_text(ctx, channel, before.text))
    if kind in (TEXT_FILES, FILES):
        add_attachments(ctx, form, channel, kept=before.attachments)
    return None


def _kind(message: Message) -> str | None:
    if message.template:
        return TEMPLATE
    if message.attachments:
        return TEXT_FILES if message.text else FILES
    return TEXT if message.text else None


def _free_text_problem(ctx: Context, form: Form, channel: dict) -> str | None:
    """Why only a template can go (WhatsApp's window, where the stand says), or None."""
    refusal = window_refusal(form.target, channel, None) if form.target else None
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


def add_attachments(ctx: Context, form: Form, channel: dict, kept: tuple[str, ...] = ()) -> None:
    limit = channel["limits"].get("maxAttachments")
    if kept and ctx.prompter.confirm(f"Keep {', '.join(_file_name(a) for a in kept)}?",
                                     default=True):
        form.update(attachments=kept[:limit])
    # The hint above, the question short: a long question pushes a URL's answer to wrap.
    ctx.io.info("A file path or an http(s) URL; Enter with nothing to finish.", style="dim")
    while limit is None or len(form.message.attachments) < limit:
        answer = ctx.prompter.path("Attach a file", validate=checks.attachment_check(
            channel, form.message.attachments, required=True)).strip()
        if not answer:
            return
        form.update(attachments=(*form.message.attachments, answer))
    ctx.io.info(f"That is all {rules.channel_name(channel)} takes: at most {limit} "
                f"{plural(limit, 'attachment')} per message.")


def _file_name(attachment: str) -> str:
    return attachment.rstrip("/").rsplit("/", 1)[-1] or attachment


def fill_template(ctx: Context, form: Form, channel: dict, optional: bool = True,
                  before: Message = NOTHING) -> None:
    """Pick the template if none is given, ask for missing variables, then (optionally) the
    title and signature; what `before` (the draft being edited) said is each answer's default."""
    if form.message.template:
        template = find_template(ctx.catalog.templates, form.message.template, channel)
    else:
        offered = _templates_for(ctx, channel)
        template = ctx.prompter.select("Template", [
            Choice(fit_choice(f"{t['name']} — {t['text']}", margin=len("? Template ") + 1), t)
            for t in offered], default=next((t for t in offered if str(t["id"]) ==
                                             before.template), None))
        form.update(template=str(template["id"]))
    for name in template.get("variables") or []:
        if not form.message.variables.get(name):
            value = ctx.prompter.text(f"Value for {{{{{name}}}}}",
                                      default=before.variables.get(name, ""),
                                      validate=checks.not_empty(name)).strip()
            form.update(variables={**form.message.variables, name: value})
    settings = ctx.catalog.settings
    if optional and form.message.title is None:
        form.update(title=ctx.prompter.text("Title (optional; Enter to skip)",
                                            default=before.title or "", validate=checks
                                            .length_check(settings["titleMaxLength"], "title")
                                            ).strip() or None)
    if optional and form.message.signature is None:
        form.update(signature=ctx.prompter.text(
            "Signature (optional; Enter to skip)", default=before.signature or "",
            validate=checks.length_check(settings["signatureMaxLength"], "signature")
        ).strip() or None)
