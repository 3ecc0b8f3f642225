"""An input file as numbered text lines: streamed, UTF-8 (a BOM is tolerated), bounded.

Decoding happens here, line by line, rather than in `open(encoding=...)`, so a
file saved in another encoding is reported with the line that broke, and a
monstrous line (a pasted binary, a missing newline in a 10 MB export) cannot
pull the whole file into memory: only MAX_LINE_BYTES of it is kept.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from msgclient.errors import UsageError
from msgclient.files.private import open_private
from msgclient.files.user import waiting_chunks

MAX_LINE_BYTES = 1 << 20  # far above any message (email text tops out at 100,000 chars)
SPOOL_CAP = 4 << 30  # bytes of rows read from stdin: a million long rows and room to spare
BOM = b"\xef\xbb\xbf"
_CHUNK = 1 << 16


class LineSource:
    """Iterate decoded lines (line endings kept, as csv wants them) and remember problems.

    `problems` maps a line number to what is wrong with it (not UTF-8, too long);
    the format readers pop the entries of the lines a row spans. `digest` and
    `size` cover every byte read, so a finished pass fingerprints the file.
    """

    def __init__(self, raw: BinaryIO, max_line: int = MAX_LINE_BYTES) -> None:
        self.raw = raw
        self.max_line = max_line
        self.lineno = 0
        self.size = 0
        self.digest = hashlib.sha256()
        self.problems: dict[int, str] = {}

    def __iter__(self) -> Iterator[str]:
        while True:
            data = self.raw.readline(self.max_line + 1)
            if not data:
                return
            self._count(data)
            self.lineno += 1
            if self.lineno == 1 and data.startswith(BOM):
                data = data[len(BOM):]
            if len(data) > self.max_line and not data.endswith(b"\n"):
                skipped = self._skip_rest_of_line()
                self.problems[self.lineno] = (
                    f"the line is {_size(len(data) + skipped)} long; a row may take at most "
                    f"{_size(self.max_line)}")
                yield "\n"
                continue
            yield self._decode(data)

    def _count(self, data: bytes) -> None:
        self.size += len(data)
        self.digest.update(data)

    def _skip_rest_of_line(self) -> int:
        skipped = 0
        while True:
            data = self.raw.readline(_CHUNK)
            if not data:
                return skipped
            self._count(data)
            skipped += len(data)
            if data.endswith(b"\n"):
                return skipped

    def _decode(self, data: bytes) -> str:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.problems[self.lineno] = (
                f"the line is not UTF-8 (byte 0x{data[exc.start]:02x} at byte {exc.start + 1}); "
                "save the file as UTF-8")
            return data.decode("utf-8", errors="replace")

    def take_problem(self, first: int, last: int) -> str | None:
        """The first problem on lines first..last, forgetting those lines' entries."""
        found = None
        for line in range(first, last + 1):
            problem = self.problems.pop(line, None)
            found = found or problem
        return found


def _size(count: int) -> str:
    if count >= 1 << 30:
        return f"{count / (1 << 30):.1f} GB"
    if count >= 1 << 20:
        return f"{count / (1 << 20):.1f} MB"
    return f"{count / 1024:.0f} KB"


def file_fingerprint(path: Path) -> tuple[str, int]:
    """(sha256 hex, size) of a file, streamed."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK * 16):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def copy_input(path: Path, target: Path) -> Path:
    """The run's own copy of its input file: what it checks, shows and sends are its rows,
    whatever happens to the file meanwhile (rewritten at the confirmation prompt, replaced,
    still growing). Streamed, and only as many bytes as the file had when it was opened."""
    with path.open("rb") as src, open_private(target, "wb") as out:
        left = os.fstat(src.fileno()).st_size
        while left > 0 and (chunk := src.read(min(left, _CHUNK * 16))):
            out.write(chunk)
            left -= len(chunk)
    return target


def spool(raw: BinaryIO, target: Path, cap: int | None = None) -> Path:
    """Copy a stream (stdin) to a file: a run reads its input twice and resume reads it again.
    At most `cap` bytes, and a pipe that stalls is given up on (files/user.py's bounds)."""
    cap, size = SPOOL_CAP if cap is None else cap, 0
    with open_private(target, "wb") as out:
        for chunk in waiting_chunks(raw, "stdin", size=_CHUNK * 16):
            size += len(chunk)
            if size > cap:
                raise UsageError(f"The rows on stdin are more than {_size(cap)}; at most that "
                                 "is read.", hint="Split them into several runs.")
            out.write(chunk)
    return target


class RepeatedKeys(dict):
    """A mapping that named a key twice; json and PyYAML would silently keep the last."""

    repeated: str = ""


def unique_pairs(pairs: list[tuple[Any, Any]]) -> dict:
    """json's object_pairs_hook: note a key given twice (yaml_stream does the same)."""
    found: dict = {}
    for key, value in pairs:
        if key in found and not isinstance(found, RepeatedKeys):
            found = RepeatedKeys(found)
            found.repeated = str(key)
        found[key] = value
    return found
