"""Turn stand data into a table (terminal), tab-separated lines (pipe) or JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, NamedTuple

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from msgclient.rules.text import INVISIBLE, LINE_SEPARATORS, one_line, terminal_safe
from msgclient.terminal.iostreams import IOStreams
from msgclient.terminal.layout import Cell


class Column(NamedTuple):
    header: str
    get: Callable[[dict], Any]
    whole: bool = False  # an id or name people type: never cut, the other columns give way


TIME_KEYS = ("startTime", "stateChangeTime", "createdAt", "timestamp")
NARROW = 80  # terminal columns


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def iso(value: str | None) -> str | None:
    """ISO 8601 with an explicit offset, whatever form the stand used."""
    parsed = parse_time(value)
    return parsed.isoformat(timespec="seconds") if parsed else value


def short_time(value: str | None) -> str:
    parsed = parse_time(value)
    return "" if parsed is None else local_minute(parsed)


def local_minute(moment: datetime) -> str:
    """A time as tables and lines show it: the user's local time, to the minute."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def normalize(data: Any) -> Any:
    """Stable JSON: times with offsets, everything else as the stand named it."""
    if isinstance(data, dict):
        return {k: iso(v) if k in TIME_KEYS and isinstance(v, str) else normalize(v)
                for k, v in data.items()}
    if isinstance(data, list):
        return [normalize(v) for v in data]
    return data


def emit_json(io: IOStreams, data: Any) -> None:
    io.write(json_text(data) + "\n")


def json_text(data: Any) -> str:
    """JSON that is also safe on a terminal: json escapes C0 controls itself; DEL, C1, line
    separators and bidi/zero-width characters are written as \\uXXXX too (same data)."""
    return terminal_json(json.dumps(normalize(data), ensure_ascii=False, indent=2))


def terminal_json(text: str) -> str:
    """Already dumped JSON with those characters escaped (see json_text)."""
    unsafe = "".join(sorted(INVISIBLE | LINE_SEPARATORS))
    return re.sub(f"[\x7f-\x9f{unsafe}]", lambda m: f"\\u{ord(m.group(0)):04x}", text)


def cell(value: Any) -> str:
    """One table cell: one line, terminal-safe (stand text may carry escape sequences)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(cell(v) for v in value)
    return one_line(str(value).replace("\t", " ").replace("\r\n", " ").replace("\n", " "))


def styled(*parts: str | tuple[Any, str]) -> Text:
    """A line from parts: a str is data, (value, style) is data in our style. Data is never
    markup and is made terminal-safe, so names and texts from the stand are shown, not run."""
    line = Text()
    for part in parts:
        value, style = (part, "") if isinstance(part, str) else part
        line.append(terminal_safe(str(value)), style=style)
    return line


def grouped(groups: Iterable[Text], width: int, gap: str = "   ") -> list[Text]:
    """'Label: value' groups on as few lines as the width allows, never split inside a group:
    'Changed: 2026-11-17 13:32' stays whole on a narrow terminal. Further lines indent by 2."""
    lines: list[Text] = []
    line = Text()
    for group in groups:
        if line.plain.strip() and len(line) + len(gap) + len(group) > width:
            lines.append(line)
            line = Text("  ")
        elif line.plain:
            line.append(gap)
        line.append_text(group)
    return [*lines, line]


def emit_table(io: IOStreams, rows: Iterable[dict], columns: list[Column], *,
               empty: str = "Nothing to show.") -> int:
    """A Rich table on a terminal; tab-separated rows without colour when piped."""
    count = 0
    if not io.stdout_is_tty:
        for row in rows:
            cells = (cell(c[1](row)) for c in columns)
            io.stdout.write("\t".join(cells) + "\n")
            count += 1
        io.stdout.flush()
        return count

    cols = [Column(*c) for c in columns]
    cells = [[cell(c.get(row)) for c in cols] for row in rows]
    if not cells:
        io.info(empty)
        return 0
    widths = [max([cell_len(c.header), *(cell_len(r[i]) for r in cells)])
              for i, c in enumerate(cols)]
    words = [max([cell_len(c.header), *(Cell(r[i]).narrowest for r in cells)])
             for i, c in enumerate(cols)]
    # Below 80 columns one space between columns leaves the cells room for whole words.
    wide = io.out.width >= NARROW
    room = io.out.width - (2 if wide else 1) * (len(cols) - 1) - \
        sum(w for w, c in zip(widths, cols, strict=True) if c.whole)
    others = [i for i, c in enumerate(cols) if not c.whole]
    shares = iter(fair_shares([widths[i] for i in others], [words[i] for i in others], room))
    table = Table(box=None, header_style="bold", pad_edge=False,
                  padding=(0, 1) if wide else (0, 1, 0, 0))
    for c, width in zip(cols, widths, strict=True):
        if c.whole:
            table.add_column(c.header, no_wrap=True, min_width=width)
        else:
            table.add_column(c.header, max_width=next(shares))
    for row in cells:  # cells wrap between words, never inside one (a narrow terminal)
        table.add_row(*(Cell(text) for text in row))
    io.out.print(table, markup=False)
    return len(cells)


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
