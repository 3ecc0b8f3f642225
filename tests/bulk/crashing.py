"""Kill a bulk run with SIGKILL at random instants and resume it: shared by the tests and
benchmarks/bulk_crash.py."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SEND = ("--channel", "viber", "--text", "Hello {{name}}", "--tag", "Sales")


@dataclass
class CrashLoop:
    msgclient: str
    rows: Path
    run_id: str
    state_dir: Path                      # $XDG_STATE_HOME/msgclient
    env: dict[str, str]
    concurrency: int = 16
    options: tuple[str, ...] = ()        # more bulk options, for every start and resume
    rng: random.Random = field(default_factory=random.Random)
    log: list[str] = field(default_factory=list)

    @property
    def journal(self) -> Path:
        return self.state_dir / "runs" / self.run_id / "journal.db"

    def started(self) -> bool:
        try:
            conn = sqlite3.connect(f"file:{self.journal}?mode=ro", uri=True, timeout=30)
            try:
                return conn.execute("SELECT count(*) FROM meta WHERE key = 'runId'"
                                    ).fetchone()[0] == 1
            finally:
                conn.close()
        except sqlite3.Error:
            return False

    def states(self) -> dict[str, int]:
        conn = sqlite3.connect(f"file:{self.journal}?mode=ro", uri=True, timeout=30)
        try:
            return dict(conn.execute("SELECT state, count(*) FROM rows GROUP BY state"))
        finally:
            conn.close()

    def args(self, *extra: str) -> list[str]:
        """The arguments that start the run, or resume it once it has started."""
        if self.started():
            return ["bulk", "resume", self.run_id, "--yes", "--json",
                    "--concurrency", str(self.concurrency), *self.options, *extra]
        return ["bulk", "run", str(self.rows), *SEND, "--yes", "--json",
                "--run-id", self.run_id, "--concurrency", str(self.concurrency),
                *self.options, *extra]

    def command(self, *extra: str) -> list[str]:
        return [self.msgclient, *self.args(*extra)]

    def sent(self) -> int:
        """Rows the journal has as sent; 0 until the run has started."""
        try:
            return self.states().get("sent", 0) if self.started() else 0
        except sqlite3.Error:  # the journal is being created
            return 0

    def kill_at_random(self, low: float, high: float) -> None:
        """Start (or resume) the run and SIGKILL it after a random delay in seconds."""
        delay = self.rng.uniform(low, high)
        due = time.monotonic() + delay
        self._kill_when(lambda: time.monotonic() >= due, f"at {delay:.2f}s")

    def kill_after_rows(self, low: int, high: int) -> None:
        """Start (or resume) the run and SIGKILL it as soon as a random number of rows more
        have been sent: each kill lands mid-run, after the same work on a fast or a busy
        machine (a delay in seconds depends on how quickly the process starts and sends)."""
        more = self.rng.randint(low, high)
        target = self.sent() + more
        self._kill_when(lambda: self.sent() >= target, f"after {more} rows more")

    def _kill_when(self, due: Callable[[], bool], when: str) -> None:
        proc = subprocess.Popen(self.command(), env=self.env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        while proc.poll() is None and not due():
            time.sleep(0.01)
        if proc.poll() is not None:
            self.log.append(f"finished before the kill {when} (exit {proc.returncode})")
            return
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        states = self.states() if self.started() else {}
        self.log.append(f"killed {when}: {states}")

    def finish(self, attempts: int = 5, *extra: str) -> dict:
        """Resume until the run completes; the last summary."""
        summary: dict = {}
        for _ in range(attempts):
            proc = subprocess.run(self.command(*extra), env=self.env, capture_output=True,
                                  text=True, timeout=600, check=False)
            summary = json.loads(proc.stdout) if proc.stdout.strip() else {}
            self.log.append(f"resume exit {proc.returncode}: {proc.stderr.strip()[-300:]}")
            if proc.returncode == 0:
                return summary
            time.sleep(0.5)
        raise AssertionError("the run did not complete:\n" + "\n".join(self.log))
