"""The process's own stdout and stderr, made safe for the error boundary.

- stdout: a closed reader (EPIPE) becomes StdoutClosed and any other write failure (a full
  disk) OutputFailed. Neither is an OSError, so Typer's own broken-pipe handling (which
  exits 1 before msgclient's boundary runs) never sees them.
- stderr is for people: if nobody can read it (closed, a dead pipe), lines are dropped and
  the command carries on to its documented exit code.
- Neither ever shows a credential msgclient holds (api/redact.py, the secret policy): a
  traceback or a stand's text quoting the token is masked on its way out.
- A C/POSIX locale gets UTF-8, as Python's own UTF-8 mode does (PEP 540), and people's lines
  never fail on a character the terminal cannot show.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from msgclient.api import redact


class StdoutClosed(Exception):
    """The reader of stdout went away."""


class OutputFailed(Exception):
    """stdout could not be written."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(cause.strerror or str(cause))
        self.cause = cause


class _Delegate:
    def __init__(self, stream: IO[str] | None) -> None:
        self._stream = stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class GuardedStdout(_Delegate):
    def write(self, text: str) -> int:
        try:
            return self._stream.write(redact.scrub(text))
        except BrokenPipeError:
            raise StdoutClosed from None
        except OSError as exc:
            raise OutputFailed(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise StdoutClosed from None
        except OSError as exc:
            raise OutputFailed(exc) from None


class QuietStderr(_Delegate):
    def write(self, text: str) -> int:
        try:
            if self._stream is None:
                return len(text)
            return self._stream.write(redact.scrub(text))
        except (OSError, ValueError):  # closed, a dead pipe, a full disk: nobody reads it
            return len(text)

    def flush(self) -> None:
        try:
            if self._stream is not None:
                self._stream.flush()
        except (OSError, ValueError):
            pass

    def isatty(self) -> bool:
        try:
            return self._stream is not None and self._stream.isatty()
        except (OSError, ValueError):
            return False


@contextmanager
def guarded() -> Iterator[None]:
    """sys.stdout and sys.stderr guarded for the duration of one command."""
    given_in, out, err = sys.stdin, sys.stdout, sys.stderr
    _utf8_if_ascii(out, "strict")
    _utf8_if_ascii(err, "backslashreplace")
    if given_in is None:  # started with fd 0 closed: reading it reads nothing, as /dev/null
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as sys.stdin
    if out is None:  # started with fd 1 closed
        out = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as sys.stdout
    sys.stdout, sys.stderr = GuardedStdout(out), QuietStderr(err)
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = given_in or sys.stdin, out, err


def silence_stdout() -> None:
    """Point fd 1 at /dev/null, so the interpreter's final flush cannot fail again."""
    try:
        fd = sys.__stdout__.fileno() if sys.__stdout__ else 1
        os.dup2(os.open(os.devnull, os.O_WRONLY), fd)
    except (OSError, ValueError, AttributeError):
        pass  # not a real descriptor (an in-process test's buffer)


def _utf8_if_ascii(stream: Any, errors: str) -> None:
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None:
        return
    try:
        if codecs.lookup(stream.encoding or "ascii").name == "ascii":
            reconfigure(encoding="utf-8", errors=errors)
        elif errors != "strict":
            reconfigure(errors=errors)
    except (LookupError, ValueError, OSError):
        pass


def argv_text(args: list[str]) -> list[str]:
    """Arguments as the UTF-8 the user typed, also when a C locale decoded them as ASCII.

    Python keeps undecodable bytes as lone surrogates; sent on, they would reach the client
    as garbage. Raises UnicodeDecodeError for bytes that are not UTF-8 either.
    """
    fixed = []
    for arg in args:
        try:
            arg.encode("utf-8")
            fixed.append(arg)
        except UnicodeEncodeError:
            fixed.append(os.fsencode(arg).decode("utf-8"))
    return fixed
