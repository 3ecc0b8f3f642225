"""Turning option strings into str, int, float and lists of str without pydantic.

Typer (0.29) coerces every parameter through a pydantic TypeAdapter that it builds when the
command runs, so the first `threads list` of a process pays for importing pydantic (about a
third of the run) and building a dozen adapters, to parse a few integers. msgclient's
parameters are plain str, bool, int and float (with min/max) and lists of str; for those
`enable()` installs a coercer that gives the same values and the same error messages as Typer's own
(tests/cli/test_coerce.py holds the two side by side). Any other parameter, or a Typer
whose parameters no longer look as expected, keeps Typer's own coercion: slower, never wrong.
"""

from __future__ import annotations

import re
from typing import Any

import typer
from typer.core import _TyperParameter

# pydantic's lax parsing of a string: ASCII digits with single underscores between them, an
# optional sign, surrounding whitespace; an int may carry a fraction of zeros ("1.0").
_INT = re.compile(r"[+-]?\d+(?:_\d+)*(?:\.0*)?")
_NOT_INT = "Input should be a valid integer, unable to parse string as an integer"
_TRUE = {"1", "on", "t", "true", "y", "yes"}
_FALSE = {"", "0", "off", "f", "false", "n", "no"}
_NOT_FLOAT = "Input should be a valid number, unable to parse string as a number"


class FastParam:
    """What Typer asks of a parameter's runtime coercion: coerce(value, param, ctx)."""

    def __init__(self, kind: type, is_list: bool, minimum: Any, maximum: Any) -> None:
        self.kind, self.is_list, self.minimum, self.maximum = kind, is_list, minimum, maximum

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        multiple = param.multiple or param.nargs == -1
        if value is None:
            return () if multiple else None
        if multiple and isinstance(value, str):
            raise typer.BadParameter("Value must be an iterable.", ctx=ctx, param=param)
        try:
            if self.is_list:
                items = value if isinstance(value, (list, tuple)) else [value]
                return [self._one(item) for item in items]
            return self._one(value)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), ctx=ctx, param=param) from None

    def _one(self, value: Any) -> Any:
        if self.kind is str:
            return value.decode() if isinstance(value, bytes) else str(value)
        if self.kind is bool:
            return _bool(value)
        if isinstance(value, str):
            value = _int(value) if self.kind is int else _float(value)
        elif self.kind is float and isinstance(value, int):  # a default, e.g. 1 for 1.0
            value = float(value)
        elif self.kind is int and isinstance(value, float) and not value.is_integer():
            raise ValueError("Input should be a valid integer, got a number with a "
                             "fractional part")
        elif self.kind is int:
            value = int(value)
        if self.minimum is not None and not value >= self.minimum:
            raise ValueError(f"Input should be greater than or equal to {self.minimum}")
        if self.maximum is not None and not value <= self.maximum:
            raise ValueError(f"Input should be less than or equal to {self.maximum}")
        return value


def _int(text: str) -> int:
    text = text.strip()
    if not (text.isascii() and _INT.fullmatch(text)):
        raise ValueError(_NOT_INT)
    return int(text.split(".")[0])


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if isinstance(value, (str, int)) else None
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise ValueError("Input should be a valid boolean, unable to interpret input")


def _float(text: str) -> float:
    text = text.strip()
    if not text.isascii() or "__" in text or text.startswith("_"):
        raise ValueError(_NOT_FLOAT)
    try:
        return float(text)
    except ValueError:
        raise ValueError(_NOT_FLOAT) from None


def fast_param(param: Any) -> FastParam | None:
    """A coercer for this Typer parameter, or None to leave it to Typer."""
    descriptor = getattr(param, "type_descriptor", None)
    info = getattr(descriptor, "parameter_info", None)
    if info is None or getattr(info, "parser", None) is not None:
        return None
    annotation = descriptor.annotation
    is_list = getattr(annotation, "__origin__", None) is list
    kind = annotation.__args__[0] if is_list and len(annotation.__args__) == 1 else annotation
    if kind not in (str, int, float, bool) or (is_list and kind is not str):
        return None
    if kind in (str, bool) and (info.min is not None or info.max is not None):
        return None
    if getattr(info, "clamp", False):
        return None
    return FastParam(kind, is_list, info.min, info.max)


def enable() -> None:
    """Let Typer's parameters use the fast coercer where it applies (once per process).

    Typer builds a parameter's coercion on first use in `get_runtime_param`; wrapping that one
    method covers every parameter, Click's own --help option included. If a later Typer has no
    such method, nothing changes.
    """
    original = getattr(_TyperParameter, "get_runtime_param", None)
    if original is None or getattr(original, "msgclient_fast", False):
        return

    def get_runtime_param(self: Any) -> Any:
        if getattr(self, "_runtime_param", None) is None:
            self._runtime_param = fast_param(self)
        return self._runtime_param or original(self)

    get_runtime_param.msgclient_fast = True  # type: ignore[attr-defined]
    _TyperParameter.get_runtime_param = get_runtime_param
