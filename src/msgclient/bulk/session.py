"""A bulk run from start to finish: create or reopen it, validate, send, report.

Library code: it decides and records, and tells the caller what happened
through return values and callbacks; the command layer does the talking.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from msgclient.bulk import runs
from msgclient.bulk.input.defaults import Defaults
from msgclient.bulk.input.inputs import base_dir, checker, inputs_for, stand_identity
from msgclient.bulk.input.keys import fingerprint
from msgclient.bulk.input.source import copy_input, file_fingerprint, spool
from msgclient.bulk.journal import Journal, read_meta
from msgclient.bulk.plan import Inputs, RowCallback, Validation, open_work, validate
from msgclient.bulk.runner import Sender
from msgclient.bulk.writer import JournalWriter
from msgclient.errors import UsageError
from msgclient.files.private import write_private
from msgclient.files.stand import stand_db
from msgclient.ledger.access import open_ledger

if TYPE_CHECKING:
    from msgclient.api.stand import Stand
    from msgclient.bulk.adaptive import AdaptivePace
    from msgclient.bulk.job import SenderOptions
    from msgclient.bulk.outcome import Outcome


@dataclass(frozen=True)
class Request:
    input: str            # a path, or "-" for stdin
    fmt: str              # csv | jsonl | yaml
    defaults: Defaults
    allow_duplicates: bool = False
    skip_invalid: bool = False
    run_id: str | None = None
    new_run: bool = False  # send again a file that was already sent in an earlier run


class Session:
    """One run's directory, journal and input, held under the run's lock."""

    def __init__(self, run: runs.RunDir, inputs: Inputs, journal: Journal,
                 given: Path | None = None) -> None:
        self.run = run
        self.inputs = inputs  # its path is the run's own copy of the input (copy_input)
        self.journal = journal
        self.given = given or inputs.path  # the file the user named (the copy, for stdin)
        self._lock = runs.RunLock(run)

    # -- lifecycle ----------------------------------------------------------
    @classmethod
    def start(cls, ctx: Stand, req: Request) -> Session:
        run = runs.create(req.run_id or runs.new_run_id())
        try:
            # Both passes and a resume read the run's own copy: a run sends exactly the rows
            # it checked and showed, whatever becomes of the file (or the pipe) meanwhile.
            given = None if req.input == "-" else Path(req.input).expanduser().resolve()
            path = spool(sys.stdin.buffer, run.spooled_input(req.fmt)) if given is None \
                else copy_input(given, run.spooled_input(req.fmt))
            given = given or path
            sha, size = file_fingerprint(path)
            stand = stand_identity(ctx)
            options = {"fmt": req.fmt, "defaults": req.defaults.to_json(),
                       "allowDuplicates": req.allow_duplicates}
            mark = fingerprint(sha, options, stand)
            if not req.new_run:
                _refuse_rerun(mark, run.id)
            journal = Journal(run.journal)
        except BaseException:
            shutil.rmtree(run.path, ignore_errors=True)
            raise
        base = base_dir(given, req.input)
        journal.set_meta(runId=run.id, created=_now(), input=str(given), copy=str(path),
                         inputName=req.input,
                         baseDir=str(base), sha256=sha, size=size, stand=stand, fingerprint=mark,
                         phase="validating", skipInvalid=req.skip_invalid, **options)

        write_private(run.fingerprint_file, (mark + "\n").encode("ascii"))
        session = cls(run, inputs_for(ctx, path, req.fmt, req.input, req.defaults, base),
                      journal, given)
        return session.__enter__()

    @classmethod
    def reopen(cls, ctx: Stand, run_id: str) -> Session:
        run = runs.existing(run_id)
        journal = Journal(run.journal)
        meta = journal.meta()
        given = Path(meta["input"])
        path = Path(meta.get("copy") or given)  # a run from before copies: its input itself
        defaults = Defaults.from_json(meta.get("defaults") or {})
        session = cls(run, inputs_for(ctx, path, meta["fmt"], meta["inputName"], defaults,
                                      Path(meta["baseDir"])), journal, given)
        session.__enter__()
        try:
            session._check_unchanged(meta, stand_identity(ctx))
        except BaseException:
            session.close()
            raise
        return session

    def _check_unchanged(self, meta: dict[str, Any], stand: str) -> None:
        """The file the user named is the one the run started with (docs/design.md §6: resume
        refuses a changed input), and the run's own copy of it is whole."""
        path = self.given
        if not path.exists():
            raise UsageError(f"The input of run {self.run.id}, {path}, is gone; resume needs the "
                             "same file.")
        if file_fingerprint(path) != (meta["sha256"], meta["size"]):
            raise UsageError(f"{path} changed since run {self.run.id} started; resume refuses a "
                             "changed input.",
                             hint="Restore the original file, or start a new run with it.")
        copy = self.inputs.path
        if copy != path and (not copy.exists() or
                             file_fingerprint(copy) != (meta["sha256"], meta["size"])):
            raise UsageError(f"Run {self.run.id}'s own copy of its input, {copy}, is gone or "
                             "damaged; resume refuses to guess its rows.",
                             hint="Start a new run with the file.")
        if stand != meta["stand"]:
            raise UsageError(f"Run {self.run.id} was sent to {meta['stand']}, not {stand}.",
                             hint="Resume it with the same profile (--profile) and login.")

    def __enter__(self) -> Self:
        self._lock.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.journal.close()
        self._lock.__exit__()

    def discard(self) -> None:
        """Forget a run that sent nothing (invalid rows, or the user said no)."""
        self.close()
        shutil.rmtree(self.run.path, ignore_errors=True)

    # -- the passes ---------------------------------------------------------
    @property
    def phase(self) -> str:
        return self.journal.meta().get("phase", "validating")

    def validate(self, ctx: Stand, on_row: RowCallback | None = None) -> Validation:
        meta = self.journal.meta()
        self.journal.clear_rows()  # a pass cut short by a crash starts again
        result = validate(self.inputs, self.journal, checker(ctx, self.inputs.region),
                          allow_duplicates=bool(meta.get("allowDuplicates")), on_row=on_row)
        self.journal.set_meta(phase="ready" if result.invalid == 0 else "invalid")
        return result

    def send(self, ctx: Stand, options: SenderOptions,
             on_result: Callable[[Outcome], None], pace: AdaptivePace | None = None) -> None:
        meta = self.journal.meta()
        self.journal.set_meta(phase="sending")
        login = str(meta.get("stand", "")).partition(" as ")[2] or None
        options = replace(options, login=login)
        open_ledger(ctx).close()  # refused here if damaged; created and migrated if new
        writer = JournalWriter(self.run.journal, stand_db("ledger", ctx.where))
        try:
            Sender(ctx, writer, options, on_result, pace).run(open_work(self.inputs,
                                                                       self.journal))
        finally:
            writer.close()
            self.journal.set_meta(phase="stopped" if self.journal.open_rows() else "finished",
                                  lastRun=_now())


def _refuse_rerun(mark: str, new_id: str) -> None:
    earlier = runs.find_same(mark, besides=new_id)
    if earlier is None:
        return
    finished = read_meta(earlier.journal).get("phase") == "finished"
    what = "Nothing is left to send in it" if finished else \
        f"Continue it with 'msgclient bulk resume {earlier.id}'"
    raise UsageError(f"This file was already sent with the same options in run {earlier.id}.",
                     hint=f"{what}; add --new-run to send every row again.")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
