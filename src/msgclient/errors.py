"""The error tree and the documented exit codes.

Every failure the user can meet is one of these; `__main__` turns it into one
line on stderr and its exit code. Nothing here imports requests or prints.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Self


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    PARTIAL = 3  # a bulk run where some rows failed
    AUTH = 4
    REFUSED = 5  # refused by the stand's rules (blocked, active thread, ...)
    CANCELLED = 130


class MsgclientError(Exception):
    """Base of every error msgclient reports without a traceback."""

    exit_code = ExitCode.ERROR

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message

    def hinted(self, hint: str, message: str | None = None) -> Self:
        """The same error with the remedy a caller knows (and, if the remedy makes part of the
        sentence redundant, a shorter one), to raise in its place: errors are not changed
        once raised."""
        again = type(self).__new__(type(self), *self.args)  # no __init__: any subclass
        again.__dict__.update(self.__dict__, hint=hint, message=message or self.message)
        return again


class UsageError(MsgclientError):
    """Bad or missing input from the user; nothing was sent."""

    exit_code = ExitCode.USAGE


class ConfigError(MsgclientError):
    """The configuration file, a profile or the token store is unusable."""

    exit_code = ExitCode.USAGE


class AuthError(MsgclientError):
    """No token, an expired one, or wrong credentials."""

    exit_code = ExitCode.AUTH


class RuleRefusal(MsgclientError):
    """A product rule forbids this message, whether msgclient's own check found it or the
    stand answered so (api.errors.RuleRefused is one too): callers catch this one class."""

    exit_code = ExitCode.REFUSED

    def __init__(self, message: str, *, code: str = "REFUSED", details: dict | None = None,
                 hint: str | None = None, alone: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.code = code
        self.details = details or {}
        self.alone = alone  # the message without its list of other channels (rules.Refusal)


class Cancelled(MsgclientError):
    """The user pressed Ctrl-C or declined a confirmation; nothing was sent."""

    exit_code = ExitCode.CANCELLED

    def __init__(self, message: str = "Cancelled; nothing was sent.") -> None:
        super().__init__(message)


class PartialFailure(MsgclientError):
    """A bulk run finished but some rows were not sent."""

    exit_code = ExitCode.PARTIAL
