"""One error tree for everything the stand answers, built by one function."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from msgclient.errors import ExitCode, MsgclientError, RuleRefusal, UsageError

# Codes that mean "a product rule forbids this" (exit 5); see the contract.
RULE_CODES = frozenset({
    "CLIENT_BLOCKED", "ACTIVE_THREAD", "THREAD_NOT_CLOSED", "CHANNEL_NOT_ENABLED",
    "CHANNEL_NOT_AVAILABLE", "TAGS_REQUIRED", "ATTACHMENT_TOO_LARGE", "ATTACHMENT_TYPE",
    "TEMPLATE_NOT_FOR_CHANNEL", "NO_EMAIL", "WHATSAPP_WINDOW_CLOSED", "DO_NOT_CONTACT",
})
# Codes that mean "the request itself was wrong" (exit 2).
INPUT_CODES = frozenset({
    "VALIDATION", "EMPTY_MESSAGE", "TEXT_TOO_LONG", "TEMPLATE_VARIABLES", "UNKNOWN_TAG",
    "UNKNOWN_SENDER", "INVALID_ADDRESS", "IDEMPOTENCY_CONFLICT",
})


@dataclass(frozen=True)
class StatusMeaning:
    """What an error status says about the request it answers (docs/design.md §5 rule 7)."""

    gone_out: bool  # the stand may have processed it: a send may have gone out
    final: bool     # the stand's last word: the same request would meet the same answer
    retried: bool   # "not now": the client tries again by itself (where gone_out, only a
                    # request safe to replay, a GET or a send whose key the stand honours)


# The one table of "might it have gone out, and is it worth trying again": retries, bulk's
# row outcomes and send's "outcome unknown" all ask it, through ApiError.may_have_gone_out,
# is_final_refusal and status_meaning.
STATUS_MEANINGS = {
    401: StatusMeaning(gone_out=False, final=False, retried=False),  # after a new login
    408: StatusMeaning(gone_out=False, final=False, retried=False),  # it gave up waiting
    429: StatusMeaning(gone_out=False, final=False, retried=True),   # throttled
    503: StatusMeaning(gone_out=False, final=False, retried=True),   # busy: not processed
    500: StatusMeaning(gone_out=True, final=False, retried=True),
    502: StatusMeaning(gone_out=True, final=False, retried=True),
    504: StatusMeaning(gone_out=True, final=False, retried=True),
}
_REFUSAL = StatusMeaning(gone_out=False, final=True, retried=False)  # any other 4xx
_FAILURE = StatusMeaning(gone_out=True, final=False, retried=False)  # any other 5xx


def status_meaning(status: int) -> StatusMeaning:
    """The table's answer for an error status (4xx or 5xx)."""
    return STATUS_MEANINGS.get(status, _FAILURE if status >= 500 else _REFUSAL)


