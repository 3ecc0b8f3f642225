"""Entry point and the one error boundary: every failure becomes one line and an exit code.

Once a command has settled its outcome at the stand (cli/settled.py), a later failure still
gets its line, but the exit code stays the one the outcome earned.
"""

from __future__ import annotations

import os
import shutil
import sys

import typer

from msgclient.api import redact
from msgclient.cli import settled
from msgclient.cli.app import build_app
from msgclient.cli.settled import current
from msgclient.errors import Cancelled, ExitCode, MsgclientError
from msgclient.terminal import signals, stdio
from msgclient.terminal.stdio import OutputFailed, StdoutClosed, silence_stdout


def _debug_requested(argv: list[str]) -> bool:
    return "--debug" in argv or os.environ.get("MSGCLIENT_DEBUG", "") not in ("", "0")


def _say(line: str) -> None:
    """One line on stderr. Messages repeat what the user typed or the stand said: invisible and
    control characters are shown escaped, and a huge value is named, not repeated."""
    # Imported on the error path only: a command that succeeds, and every --help, never pays
    # for the text policy (the rules package) or the terminal's wrapping (Rich's cells).
    from msgclient.rules.text import elide_long_words, one_line

    text = elide_long_words(one_line(redact.scrub(line.rstrip())))
    try:
        if sys.stderr.isatty():
            text = _wrapped(text)
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # nobody can read stderr; the exit code still tells


def _wrapped(line: str) -> str:
    """On a terminal, the line wrapped between words with its continuation under the text
    after 'error: ' (the terminal would break words and start again at column 0), a quoted
    command kept on one line. Scripts reading a pipe still get one line."""
    from msgclient.terminal.wrap import wrap_text  # the error path only (see _say)

    mark = next((m for m in ("error: ", "! ") if line.startswith(m)), "")
    width = max(shutil.get_terminal_size().columns, 40)
    return "\n".join(wrap_text(line, width, len(mark)))


def _hint(exc: MsgclientError) -> str | None:
    if exc.exit_code == ExitCode.AUTH and getattr(exc, "status", None) == 401 \
            and os.environ.get("MSGCLIENT_TOKEN"):
        # Logging in again would not help: the environment overrides the stored token.
        return "MSGCLIENT_TOKEN is set and overrides any login; update or unset it."
    return exc.hint


def _after(line: str, code: int) -> int:
    """Report a failure; after a settled outcome, say what was done and keep its code."""
    done = current()
    if done is None:
        _say(f"error: {line}")
        return code
    _say(f"! {line} {done.what}")
    return done.code


def main(argv: list[str] | None = None) -> int:
    settled.reset()
    redact.forget()
    try:
        argv = stdio.argv_text(list(sys.argv[1:] if argv is None else argv))
    except UnicodeDecodeError:
        _say("error: An argument is not valid UTF-8 text; msgclient would send it garbled. "
             "Use a UTF-8 locale (e.g. LANG=C.UTF-8).")
        return int(ExitCode.USAGE)
    with stdio.guarded(), signals.handled():
        return _run(argv, _debug_requested(argv))


def _run(argv: list[str], debug: bool) -> int:
    try:
        result = build_app()(args=argv, prog_name="msgclient", standalone_mode=False)
        sys.stdout.flush()  # a late EPIPE or ENOSPC surfaces here, not at interpreter exit
        if result == ExitCode.CANCELLED and signals.received() is not None:
            # Typer turns a KeyboardInterrupt (Ctrl-C, or terminal/signals' Stopped) that left
            # the command into a silent 130: it gets Ctrl-C's line and the signal's code.
            _say(Cancelled().message)
            return signals.exit_code(int(result))
        return int(result) if isinstance(result, int) else ExitCode.OK
    except StdoutClosed:
        # `msgclient threads list | head`: the reader left; not an error.
        silence_stdout()
        return current().code if current() else int(ExitCode.OK)
    except OutputFailed as exc:
        silence_stdout()
        return _after(f"Cannot write the output: {exc}.", int(ExitCode.ERROR))
    except MsgclientError as exc:
        if debug:
            sys.__excepthook__(type(exc), exc, exc.__traceback__)  # the interpreter's own
        if isinstance(exc, Cancelled):
            _say(exc.message)
            return signals.exit_code(int(exc.exit_code))  # 143 after SIGTERM, 129 SIGHUP
        hint = f" {_hint(exc)}" if _hint(exc) else ""
        _say(f"error: {exc.message}{hint}")  # a command's own verdict, settled or not
        return int(exc.exit_code)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt, EOFError):
        _say(Cancelled().message)
        return signals.exit_code(int(ExitCode.CANCELLED))
    except typer.TyperException as exc:  # Typer's own parsing errors (bad flag, bad value)
        ctx = getattr(exc, "ctx", None)
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        if ctx is not None and message == ctx.get_help():  # a bare group: its help, no error
            sys.stdout.write(message.rstrip() + "\n")
            return int(ExitCode.OK)
        where = ctx.command_path if ctx is not None else "msgclient"
        message = message if message.endswith(("?", "!", ".")) else message + "."
        _say(f"error: {message} See '{where} --help'.")
        return int(ExitCode.USAGE)
    except Exception as exc:  # the last resort: still one line unless --debug
        if debug:
            raise
        return _after(_unexpected(exc), int(ExitCode.ERROR))


def _unexpected(exc: Exception) -> str:
    """Failures of the machine rather than of msgclient, in words; anything else as a bug."""
    if isinstance(exc, UnicodeEncodeError):
        return (f"The output's encoding ({exc.encoding}) cannot show some characters; use a "
                "UTF-8 locale (e.g. LANG=C.UTF-8) or set PYTHONIOENCODING=utf-8.")
    if isinstance(exc, FileNotFoundError) and not exc.filename and not _cwd_exists():
        return ("The current folder no longer exists (it was removed or moved); cd to one "
                "that does and run the command again.")
    where = getattr(exc, "filename", None)
    if (isinstance(exc, OSError) and where) or type(exc).__module__ == "sqlite3":
        what = where or "a local database"
        why = getattr(exc, "strerror", None) or str(exc)
        return (f"Cannot use {what}: {why}. msgclient keeps its files under the XDG "
                "directories (XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_STATE_HOME); point them at "
                "writable folders.")
    return f"unexpected {type(exc).__name__}: {exc}. Re-run with --debug for details."


def _cwd_exists() -> bool:
    try:
        os.getcwd()
        return True
    except OSError:
        return False


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
