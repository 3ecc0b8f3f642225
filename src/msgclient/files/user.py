"""Reading a file the user named (--text-file, the config file): regular files only, a size
cap checked before reading, strict UTF-8.

Opened with O_NONBLOCK so a FIFO with no writer cannot block the command forever (it is then
refused as "not a regular file"); the size is checked on the open descriptor, and at most
cap + 1 bytes are read, so /dev/zero or a growing file cannot exhaust memory.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from msgclient.errors import UsageError
from msgclient.rules.text import one_line

TEXT_CAP = 1 << 20  # far above any message (email text tops out at 100,000 characters)


def _size_words(count: int) -> str:
    return f"{count / (1 << 20):.1f} MB" if count >= 1 << 20 else f"{count:,} bytes"


def read_bytes(path: str, what: str, cap: int = TEXT_CAP,
               error: type[UsageError] = UsageError) -> bytes:
    """The content of the regular file at `path`; `error` names `what` and why otherwise."""
    shown = f"{what} {one_line(path)}"
    try:
        fd = os.open(os.path.expanduser(path),
                     os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error(f"{shown} does not exist.") from None
    except OSError as exc:
        raise error(f"{shown} cannot be read: {exc.strerror}.") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(f"{shown} is a directory, not a file.")
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{shown} is not a regular file (a device, pipe or socket).")
        if info.st_size > cap:
            raise error(f"{shown} is {_size_words(info.st_size)}; at most "
                        f"{_size_words(cap)} is read.")
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        return _read_capped(handle, shown, cap, error)


def read_stream(stream: BinaryIO, what: str, cap: int = TEXT_CAP) -> bytes:
    """Stdin, read up to the cap (a pipe has no size to check first)."""
    return _read_capped(stream, what, cap, UsageError)


def _read_capped(handle: BinaryIO, shown: str, cap: int, error: type[UsageError]) -> bytes:
    try:
        data = handle.read(cap + 1)
    except OSError as exc:
        raise error(f"{shown} cannot be read: {exc.strerror}.") from None
    if data is None:  # a non-blocking stream with nothing to read yet
        data = b""
    if len(data) > cap:
        raise error(f"{shown} is larger than {_size_words(cap)}; at most that is read.")
    return data


def decode(data: bytes, shown: str, error: type[UsageError] = UsageError) -> str:
    """Strict UTF-8 (a BOM is dropped); the first undecodable byte is named."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"{shown} is not UTF-8 text (byte {exc.start} is 0x{data[exc.start]:02x}).",
                    hint="Convert it first, e.g. iconv -f CP1251 -t UTF-8.") from None


def read_text(path: str, what: str, cap: int = TEXT_CAP,
              error: type[UsageError] = UsageError) -> str:
    return decode(read_bytes(path, what, cap, error), f"{what} {one_line(path)}", error)
