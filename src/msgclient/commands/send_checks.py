"""Validators for the send prompts: each returns True or the sentence the user sees.

They call the same functions the send core uses, so the prompt refuses exactly what the
send would refuse.
"""

from __future__ import annotations

from collections.abc import Callable

from msgclient import rules
from msgclient.errors import MsgclientError

Check = Callable[[str], "bool | str"]


def subject_check(value: str) -> bool | str:
    value = value.strip()
    if not value:
        return "An email needs a subject."
    if len(value) > 998:
        return f"The subject has {len(value)} characters; at most 998 are allowed."
    return True


def bcc_check(taken: list[str], client_address: str | None) -> Check:
    from msgclient.send_draft import check_bcc

    def check(value: str) -> bool | str:
        if not value.strip():
            return True
        try:
            check_bcc([*taken, value.strip()], client_address)
        except MsgclientError as exc:
            return exc.message
        return True
    return check


def text_check(channel: dict, required: bool) -> Check:
    def check(value: str) -> bool | str:
        if required and not value.strip():
            return "Type the message (or press Ctrl-C to cancel)."
        refusal = rules.check_text_length(value, channel)
        return refusal.message if refusal else True
    return check


def attachment_check(channel: dict, taken: list[str], required: bool) -> Check:
    from msgclient.attachments import inspect

    def check(value: str) -> bool | str:
        value = value.strip()
        if not value:
            return "Attach at least one file." if required and not taken else True
        if value in taken:
            return f"{value} is already attached."
        try:
            item = inspect(value)
        except MsgclientError as exc:
            return exc.message
        refusal = rules.check_attachments([item.dto()], channel)
        return refusal.message if refusal else True
    return check


def length_check(limit: int, what: str) -> Check:
    def check(value: str) -> bool | str:
        if len(value.strip()) > limit:
            return f"The {what} has {len(value.strip())} characters; at most {limit} are allowed."
        return True
    return check


def not_empty(what: str) -> Check:
    def check(value: str) -> bool | str:
        return True if value.strip() else f"Give a value for {what}."
    return check
