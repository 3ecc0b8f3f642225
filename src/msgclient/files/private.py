"""Files that hold tokens or clients' personal data: 0600, inside 0700 folders, never through
a symbolic link.

A report lists phone numbers, a journal holds request bodies, the sandbox's database and
outbox hold names and emails, a token file is a login: none of them is for other users of
the machine. Every such file is created here (or pre-created here before SQLite opens it:
SQLite gives its -wal and -shm files the database file's mode).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from msgclient.errors import ConfigError, UsageError

FILE_MODE = 0o600
DIR_MODE = 0o700
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def private_dir(path: Path) -> Path:
    """Create msgclient's own folder `path` (and parents) if needed; it must be ours, not a
    link, and is narrowed to 0700. One other users can write to is refused: they could have
    put anything in it. (Not for a folder the user chose, such as a --report's.)"""
    make_dirs(path)
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise ConfigError(f"{path} is a symbolic link or not a folder; refusing to keep private "
                          "files there.")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise ConfigError(f"{path} belongs to another user; refusing to keep private files "
                          "there.")
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o022:
        raise ConfigError(f"{path} can be written by other users (mode {mode:o}); refusing to "
                          "keep private files there.", hint=f"Run 'chmod 700 {path}'.")
    if mode & 0o077:
        os.chmod(path, DIR_MODE)
    return path


def make_dirs(path: Path) -> None:
    """mkdir -p where every folder it creates is 0700 (mkdir's `mode` applies to the last
    one only: the app folder above a run's would be left 0755)."""
    missing = []
    while not path.exists() and path != path.parent:
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)


def _folder(path: Path, own: bool) -> None:
    """Our own folders are checked and narrowed; a folder the user chose is only created
    (0700 when new) and otherwise left as it is."""
    if own:
        private_dir(path)
    else:
        make_dirs(path)


def write_private(path: Path, data: bytes) -> Path:
    """Replace `path` with `data` (see replace_private)."""
    with replace_private(path, "wb") as handle:
        handle.write(data)
    return path


@contextmanager
def replace_private(path: Path, mode: str = "w", *, own_folder: bool = True,
                    **kwargs) -> Iterator[IO]:
    """Write a new `path` atomically: a fresh 0600 temporary file (O_EXCL, a random name, so
    nothing planted can be followed) renamed over it; a link at `path` is replaced, never
    followed. Readers see the old file or the whole new one. A device, pipe or folder at
    `path` is refused: renaming over /dev/null would replace the device itself."""
    try:
        kind = os.lstat(path).st_mode
    except FileNotFoundError:
        kind = None
    if kind is not None and not (stat.S_ISREG(kind) or stat.S_ISLNK(kind)):
        raise UsageError(f"{path} is not a regular file; give a file path to write to.")
    _folder(path.parent, own_folder)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def create_private(path: Path, *, own_folder: bool = True) -> Path:
    """Make sure `path` exists as our own 0600 regular file (not a link), keeping its content;
    for files another library then opens by name (SQLite)."""
    _folder(path.parent, own_folder)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0),
                 FILE_MODE)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(f"{path} is not a regular file.")
        if stat.S_IMODE(info.st_mode) != FILE_MODE:
            os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return path


def open_private(path: Path, mode: str = "w", *, own_folder: bool = True, **kwargs):
    """open() for a new or replaced private file: 0600, not through a link. In a folder the
    user chose (own_folder=False) the folder is left as it is."""
    _folder(path.parent, own_folder)
    flags = os.O_WRONLY | os.O_CREAT | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    flags |= os.O_APPEND if mode.startswith("a") else os.O_TRUNC
    fd = os.open(path, flags, FILE_MODE)
    os.fchmod(fd, FILE_MODE)
    return os.fdopen(fd, mode, **kwargs)
