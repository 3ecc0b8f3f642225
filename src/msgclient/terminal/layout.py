"""Indented blocks that keep their indent when a narrow terminal wraps them.

A string printed with leading spaces wraps back to column 0; Rich's Padding wraps inside
the indent instead, and a two-column grid keeps a value to the right of its label.
Values are Text, never markup: they come from the user and the stand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def indented(console: Console, text: str, indent: int, style: str = "") -> None:
    from rich.padding import Padding
    from rich.text import Text

    console.print(Padding(Text(_printable(text), style=style), (0, 0, 0, indent), expand=False))


def indented_styled(console: Console, line: Text, indent: int) -> None:
    """A styled line (render.styled: data already made safe), wrapped inside the indent."""
    from rich.padding import Padding

    console.print(Padding(line, (0, 0, 0, indent), expand=False))


def labelled(console: Console, rows: list[tuple[str, str]], indent: int = 2) -> None:
    """'Label: value' rows; a long value wraps under itself, not under the label."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in rows:
        grid.add_row(Text(f"{label}:"), Text(_printable(value)))
    console.print(Padding(grid, (0, 0, 0, indent), expand=False))


def fit_choice(label: str, margin: int = 6) -> str:
    """A choice on one terminal row, cut with '…' where it would wrap (the prompt's pointer
    and padding take `margin` columns)."""
    import shutil

    room = max(shutil.get_terminal_size().columns - margin, 20)
    return label if len(label) <= room else label[:room - 1].rstrip() + "…"


def _printable(text: str) -> str:
    """No terminal escapes from data (the one policy: rules.text)."""
    from msgclient.rules.text import terminal_safe

    return terminal_safe(text)
