"""What became of one send, as a journal state.

The line between `failed` and `unknown` is the one docs/design.md §5 rule 7 draws, asked
of the error itself (`may_have_gone_out`, from api.errors.STATUS_MEANINGS): a 429 or
503, a refusal, or a connection that was never made mean the stand did not process
the message; a broken connection or another 5xx mean it may have. A row that may have
been sent is never simply sent again: resume decides with the stand's idempotency.
"""

from __future__ import annotations

from dataclasses import dataclass

from msgclient.api.errors import (
    ApiError,
    Forbidden,
    NetworkError,
    Unauthorized,
    is_final_refusal,
)
from msgclient.errors import MsgclientError, RuleRefusal, UsageError
from msgclient.outgoing.errors import InvalidMessage


@dataclass(frozen=True)
class Outcome:
    state: str                       # sent | refused | invalid | failed | unknown | held
    #                                  | expired
    code: str | None = None
    reason: str | None = None
    message_id: str | None = None
    thread_id: int | None = None
    fatal: BaseException | None = None  # stop the whole run (the token expired, ...)
    held_until: float | None = None  # held: when it may go (epoch seconds)


def sent(result: dict) -> Outcome:
    message_id = result.get("id")
    thread_id = result.get("threadId")
    return Outcome("sent", message_id=None if message_id is None else str(message_id),
                   thread_id=thread_id if isinstance(thread_id, int) else None)


def from_error(exc: BaseException) -> Outcome:
    """Map an error raised by prepare.prepare or prepare.deliver to the row's outcome."""
    reason = str(getattr(exc, "message", exc)).rstrip(".")
    code = getattr(exc, "code", None)
    if isinstance(exc, RuleRefusal):  # msgclient's check or the stand's answer
        return Outcome("refused", code, reason)
    if is_final_refusal(exc) and not isinstance(exc, Forbidden) \
            and code != "IDEMPOTENCY_CONFLICT":
        # edna documents no error codes: any other 4xx to a send is the stand's final word
        # on that row, and sending it again would meet the same answer.
        return Outcome("refused", code, reason)
    if isinstance(exc, Unauthorized | Forbidden):
        return Outcome("failed", code, reason, fatal=exc)
    if isinstance(exc, NetworkError):
        if exc.may_have_gone_out:  # a broken connection, or an answer not the contract's
            return Outcome("unknown", getattr(exc, "code", "CONNECTION_BROKEN"), reason)
        return Outcome("failed", "UNREACHABLE", reason)
    if isinstance(exc, ApiError) and exc.may_have_gone_out:  # the stand failed (5xx)
        return Outcome("unknown", code or f"HTTP_{exc.status}", reason)
    if isinstance(exc, ApiError):  # throttled, or another answer that sent nothing
        if code == "IDEMPOTENCY_CONFLICT":
            reason += " (an earlier attempt of this row reached the stand with another body)"
        return Outcome("failed", code, reason)

    if isinstance(exc, InvalidMessage):  # the row itself is wrong: sending it again cannot help
        return Outcome("invalid", code, reason)
    if isinstance(exc, UsageError | MsgclientError):
        return Outcome("failed", code or "INVALID", reason)
    raise exc
