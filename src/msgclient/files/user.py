"""Reading a file the user named (--text-file, the config file): regular files only, a size
cap checked before reading, strict UTF-8.

Opened with O_NONBLOCK so a FIFO with no writer cannot block the command forever (it is then
refused as "not a regular file"); the size is checked on the open descriptor, and at most
cap + 1 bytes are read, so /dev/zero or a growing file cannot exhaust memory. Stdin is read
with the same cap, and a pipe that gives nothing for PIPE_IDLE seconds is given up on.
"""

from __future__ import annotations

import os
import queue
import stat
import threading
import weakref
from collections.abc import Iterator
from typing import Any, BinaryIO

from msgclient.errors import UsageError
from msgclient.rules.text import one_line

TEXT_CAP = 1 << 20  # far above any message (email text tops out at 100,000 characters)
PIPE_IDLE = 300.0  # seconds a pipe may give nothing before msgclient stops waiting for it


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
    """Stdin, read up to the cap (a pipe has no size to check first), and given up on when a
    pipe gives nothing for PIPE_IDLE seconds (waiting_chunks)."""
    data, size = [], 0
    for chunk in waiting_chunks(stream, what):
        data.append(chunk)
        size += len(chunk)
        if size > cap:
            raise UsageError(f"{what} is larger than {_size_words(cap)}; at most that is read.")
    return b"".join(data)


def read_stdin_text(stream: Any, what: str, cap: int) -> str:
    """A text stream's content (the token, the password), with read_stream's bounds."""
    raw = getattr(stream, "buffer", None)
    if raw is None:  # a text-only stream (tests): in memory, it cannot block
        text = stream.read(cap + 1)
        if len(text) > cap:
            raise UsageError(f"{what} is larger than {_size_words(cap)}; at most that is read.")
        return text
    return decode(read_stream(raw, what, cap), what)


def waiting_chunks(stream: BinaryIO, what: str, size: int = 1 << 16) -> Iterator[bytes]:
    """The stream's bytes as they come. A pipe that gives nothing for PIPE_IDLE seconds stops
    the command in one line, whatever holds its other end open; a terminal is a person
    typing and is waited for, as is a stream without a descriptor (in memory)."""
    if not _waits(stream):
        while chunk := _read1(stream, size):
            yield chunk
        return
    pipe = _pipe(stream)
    while chunk := pipe.take(what):
        yield chunk


def peek(stream: Any, what: str) -> bytes:
    """The first bytes of a stream, not consumed (waiting_chunks gives them again)."""
    if not _waits(stream):
        return stream.peek(1 << 12)
    return _pipe(stream).peek(what)


class _Pipe:
    """One pipe's bytes, read from its descriptor by a daemon thread.

    The thread reads the descriptor itself, never the buffered stream around it: a thread
    still blocked inside a BufferedReader when msgclient exits would make the interpreter
    abort on its lock. Blocked in os.read, it holds nothing and ends with the process.
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.head = b""  # peeked, not yet taken
        self.ended = False
        self.got: queue.Queue[bytes | OSError] = queue.Queue(maxsize=16)
        threading.Thread(target=self._pump, name="stdin", daemon=True).start()

    def _pump(self) -> None:
        try:
            while chunk := os.read(self.fd, 1 << 16):
                self.got.put(chunk)
            self.got.put(b"")
        except OSError as exc:
            self.got.put(exc)

    def peek(self, what: str) -> bytes:
        if not self.head and not self.ended:
            self.head = self._next(what)
        return self.head

    def take(self, what: str) -> bytes:
        if self.head:
            chunk, self.head = self.head, b""
            return chunk
        return b"" if self.ended else self._next(what)

    def _next(self, what: str) -> bytes:
        try:
            item = self.got.get(timeout=PIPE_IDLE)
        except queue.Empty:
            raise UsageError(f"{what} gave nothing for {PIPE_IDLE:g} s; msgclient stopped "
                             "waiting for it.", hint="Close the pipe's other end when it is "
                             "done (or check what feeds it).") from None
        if isinstance(item, OSError):
            raise UsageError(f"{what} cannot be read: {item.strerror}.")
        self.ended = not item
        return item


_pipes: weakref.WeakKeyDictionary[Any, _Pipe] = weakref.WeakKeyDictionary()


def _pipe(stream: Any) -> _Pipe:
    """The stream's one reader (a peek and the read after it share its bytes)."""
    if stream not in _pipes:
        _pipes[stream] = _Pipe(stream.fileno())
    return _pipes[stream]


def _waits(stream: Any) -> bool:
    """Whether reading `stream` may block on someone else: a pipe, socket or FIFO."""
    try:
        mode = os.fstat(stream.fileno()).st_mode
        return not stream.isatty() and not stat.S_ISREG(mode)
    except (AttributeError, OSError, ValueError):
        return False


def _read1(stream: Any, size: int) -> bytes:
    read = getattr(stream, "read1", None) or stream.read
    return read(size) or b""


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
