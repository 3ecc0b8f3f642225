"""Text that stays readable when a narrow terminal wraps it.

A string printed with leading spaces wraps back to column 0; Rich's Padding wraps inside
the indent instead, and a two-column grid keeps a value to the right of its label. Table
cells wrap between words (and after each '/' of a tag path), never inside one; what still
does not fit is cut with '…'. Values are Text, never markup: they come from the user and
the stand.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.measure import Measurement
    from rich.text import Text

# Where a cell may wrap: after a run of spaces, and after each '/' of a path.
_BREAKS = re.compile(r"(?<=/)(?=[^/\s])|(?<=\s)(?=\S)")
# A word, or a command the user must copy as messages quote it ('msgclient …', with what
# follows the closing quote): a command is never split across lines.
_TOKENS = re.compile(r"'msgclient [^']*'\S*|\S+")
COMMAND_INDENT = 2  # a command that does not fit where it falls: on its own line, this deeper


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
    grid.add_column()
    for label, value in rows:
        grid.add_row(Text(f"{label}:"), Prose(_printable(value)))
    console.print(Padding(grid, (0, 0, 0, indent), expand=False))


class Cell:
    """One table cell (already terminal-safe text) that wraps at word and path breaks only."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = [w for w in _BREAKS.split(text) if w]

    @property
    def narrowest(self) -> int:
        """The fewest cells it takes without cutting a word: its widest word."""
        from rich.cells import cell_len

        return max((cell_len(w.rstrip()) for w in self.words), default=0)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.cells import cell_len
        from rich.measure import Measurement

        return Measurement(self.narrowest, cell_len(self.text)).with_maximum(options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text

        lines = wrap_words(self.words, max(options.max_width, 1))
        yield Text("\n".join(lines), no_wrap=True, overflow="ellipsis")


class Prose(Cell):
    """Text (already terminal-safe) laid out by wrap_text: nothing is cut, a path breaks
    after a '/', a quoted command stays on one line."""

    def __init__(self, text: str, style: str = "") -> None:
        super().__init__(text)
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text

        indent = len(self.text) - len(self.text.lstrip(" "))
        lines = wrap_text(self.text, max(options.max_width, 1), indent)
        yield Text("\n".join(lines), style=self.style, no_wrap=True, overflow="ignore")


def wrap_words(words: list[str], width: int) -> list[str]:
    """Words laid out greedily on lines of `width` cells; a word wider than that is cut
    with '…' rather than broken onto the next line."""
    from rich.cells import cell_len

    lines: list[str] = []
    line = ""
    for word in words:
        if line and cell_len((line + word).rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        line += word
        if cell_len(line.rstrip()) > width:
            lines.append(cut(line.rstrip(), width))
            line = ""
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def wrap_text(text: str, width: int, indent: int = 0) -> list[str]:
    """`text` on lines of `width` cells, broken between words, a path too long for a line
    after a '/', never inside a word; lines after the first start at `indent`. A quoted
    command is never split: if it does not fit where it falls, it gets a line of its own,
    COMMAND_INDENT deeper."""
    from rich.cells import cell_len

    lines: list[str] = []
    line = ""
    first = text[:len(text) - len(text.lstrip(" "))]  # the first line keeps its own indent

    def lead() -> str:
        return " " * indent if lines else first

    end = len(first)
    for match in _TOKENS.finditer(text):
        token, gap = match.group(0), text[end:match.start()]  # spaces as they were written
        end = match.end()
        if token.startswith("'msgclient ") and line and \
                cell_len(f"{lead()}{line}{gap}{token}") > width:
            lines.append(lead() + line)
            lines.append(lead() + " " * COMMAND_INDENT + token)
            line = ""
            continue
        if line and cell_len(f"{lead()}{line}{gap}{token}") > width >= \
                cell_len(" " * indent + token):  # a word that fits a line of its own
            lines.append(lead() + line)
            line = ""
        space = gap if line else ""
        for piece in (p for p in _BREAKS.split(token) if p):  # a path breaks after '/'
            if line and cell_len(f"{lead()}{line}{space}{piece}") > width:
                lines.append(lead() + line)
                line = space = ""
            line += space + piece
            space = ""
    if line or not lines:
        lines.append(lead() + line)
    return lines


def cut(text: str, width: int) -> str:
    """`text` in at most `width` terminal cells, ending in '…' if it had to be cut."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(width - 1, 0)).rstrip() + "…"


def one_row(message: str, width: int) -> str:
    """A sentence for one row of `width` cells: whole if it fits, else its first clause,
    else that clause cut with '…'."""
    from rich.cells import cell_len

    if cell_len(message) <= width:
        return message
    head = message.split("; ")[0].rstrip(".") + "."
    if cell_len(head) <= width:
        return head
    kept = wrap_words(_BREAKS.split(head), max(width - 1, 1))[0]  # whole words, then '…'
    return kept if kept.endswith("…") else kept.rstrip(" ,;:(") + "…"


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
