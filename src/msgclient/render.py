"""Turn stand data into a table (terminal), tab-separated lines (pipe) or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from msgclient.iostreams import IOStreams

Column = tuple[str, Callable[[dict], Any]]
TIME_KEYS = ("startTime", "stateChangeTime", "createdAt", "timestamp")


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
    if parsed is None:
        return ""
    return parsed.astimezone().strftime("%Y-%m-%d %H:%M")


def normalize(data: Any) -> Any:
    """Stable JSON: times with offsets, everything else as the stand named it."""
    if isinstance(data, dict):
        return {k: iso(v) if k in TIME_KEYS and isinstance(v, str) else normalize(v)
                for k, v in data.items()}
    if isinstance(data, list):
        return [normalize(v) for v in data]
    return data


def emit_json(io: IOStreams, data: Any) -> None:
    io.write(json.dumps(normalize(data), ensure_ascii=False, indent=2) + "\n")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def emit_table(io: IOStreams, rows: Iterable[dict], columns: list[Column], *,
               empty: str = "Nothing to show.") -> int:
    """A Rich table on a terminal; tab-separated rows without colour when piped."""
    count = 0
    if not io.stdout_is_tty:
        for row in rows:
            cells = (_cell(get(row)).replace("\t", " ").replace("\n", " ") for _, get in columns)
            io.stdout.write("\t".join(cells) + "\n")
            count += 1
        io.stdout.flush()
        return count
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    for header, _ in columns:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(Text(_cell(get(row))) for _, get in columns))
        count += 1
    if count:
        io.out.print(table, markup=False)
    else:
        io.info(empty)
    return count
