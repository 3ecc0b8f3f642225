"""Say what msgclient is waiting for while the stand answers, on a terminal only.

A slow stand otherwise leaves a still screen for many seconds between questions. The
status line is transient (it disappears once the answer is in) and never reaches a pipe.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from msgclient.cli.context import Context


@contextlib.contextmanager
def waiting(ctx: Context, what: str) -> Iterator[None]:
    if not (ctx.io.can_prompt and ctx.io.stderr_is_tty):
        yield
        return
    with ctx.io.err.status(what, spinner="dots"):
        yield
