"""msgclient send's options: what the flags said, before anything is asked or checked."""

from __future__ import annotations

from dataclasses import dataclass, field

# CLI channel name -> the identifiers that reach a new client there.
NEW_CLIENT_CHANNELS = {"whatsapp": ("phone",), "viber": ("phone",), "email": ("email",),
                       "web-chat": ("client_id",), "web-widget": ("external_id",),
                       "mobile-app": ("client_id", "external_id")}


@dataclass(frozen=True)
class Options:
    thread_id: int | None = None
    new: bool = False
    channel: str | None = None
    phone: str | None = None
    email: str | None = None
    client_id: str | None = None
    external_id: str | None = None
    app: str | None = None
    text: str | None = None
    text_file: str | None = None  # a path, or '-' for stdin
    attachments: tuple[str, ...] = ()
    template: str | None = None
    variables: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    signature: str | None = None
    tags: tuple[str, ...] = ()
    sender: str | None = None
    subject: str | None = None
    bcc: tuple[str, ...] = ()
    yes: bool = False
    dry_run: bool = False
    idempotency_key: str | None = None
