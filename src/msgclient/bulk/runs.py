"""Where runs live (state_dir()/runs/<run id>/), who may work on one, and finding them again."""

from __future__ import annotations

import fcntl
import os
import re
import secrets
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Self

from msgclient.bulk.journal import health, read_meta
from msgclient.config.settings import state_dir
from msgclient.errors import MsgclientError, UsageError
from msgclient.files.private import make_dirs

RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def runs_root() -> Path:
    return state_dir() / "runs"


def new_run_id() -> str:
    """Sortable by start time, unique without coordination."""
    return f"{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def check_run_id(value: str) -> str:
    if not RUN_ID.match(value or ""):
        raise UsageError(f"Run id '{value}' is not usable: use up to 64 letters, digits, '.', "
                         "'_' or '-', starting with a letter or digit.")
    return value


@dataclass(frozen=True)
class RunDir:
    id: str
    path: Path

    @property
    def journal(self) -> Path:
        return self.path / "journal.db"

    @property
    def default_report(self) -> Path:
        return self.path / "report.csv"

    @property
    def fingerprint_file(self) -> Path:
        """The run's fingerprint outside the journal, so a damaged journal still blocks a
        second send of the same file (find_same)."""
        return self.path / "fingerprint"

    def spooled_input(self, fmt: str) -> Path:
        return self.path / f"input.{fmt}"


def _started(path: Path) -> bool:
    """A run exists once its journal has its meta; a folder without is a start that died."""
    return (path / "fingerprint").is_file() or bool(read_meta(path / "journal.db").get("runId"))


def create(run_id: str) -> RunDir:
    path = runs_root() / check_run_id(run_id)
    if _started(path):
        raise UsageError(f"A bulk run '{run_id}' already exists.",
                         hint=f"Continue it with 'msgclient bulk resume {run_id}' or pick "
                              "another --run-id.")
    # The journal holds phone numbers and addresses: keep it to the user.

    make_dirs(runs_root())
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(mode=0o700)
    return RunDir(run_id, path)


def existing(run_id: str) -> RunDir:
    path = runs_root() / check_run_id(run_id)
    if not _started(path):
        raise UsageError(f"There is no bulk run '{run_id}'.",
                         hint="See 'msgclient bulk list' for the runs on this machine.")
    return RunDir(run_id, path)


def all_runs() -> Iterator[RunDir]:
    """Every run with a journal file, oldest first, damaged ones included (a damaged journal
    must still block sending its file again, see find_same).

    By the start time the journal records: a folder's ctime changes whenever its files are
    touched (reading a journal does), so it does not tell which run came first.
    """
    root = runs_root()
    if not root.is_dir():
        return
    metas = {p: read_meta(p / "journal.db") for p in root.iterdir()
             if (p / "journal.db").is_file()}
    for path in sorted(metas, key=lambda p: (str(metas[p].get("created") or ""), p.name)):
        yield RunDir(path.name, path)


def run_ids(incomplete: str) -> list[str]:
    """The runs on this machine whose id starts with `incomplete`, oldest first: what the shell
    completes after `bulk status` and `bulk resume`. A completion never fails loudly: a state
    folder that cannot be read completes nothing."""
    try:
        return [run.id for run in all_runs() if run.id.startswith(incomplete)]
    except (OSError, sqlite3.Error, MsgclientError):
        return []


def find_same(fingerprint: str, besides: str) -> RunDir | None:
    """An earlier run of the same file and options on the same stand that got past checking.

    One whose journal cannot be trusted blocks: msgclient cannot tell which rows it sent.
    """
    for run in all_runs():
        if run.id == besides or _recorded(run) != fingerprint:
            continue
        problem = health(run.journal)
        if problem:
            raise UsageError(f"This file was already sent with the same options in run {run.id}"
                             f", but {problem}: msgclient cannot tell which rows went out.",
                             hint="Check what the clients received, then add --new-run to "
                                  "send every row again.")
        if read_meta(run.journal).get("phase") not in ("validating", "invalid"):
            return run
    return None


def _recorded(run: RunDir) -> str | None:
    try:
        return run.fingerprint_file.read_text(encoding="ascii").strip()
    except (OSError, ValueError):  # a run from before the file existed
        return read_meta(run.journal).get("fingerprint")


class RunLock:
    """One process per run: two senders working on one journal could send a row twice.

    flock is released by the kernel when the holder dies, even by kill -9, so a
    crashed run never stays locked.
    """

    def __init__(self, run: RunDir) -> None:
        self.run = run
        self._fd: int | None = None

    def __enter__(self) -> Self:
        fd = os.open(self.run.path / "lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise UsageError(f"Bulk run '{self.run.id}' is in progress in another msgclient "
                             f"process (pid {holder}); wait for it or stop it first.") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None
