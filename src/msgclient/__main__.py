"""Entry point and the one error boundary: every failure becomes one line and an exit code."""

from __future__ import annotations

import os
import sys

from msgclient.errors import Cancelled, ExitCode, MsgclientError


def _debug_requested(argv: list[str]) -> bool:
    return "--debug" in argv or os.environ.get("MSGCLIENT_DEBUG", "") not in ("", "0")


def _say(line: str) -> None:
    """One line on stderr. Messages repeat what the user typed or the stand said: invisible and
    control characters are shown escaped, and a huge value is named, not repeated."""
    from msgclient.textpolicy import elide_long_words, one_line

    sys.stderr.write(elide_long_words(one_line(line.rstrip())) + "\n")
    sys.stderr.flush()


def _hint(exc: MsgclientError) -> str | None:
    from msgclient.api.errors import Unauthorized

    if isinstance(exc, Unauthorized) and os.environ.get("MSGCLIENT_TOKEN"):
        # Logging in again would not help: the environment overrides the stored token.
        return "MSGCLIENT_TOKEN is set and overrides any login; update or unset it."
    return exc.hint


def main(argv: list[str] | None = None) -> int:
    import typer

    from msgclient.app import build_app

    argv = list(sys.argv[1:] if argv is None else argv)
    debug = _debug_requested(argv)
    try:
        result = build_app()(args=argv, prog_name="msgclient", standalone_mode=False)
        return int(result) if isinstance(result, int) else ExitCode.OK
    except MsgclientError as exc:
        if debug:
            import traceback

            traceback.print_exc()
        hint = f" {_hint(exc)}" if _hint(exc) else ""
        _say(f"error: {exc.message}{hint}" if not isinstance(exc, Cancelled) else exc.message)
        return int(exc.exit_code)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        _say(Cancelled().message)
        return int(ExitCode.CANCELLED)
    except typer.TyperException as exc:  # Typer's own parsing errors (bad flag, bad value)
        if type(exc).__name__ == "NoArgsIsHelpError":  # a bare group: show its help, no error
            sys.stdout.write(exc.format_message().rstrip() + "\n")
            return int(ExitCode.OK)
        ctx = getattr(exc, "ctx", None)
        where = ctx.command_path if ctx is not None else "msgclient"
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        message = message if message.endswith(("?", "!", ".")) else message + "."
        _say(f"error: {message} See '{where} --help'.")
        return int(ExitCode.USAGE)
    except BrokenPipeError:
        # `msgclient threads list | head`: the reader left; not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return int(ExitCode.OK)
    except Exception as exc:  # the last resort: still one line unless --debug
        if debug:
            raise
        _say(f"error: unexpected {type(exc).__name__}: {exc}. Re-run with --debug for details.")
        return int(ExitCode.ERROR)


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
