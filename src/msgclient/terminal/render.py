"""Turn stand data into a table (terminal), tab-separated lines (pipe) or JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from msgclient.rules.text import INVISIBLE, LINE_SEPARATORS, clip, one_line, terminal_safe
from msgclient.terminal.iostreams import IOStreams

if TYPE_CHECKING:
    from rich.text import Text


class Column(NamedTuple):
    header: str
    get: Callable[[dict], Any]
    whole: bool = False  # an id or name people type: never cut, the other columns give way


TIME_KEYS = ("startTime", "stateChangeTime", "createdAt", "timestamp")
NARROW = 80  # terminal columns
# What of one stand value is printed for people (JSON prints it whole): a table cell is a
# name, a status, a time; a text in a view is at most a message (an email: 100,000).
CELL_LIMIT = 1_000
TEXT_LIMIT = 100_000


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
        return clip(", ".join(cell(v) for v in value[:CELL_LIMIT]), CELL_LIMIT)
    text = clip(str(value), CELL_LIMIT)
    return one_line(text.replace("\t", " ").replace("\r\n", " ").replace("\n", " "))


def styled(*parts: str | tuple[Any, str]) -> Text:
    """A line from parts: a str is data, (value, style) is data in our style. Data is never
    markup and is made terminal-safe, so names and texts from the stand are shown, not run."""
    from rich.text import Text  # Rich enters with what is drawn for people (iostreams)

    line = Text()
    for part in parts:
        value, style = (part, "") if isinstance(part, str) else part
        line.append(terminal_safe(clip(str(value), TEXT_LIMIT)), style=style)
    return line


def grouped(groups: Iterable[Text], width: int, gap: str = "   ") -> list[Text]:
    """'Label: value' groups on as few lines as the width allows, never split inside a group:
    'Changed: 2026-11-17 13:32' stays whole on a narrow terminal. Further lines indent by 2."""
    from rich.text import Text  # as in styled

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
    # Rich's table: only on a terminal, so piped rows and JSON never import Rich.
    from msgclient.terminal.layout import draw_table

    draw_table(io.out, [(c.header, c.whole) for c in cols], cells, wide=io.out.width >= NARROW)
    return len(cells)
