"""What a `send` without a terminal still lacks, named all at once.

The local check (form.missing_flags) sees only the flags. What else is missing (the
channel when the client has several, a tag on a stand that requires one, a template's
variables, an email's sender and subject) shows only once the stand's catalogue and the
client are read. Reading them costs GETs, never a send, so a script learns every missing
flag in one run, as a usage error (exit 2), not one refusal per run. Without a recipient
the client cannot be read, but the catalogue still tells whether the stand requires a tag,
which variables a template needs and which channels there are to name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgclient import rules
from msgclient.commands.send.flow import find_target
from msgclient.commands.send.form import missing_email_fields, missing_flags, missing_message
from msgclient.errors import MsgclientError, RuleRefusal, UsageError
from msgclient.outgoing.draft import EXISTING_KINDS, channel_for
from msgclient.outgoing.errors import InvalidMessage, refuse
from msgclient.outgoing.model import NEW_CLIENT_CHANNELS
from msgclient.outgoing.names import find_channel, find_template
from msgclient.outgoing.target import only_channel
from msgclient.rules.text import listed, plural
from msgclient.terminal.prompter import CONFIRMATION

if TYPE_CHECKING:
    from msgclient.cli.context import Context
    from msgclient.commands.send.form import Form
    from msgclient.commands.send.options import Options


def check_all(ctx: Context, form: Form, opts: Options) -> None:
    """Raise one UsageError naming every missing flag; look the recipient up (form.target)."""
    missing = missing_flags(form, opts)
    try:
        found = from_stand(ctx, form) if form.recipient is not None else \
            without_recipient(ctx, form)
        missing += [m for m in found if m not in missing]
    except RuleRefusal:
        raise  # no flag would change it: say it now, not after the missing ones are given
    except MsgclientError:
        if not missing:
            raise
        # The flags alone already miss something: say that rather than a stand's error.
    if missing:
        missing.sort(key=lambda what: what == CONFIRMATION)  # the confirmation comes last
        at_terminal = ctx.io.prompts_off and ctx.io.stdout_is_tty  # --no-input said why
        raise UsageError(missing_message(missing, prompts_off=at_terminal),
                         hint="See 'msgclient send --help'.")


def from_stand(ctx: Context, form: Form) -> list[str]:
    target = form.target = find_target(ctx, form, interactive=False)
    missing: list[str] = []
    channel = _channel(ctx, form, target, missing)
    if channel is not None and form.message.template:
        refuse(rules.check_template_channel(channel))  # no flag would make it go
    if channel is not None and channel.get("type") == rules.EMAIL:
        missing += missing_email_fields(form.message)
    return missing + _catalog_needs(ctx, form, channel)


def without_recipient(ctx: Context, form: Form) -> list[str]:
    """What the catalogue alone says is missing besides the recipient."""
    if form.message.channel:
        return _catalog_needs(ctx, form, find_channel(ctx.catalog.channels, form.message.channel))
    # Which channel a client can get is known only once the client is: name them all now,
    # rather than learn in the next run that this one has several.
    names = [rules.channel_name(c) for c in ctx.catalog.channels if c.get("enabled") and (
        not form.message.template or c.get("type") in rules.TEMPLATE_CHANNEL_TYPES)]
    if form.new:
        names = [n for n in names if n in NEW_CLIENT_CHANNELS]
    needs = _catalog_needs(ctx, form, None)
    if not names:
        return needs
    return [f"the channel where the recipient has more than one (--channel "
            f"{listed(list(dict.fromkeys(names)), 'or')})", *needs]


def _catalog_needs(ctx: Context, form: Form, channel: dict | None) -> list[str]:
    """Template variables and a required tag: what the catalogue alone decides."""
    missing = _variables(ctx, form, channel) if form.message.template else []
    if ctx.catalog.tags_required and not form.message.tags:
        missing.append("a tag, which this stand requires (--tag PATH; 'msgclient tags list' "
                       "shows them)")
    return missing


def _channel(ctx: Context, form: Form, target, missing: list[str]) -> dict | None:
    """The channel the send will use, or None after noting that --channel is missing."""
    channels = ctx.catalog.channels
    try:
        if form.message.channel:
            return find_channel(channels, form.message.channel)
        if form.recipient.kind in EXISTING_KINDS:
            return only_channel(target, channels, email_ok=form.wants_email_fields)
        return channel_for(ctx.catalog, form.recipient, form.message)
    except InvalidMessage as exc:
        if exc.code != "CHANNEL_CHOICE" or not exc.details.get("channels"):
            raise
        missing.append(f"the channel (--channel {listed(exc.details['channels'], 'or')})")
        return None


def _variables(ctx: Context, form: Form, channel: dict | None) -> list[str]:
    template = find_template(ctx.catalog.templates, form.message.template, channel)
    names = [n for n in template.get("variables") or [] if not form.message.variables.get(n)]
    if not names:
        return []
    flags = " ".join(f"--var {n}=VALUE" for n in names)
    return [f"template {template['name']}'s {plural(len(names), 'variable')} ({flags})"]
