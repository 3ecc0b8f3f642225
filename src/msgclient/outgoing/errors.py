"""Turn a rules.Refusal into the error the user sees, with the exit code the stand would give.

A refusal the client finds early must end exactly like the stand's answer would: a product
rule (blocked client, disabled channel, ...) exits 5, a malformed message exits 2. The code
lists live in api/errors.py so both paths agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from msgclient.api.errors import RULE_CODES
from msgclient.errors import RuleRefusal, UsageError

if TYPE_CHECKING:
    from msgclient.rules import Refusal


# A prompt shows its validation error on one terminal row: short forms stay within this.
SHORT_WIDTH = 76


class InvalidMessage(UsageError):
    """The message or its recipient is malformed (exit 2); carries a stable code like
    RuleRefusal."""

    def __init__(self, message: str, *, code: str = "VALIDATION",
                 details: dict[str, Any] | None = None, hint: str | None = None,
                 short: str | None = None, alone: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.code = code
        self.details = details or {}
        self.alone = alone  # the message without its list of other channels (rules.Refusal)
        # The same problem in a few words, for a prompt that has just read the value: a
        # prompt's error line is one terminal row, so the full sentence would be cut.
        self.short = short


# The message fields whose value answers a refusal (something missing, not a rule that says
# no), by the refusal's code or, for a VALIDATION error, the body field it names. The CLI
# names their flags; the stand's own codes (TAGS_REQUIRED, ...) are answered the same way.
ANSWERED_BY = {
    "EMPTY_MESSAGE": ("text", "template", "attachments"), "CHANNEL_CHOICE": ("channel",),
    "TAGS_REQUIRED": ("tags",), "UNKNOWN_SENDER": ("sender",),
    "TEMPLATE_VARIABLES": ("variables",), "emailSubject": ("subject",),
}


def problem_key(error: Any) -> str:
    """A refusal's code, or for a VALIDATION error the field it is about."""
    code = getattr(error, "code", None)
    key = (getattr(error, "details", None) or {}).get("field") if code == "VALIDATION" else code
    return str(key or code)


def answered_by(error: Any) -> tuple[str, ...]:
    return ANSWERED_BY.get(problem_key(error), ())


def error_for(refusal: Refusal, hint: str | None = None) -> RuleRefusal | InvalidMessage:
    kind = RuleRefusal if refusal.code in RULE_CODES else InvalidMessage
    return kind(refusal.message, code=refusal.code, details=dict(refusal.details), hint=hint,
                alone=refusal.alone)


def with_ways(error: RuleRefusal | InvalidMessage, ways: Sequence[tuple[str, str]]):
    """The error with the ways that do reach the client as (name, flags) pairs, each said
    once: the rule's own list of channels gives way to the list with flags."""
    if not ways or error.hint is not None:
        return error
    listed = ", ".join(f"{name} (pass {flags})" for name, flags in ways)
    return error.hinted(f"This client can be messaged on: {listed}.",
                        message=error.alone or error.message)


def refuse(refusal: Refusal | None, hint: str | None = None) -> None:
    """Raise the refusal's error if there is one."""
    if refusal is not None:
        raise error_for(refusal, hint)


def invalid(message: str, code: str = "VALIDATION", *, short: str | None = None,
            **details: Any) -> NoReturn:
    raise InvalidMessage(message, code=code, details=details, short=short)
