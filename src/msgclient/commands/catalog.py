"""What the stand offers: the one `list` of four nouns, msgclient channels|senders|tags|
templates list. They share these Options and run; each noun's adapter is commands/<noun>.py."""

from __future__ import annotations

from dataclasses import dataclass

from msgclient.cli.context import Context
from msgclient.commands.resolve import channel_ids
from msgclient.rules import channel_names
from msgclient.rules.content import megabytes
from msgclient.terminal.render import Column, emit_json, emit_table


@dataclass(frozen=True)
class Options:
    what: str  # channels | senders | tags | templates
    channel: str | None = None  # templates only


def _limits(c: dict) -> str:
    limits = c.get("limits") or {}
    size = limits.get("maxAttachmentSize")

    return megabytes(size) if size else ""


def _columns(what: str):
    def typed(header: str, get) -> Column:  # what people type after a flag: never cut
        return Column(header, get, whole=True)

    return {
        "channels": [typed("ID", lambda c: c.get("id")),
                     typed("NAME", lambda c: ", ".join(channel_names(c))),
                     ("TITLE", lambda c: c.get("name")), ("TYPE", lambda c: c.get("type")),
                     ("ENABLED", lambda c: c.get("enabled")), ("ATTACHMENTS UP TO", _limits)],
        "senders": [typed("ID", lambda m: m.get("id")),
                    typed("ADDRESS", lambda m: m.get("address")),
                    ("NAME", lambda m: m.get("name")), ("ENABLED", lambda m: m.get("enabled"))],
        "tags": [typed("ID", lambda t: t.get("id")),
                 typed("PATH", lambda t: t.get("path") or t.get("name"))],
        "templates": [typed("ID", lambda t: t.get("id")), typed("NAME", lambda t: t.get("name")),
                      ("CHANNEL", lambda t: str(t.get("channelType", "")).lower()),
                      ("VARIABLES", lambda t: t.get("variables")),
                      ("TEXT", lambda t: t.get("text"))],
    }[what]


def run(opts: Options, ctx: Context) -> int:
    catalog = ctx.catalog
    rows = {"channels": lambda: catalog.channels, "senders": lambda: catalog.mailboxes,
            "tags": lambda: catalog.tags, "templates": lambda: catalog.templates}[opts.what]()
    if opts.channel:
        types = {c.get("type") for c in catalog.channels
                 if c["id"] in channel_ids(catalog, [opts.channel])}
        rows = [t for t in rows if t.get("channelType") in types]
    if ctx.json:
        emit_json(ctx.io, rows)
    else:
        emit_table(ctx.io, rows, _columns(opts.what), empty=f"This stand lists no {opts.what}.")
    return 0
