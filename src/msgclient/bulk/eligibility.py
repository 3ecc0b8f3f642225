"""--dry-run --check-eligibility: ask the stand whether each valid row could be sent now.

Each row costs the look-ups `send` makes (thread, profile, short-info), so they
run on a small pool; verdicts are handed on in line order through a bounded
window, so the output reads like the file and memory stays flat.

A plain dry run asks only about the rows WhatsApp's 24-hour window may stop (on a stand that
says when clients last wrote): what the real run would refuse before sending.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from msgclient.bulk.input.rows import BulkRow
from msgclient.errors import MsgclientError, RuleRefusal
from msgclient.outgoing.prepare import prepare, window_applies

if TYPE_CHECKING:
    from msgclient.api.stand import Stand


@dataclass(frozen=True)
class Verdict:
    line: int
    row: BulkRow | None
    state: str            # pending (could be sent now) | refused | invalid | duplicate | failed
    reason: str | None = None
    code: str | None = None
    summary: dict | None = None  # prepare.prepare's summary for rows that were asked about
    zone: tuple[str, str] | None = None  # the client's zone and where it came from


class EligibilityCheck:
    """A RowCallback for plan.validate that emits a Verdict per row, in line order."""

    def __init__(self, ctx: Stand, concurrency: int, emit: Callable[[Verdict], None],
                 every_rule: bool = True) -> None:
        self.ctx = ctx
        self.emit = emit
        self.every_rule = every_rule  # False: only the rows the window may stop are asked
        self.in_flight: deque[Future[Verdict]] = deque()
        self.limit = 2 * concurrency
        self.pool = ThreadPoolExecutor(concurrency, thread_name_prefix="eligibility")

    def __call__(self, line: int, row: BulkRow | None, state: str, reason: str | None,
                 code: str | None) -> None:
        if state == "pending" and row is not None and self._asks(row):
            future = self.pool.submit(self._ask, row)
        else:
            future = Future()
            future.set_result(Verdict(line, row, state, reason, code))
        self.in_flight.append(future)
        while len(self.in_flight) > self.limit:
            self.emit(self.in_flight.popleft().result())

    def abandon(self) -> None:
        """Stop without the verdicts still out (Ctrl-C, an error): nothing more is emitted."""
        self.in_flight.clear()
        self.pool.shutdown(wait=False, cancel_futures=True)

    def finish(self) -> None:
        try:
            while self.in_flight:
                self.emit(self.in_flight.popleft().result())
        finally:
            self.pool.shutdown(cancel_futures=True)

    def _asks(self, row: BulkRow) -> bool:
        return self.every_rule or window_applies(self.ctx.catalog, row.message, row.recipient)

    def _ask(self, row: BulkRow) -> Verdict:
        try:  # without every rule, prepare still applies the window (as the real run does)
            prepared = prepare(self.ctx, row.recipient, row.message,
                               eligibility=self.every_rule, upload=False)
        except RuleRefusal as exc:  # msgclient's check or the stand's answer
            return Verdict(row.line, row, "refused", exc.message.rstrip("."), exc.code)
        except MsgclientError as exc:
            return Verdict(row.line, row, "failed", exc.message.rstrip("."),
                           getattr(exc, "code", None))
        return Verdict(row.line, row, "pending", summary=prepared.summary)
