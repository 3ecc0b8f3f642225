"""msgclient threads show: a thread, its client, where they can be reached, and its history."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import typer

from msgclient.api.threads import history
from msgclient.cli.context import Context
from msgclient.commands.common import JSON_OPTION, context_of
from msgclient.commands.display import channel_json, print_channels, shown_phone
from msgclient.commands.resolve import channel_label, tag_paths
from msgclient.outgoing.model import Recipient
from msgclient.outgoing.target import choices, lookup
from msgclient.rules import ID_MAX
from msgclient.rules.text import plural
from msgclient.terminal.layout import indented
from msgclient.terminal.render import emit_json, grouped, short_time, styled


@dataclass(frozen=True)
class Options:
    thread_id: int


def run(opts: Options, ctx: Context) -> int:
    # The same lookup and rules as `send --thread ID`, so what is shown is what send allows.
    target = lookup(ctx, Recipient("thread", str(opts.thread_id)))
    thread, client = target.thread, target.client
    channels = choices(target, ctx.catalog.known("channels"))
    # Where the stand shows no history to this account (None), it is not shown, which is not
    # the same as a thread without messages.
    messages = history(ctx.catalog, opts.thread_id)
    if ctx.json:
        emit_json(ctx.io, {
            "thread": thread, "client": client,
            "channels": [channel_json(a, target) for a in channels],
            "messages": messages})
        return 0
    _print_header(ctx, thread, client)
    print_channels(ctx, channels, target)
    _print_history(ctx, messages)
    return 0


def _print_header(ctx: Context, thread: dict, profile: dict) -> None:
    channel = ctx.catalog.channel_by_id(thread.get("channel"))
    agent = thread.get("lastAgentLogin") or thread.get("currentAgentLogin") or "-"
    via = channel_label(channel) if channel else str(thread.get("channel"))
    # Names, logins and texts are written by end users: styled() shows them, never runs them.
    width = ctx.io.out.width
    lines = [
        styled((f"Thread {thread['id']}", "bold"), f"  {thread.get('status')}  via {via}"),
        *grouped([styled(f"Agent: {agent}"),
                  styled(f"Started: {short_time(thread.get('startTime'))}"),
                  styled(f"Changed: {short_time(thread.get('stateChangeTime'))}")], width),
        styled(f"Tags: {', '.join(tag_paths(ctx.catalog, thread.get('tags') or [])) or '-'}"),
        styled(("Client", "bold"), f" {profile.get('fullName') or '-'} (id "
               f"{thread.get('clientId')}, external {profile.get('externalClientId') or '-'})"),
        *grouped([styled(f"Phone: {shown_phone(profile.get('phone'))}"),
                  styled(f"Email: {profile.get('email') or '-'}"),
                  styled("Blocked: ", ("yes", "red") if profile.get("blocked") else "no")],
                 width),
    ]
    for line in lines:
        ctx.io.out.print(line)


# Who wrote, where the history names only the kind of author (edna's bot API).
_WHO = {"CLIENT": "Client", "OPERATOR": "Agent", "BOT": "Bot"}


def _print_history(ctx: Context, messages: list[dict] | None) -> None:
    if messages is None:
        ctx.io.out.print(styled(("History", "bold"), " ", (("not shown: this stand does not "
                                                            "show a thread's messages to this "
                                                            "account."), "dim")))
        return
    count = f"{len(messages)} {plural(len(messages), 'message')}"
    ctx.io.out.print(styled(("History", "bold"), f" ({count})"))
    for m in messages:
        outgoing = m.get("direction") == "OUTGOING"
        kind = str(m.get("authorType") or "")
        who = m.get("authorName") or m.get("authorLogin") or _WHO.get(kind, kind)
        mark = ("Outgoing ", "cyan") if outgoing else ""
        ctx.io.out.print(styled(f"  {short_time(m.get('createdAt'))}  ", mark, (who, "bold")))
        for line in _details(m):
            indented(ctx.io.out, line, 6, style="dim")
        if m.get("text"):
            for line in str(m["text"]).splitlines():
                indented(ctx.io.out, line, 6)


def _details(m: dict) -> list[str]:
    out = []
    email = m.get("email") or {}
    if email:
        out.append(f"From: {email.get('from')}  Subject: {email.get('subject')}")
        if email.get("bcc"):
            out.append(f"Bcc (staff only): {', '.join(email['bcc'])}")
    template = m.get("template") or {}
    if template:
        out.append(f"Template: {template.get('name')}")
        if template.get("title"):
            out.append(f"Title: {template['title']}")
        if template.get("signature"):
            out.append(f"Signature: {template['signature']}")
    out += [_attachment(a) for a in m.get("attachments") or []]
    return out


def _attachment(a: dict) -> str:
    """'Attachment: invoice.pdf (application/pdf, 2,048 bytes)'; a URL attached as it is
    says where it points, with no size: the stand never read it, so its 0 is not the file's."""
    size, url = a.get("size"), str(a.get("url") or "")
    about = [str(a["type"])] if a.get("type") else []
    if isinstance(size, int) and not isinstance(size, bool) and size > 0:
        about.append(f"{size:,} bytes")
    line = f"Attachment: {a.get('name') or '-'}" + (f" ({', '.join(about)})" if about else "")
    return f"{line} {url}" if urlsplit(url).scheme.lower() in ("http", "https") else line


def command(
    ctx: typer.Context,
    thread_id: int = typer.Argument(..., metavar="ID", min=1, max=ID_MAX, help="Thread id."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Show a thread: header, client profile, reachable channels and the whole history.

    \b
      $ msgclient threads show 123
      $ msgclient threads show 123 --json | jq '.messages[] | select(.direction=="OUTGOING")'
    """
    run(Options(thread_id), context_of(ctx, json_out))
