"""Emails the stand sends: to an SMTP server when one is configured, else .eml files in an outbox.

BCC is the point of care here: the message itself names only the client (To) and the mailbox
(From); BCC recipients exist only in the SMTP envelope (or the .envelope.json sidecar next to an
.eml), so nothing addressed to the client can reveal them.
"""

from __future__ import annotations

import json
import os
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path

from msgclient.files.private import open_private
from msgclient.rules.text import describe, is_control

ENV_SMTP = "MSGCLIENT_SANDBOX_SMTP"


@dataclass(frozen=True)
class OutgoingEmail:
    sender: str  # the mailbox address
    sender_name: str
    to: str  # the client's address, the only visible recipient
    subject: str
    text: str
    bcc: tuple[str, ...] = ()
    files: tuple[tuple[str, str, bytes], ...] = ()  # (name, MIME type, bytes) of stand files
    links: tuple[str, ...] = ()  # external attachments travel as links

    @property
    def envelope_recipients(self) -> list[str]:
        return [self.to, *self.bcc]


def smtp_from_env(env: Mapping[str, str] | None = None) -> tuple[str, int] | None:
    """MSGCLIENT_SANDBOX_SMTP=host:port, e.g. 127.0.0.1:1025 for a local debugging server."""
    raw = (os.environ if env is None else env).get(ENV_SMTP, "").strip()
    if not raw:
        return None
    host, _, port = raw.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(f"{ENV_SMTP} must be host:port, not {raw!r}")
    return host.strip("[]"), int(port)


def header_problem(value: str, what: str) -> str | None:
    """Why `value` cannot be a header (or a file name in one), judged raw and after decoding
    RFC 2047 encoded words: Python before 3.11.10 re-folds a decoded CR/LF into a real header
    line (CVE-2024-6923), so such a value is refused, never re-folded or "cleaned"."""
    try:
        decoded = str(make_header(decode_header(value)))
    except (ValueError, LookupError, UnicodeError):
        return f"{what} has an encoded word that cannot be decoded"
    bad = next((ch for ch in value + decoded if is_control(ch)), None)
    if bad is not None:
        return f"{what} contains the control character {describe(bad)} (after decoding)"
    return None


def header_problems(mail: OutgoingEmail) -> str | None:
    """The first header value of `mail` that cannot be written safely, or None."""
    values = [("emailSubject", mail.subject), ("The sender's name", mail.sender_name),
              ("The sender", mail.sender), ("The recipient", mail.to),
              *(("An attachment name", name) for name, _, _ in mail.files)]
    return next((p for what, value in values if (p := header_problem(value, what))), None)


def build_message(mail: OutgoingEmail, message_id: int) -> EmailMessage:
    problem = header_problems(mail)
    if problem:  # the route refuses these first; this is the last line of defence
        raise ValueError(problem)
    msg = EmailMessage()
    msg["From"] = formataddr((mail.sender_name, mail.sender))
    msg["To"] = mail.to
    msg["Subject"] = mail.subject
    msg["Date"] = formatdate(usegmt=True)
    msg["Message-ID"] = make_msgid(f"msgclient-sandbox.{message_id}",
                                   domain=mail.sender.rpartition("@")[2])
    body = mail.text
    if mail.links:
        body += "\n\nAttachments:\n" + "\n".join(mail.links)
    msg.set_content(body)
    for name, mime, data in mail.files:
        maintype, _, subtype = mime.partition("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype or "octet-stream",
                           filename=name)
    return msg


def deliver(mail: OutgoingEmail, message_id: int, *, smtp: tuple[str, int] | None,
            outbox_dir: Path) -> Path | None:
    """Send or file the email; returns the .eml path when written to the outbox."""
    msg = build_message(mail, message_id)
    if smtp is not None:
        with smtplib.SMTP(smtp[0], smtp[1], timeout=10) as server:
            server.send_message(msg, from_addr=mail.sender, to_addrs=mail.envelope_recipients)
        return None
    stem = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-message-{message_id}"
    envelope = {"from": mail.sender, "to": mail.envelope_recipients}
    # Clients' addresses and messages: 0600 files (in a 0700 folder when it is made here).
    with open_private(outbox_dir / f"{stem}.envelope.json", "w", own_folder=False,
                      encoding="utf-8") as out:
        out.write(json.dumps(envelope, indent=2) + "\n")
    # Written under a temporary name first: whoever watches the outbox sees whole files only.
    partial = outbox_dir / f".{stem}.eml.part"
    with open_private(partial, "wb", own_folder=False) as out:
        out.write(msg.as_bytes())
    final = outbox_dir / f"{stem}.eml"
    os.replace(partial, final)
    return final
