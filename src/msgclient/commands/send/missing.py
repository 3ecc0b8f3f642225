"""What a `send` without a terminal still lacks, named all at once.

The local check (given.missing_flags) sees only the flags. What else is missing (the
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
from msgclient.commands.send.given import missing_email_fields, missing_flags, missing_message
from msgclient.commands.send.reach import find_target
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
    from msgclient.commands.send.given import Given
    from msgclient.commands.send.options import Options
    from msgclient.outgoing.target import Target


def check_all(ctx: Context, given: Given, opts: Options) -> Target | None:
    """Raise one UsageError naming every missing flag; else the recipient, looked up (None
    without one)."""
    missing = missing_flags(given, opts)
    target = None
    try:
        if given.recipient is not None:
            target, found = from_stand(ctx, given)
        else:
            found = without_recipient(ctx, given)
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
    return target


def from_stand(ctx: Context, given: Given) -> tuple[Target, list[str]]:
    """The recipient looked up, and what the stand's catalogue and the client say is missing."""
    target = find_target(ctx, given.recipient, interactive=False)
    channel, missing = _channel(ctx, given, target)
    message = given.message
    if channel is not None and message.template:
        refuse(rules.check_template_channel(channel))  # no flag would make it go
    if channel is not None and channel.get("type") == rules.EMAIL:
        missing += missing_email_fields(message)
    return target, missing + _catalog_needs(ctx, given, channel)


def without_recipient(ctx: Context, given: Given) -> list[str]:
    """What the catalogue alone says is missing besides the recipient."""
    if given.message.channel:
        return _catalog_needs(ctx, given, find_channel(ctx.catalog.channels, given.message.channel))
    # Which channel a client can get is known only once the client is: name them all now,
    # rather than learn in the next run that this one has several.
    names = [rules.channel_name(c) for c in ctx.catalog.channels if c.get("enabled") and (
        not given.message.template or c.get("type") in rules.TEMPLATE_CHANNEL_TYPES)]
    if given.new:
        names = [n for n in names if n in NEW_CLIENT_CHANNELS]
    needs = _catalog_needs(ctx, given, None)
    if not names:
        return needs
    return [f"the channel where the recipient has more than one (--channel "
            f"{listed(list(dict.fromkeys(names)), 'or')})", *needs]


def _catalog_needs(ctx: Context, given: Given, channel: dict | None) -> list[str]:
    """Template variables and a required tag: what the catalogue alone decides."""
    missing = _variables(ctx, given, channel) if given.message.template else []
    if ctx.catalog.tags_required and not given.message.tags:
        missing.append("a tag, which this stand requires (--tag PATH; 'msgclient tags list' "
                       "shows them)")
    return missing


def _channel(ctx: Context, given: Given, target: Target) -> tuple[dict | None, list[str]]:
    """The channel the send will use, or None and the line saying that --channel is missing."""
    channels = ctx.catalog.channels
    try:
        if given.message.channel:
            return find_channel(channels, given.message.channel), []
        if given.recipient.kind in EXISTING_KINDS:
            return only_channel(target, channels, email_ok=given.wants_email_fields), []
        return channel_for(ctx.catalog, given.recipient, given.message), []
    except InvalidMessage as exc:
        if exc.code != "CHANNEL_CHOICE" or not exc.details.get("channels"):
            raise
        return None, [f"the channel (--channel {listed(exc.details['channels'], 'or')})"]


def _variables(ctx: Context, given: Given, channel: dict | None) -> list[str]:
    template = find_template(ctx.catalog.templates, given.message.template, channel)
    names = [n for n in template.get("variables") or [] if not given.message.variables.get(n)]
    if not names:
        return []
    flags = " ".join(f"--var {n}=VALUE" for n in names)
    return [f"template {template['name']}'s {plural(len(names), 'variable')} ({flags})"]
