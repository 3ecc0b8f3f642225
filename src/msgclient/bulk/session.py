"""A bulk run from start to finish: create or reopen it, validate, send, report.

Library code: it decides and records, and tells the caller what happened
through return values and callbacks; the command layer does the talking.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from msgclient.bulk import runs
from msgclient.bulk.defaults import Defaults
from msgclient.bulk.journal import Journal, read_meta
from msgclient.bulk.keys import fingerprint
from msgclient.bulk.plan import Inputs, RowCallback, Validation, open_work, validate
from msgclient.bulk.rows import RowBuilder
from msgclient.bulk.source import file_fingerprint, spool
from msgclient.errors import UsageError

if TYPE_CHECKING:
    from msgclient.bulk.outcome import Outcome
    from msgclient.bulk.runner import SenderOptions
    from msgclient.context import Context


@dataclass(frozen=True)
class Request:
    input: str            # a path, or "-" for stdin
    fmt: str              # csv | jsonl | yaml
    defaults: Defaults
    allow_duplicates: bool = False
    run_id: str | None = None
    new_run: bool = False  # send again a file that was already sent in an earlier run


def stand_identity(ctx: Context) -> str:
    """Which stand and which user: keys are scoped per user, so both must match on resume."""
    settings = ctx.settings
    where = (f"sandbox:{settings.sandbox_db_path.resolve()}" if settings.uses_sandbox
             else str(settings.url).rstrip("/"))
    try:
        login = ctx.catalog.me().get("login")
    except Exception:  # noqa: BLE001 - a stand without /me: the URL alone identifies it
        login = None
    return f"{where} as {login}" if login else where


def _templates(ctx: Context):
    def load() -> list[dict]:
        from msgclient.api.errors import Unsupported

        try:
            return ctx.catalog.templates
        except Unsupported:
            return []  # a row naming a template then fails check_message with the reason
    return load


def base_dir(path: Path, name: str) -> Path:
    """Where a row's relative attachment paths start: the file's folder (stdin: here)."""
    return Path.cwd() if name == "-" else path.resolve().parent


def inputs_for(ctx: Context, path: Path, fmt: str, name: str, defaults: Defaults,
               base: Path) -> Inputs:
    builder = RowBuilder(defaults, base_dir=base, templates=_templates(ctx))
    return Inputs(path, fmt, "stdin" if name == "-" else name, builder,
                  ctx.settings.default_region)


def checker(ctx: Context, region: str | None):
    from msgclient.sending import check_message

    catalog = ctx.catalog
    return lambda row: check_message(catalog, row.recipient, row.message, region=region)


class Session:
    """One run's directory, journal and input, held under the run's lock."""

    def __init__(self, run: runs.RunDir, inputs: Inputs, journal: Journal) -> None:
        self.run = run
        self.inputs = inputs
        self.journal = journal
        self._lock = runs.RunLock(run)

    # -- lifecycle ----------------------------------------------------------
    @classmethod
    def start(cls, ctx: Context, req: Request) -> Session:
        run = runs.create(req.run_id or runs.new_run_id())
        try:
            path = spool(sys.stdin.buffer, run.spooled_input(req.fmt)) if req.input == "-" \
                else Path(req.input).expanduser().resolve()
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
        base = base_dir(path, req.input)
        journal.set_meta(runId=run.id, created=_now(), input=str(path), inputName=req.input,
                         baseDir=str(base), sha256=sha, size=size, stand=stand, fingerprint=mark,
                         phase="validating", **options)
        session = cls(run, inputs_for(ctx, path, req.fmt, req.input, req.defaults, base),
                      journal)
        return session.__enter__()

    @classmethod
    def reopen(cls, ctx: Context, run_id: str) -> Session:
        run = runs.existing(run_id)
        journal = Journal(run.journal)
        meta = journal.meta()
        path = Path(meta["input"])
        defaults = Defaults.from_json(meta.get("defaults") or {})
        session = cls(run, inputs_for(ctx, path, meta["fmt"], meta["inputName"], defaults,
                                      Path(meta["baseDir"])), journal)
        session.__enter__()
        try:
            session._check_unchanged(meta, stand_identity(ctx))
        except BaseException:
            session.close()
            raise
        return session

    def _check_unchanged(self, meta: dict[str, Any], stand: str) -> None:
        path = self.inputs.path
        if not path.exists():
            raise UsageError(f"The input of run {self.run.id}, {path}, is gone; resume needs the "
                             "same file.")
        if file_fingerprint(path) != (meta["sha256"], meta["size"]):
            raise UsageError(f"{path} changed since run {self.run.id} started; resume refuses a "
                             "changed input.",
                             hint="Restore the original file, or start a new run with it.")
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

    def validate(self, ctx: Context, on_row: RowCallback | None = None) -> Validation:
        meta = self.journal.meta()
        self.journal.clear_rows()  # a pass cut short by a crash starts again
        result = validate(self.inputs, self.journal, checker(ctx, self.inputs.region),
                          allow_duplicates=bool(meta.get("allowDuplicates")), on_row=on_row)
        self.journal.set_meta(phase="ready" if result.invalid == 0 else "invalid",
                              counted={"rows": result.rows, "valid": result.valid})
        return result

    def send(self, ctx: Context, options: SenderOptions,
             on_result: Callable[[Outcome], None]) -> None:
        from msgclient.bulk.runner import Sender
        from msgclient.bulk.writer import JournalWriter

        self.journal.set_meta(phase="sending")
        writer = JournalWriter(self.run.journal)
        try:
            Sender(ctx, writer, options, on_result).run(open_work(self.inputs, self.journal))
        finally:
            writer.close()
            left = self.journal.counts()
            still_open = sum(left[s] for s in ("pending", "in_flight", "failed", "unknown"))
            self.journal.set_meta(phase="finished" if not still_open else "stopped",
                                  lastRun=_now())


def _refuse_rerun(mark: str, new_id: str) -> None:
    for earlier in runs.all_runs():
        if earlier.id == new_id:
            continue
        meta = read_meta(earlier.journal)
        if meta.get("fingerprint") == mark and meta.get("phase") not in ("validating", "invalid"):
            raise UsageError(
                f"This file was already sent with the same options in run {earlier.id}.",
                hint=f"See 'msgclient bulk status {earlier.id}'; continue it with 'msgclient "
                     f"bulk resume {earlier.id}', or add --new-run to send everything again.")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
