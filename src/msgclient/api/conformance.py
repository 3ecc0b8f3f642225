"""Does a JSON answer have the shape the contract gives it? The first place it does not, in words.

The shapes are contract/shapes.py (derived from the contract). Only what the contract says is
checked: the JSON types of the fields it names (and of a map's values, an array's items),
the fields edna documents as always there, integers within 64 bits. Fields it does not name
are left alone (a newer stand may add some). The walk is iterative: an answer is at most
MAX_ANSWER_BYTES and nested at most MAX_DEPTH levels (answers.py), so it is bounded.
"""

from __future__ import annotations

import re
from collections import deque
from typing import Any

from msgclient.contract.shapes import ANSWERS, SCHEMAS

INT64 = (-(2 ** 63), 2 ** 63 - 1)
_WORDS = {"object": "an object", "array": "a list", "string": "text", "integer": "an integer",
          "number": "a number", "boolean": "true/false", "null": "null"}
_PARAM = re.compile(r"\\\{[^/}]+\\\}")
_ROUTES = [(method, re.compile(_PARAM.sub("[^/]+", re.escape(path))), found)
           for method, path, found in ANSWERS]


def answer_shape(method: str, path: str) -> dict[str, Any] | None:
    """The contract's shape of the success answer to `method path`, None if it names none."""
    bare = path.split("?", 1)[0]
    return next((found for m, pattern, found in _ROUTES
                 if m == method and pattern.fullmatch(bare)), None)


def first_misfit(data: Any, shape: dict[str, Any]) -> str | None:
    """Where `data` first departs from `shape` and how ("[2].clientId is a list, where the
    API defines an integer"), or None when it fits."""
    todo: deque[tuple[Any, dict[str, Any], str]] = deque([(data, shape, "")])
    while todo:  # breadth first: the first item's problem is the one told
        value, want, where = todo.popleft()
        problem = _misfit(value, want, where, todo)
        if problem:
            return problem
    return None


def _misfit(value: Any, want: dict[str, Any], where: str, todo: deque) -> str | None:
    while "ref" in want:
        want = SCHEMAS[want["ref"]]
    if "any" in want:
        if not any(first_misfit(value, option) is None for option in want["any"]):
            return f"{_at(where)}fits none of the forms the API defines"
        return None
    kinds = want.get("t")
    kind = _kind(value)
    if kinds is not None and kind not in kinds and not (kind == "integer" and "number" in kinds):
        wanted = " or ".join(_WORDS[k] for k in kinds)
        return f"{_at(where)}is {_WORDS[kind]}, where the API defines {wanted}"
    if kind == "integer" and not INT64[0] <= value <= INT64[1]:
        return f"{_at(where)}is an integer beyond 64 bits"
    if kind == "object":
        return _object(value, want, where, todo)
    if kind == "array" and "i" in want:
        todo.extend((item, want["i"], f"{where}[{n}]") for n, item in enumerate(value))
    return None


def _object(value: dict, want: dict[str, Any], where: str, todo: deque) -> str | None:
    props = want.get("p", {})
    missing = next((name for name in want.get("r", ()) if name not in value), None)
    if missing is not None:
        return f"{_at(_field(where, missing))}is missing"
    for name, item in value.items():
        sub = props.get(name, want.get("a"))
        if sub is not None:
            todo.append((item, sub, _field(where, str(name))))
    return None


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    return {dict: "object", list: "array", str: "string", int: "integer"}.get(type(value),
                                                                              "number")


def _field(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _at(where: str) -> str:
    return f"{where[:120]} " if where else ""
