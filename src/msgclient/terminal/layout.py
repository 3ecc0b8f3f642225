"""Text that stays readable when a narrow terminal wraps it.

A string printed with leading spaces wraps back to column 0; Rich's Padding wraps inside
the indent instead, and a two-column grid keeps a value to the right of its label. Table
cells wrap between words (and after each '/' of a tag path), never inside one; what still
does not fit is cut with '…'. Values are Text, never markup: they come from the user and
the stand.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from msgclient.rules.text import terminal_safe
from msgclient.terminal.wrap import BREAKS, wrap_text, wrap_words


def indented(console: Console, text: str, indent: int, style: str = "") -> None:
    """One line of text, wrapped inside the indent. A blank line is printed as one: Rich
    prints nothing at all for an empty Text, and a message's paragraphs ran together."""
    if not text.strip():
        console.print()
        return
    console.print(Padding(Text(_printable(text), style=style), (0, 0, 0, indent), expand=False))


def indented_styled(console: Console, line: Text, indent: int) -> None:
    """A styled line (render.styled: data already made safe), wrapped inside the indent."""
    console.print(Padding(line, (0, 0, 0, indent), expand=False))


def labelled(console: Console, rows: list[tuple[str, str]], indent: int = 2) -> None:
    """'Label: value' rows; a long value wraps under itself, not under the label."""
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
        self.words = [w for w in BREAKS.split(text) if w]

    @property
    def narrowest(self) -> int:
        """The fewest cells it takes without cutting a word: its widest word."""
        return max((cell_len(w.rstrip()) for w in self.words), default=0)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.narrowest, cell_len(self.text)).with_maximum(options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = wrap_words(self.words, max(options.max_width, 1))
        yield Text("\n".join(lines), no_wrap=True, overflow="ellipsis")


class Prose(Cell):
    """Text (already terminal-safe) laid out by wrap_text: nothing is cut, a path breaks
    after a '/', a quoted command stays on one line."""

    def __init__(self, text: str, style: str = "") -> None:
        super().__init__(text)
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = len(self.text) - len(self.text.lstrip(" "))
        lines = wrap_text(self.text, max(options.max_width, 1), indent)
        yield Text("\n".join(lines), style=self.style, no_wrap=True, overflow="ignore")


def _printable(text: str) -> str:
    """No terminal escapes from data (the one policy: rules.text)."""
    return terminal_safe(text)


def draw_table(console: Console, columns: list[tuple[str, bool]], cells: list[list[str]], *,
               wide: bool) -> None:
    """A table of terminal-safe cells; a `whole` column (an id or name people type) is never
    cut, the others share what is left, wrapping between words."""
    heads = [h for h, _ in columns]
    widths = [max([cell_len(h), *(cell_len(r[i]) for r in cells)]) for i, h in enumerate(heads)]
    words = [max([cell_len(h), *(Cell(r[i]).narrowest for r in cells)])
             for i, h in enumerate(heads)]
    # Below 80 columns one space between columns leaves the cells room for whole words.
    room = console.width - (2 if wide else 1) * (len(columns) - 1) - \
        sum(w for w, (_, whole) in zip(widths, columns, strict=True) if whole)
    others = [i for i, (_, whole) in enumerate(columns) if not whole]
    shares = iter(fair_shares([widths[i] for i in others], [words[i] for i in others], room))
    table = Table(box=None, header_style="bold", pad_edge=False,
                  padding=(0, 1) if wide else (0, 1, 0, 0))
    for (head, whole), width in zip(columns, widths, strict=True):
        if whole:
            table.add_column(head, no_wrap=True, min_width=width)
        else:
            table.add_column(head, max_width=next(shares))
    for row in cells:  # cells wrap between words, never inside one (a narrow terminal)
        table.add_row(*(Cell(text) for text in row))
    console.print(table, markup=False)


def fair_shares(wanted: list[int], least: list[int], room: int) -> list[int]:
    """Column widths within `room`: each as `wanted` if all fit; else each its `least` (its
    widest word), the rest shared out equally, narrow ones first. If even the least do not
    fit, the columns on the right give way first (cut with '…')."""
    shares = list(least)
    extra = room - sum(least)
    for i in reversed(range(len(shares))):  # not room for every whole word: cut from the right
        if extra >= 0:
            break
        give = min(-extra, shares[i] - 1)
        shares[i] -= give
        extra += give
    left = sorted(range(len(wanted)), key=lambda i: wanted[i] - shares[i])
    while left:
        i = left.pop(0)
        more = min(wanted[i] - shares[i], max(extra // (len(left) + 1), 0))
        shares[i] += more
        extra -= more
    return shares
