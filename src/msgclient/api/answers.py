"""Is a 2xx answer what the contract says it is? If not, an error that says so.

edna's pages are bare JSON arrays (docs/edna-api.md §1.6) and a send answers with the message it
created, `{id, threadId, ...}` (§5.3). Anything else, an empty body, an HTML page from a
proxy, an object where a list belongs, is not an answer msgclient can act on: a listing
stops with UnexpectedAnswer, and after a send the outcome is unknown (ambiguous=True), so
the caller says "it may have been sent" instead of printing "Sent ... thread None".
"""

from __future__ import annotations

from typing import Any

from msgclient.api.errors import UnexpectedAnswer

ERROR_TEXT_LIMIT = 300  # characters of a stand's error message worth showing on one line


class _NotJson:
    def __repr__(self) -> str:
        return "<not JSON>"


not_json: Any = _NotJson()  # the body was there but did not parse


def check_shape(data: Any, expect: str | None, method: str, path: str,
                content_type: str | None) -> None:
    sent = expect == "send"
    problem = None
    if data is not_json:
        problem = f"is not JSON ({_kind(content_type)})"
    elif expect == "list" and not isinstance(data, list):
        problem = f"is {_what(data)}, where the API defines a list"
    elif expect in ("object", "send") and not isinstance(data, dict):
        problem = f"is {_what(data)}, where the API defines an object"
    elif sent and (data.get("id") is None or data.get("threadId") is None):
        problem = "does not name the message and thread it created"
    if problem:
        raise UnexpectedAnswer(f"The stand's answer to {method} {path} {problem}"
                               + ("; the outcome of the send is unknown." if sent else "."),
                               ambiguous=sent)


def redirected(status: int, location: str | None, method: str, path: str,
               sent: bool) -> UnexpectedAnswer:
    where = f" to {clip(location, 200)}" if location else ""
    return UnexpectedAnswer(
        f"The stand answered {method} {path} with a redirect (HTTP {status}{where}), which its "
        "API does not use" + ("; the outcome of the send is unknown." if sent else "."),
        ambiguous=sent, hint="Check the stand's url in 'msgclient config show' (https://? "
                             "the right host and path?).")


def clipped_error_body(data: Any) -> Any:
    """An error body with its texts cut to one readable line each."""
    if not isinstance(data, dict):
        return None
    return {k: clip(v, ERROR_TEXT_LIMIT) if isinstance(v, str) else v for k, v in data.items()}


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _what(data: Any) -> str:
    if data is None:
        return "empty"
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false"}.get(
        type(data), "a number")


def _kind(content_type: str | None) -> str:
    kind = (content_type or "no content type").split(";")[0].strip()
    return clip(kind, 60)
