"""What send shows: the client summary, the preview, a dry run's request, the result, and
what it is waiting for.

People's lines go to stderr, data (ids, the dry-run request, JSON) to stdout. User and stand
text is never Rich markup (render.styled keeps data and styles apart), and the token is never
printed: the dry run shows it masked.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from msgclient.commands.display import window_note
from msgclient.outgoing.addresses import display_phone
from msgclient.outgoing.model import EXISTING_KINDS
from msgclient.outgoing.target import choices
from msgclient.rules import active_thread_words, channel_name, short_reason
from msgclient.rules.text import one_line
from msgclient.terminal.layout import indented, indented_styled, labelled
from msgclient.terminal.render import emit_json, emit_table, json_text, styled

if TYPE_CHECKING:
    from msgclient.cli.context import Context
    from msgclient.outgoing.model import PreparedSend
    from msgclient.outgoing.target import Target

MASK = "Bearer ***"


@contextlib.contextmanager
def waiting(ctx: Context, what: str) -> Iterator[None]:
    """Say what msgclient waits for while the stand answers, on a terminal only: a slow stand
    otherwise leaves a still screen for many seconds between questions. The status line is
    transient (it disappears once the answer is in) and never reaches a pipe."""
    if not (ctx.io.can_prompt and ctx.io.stderr_is_tty):
        yield
        return
    with ctx.io.err.status(what, spinner="dots"):
        yield


def client_summary(ctx: Context, target: Target) -> None:
    """Who the message is for, before the user writes it (stderr)."""
    info = ctx.io.info
    client = target.client
    if client is None and target.kind == "external_id":
        info(styled(("External id", "bold"), f" {target.address}: the stand will say "
                    "whether it knows this visitor."))
        return
    if client is None and target.owner_unknown:
        info(styled(("Email", "bold"), f" {target.shown_address}: this stand cannot say "
                    "whether a client has this address; it applies its rules when the email "
                    "arrives."))
        return
    if client is None:
        info(styled(("New client", "bold"), f" {target.shown_address}: not known to this "
                    "stand yet."))
        return
    known = f", the owner of {target.shown_address}; that client's rules apply" \
        if target.address else ""
    info(styled(("Client", "bold"), f" {target.label}{known}"))

    def line(text) -> None:  # wrapped lines keep the indent on a narrow terminal
        indented_styled(ctx.io.err, text, 2)

    line(styled(f"Phone: {_phone(client.get('phone'))}   "
                f"Email: {client.get('email') or '-'}   Blocked: ",
                ("yes", "red") if client.get("blocked") else "no"))
    active = target.active_thread
    if active:
        words = active_thread_words(active["id"], active.get("status"))
        line(styled(words[0].upper() + words[1:]))
    if target.kind in EXISTING_KINDS:
        for option in choices(target, ctx.catalog.channels):
            mark = ("?", "yellow") if option.unconfirmed else \
                ("✓", "green") if option.available else ("✗", "red")
            why = f": {short_reason(option.refusal)}" if option.refusal else \
                ": the stand decides (msgclient cannot see whether they used it)" \
                if option.unconfirmed else ""
            note = window_note(target, option.channel) if option.available else None
            line(styled(mark, f" {option.name}{why}", (f"  ({note})" if note else "", "dim")))


def _phone(digits: str | None) -> str:
    return display_phone(str(digits)) if digits else "-"


def preview(ctx: Context, prepared: PreparedSend) -> None:
    s = prepared.summary
    to = s.get("to")  # a new client's address is the recipient itself: said once
    rows = [("To", f"{s['recipient']} via {s['channel']}"),
            ("Address", to if to and to not in s["recipient"] else None),
            ("From", s.get("sender")), ("As", _sent_as(s)), ("Subject", s.get("subject")),
            ("BCC", ", ".join(s["bcc"]) + "  (staff only; the client never sees them)"
             if s.get("bcc") else None),
            ("Template", s.get("template")), ("Title", s.get("title")),
            ("Signature", s.get("signature")),
            ("Attachments", ", ".join(s["attachments"]) if s.get("attachments") else None),
            ("Tags", ", ".join(s["tags"]) if s.get("tags") else None)]

    ctx.io.info("Preview", style="bold")
    labelled(ctx.io.err, [(label, str(value)) for label, value in rows if value])
    body = s.get("templateText") or s.get("text")
    if body:
        ctx.io.info(styled("  ", ("Text:", "dim")))
        for line in body.splitlines() or [""]:
            indented(ctx.io.err, line, 4)


def _sent_as(summary: dict) -> str | None:
    """In whose name a send over a chosen channel goes, and the status it leaves them in."""
    sent_as = summary.get("sentAs")
    if not sent_as:
        return None
    return f"{sent_as['login']} (your status in the workplace afterwards: {sent_as['status']})"


def dry_run(ctx: Context, prepared: PreparedSend, key: str) -> None:
    url, _ = ctx.stand
    base = url.rstrip("/")
    headers = {"Authorization": MASK, "Content-Type": "application/json"}
    if ctx.catalog.honours_keys:  # sent only where the stand honours it
        headers["Idempotency-Key"] = key
    if ctx.settings.tenant:
        headers["X-Tenant-Name"] = ctx.settings.tenant
    uploads = [{"method": "POST", "url": f"{base}/api/v1/files", "file": u}
               for u in prepared.summary.get("uploads") or []]
    request = {"method": "POST", "url": base + prepared.path, "headers": headers,
               "body": prepared.body}
    if ctx.json:
        emit_json(ctx.io, {"dryRun": True, "uploads": uploads, "request": request})
    else:
        for up in uploads:
            f = up["file"]
            ctx.io.write(one_line(f"POST {up['url']}  (multipart/form-data: file={f['name']}, "
                                  f"{f['type']}, {f['size']} bytes, from {f['path']})") + "\n")
        lines = [one_line(f"POST {request['url']}")] + [one_line(f"{k}: {v}")
                                                         for k, v in headers.items()]
        ctx.io.write("\n".join(lines) + "\n\n" + json_text(prepared.body) + "\n")
    ctx.io.success("Dry run: every check passed; nothing was sent.")
    sent_as = prepared.summary.get("sentAs")
    if sent_as:  # the status travels with the send: a dry run leaves yours as it is
        ctx.io.info(f"Sending it would leave your status in the workplace {sent_as['status']} "
                    "(agent_status); the dry run changed nothing.", markup=False)


def result(ctx: Context, prepared: PreparedSend, answer: dict, *, replayed: bool = False) -> None:
    s = {**prepared.summary, "channel": _sent_channel(ctx, prepared.summary, answer)}
    full = {**answer, "channelName": s["channel"], "recipient": s["recipient"],
            "fromThread": s.get("fromThread"), "replayed": replayed}
    if replayed:
        ctx.io.success("Already sent earlier with this key (the stand replayed its first "
                       f"answer): message {answer.get('id')} in thread {answer.get('threadId')}.")
    else:
        ctx.io.success(f"Sent to {_who(s, answer)} via {s['channel']}; "
                       f"it is in the new thread {answer.get('threadId')} as Outgoing.")
        if s.get("sentAs"):
            ctx.io.info(f"Sent as {s['sentAs']['login']}; your status in the workplace is "
                        f"now {s['sentAs']['status']}.", markup=False)
    if ctx.json:
        emit_json(ctx.io, full)
        return
    emit_table(ctx.io, [full], [("MESSAGE", lambda r: r.get("id")),
                                ("THREAD", lambda r: r.get("threadId")),
                                ("CHANNEL", lambda r: r.get("channelName"))])


def _sent_channel(ctx: Context, summary: dict, answer: dict) -> str:
    """The channel the stand says it used (a stand may pick it itself), else the one asked."""
    used = answer.get("channel")
    if used is None or used == summary.get("channelId"):
        return summary["channel"]
    found = ctx.catalog.channel_by_id(used)
    return channel_name(found) if found else f"channel {used}"


def _who(summary: dict, answer: dict) -> str:
    """The recipient, with the client id the stand gave one it had to find or create."""
    label, client_id = summary["recipient"], answer.get("clientId")
    if summary.get("clientId") or not client_id:
        return label
    if label.endswith("(new client)"):
        return label.removesuffix("(new client)") + f"(new client id {client_id})"
    return f"{label} (client id {client_id})"
