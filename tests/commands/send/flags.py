"""send's Options written as the flags say them (channel=..., text=...): the message fields
go into Options.message, as the command's parser puts them."""

from __future__ import annotations

from dataclasses import fields

from msgclient.commands.send import options
from msgclient.outgoing.model import Message

MESSAGE_FIELDS = {f.name for f in fields(Message)}


def Options(**flags) -> options.Options:  # noqa: N802 - it stands in for the class in tests
    message = {k: flags.pop(k) for k in list(flags) if k in MESSAGE_FIELDS}
    return options.Options(message=Message(**message), **flags)