class ApiError(MsgclientError):
    """The stand answered with an error status."""

    def __init__(self, message: str, *, status: int, code: str, request_id: str | None = None,
                 details: dict[str, Any] | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.status = status
        self.code = code
        self.stated_code = False  # whether the stand's body named the code
        self.request_id = request_id
        self.details = details or {}

    @property
    def may_have_gone_out(self) -> bool:
        """Whether the request this answers may have been processed (a send: gone out)."""
        return status_meaning(self.status).gone_out

    @property
    def lacks_endpoint(self) -> bool:
        """A 404 or 405 with no more telling code: asked of an extension's path, the stand has
        no such endpoint, so it lacks the extension (get_extension, uploads)."""
        return self.status in (404, 405) and self.code in ("NOT_FOUND", "METHOD_NOT_ALLOWED",
                                                           "ERROR")


class NotFound(ApiError):
    exit_code = ExitCode.ERROR


class Unauthorized(ApiError):
    exit_code = ExitCode.AUTH


class Forbidden(ApiError):
    exit_code = ExitCode.AUTH


class RuleRefused(ApiError, RuleRefusal):
    """The stand refused by a rule: the same meaning as msgclient's own RuleRefusal."""

    exit_code = ExitCode.REFUSED

    @property
    def may_have_gone_out(self) -> bool:
        return False  # the stand named the rule that stopped it, whatever the status


class BadRequest(ApiError, UsageError):
    """The stand found the request malformed: bad input, like a UsageError."""

    exit_code = ExitCode.USAGE

    @property
    def may_have_gone_out(self) -> bool:
        return False  # the stand named what is wrong with it, whatever the status


class Throttled(ApiError):
    """429 or 503 after the retries ran out: the stand did not process the request."""


class ServerError(ApiError):
    """5xx other than 503: the stand failed; a send may have gone out."""


class Unsupported(ApiError):
    """404/405 on an extension endpoint: this stand lacks the capability (exit 2, like any
    request this stand cannot carry: the user can change the request or the profile)."""

    exit_code = ExitCode.USAGE


class StandRefused(ApiError):
    """A send the stand refused for a reason it did not name with a code we know: final."""

    exit_code = ExitCode.REFUSED


class NetworkError(MsgclientError):
    """The stand could not be reached, or the connection broke."""

    def __init__(self, message: str, *, ambiguous: bool, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.ambiguous = ambiguous  # True when the request may have been processed

    @property
    def may_have_gone_out(self) -> bool:
        """The same question as ApiError.may_have_gone_out: a broken connection may have
        delivered the request; one never made did not."""
        return self.ambiguous


def error_from_response(status: int, body: Any, request_id: str | None, path: str) -> ApiError:
    """Map an HTTP status and the body's `code` to the error tree."""
    body = body if isinstance(body, dict) else {}
    code = str(body.get("code") or _default_code(status))
    message = str(body.get("message") or body.get("error") or f"HTTP {status}")
    message = message.rstrip(".") + "."
    details = body.get("details")
    kwargs = {"status": status, "code": code, "request_id": request_id or body.get("requestId"),
              "details": details if isinstance(details, dict) else {}}
    error = _classified(status, code, message, body, path, kwargs)
    error.stated_code = bool(body.get("code"))
    return error


def _classified(status: int, code: str, message: str, body: dict, path: str,
                kwargs: dict[str, Any]) -> ApiError:
    if status == 401:
        return Unauthorized("The stand refused the token: it is unknown or expired.",
                            hint="Run 'msgclient auth login' to get a new one.", **kwargs)
    if status == 403:
        return Forbidden(f"Your account may not do this: {message}", **kwargs)
    if code in RULE_CODES:
        return RuleRefused(message, **kwargs)
    if code in INPUT_CODES or status in (400, 422):
        return BadRequest(message, **kwargs)
    if status == 404:
        return NotFound(message if body.get("message") else f"Not found: {path}.", **kwargs)
    meaning = status_meaning(status)
    if meaning.retried and not meaning.gone_out:  # 429, 503
        return Throttled(f"The stand is busy ({message.rstrip('.')}); try again later.", **kwargs)
    if meaning.gone_out:  # 5xx
        return ServerError(f"The stand failed with HTTP {status}: {message}", **kwargs)
    return ApiError(message, **kwargs)


def _default_code(status: int) -> str:
    return {400: "VALIDATION", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND",
            405: "NOT_FOUND", 429: "RATE_LIMITED", 503: "UNAVAILABLE"}.get(status, "ERROR")


# edna documents no error codes: a refusal without one is recognised by its words, so it
# reads and counts like the same rule found by msgclient's own checks.
_RULE_WORDS = (
    (re.compile(r"\bblocked\b", re.IGNORECASE), "CLIENT_BLOCKED"),
    (re.compile(r"\bactive thread", re.IGNORECASE), "ACTIVE_THREAD"),
    (re.compile(r"\bnot closed\b|\bis not CLOSED\b", re.IGNORECASE), "THREAD_NOT_CLOSED"),
    (re.compile(r"\bnot (enabled|connected)\b", re.IGNORECASE), "CHANNEL_NOT_ENABLED"),
    (re.compile(r"\bno e-?mail\b", re.IGNORECASE), "NO_EMAIL"),
    # The client never wrote over the channel a send names (outgoing-from-myself's channelType).
    (re.compile(r"\bno thread in channel\b|\bnever used\b", re.IGNORECASE),
     "CHANNEL_NOT_AVAILABLE"),
    # WhatsApp's re-engagement refusal (error 131047), however the stand words the window; "24
    # hours" alone could be any rule ("the link expired after 24 hours"), so WhatsApp is named.
    (re.compile(r"\bre-engagement\b|\b131047\b|whatsapp\b.*\b24[- ]hours?\b|"
                r"\b24[- ]hours?\b.*\bwhatsapp", re.IGNORECASE | re.DOTALL),
     "WHATSAPP_WINDOW_CLOSED"),
)


def is_final_refusal(exc: BaseException) -> bool:
    """A stand's 4xx answer to a send that is its final word on it (STATUS_MEANINGS: every
    4xx but the "not now" ones)."""
    return isinstance(exc, ApiError) and status_meaning(exc.status).final


def send_refusal(exc: ApiError) -> ApiError:
    """The error a send's 4xx answer means: a coded answer keeps its meaning; an uncoded one
    (edna's Spring body) is a rule where its words say which, else the stand's refusal."""
    if not is_final_refusal(exc) or isinstance(exc, RuleRefused | Forbidden) or exc.stated_code:
        return exc
    code = next((c for pattern, c in _RULE_WORDS if pattern.search(exc.message)), None)
    kwargs = {"status": exc.status, "request_id": exc.request_id, "details": exc.details}
    if code is not None:
        return RuleRefused(exc.message, code=code, **kwargs)
    return StandRefused(f"The stand refused the message: {exc.message}", code="REFUSED",
                        hint="Nothing was sent; fix what it names before sending again.",
                        **kwargs)


class UnexpectedAnswer(NetworkError):
    """The stand answered, but not as its API defines (see answers.py).

    A NetworkError because what it means for a send is the same as a broken connection:
    ambiguous=True when the request was a send, whose outcome is then unknown.
    """

    code = "UNEXPECTED_ANSWER"
