"""Kill a 2,000-row bulk run with SIGKILL at random instants, resume it, count the messages.

    python benchmarks/bulk_crash.py [--kills 10] [--rows 2000] [--seed 7]

Two stands: a clean one (100 ms latency) and one injecting 10% 503, 5% 429 with
Retry-After and 2% dropped connections. For each: start the run, SIGKILL it after a
random delay, resume, SIGKILL again ... --kills times, then resume until it completes.
It then checks that the stand holds exactly one outgoing message per row and that the
journal says every row was sent. Exit 1 if either check fails.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a file: scenario() imports from benchmarks and tests

SCENARIOS = {
    "clean (100 ms latency)": ({"latency_ms": 100}, (0.4, 1.6)),
    "10% 503, 5% 429, 2% drops": ({"latency_ms": 5, "share_503": 0.10, "share_429": 0.05,
                                   "share_drop": 0.02}, (0.5, 6.0)),
}


def scenario(root: Path, seeded: Path, faults: dict, window: tuple[float, float], kills: int,
             rows: int, rng: random.Random) -> bool:
    from benchmarks.bulk import MSGCLIENT, isolated_env
    from tests.bulk.conftest import outgoing_counts
    from tests.bulk.crashing import CrashLoop

    from msgclient.sandbox.embedded import login
    from msgclient.sandbox.faults import FaultConfig
    from msgclient.sandbox.server import start_in_thread

    root.mkdir()
    db = root / "stand.db"
    shutil.copy(seeded, db)
    stand = start_in_thread(db, outbox_dir=root / "outbox", faults=FaultConfig(**faults))
    try:
        env = isolated_env(root)
        env.update(MSGCLIENT_URL=stand.url, MSGCLIENT_TOKEN=login(stand.url, "supervisor",
                                                                  "supervisor"))
        numbers = [f"49151{80_000_000 + i:08d}" for i in range(rows)]
        path = root / "rows.csv"
        path.write_text("phone,name\n" + "".join(f"+{n},Client {i}\n"
                                                  for i, n in enumerate(numbers)),
                        encoding="utf-8")
        loop = CrashLoop(MSGCLIENT, path, "crash", Path(env["XDG_STATE_HOME"]) / "msgclient",
                         env, concurrency=16, rng=rng)
        started = time.perf_counter()
        for _ in range(kills):
            loop.kill_at_random(*window)
        summary = loop.finish(attempts=10)
        elapsed = time.perf_counter() - started
        counts = outgoing_counts(db)
        wrong = {n: counts.get(n, 0) for n in numbers if counts.get(n, 0) != 1}
        states = loop.states()
    finally:
        stand.stop()
    for line in loop.log:
        print(f"    {line}")
    landed = sum(line.startswith("killed") for line in loop.log)
    ok = not wrong and states == {"sent": rows} and summary.get("sent") == rows
    print(f"  {landed} of {kills} kills landed mid-run; {elapsed:.1f} s in all; journal {states}; "
          f"rows without exactly one message: {len(wrong)} -> {'PASS' if ok else 'FAIL'}")
    if wrong:
        print(f"  e.g. {list(wrong.items())[:5]}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    import logging

    from msgclient.sandbox.store.db import ensure_seeded

    # The stand logs each request cut off by a killed client; expected here, and noise.
    for name in ("uvicorn.error", "msgclient.sandbox"):
        logging.getLogger(name).setLevel(logging.CRITICAL)

    rng = random.Random(args.seed)
    results = []
    with tempfile.TemporaryDirectory(prefix="msgclient-crash-") as tmp:
        seeded = Path(tmp) / "seed.db"
        ensure_seeded(seeded)
        for n, (name, (faults, window)) in enumerate(SCENARIOS.items()):
            print(f"{name}: {args.rows} rows, {args.kills} x kill -9, then resume")
            results.append(scenario(Path(tmp) / f"s{n}", seeded, faults, window, args.kills,
                                    args.rows, rng))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
