"""What edna documents, read from the contract: operations, query parameters, body and
answer fields.

The contract marks everything edna does not document with `x-msgclient-extension: true`, so the
edna personality, the request log's `undocumented()` and the tests all derive "documented" from
that one file instead of keeping a second list that could drift from it.

A shape is the documented skeleton of a JSON value: a dict (an object: documented property name
-> shape), a one-item list (an array: the items' shape) or None (a scalar or a free-form map).
"""

from __future__ import annotations

import copy
import re
from functools import cache
from typing import Any

from msgclient.contract import load_contract

Json = dict[str, Any]
Shape = dict[str, Any] | list[Any] | None
_PARAM = re.compile(r"\{[^/}]+\}")
_TOKEN = re.compile(r"\[\]|[^.\[\]]+")


def _resolve(node: Json) -> Json:
    contract = load_contract()
    while "$ref" in node:
        target: Any = contract
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _extension(node: Json) -> bool:
    return bool(node.get("x-msgclient-extension") or _resolve(node).get("x-msgclient-extension"))


@cache
def _templates() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Path templates as patterns, literal-only templates first (short-info before {id})."""
    paths = sorted(load_contract()["paths"], key=lambda p: (p.count("{"), p))
    return tuple((re.compile(_PARAM.sub("[^/]+", re.escape(p).replace(r"\{", "{")
                                       .replace(r"\}", "}"))), p) for p in paths)


def template_of(path: str) -> str:
    """The contract's template for a concrete path ("/api/v1/threads/{threadId}"), else the path."""
    return next((t for pattern, t in _templates() if pattern.fullmatch(path)), path)


@cache
def operations() -> frozenset[tuple[str, str]]:
    """(METHOD, path template) of every operation edna documents."""
    return frozenset((method.upper(), path) for path, ops in load_contract()["paths"].items()
                     for method, op in ops.items() if not op.get("x-msgclient-extension"))


def _operation(method: str, template: str) -> Json | None:
    if (method.upper(), template) not in operations():
        return None
    return load_contract()["paths"][template][method.lower()]


@cache
def query_names(method: str, template: str) -> frozenset[str]:
    """The documented query parameters of a documented operation (empty for any other)."""
    op = _operation(method, template) or {}
    params = [_resolve(p) for p in op.get("parameters", [])]
    return frozenset(p["name"] for p in params if p["in"] == "query" and not _extension(p))


def _shape(node: Json) -> Shape:
    node = _resolve(node)
    for key in ("oneOf", "anyOf", "allOf"):
        for alternative in node.get(key, []):
            found = _shape(alternative)
            if found is not None:
                return found
    if "properties" in node:
        return {name: _shape(prop) for name, prop in node["properties"].items()
                if not _extension(prop)}
    types = node.get("type")
    if "items" in node and (types == "array" or isinstance(types, list) and "array" in types):
        return [_shape(node["items"])]
    return None


def _json_schema(holder: Json | None) -> Json | None:
    content = (holder or {}).get("content", {}).get("application/json")
    return content.get("schema") if content else None


@cache
def request_shape(method: str, template: str) -> Shape:
    """The documented skeleton of a documented operation's JSON body; None when it takes none."""
    op = _operation(method, template)
    schema = _json_schema(_resolve(op["requestBody"])) if op and "requestBody" in op else None
    return _shape(schema) if schema else None


@cache
def response_shape(method: str, template: str, status: int = 200) -> Shape:
    op = _operation(method, template)
    answer = (op or {}).get("responses", {}).get(str(status))
    schema = _json_schema(_resolve(answer)) if answer else None
    return _shape(schema) if schema else None


def strip(value: Any, shape: Shape) -> Any:
    """value without the fields its shape does not document (what a Spring stand never binds)."""
    if isinstance(shape, dict) and isinstance(value, dict):
        return {k: strip(v, shape[k]) for k, v in value.items() if k in shape}
    if isinstance(shape, list) and isinstance(value, list):
        return [strip(v, shape[0]) for v in value]
    return value


def field_names(value: Any, prefix: str = "") -> list[str]:
    """Every field name in a JSON body, nested ones dotted, array items as "attachments[].url"."""
    names: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            name = prefix + str(key)
            names.append(name)
            if isinstance(item, dict):
                names += field_names(item, name + ".")
            elif isinstance(item, list):
                for element in item:
                    names += field_names(element, name + "[].")
    return list(dict.fromkeys(names))


def _documented_field(name: str, shape: Shape) -> bool:
    for token in _TOKEN.findall(name):
        if shape is None:  # below a scalar or a free-form map: nothing more to tell
            return True
        if token == "[]":
            if not isinstance(shape, list):
                return False
            shape = shape[0]
        elif isinstance(shape, dict) and token in shape:
            shape = shape[token]
        else:
            return False
    return True


def undocumented(entry: Json) -> list[str]:
    """What in a request-log entry edna does not document, e.g. ["GET /api/v1/me"], ["query sort",
    "body tags"]; empty when the request used only what edna documents."""
    method, path = entry["method"], entry["path"]
    if (method, path) not in operations():
        return [f"{method} {path}"]
    found = [f"query {n}" for n in entry.get("query", []) if n not in query_names(method, path)]
    shape = request_shape(method, path)
    reported: list[str] = []
    for name in entry.get("body", []):
        if any(name.startswith((r + ".", r + "[]")) for r in reported):
            continue  # "template" already says it; "template.id" adds nothing
        if shape is None or not _documented_field(name, shape):
            reported.append(name)
    return found + [f"body {n}" for n in reported]


_SPRING_ERROR = {
    "type": "object", "required": ["timestamp", "status", "error", "message", "path"],
    "additionalProperties": False, "description": "Spring Boot's default error body.",
    "properties": {"timestamp": {"$ref": "#/components/schemas/Timestamp"},
                   "status": {"type": "integer", "minimum": 400, "maximum": 599},
                   "error": {"type": "string"}, "message": {"type": "string"},
                   "path": {"type": "string"}}}


def edna_contract() -> Json:
    """The contract as an edna stand honours it: no extension operation, parameter or property,
    objects closed to undocumented fields, and Spring's error body. A fresh copy each call."""
    contract = copy.deepcopy(load_contract())
    for path, ops in list(contract["paths"].items()):
        for method, op in list(ops.items()):
            if op.get("x-msgclient-extension"):
                del ops[method]
            else:
                op["parameters"] = [p for p in op.get("parameters", []) if not _extension(p)]
        if not ops:
            del contract["paths"][path]
    schemas = contract["components"]["schemas"]
    for schema in schemas.values():
        if "properties" in schema:
            schema["properties"] = {k: v for k, v in schema["properties"].items()
                                    if not _extension(v)}
            schema["required"] = [k for k in schema.get("required", [])
                                  if k in schema["properties"]]
            schema["additionalProperties"] = False
    schemas["Error"] = _SPRING_ERROR
    return contract
