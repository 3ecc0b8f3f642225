"""msgclient send's options: what the flags said, before anything is asked or checked."""

from __future__ import annotations

from dataclasses import dataclass, field

from msgclient.outgoing.model import Message


@dataclass(frozen=True)
class Options:
    thread_id: int | None = None
    client: int | None = None  # an existing client's internal id
    new: bool = False
    phone: str | None = None
    email: str | None = None
    client_id: str | None = None  # a new client's authorised external id (--authorised-id)
    external_id: str | None = None
    app: str | None = None
    message: Message = field(default_factory=Message)  # as the flags gave it
    text_file: str | None = None  # a path, or '-' for stdin: the text, read in given.py
    yes: bool = False
    dry_run: bool = False
    idempotency_key: str | None = None
