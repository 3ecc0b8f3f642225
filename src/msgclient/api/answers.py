"""Is a 2xx answer what the contract says it is? If not, an error that says so.

edna's pages are bare JSON arrays (docs/edna-api.md §1.6) and a send answers with the message it
created, `{id, threadId, ...}` (§5.3). Anything else, an empty body, an HTML page from a
proxy, an object where a list belongs, a field of the wrong type, JSON nested thousands of
levels deep, is not an answer msgclient can act on: a listing stops with UnexpectedAnswer,
and after a send the outcome is unknown (ambiguous=True), so the caller says "it may have
been sent" instead of printing "Sent ... thread None". The fields are checked against the
contract's shapes (conformance.py) before anything reads them.
"""

from __future__ import annotations

import json
from typing import Any

from msgclient.api.conformance import answer_shape, first_misfit
from msgclient.api.errors import UnexpectedAnswer
from msgclient.rules.text import clip

ERROR_TEXT_LIMIT = 300  # characters of a stand's error message worth showing on one line
MAX_DEPTH = 64  # levels of nesting; the contract's deepest answer has five
SEND_STATUSES = (200, 201)  # the contract's "Sent" is 200; 201 Created says the same


class _NotJson:
    def __repr__(self) -> str:
        return "<not JSON>"


not_json: Any = _NotJson()  # the body was there but did not parse


class TooDeep(_NotJson):
    def __repr__(self) -> str:
        return "<nested too deeply>"


too_deep: Any = TooDeep()  # JSON, but nested beyond MAX_DEPTH


def parse(content: bytes) -> Any:
    """The answer's JSON, not_json when it is not JSON, too_deep past MAX_DEPTH levels."""
    if not content:
        return None
    try:
        data = json.loads(content)
    except RecursionError:  # the parser itself gave up on the nesting
        return too_deep
    except ValueError:  # not JSON, not UTF-8, or an integer of thousands of digits
        return not_json
    return too_deep if _deeper_than(data, MAX_DEPTH) else data


def _deeper_than(data: Any, limit: int) -> bool:
    todo = [(data, 1)]
    while todo:
        value, depth = todo.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return True
            items = value.values() if isinstance(value, dict) else value
            todo.extend((item, depth + 1) for item in items if isinstance(item, dict | list))
    return False


def check_shape(data: Any, expect: str | None, method: str, path: str,
                content_type: str | None, status: int = 200) -> None:
    sent = expect == "send"
    problem = None
    if data is too_deep:
        problem = f"is JSON nested more than {MAX_DEPTH} levels deep"
    elif data is not_json:
        problem = f"is not JSON ({_kind(content_type)})"
    elif sent and status not in SEND_STATUSES:
        problem = f"is HTTP {status}, which the API does not define for a send"
    elif expect == "list" and not isinstance(data, list):
        problem = f"is {_what(data)}, where the API defines a list"
    elif expect in ("object", "send") and not isinstance(data, dict):
        problem = f"is {_what(data)}, where the API defines an object"
    elif sent and (data.get("id") is None or data.get("threadId") is None):
        problem = "does not name the message and thread it created"
    else:
        shape = answer_shape(method, path)
        misfit = first_misfit(data, shape) if shape is not None else None
        problem = f"is not what the API defines: {misfit}" if misfit else None
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
    return {k: v if k == "details" or v is None else clip(str(v), ERROR_TEXT_LIMIT)
            for k, v in data.items()}


def _what(data: Any) -> str:
    if data is None:
        return "empty"
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false"}.get(
        type(data), "a number")


def _kind(content_type: str | None) -> str:
    kind = (content_type or "no content type").split(";")[0].strip()
    return clip(kind, 60)
