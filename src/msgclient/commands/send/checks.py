"""Validators for the send prompts: each returns True or the sentence the user sees.

They call the same functions the send core uses, so the prompt refuses exactly what the
send would refuse. A prompt shows its error on one terminal row, so each sentence here is
the short form (at most SHORT_WIDTH characters); the long one is the final error's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from msgclient import rules
from msgclient.errors import MsgclientError
from msgclient.outgoing.attachments import inspect, short_name
from msgclient.outgoing.draft import check_bcc
from msgclient.outgoing.errors import SHORT_WIDTH
from msgclient.rules.content import megabytes
from msgclient.rules.text import body_problem, line_problem
from msgclient.terminal.wrap import one_row

Check = Callable[[str], "bool | str"]


def fit(message: str) -> str:
    """A last guard for one row: a sentence that is still too long keeps its first clause."""
    return one_row(message, SHORT_WIDTH)


def short_error(exc: MsgclientError) -> str:
    return fit(getattr(exc, "short", None) or exc.message)


def short_refusal(refusal: rules.Refusal, channel: dict) -> str:
    """A rules.Refusal about one attachment or the text, in a prompt's few words."""
    d, name = refusal.details, rules.channel_name(channel)
    if refusal.code == "ATTACHMENT_TYPE":
        kind = d.get("type") or "unknown"
        long = f"Wrong type {kind} for {name}; see msgclient channels list --json."
        return long if len(long) <= SHORT_WIDTH else fit(f"{name} does not take type {kind}.")
    if refusal.code == "ATTACHMENT_TOO_LARGE" and "size" in d:
        return fit(f"{short_name(str(d['name']))} is {megabytes(d['size'])}; {name} takes up to "
                   f"{megabytes(d['maxSize'])}.")
    return fit(refusal.message)


def subject_check(value: str) -> bool | str:
    value = value.strip()
    if not value:
        return "An email needs a subject."
    if len(value) > 998:
        return f"The subject has {len(value)} characters; at most 998 are allowed."

    problem = line_problem(value, "The subject")
    return fit(f"{problem}.") if problem else True


def bcc_check(taken: Sequence[str], client_address: str | None) -> Check:
    def check(value: str) -> bool | str:
        if not value.strip():
            return True
        try:
            check_bcc([*taken, value.strip()], client_address)
        except MsgclientError as exc:
            return short_error(exc)
        return True
    return check


def text_check(channel: dict, required: bool) -> Check:
    def check(value: str) -> bool | str:
        if required and not value.strip():
            return "Type the message (or press Ctrl-C to cancel)."

        problem = body_problem(value)
        if problem:
            return fit(f"{problem}.")
        refusal = rules.check_text_length(value, channel)
        return short_refusal(refusal, channel) if refusal else True
    return check


def attachment_check(channel: dict, taken: Sequence[str], required: bool) -> Check:
    def check(value: str) -> bool | str:
        value = value.strip()
        if not value:
            return "Attach at least one file." if required and not taken else True
        if value in taken:
            return "That file is already attached."
        try:
            item = inspect(value)
        except MsgclientError as exc:
            return short_error(exc)
        refusal = rules.check_attachments([item.dto()], channel)
        return short_refusal(refusal, channel) if refusal else True
    return check


def length_check(limit: int, what: str) -> Check:
    def check(value: str) -> bool | str:
        if len(value.strip()) > limit:
            return fit(f"The {what} has {len(value.strip())} characters; at most {limit} are "
                       "allowed.")
        return True
    return check


def not_empty(what: str) -> Check:
    def check(value: str) -> bool | str:
        return True if value.strip() else fit(f"Give a value for {what}.")
    return check
