"""Where output goes: stdout for data, stderr for people.

Consoles are built on first use, never at import time, so `--help` stays fast
and tests can swap the streams for buffers.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from msgclient.rules.text import terminal_safe

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


# Narrower than this, a table folds every cell into a column of single letters, and at
# COLUMNS=0 Rich prints nothing at all: rows stay readable and wrap instead.
MIN_WIDTH = 40


def _tty_width() -> int:
    return max(shutil.get_terminal_size().columns, MIN_WIDTH)  # COLUMNS if set and > 0


@dataclass
class IOStreams:
    stdin: IO[str] = field(default_factory=lambda: sys.stdin)
    stdout: IO[str] = field(default_factory=lambda: sys.stdout)
    stderr: IO[str] = field(default_factory=lambda: sys.stderr)
    no_input: bool = False
    force_tty: bool | None = None  # tests pretend to be (or not be) a terminal
    _out: Console | None = field(default=None, init=False, repr=False)
    _err: Console | None = field(default=None, init=False, repr=False)

    def _isatty(self, stream: IO[str]) -> bool:
        if self.force_tty is not None:
            return self.force_tty
        try:
            return stream.isatty()
        except (AttributeError, ValueError):
            return False

    @property
    def stdout_is_tty(self) -> bool:
        return self._isatty(self.stdout)

    @property
    def stderr_is_tty(self) -> bool:
        return self._isatty(self.stderr)

    @property
    def can_prompt(self) -> bool:
        """Prompt only with a person at both ends and no --no-input."""
        if self.prompts_off:
            return False
        return self._isatty(self.stdin) and self._isatty(self.stdout)

    @property
    def prompts_off(self) -> bool:
        """--no-input (or MSGCLIENT_NO_INPUT): never prompt, even at a terminal."""
        return self.no_input or _env_flag("MSGCLIENT_NO_INPUT")

    @property
    def color(self) -> bool:
        return "NO_COLOR" not in os.environ

    def _console(self, stream: IO[str], tty: bool) -> Console:
        # Rich enters here, with the first line drawn for people: piped data and JSON, which
        # go to self.stdout as text, never import it.
        from rich.console import Console

        return Console(
            file=stream,
            force_terminal=tty,
            no_color=not self.color,
            highlight=False,
            soft_wrap=not tty,
            width=_tty_width() if tty else 10_000,
        )

    @property
    def out(self) -> Console:
        if self._out is None:
            self._out = self._console(self.stdout, self.stdout_is_tty)
        return self._out

    @property
    def err(self) -> Console:
        if self._err is None:
            self._err = self._console(self.stderr, self.stderr_is_tty)
        return self._err

    def write(self, text: str) -> None:
        """Plain data on stdout, untouched by Rich markup."""
        self.stdout.write(text)
        self.stdout.flush()

    # Lines for people on stderr. A str is plain text: never Rich markup (a profile named
    # '[/]' is a name, not a tag) and made terminal-safe (rules/text.py's terminal_safe). Styled
    # lines are built with render.styled(), which keeps data and styles apart.
    def info(self, message: str | Text, *, style: str | None = None, **kwargs: Any) -> None:
        self.err.print(self._laid_out(message, style), **kwargs)

    def warn(self, message: str | Text) -> None:
        self._marked("!", "yellow", message)

    def success(self, message: str | Text) -> None:
        self._marked("✓", "green", message)

    def _marked(self, mark: str, style: str, message: str | Text) -> None:
        """'! text': on a terminal, wrapped lines stay under the text, not under the mark."""
        from rich.table import Table  # with the console (see _console)
        from rich.text import Text

        if not self.stderr_is_tty:
            self.err.print(Text.assemble((mark, style), " ", _text(message)))
            return
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(no_wrap=True)
        grid.add_column()
        grid.add_row(Text(mark, style=style), self._laid_out(message))
        self.err.print(grid)

    def _laid_out(self, message: str | Text, style: str | None = None) -> Any:
        """On a terminal, a str wraps between words (a path after '/', a quoted command
        never) and its wrapped lines keep its indent; a pipe gets it as it is."""
        if isinstance(message, str) and self.stderr_is_tty:
            from msgclient.terminal.layout import Prose  # Rich's renderables (see _console)

            return Prose(terminal_safe(message), style=style or "")
        return _text(message, style)


def _text(message: str | Text, style: str | None = None) -> Text:
    from rich.text import Text  # with the console (see IOStreams._console)

    if isinstance(message, Text):
        return message
    return Text(terminal_safe(str(message)), style=style or "")
