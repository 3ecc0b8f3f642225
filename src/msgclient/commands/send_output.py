"""What send shows: the client summary, the preview, a dry run's request, and the result.

People's lines go to stderr, data (ids, the dry-run request, JSON) to stdout. User text is
escaped before Rich sees it, and the token is never printed: the dry run shows it masked.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from rich.markup import escape

if TYPE_CHECKING:
    from msgclient.context import Context
    from msgclient.send_target import Target
    from msgclient.sending import PreparedSend

MASK = "Bearer ***"


def client_summary(ctx: Context, target: Target) -> None:
    """Who the message is for, before the user writes it (stderr)."""
    from msgclient.commands.layout import indented_markup
    from msgclient.rules import short_reason
    from msgclient.send_target import choices

    info = ctx.io.info
    client = target.client
    if client is None and target.kind == "external_id":
        info(f"[bold]External id[/bold] {escape(str(target.address))}: the stand will say "
             "whether it knows this visitor.")
        return
    if client is None:
        info(f"[bold]New client[/bold] {escape(str(target.shown_address))}: not known to this "
             "stand yet.")
        return
    known = f", the owner of {escape(str(target.shown_address))}; that client's rules apply" \
        if target.address else ""
    info(f"[bold]Client[/bold] {escape(target.label)}{known}")
    def line(markup: str) -> None:  # wrapped lines keep the indent on a narrow terminal
        indented_markup(ctx.io.err, markup, 2)

    line(f"Phone: {escape(_phone(client.get('phone')))}   "
         f"Email: {escape(str(client.get('email') or '-'))}   "
         f"Blocked: {'[red]yes[/red]' if client.get('blocked') else 'no'}")
    active = target.active_thread
    if active:
        line(f"Active thread: {active['id']} ({active.get('status')})")
    if target.kind in ("thread", "client"):
        for option in choices(target, ctx.catalog.channels):
            mark = "[green]✓[/green]" if option.available else "[red]✗[/red]"
            why = f": {escape(short_reason(option.refusal))}" if option.refusal else ""
            line(f"{mark} {escape(option.name)}{why}")


def _phone(digits: str | None) -> str:
    from msgclient.addresses import display_phone

    return display_phone(str(digits)) if digits else "-"


def preview(ctx: Context, prepared: PreparedSend) -> None:
    s = prepared.summary
    rows = [("To", f"{s['recipient']} via {s['channel']}"), ("Address", s.get("to")),
            ("From", s.get("sender")), ("Subject", s.get("subject")),
            ("BCC", ", ".join(s["bcc"]) + "  (staff only; the client never sees them)"
             if s.get("bcc") else None),
            ("Template", s.get("template")), ("Title", s.get("title")),
            ("Signature", s.get("signature")),
            ("Attachments", ", ".join(s["attachments"]) if s.get("attachments") else None),
            ("Tags", ", ".join(s["tags"]) if s.get("tags") else None)]
    from msgclient.commands.layout import indented, labelled

    ctx.io.info("[bold]Preview[/bold]")
    labelled(ctx.io.err, [(label, str(value)) for label, value in rows if value])
    body = s.get("templateText") or s.get("text")
    if body:
        ctx.io.info("  [dim]Text:[/dim]")
        for line in body.splitlines() or [""]:
            indented(ctx.io.err, line, 4)


def dry_run(ctx: Context, prepared: PreparedSend, key: str) -> None:
    from msgclient.render import emit_json

    url, _ = ctx.stand
    base = url.rstrip("/")
    headers = {"Authorization": MASK, "Content-Type": "application/json",
               "Idempotency-Key": key}
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
            ctx.io.write(f"POST {up['url']}  (multipart/form-data: file={f['name']}, "
                         f"{f['type']}, {f['size']} bytes, from {f['path']})\n")
        lines = [f"POST {request['url']}"] + [f"{k}: {v}" for k, v in headers.items()]
        ctx.io.write("\n".join(lines) + "\n\n" +
                     json.dumps(prepared.body, ensure_ascii=False, indent=2) + "\n")
    ctx.io.success("Dry run: every check passed; nothing was sent.")


def result(ctx: Context, prepared: PreparedSend, answer: dict, *, replayed: bool = False) -> None:
    from msgclient.render import emit_json, emit_table

    s = prepared.summary
    full = {**answer, "channelName": s["channel"], "recipient": s["recipient"],
            "fromThread": s.get("fromThread"), "replayed": replayed}
    if replayed:
        ctx.io.success("Already sent earlier with this key (the stand replayed its first "
                       f"answer): message {answer.get('id')} in thread {answer.get('threadId')}.")
    else:
        ctx.io.success(f"Sent to {escape(_who(s, answer))} via {escape(s['channel'])}; "
                       f"it is in the new thread {answer.get('threadId')} as Outgoing.")
    if ctx.json:
        emit_json(ctx.io, full)
        return
    emit_table(ctx.io, [full], [("MESSAGE", lambda r: r.get("id")),
                                ("THREAD", lambda r: r.get("threadId")),
                                ("CHANNEL", lambda r: r.get("channelName"))])


def _who(summary: dict, answer: dict) -> str:
    """The recipient, with the client id the stand gave one it had to find or create."""
    label, client_id = summary["recipient"], answer.get("clientId")
    if summary.get("clientId") or not client_id:
        return label
    if label.endswith("(new client)"):
        return label.removesuffix("(new client)") + f"(new client id {client_id})"
    return f"{label} (client id {client_id})"
