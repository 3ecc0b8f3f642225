"""The message's flags (--channel, --text, --attach, --var, ...), made from its fields.

`outgoing.model.Message` declares what a message is; this module says only how each
field reads on a command line. `@message_flags()` gives a command one flag per field, in
the field's order, where its signature has a `message` parameter, and hands the command
the Message they make. `send` and `bulk run` share it, so a new field is one line in the
model and one `Flag` here, and both commands, their help and docs/cli.md follow.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Annotated, Any

import typer

from msgclient.commands.completion import channels
from msgclient.errors import MsgclientError, UsageError
from msgclient.outgoing.errors import answered_by
from msgclient.outgoing.model import LISTS, Message
from msgclient.rules.text import shown


@dataclass(frozen=True)
class Flag:
    names: tuple[str, ...]
    metavar: str
    help: str
    row_help: str | None = None  # bulk run: how the default meets each row (else `help`)
    complete: Callable[[str], list[str]] | None = None
    listed_by: str | None = None  # the command that shows the stand's choices

    @property
    def usage(self) -> str:
        return f"{self.names[0]} {self.metavar}"


FLAGS: dict[str, Flag] = {
    "channel": Flag(("--channel", "-c"), "NAME", "whatsapp, viber, email, web-chat, "
                    "web-widget, mobile-app, telegram.", "Channel for rows without one: "
                    "whatsapp, viber, email, ...", complete=channels),
    "text": Flag(("--text", "-m"), "TEXT", "Message text (email: the body).",
                 "Text for rows without one; {{column}} is filled from each row."),
    "attachments": Flag(("--attach", "-a"), "PATH_OR_URL", "Attach a file or URL (repeatable).",
                        "Attach to every row (repeatable)."),
    "template": Flag(("--template",), "NAME", "WhatsApp/Viber template name or id.",
                     listed_by="msgclient templates list"),
    "variables": Flag(("--var",), "KEY=VALUE", "Template variable (repeatable).",
                      "Template variable for every row (repeatable); VALUE may use "
                      "{{column}}."),
    "title": Flag(("--title",), "TEXT", "Template title."),
    "signature": Flag(("--signature",), "TEXT", "Template signature."),
    "tags": Flag(("--tag", "-t"), "TAG", "Tag path or id for the thread (repeatable).",
                 listed_by="msgclient tags list"),
    "sender": Flag(("--sender",), "ADDRESS_OR_ID", "Email: the mailbox to send from "
                   "(default: default_sender).", listed_by="msgclient senders list"),
    "subject": Flag(("--subject",), "TEXT", "Email subject.", "Email subject; may use "
                    "{{column}}."),
    "bcc": Flag(("--bcc",), "ADDRESS", "Email BCC, seen by staff only (repeatable)."),
}


def flag_of(name: str) -> str:
    """The flag that sets a Message field: 'attachments' -> '--attach'."""
    return FLAGS[name].names[0]


def fix_hint(error: Any) -> str | None:
    """'Pass --tag TAG ('msgclient tags list' shows them).' for an error a flag answers."""
    flags = [FLAGS[name] for name in answered_by(error)]
    if not flags:
        return None
    listed = [f.listed_by for f in flags if f.listed_by]
    return (f"Pass {' or '.join(f.usage for f in flags)}"
            + (f" ('{listed[0]}' shows them)." if listed else "."))


def _parameters(for_rows: bool) -> list[inspect.Parameter]:
    params = []
    for field in fields(Message):
        flag = FLAGS[field.name]  # a field without a flag fails here, at import
        repeatable = field.name in LISTS or field.name == "variables"  # --var K=V, again
        kind = list[str] | None if repeatable else str | None
        option = typer.Option(*flag.names, metavar=flag.metavar,
                              help=(flag.row_help if for_rows else None) or flag.help,
                              autocompletion=flag.complete)
        params.append(inspect.Parameter(field.name, inspect.Parameter.KEYWORD_ONLY,
                                        default=None, annotation=Annotated[kind, option]))
    return params


def message_from(values: dict[str, Any]) -> Message:
    """The Message the flags make: repeated flags become tuples, --var pairs a mapping."""
    parts: dict[str, Any] = {}
    for field in fields(Message):
        value = values.get(field.name)
        if field.name == "variables":
            parts[field.name] = parse_variables(value or [])
        elif field.name in LISTS:
            parts[field.name] = tuple(value or ())
        else:
            parts[field.name] = value
    return Message(**parts)


def parse_variables(pairs: list[str]) -> dict[str, str]:
    variables: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--var {pair!r} is not NAME=VALUE.")
        name = name.strip()
        if name in variables and variables[name] != value:  # which one was meant?
            raise UsageError(f"--var {name} is given twice ({shown(variables[name])} and "
                             f"{shown(value)}); give it once.")
        variables[name] = value
    return variables


def message_flags(for_rows: bool = False) -> Callable[[Callable], Callable]:
    """Replace a command's `message` parameter with one flag per Message field; an error that
    one of them answers leaves the command with that flag as its hint (fix_hint)."""
    def decorate(command: Callable) -> Callable:
        signature = inspect.signature(command, eval_str=True)
        params = list(signature.parameters.values())
        at = [p.name for p in params].index("message")
        # Keyword-only, so they may follow parameters without a default; Typer reads names.
        params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) if i > at else p
                  for i, p in enumerate(params) if i != at]
        params[at:at] = _parameters(for_rows)

        @functools.wraps(command)
        def with_message(*args: Any, **kwargs: Any) -> Any:
            values = {field.name: kwargs.pop(field.name, None) for field in fields(Message)}
            try:
                return command(*args, message=message_from(values), **kwargs)
            except MsgclientError as exc:
                # Something missing that one of these flags gives (a tag, the channel):
                # the error line names the flag.
                hint = None if exc.hint else fix_hint(exc)
                if hint is None:
                    raise
                raise exc.hinted(hint) from exc

        with_message.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
        with_message.__annotations__ = {p.name: p.annotation for p in params}
        return with_message
    return decorate
