"""Plain text fitted to a terminal's width in cells: wrapped between words (a path after
a '/', a quoted command never split) or cut with '…'. No Rich renderables here, so the
error boundary can wrap its one line without importing Rich's console."""

from __future__ import annotations

import re
import shutil

from rich.cells import cell_len, set_cell_size

# Where a cell may wrap: after a run of spaces, and after each '/' of a path.
BREAKS = re.compile(r"(?<=/)(?=[^/\s])|(?<=\s)(?=\S)")
# A word, or a command the user must copy as messages quote it ('msgclient …', with what
# follows the closing quote): a command is never split across lines.
TOKENS = re.compile(r"'msgclient [^']*'\S*|\S+")
COMMAND_INDENT = 2  # a command that does not fit where it falls: on its own line, this deeper


def wrap_words(words: list[str], width: int) -> list[str]:
    """Words laid out greedily on lines of `width` cells; a word wider than that is cut
    with '…' rather than broken onto the next line."""
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
    lines: list[str] = []
    line = ""
    first = text[:len(text) - len(text.lstrip(" "))]  # the first line keeps its own indent

    def lead() -> str:
        return " " * indent if lines else first

    end = len(first)
    for match in TOKENS.finditer(text):
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
        room = max(width - max(indent, len(first)), 1)
        for piece in _pieces(token, room):  # a path breaks after '/'
            if line and cell_len(f"{lead()}{line}{space}{piece}") > width:
                lines.append(lead() + line)
                line = space = ""
            line += space + piece
            space = ""
    if line or not lines:
        lines.append(lead() + line)
    return lines


# Inside a word too long for a line of its own (an address, a link), where it may break:
# after one of these, else anywhere. It is wrapped whole, never cut.
INNER_BREAKS = re.compile(r"(?<=[@.\-_?&=+,;:#])")


def _pieces(token: str, room: int) -> list[str]:
    """The token's pieces, each at most `room` cells: after each '/' of a path, and a piece
    longer than that after an '@', '.', '-' or the like where one falls, else at the edge."""
    pieces = []
    for piece in (p for p in BREAKS.split(token) if p):
        while cell_len(piece) > room:
            ends = [m.start() for m in INNER_BREAKS.finditer(piece)
                    if 0 < m.start() and cell_len(piece[:m.start()]) <= room]
            head = piece[:ends[-1]] if ends else set_cell_size(piece, room)
            head = head or piece[0]  # a character wider than the room still moves on
            pieces.append(head)
            piece = piece[len(head):]
        if piece:
            pieces.append(piece)
    return pieces


def cut(text: str, width: int) -> str:
    """`text` in at most `width` terminal cells, ending in '…' if it had to be cut."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(width - 1, 0)).rstrip() + "…"


def one_row(message: str, width: int) -> str:
    """A sentence for one row of `width` cells: whole if it fits, else its first clause,
    else that clause cut with '…'."""
    if cell_len(message) <= width:
        return message
    head = message.split("; ")[0].rstrip(".") + "."
    if cell_len(head) <= width:
        return head
    kept = wrap_words(BREAKS.split(head), max(width - 1, 1))[0]  # whole words, then '…'
    return kept if kept.endswith("…") else kept.rstrip(" ,;:(") + "…"


def fit_choice(label: str, margin: int = 6) -> str:
    """A choice on one terminal row, cut with '…' where it would wrap (the prompt's pointer
    and padding take `margin` columns)."""
    room = max(shutil.get_terminal_size().columns - margin, 20)
    return label if len(label) <= room else label[:room - 1].rstrip() + "…"
