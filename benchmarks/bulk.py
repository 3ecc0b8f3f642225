"""Bulk send throughput, peak memory and validation speed, against the sandbox stand.

    python benchmarks/bulk.py [--latency-ms 50] [--seconds 10] [--quick]
                              [--throughput-only | --limited-only | --thread-rows-only
                               | --ledger-only]

The stand runs as a separate process (`msgclient sandbox serve --port 0 --latency-ms N`),
so its CPU is not the benchmark's. Every row goes to a new client by a unique phone
number, so every row is sendable. Prints:

- messages/second at concurrency 1, 16 and 32 next to the limit (concurrency / latency)
  as a ratio; targets: >= 0.85 at 16, >= 0.80 at 32. For reference, the same load from a
  minimal asyncio HTTP client (no msgclient at all) shows what the stand itself allows.
- the peak RSS (VmHWM) of the bulk process for 10k and 200k rows (a stand without added
  latency); target: it does not grow by more than 20 MB with the row count.
- the time to dry-run-validate 100k rows; target: < 15 s.
- the dry run of 1,000 thread rows against a stand with the added latency: each row costs a
  GET (is the thread there?), so it is timed against 1,000 such GETs one after another,
  measured in the same run; target: <= 0.25 of that (the checks run 8 at a time).
- validation (`--validation-only` for just this): the floor, benchmarks/floor.py (csv +
  phonenumbers per row, nothing else), and `bulk run rows.csv --channel viber --text "Hello
  {{name}}" --tag Feedback --dry-run` on 100,000 and 1,000,000 new-client phone+name rows,
  each run REPEATS times, interleaved; the ratio of the medians (target <= 1.5) and each
  dry run's peak RSS (wait4's ru_maxrss of that child; target <= 80 MB at 1M rows). Then a
  real run of 100,000 rows (--yes, a stand without added latency): the time from its start
  to its first sent row (the journal's first `sent` row), stopped there (SIGTERM), against
  the floor of the same 100,000 rows (target <= 1.5).
- against a stand limited to 100/s and to 300/s (`--rate-limit`), at concurrency 32 and no
  `--rate`: messages/second as a share of the limit (target >= 0.90), the share of bulk's
  requests answered 429 (target <= 3%), and every row sent exactly once (one client and one
  message per row in the stand's database). That stand runs in this process's own thread
  (this process only waits meanwhile) so that its 429 count can be read.
- `--ledger-only`: the dry run of 100k rows without a ledger, then with a ledger of 100k
  sends and a do-not-contact list of 100k entries; target: <= 1.20 of the time without.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
MSGCLIENT = shutil.which("msgclient", path=str(Path(PY).parent)) or "msgclient"
SEND = ["--channel", "viber", "--text", "Hello {{name}}, your order {{order}} is ready.",
        "--tag", "Sales"]
# Runs the CLI in this child and leaves its peak resident set size (kB) in a file.
RSS_WRAPPER = """
import atexit, os, sys
def peak():
    with open('/proc/self/status') as f:
        hwm = next(line for line in f if line.startswith('VmHWM')).split()[1]
    with open(os.environ['BENCH_RSS_FILE'], 'w') as out:
        out.write(hwm)
atexit.register(peak)
from msgclient.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def isolated_env(root: Path) -> dict[str, str]:
    home = root / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MSGCLIENT_")}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local/share"), XDG_STATE_HOME=str(home / ".local/state"),
               XDG_CACHE_HOME=str(home / ".cache"),
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", NO_COLOR="1")
    return env


class Sandbox:
    """`msgclient sandbox serve` in its own process; the URL comes from its first stderr line."""

    def __init__(self, root: Path, env: dict[str, str], latency_ms: float) -> None:
        self.proc = subprocess.Popen(
            [MSGCLIENT, "sandbox", "serve", "--port", "0", "--db", str(root / "stand.db"),
             "--latency-ms", str(latency_ms)], env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True)
        line = self.proc.stderr.readline()
        if "listening on" not in line:
            raise SystemExit(f"the sandbox did not start: {line}")
        self.url = line.split()[-1]
        from msgclient.sandbox.embedded import login

        self.token = login(self.url, "supervisor", "supervisor")

    def env(self, base: dict[str, str]) -> dict[str, str]:
        return {**base, "MSGCLIENT_URL": self.url, "MSGCLIENT_TOKEN": self.token}

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def write_rows(path: Path, count: int, offset: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write("phone,name,order\n")
        for i in range(count):
            out.write(f"+49151{offset + i:08d},Client {i},A-{i}\n")
    return path


def bulk(env: dict[str, str], rows: Path, concurrency: int, *extra: str,
         rss_file: Path | None = None, ok: tuple[int, ...] = (0,)) -> dict:
    cmd = [MSGCLIENT] if rss_file is None else [PY, "-c", RSS_WRAPPER]
    cmd += ["bulk", "run", str(rows), *SEND, "--yes", "--json", "--new-run",
            "--concurrency", str(concurrency), *extra]
    run_env = env if rss_file is None else {**env, "BENCH_RSS_FILE": str(rss_file)}
    proc = subprocess.run(cmd, env=run_env, capture_output=True, text=True, check=False)
    if proc.returncode not in ok:
        raise SystemExit(f"bulk run failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return json.loads(proc.stdout)


def raw_client_rate(url: str, token: str, count: int, concurrency: int, offset: int) -> float:
    """The same sends from a minimal asyncio HTTP/1.1 client: what the stand itself allows."""
    host, port = url.split("//")[1].rsplit(":", 1)

    async def worker(first: int) -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        for i in range(first, count, concurrency):
            body = json.dumps({"text": "Hello", "tags": [3], "clientApplicationDescriptor": {
                "channelType": "WHATSAPP", "deviceAddress": f"49151{offset + i:08d}"}}).encode()
            writer.write(f"POST /api/v1/messages/outgoing-to-device HTTP/1.1\r\nHost: {host}\r\n"
                         f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
                         f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(int(h.split(b":")[1]) for h in head.split(b"\r\n")
                          if h.lower().startswith(b"content-length"))
            await reader.readexactly(length)
        writer.close()

    async def run() -> float:
        started = time.perf_counter()
        await asyncio.gather(*(worker(k) for k in range(concurrency)))
        return count / (time.perf_counter() - started)

    return asyncio.run(run())


def throughput(root: Path, env: dict[str, str], latency_ms: float, seconds: float) -> list[dict]:
    stand = Sandbox(root / "latency", env, latency_ms)
    results = []
    try:
        for n, concurrency in enumerate((1, 16, 32)):
            limit = concurrency * 1000 / latency_ms
            count = max(100, int(limit * seconds))
            rows = write_rows(root / f"c{concurrency}.csv", count, 10_000_000 * (n + 1))
            summary = bulk(stand.env(env), rows, concurrency)
            assert summary["sent"] == count, summary
            raw = raw_client_rate(stand.url, stand.token, count, concurrency,
                                  10_000_000 * (n + 4))
            results.append({"concurrency": concurrency, "rows": count, "limit": limit,
                            "rate": summary["sentPerSecond"], "raw": raw})
    finally:
        stand.stop()
    return results


def rate_limited(root: Path, env: dict[str, str], latency_ms: float, seconds: float,
                 limits: tuple[int, ...] = (100, 300)) -> list[dict]:
    import sqlite3

    from msgclient.sandbox.embedded import login
    from msgclient.sandbox.faults import FaultConfig
    from msgclient.sandbox.ratelimit import RateLimitConfig
    from msgclient.sandbox.server import start_in_thread
    from msgclient.sandbox.store.db import ensure_seeded

    seed = root / "limited-seed.db"
    ensure_seeded(seed)
    results = []
    for n, limit in enumerate(limits):
        db = root / f"limited{limit}.db"
        shutil.copy(seed, db)
        config = RateLimitConfig(stand=float(limit))
        stand = start_in_thread(db, faults=FaultConfig(latency_ms=latency_ms),
                                rate_limits=config, outbox_dir=root / f"outbox{limit}")
        try:
            token = login(stand.url, "supervisor", "supervisor")
            before = (config.stats.admitted, config.stats.refused)
            count = int(limit * seconds)
            offset = 80_000_000 + 10_000_000 * n
            rows = write_rows(root / f"limited{limit}.csv", count, offset)
            summary = bulk({**env, "MSGCLIENT_URL": stand.url, "MSGCLIENT_TOKEN": token},
                           rows, 32, ok=(0, 3))  # 3: some rows failed, reported below
            admitted = config.stats.admitted - before[0]
            refused = config.stats.refused - before[1]
        finally:
            stand.stop()
        with sqlite3.connect(db) as conn:
            prefix = f"%49151{offset // 10_000_000}%"
            clients, messages = conn.execute(
                "SELECT count(DISTINCT c.id), count(m.id) FROM clients c JOIN threads t ON "
                "t.client_id = c.id JOIN messages m ON m.thread_id = t.id WHERE c.phone LIKE ?",
                (prefix,)).fetchone()
        results.append({"limit": limit, "rows": count, "rate": summary["sentPerSecond"],
                        "sent": summary["sent"], "failed": summary.get("failed", 0),
                        "requests": admitted + refused,
                        "refused": refused, "once": clients == messages == count})
    return results


def memory_and_validation(root: Path, env: dict[str, str], sizes: tuple[int, ...],
                          validate_rows: int) -> tuple[dict[int, float], float]:
    stand = Sandbox(root / "fast", env, 0)
    peaks: dict[int, float] = {}
    try:
        for n, count in enumerate(sizes):
            rows = write_rows(root / f"mem{count}.csv", count, 40_000_000 + 10_000_000 * n)
            rss = root / f"rss{count}"
            summary = bulk(stand.env(env), rows, 32, rss_file=rss)
            assert summary["sent"] == count, summary
            peaks[count] = int(rss.read_text()) / 1024
        rows = write_rows(root / "validate.csv", validate_rows, 70_000_000)
        started = time.perf_counter()
        proc = subprocess.run([MSGCLIENT, "bulk", "run", str(rows), *SEND, "--dry-run",
                               "--summary"], env=stand.env(env), capture_output=True, text=True,
                              check=False)
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            raise SystemExit(f"dry run failed: {proc.stderr[-2000:]}")
    finally:
        stand.stop()
    return peaks, elapsed


FLOOR = str(Path(__file__).with_name("floor.py"))
CHECK = ["--channel", "viber", "--text", "Hello {{name}}", "--tag", "Feedback"]


def write_phone_rows(path: Path, count: int, offset: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write("phone,name\n")
        out.writelines(f"+4917{offset + i:08d},Client {i}\n" for i in range(count))
    return path


def timed_child(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit code) of one child: wait4 gives that child's own
    ru_maxrss (RUSAGE_CHILDREN's would be the largest of every child so far)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[1]} failed ({proc.returncode}): {err[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, proc.returncode


def first_send(env: dict[str, str], rows: Path, run_id: str) -> float:
    """Seconds from the start of a real run to its first sent row; the run is then stopped."""
    journal = Path(env["XDG_STATE_HOME"]) / "msgclient" / "runs" / run_id / "journal.db"
    started = time.time()
    proc = subprocess.Popen([MSGCLIENT, "bulk", "run", str(rows), *CHECK, "--yes", "--new-run",
                             "--concurrency", "16", "--run-id", run_id], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    first = None
    try:
        while first is None and proc.poll() is None:
            time.sleep(0.02)
            if journal.is_file():
                try:
                    with sqlite3.connect(f"file:{journal}?mode=ro", uri=True, timeout=1) as conn:
                        first = conn.execute("SELECT min(updated) FROM rows WHERE state = "
                                             "'sent'").fetchone()[0]
                except sqlite3.Error:
                    pass  # not created yet
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    if first is None:
        raise SystemExit(f"the real run {run_id} sent nothing")
    return first - started


def validation_runs(root: Path, env: dict[str, str], sizes: tuple[int, ...], repeats: int) -> dict:
    stand = Sandbox(root / "validation", env, 0)
    found: dict = {"sizes": {}, "repeats": repeats}
    try:
        for n, count in enumerate(sizes):
            rows = write_phone_rows(root / f"phones{count}.csv", count, 10_000_000 * n)
            floors, dries, peaks = [], [], []
            for _ in range(repeats):  # interleaved: both see the same load on a shared machine
                floors.append(timed_child([PY, FLOOR, str(rows)], env)[0])
                elapsed, peak, _ = timed_child([MSGCLIENT, "bulk", "run", str(rows), *CHECK,
                                                "--dry-run"], stand.env(env))
                dries.append(elapsed)
                peaks.append(peak)
            found["sizes"][count] = {"floor": statistics.median(floors),
                                     "dry": statistics.median(dries), "peak": max(peaks)}
        count = sizes[0]
        rows = write_phone_rows(root / f"send{count}.csv", count, 70_000_000)
        floors, firsts = [], []
        for k in range(repeats):
            floors.append(timed_child([PY, FLOOR, str(rows)], env)[0])
            firsts.append(first_send(stand.env(env), rows, f"bench-first-send-{k}"))
        found["send"] = {"rows": count, "floor": statistics.median(floors),
                         "first": statistics.median(firsts)}
    finally:
        stand.stop()
    return found


def report_validation(v: dict) -> None:
    print(f"validation of new-client phone+name rows, median of {v['repeats']} runs each, "
          "against benchmarks/floor.py on the same file in the same run")
    print(f"{'rows':>10} {'floor s':>8} {'dry run s':>10} {'ratio':>6} {'target':>14} "
          f"{'peak MB':>8} {'target':>14}")
    for count, r in v["sizes"].items():
        ratio = r["dry"] / r["floor"]
        memory = f"<= 80 {verdict(r['peak'] <= 80)}" if count >= 1_000_000 else "-"
        print(f"{count:>10,} {r['floor']:>8.2f} {r['dry']:>10.2f} {ratio:>6.2f} "
              f"{'<= 1.5 ' + verdict(ratio <= 1.5):>14} {r['peak']:>8.1f} {memory:>14}")
    s = v["send"]
    ratio = s["first"] / s["floor"]
    print(f"real run of {s['rows']:,} rows: first message sent after {s['first']:.2f} s; floor "
          f"{s['floor']:.2f} s; ratio {ratio:.2f} (target <= 1.5) {verdict(ratio <= 1.5)}")


def dry_run_seconds(env: dict[str, str], rows: Path) -> float:
    started = time.perf_counter()
    proc = subprocess.run([MSGCLIENT, "bulk", "run", str(rows), *SEND, "--dry-run", "--summary"],
                          env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"dry run failed: {proc.stderr[-2000:]}")
    return elapsed


def with_ledger(root: Path, env: dict[str, str], count: int) -> dict:
    """Validation of `count` rows without a ledger, then with a ledger of `count` sends and a
    do-not-contact list of `count` entries (none of them the file's rows, so both runs judge
    every row valid and do the same work besides the list)."""
    from msgclient.files.stand import stand_db
    from msgclient.ledger.store import Ledger, Sent

    stand = Sandbox(root / "ledger", env, 0)
    try:
        rows = write_rows(root / "ledger.csv", count, 80_000_000)
        without = dry_run_seconds(stand.env(env), rows)
        saved = os.environ.get("XDG_STATE_HOME")
        os.environ["XDG_STATE_HOME"] = env["XDG_STATE_HOME"]
        try:
            ledger = Ledger(stand_db("ledger", stand.url), stand.url)
        finally:
            if saved is None:
                os.environ.pop("XDG_STATE_HOME")
            else:
                os.environ["XDG_STATE_HOME"] = saved
        ledger.record(Sent(f"phone:+49152{i:08d}", "sent", channel="whatsapp", run_id="old")
                      for i in range(count))
        ledger.suppress((f"phone:+49153{i:08d}", "opt-out") for i in range(count))
        ledger.close()
        with_it = dry_run_seconds(stand.env(env), rows)
    finally:
        stand.stop()
    return {"rows": count, "without": without, "with": with_it}


def report_ledger(r: dict) -> None:
    ratio = r["with"] / r["without"]
    print(f"dry-run validation of {r['rows']:,} rows: {r['without']:.1f} s without a ledger, "
          f"{r['with']:.1f} s with {r['rows']:,} sends and {r['rows']:,} do-not-contact "
          f"entries: ratio {ratio:.2f} (target <= 1.20) {verdict(ratio <= 1.2)}")


def thread_rows(root: Path, env: dict[str, str], latency_ms: float, count: int = 1000) -> dict:
    import requests

    stand = Sandbox(root / "threads", env, latency_ms)
    try:
        rows = root / "threads.csv"
        rows.write_text("thread,name,order\n" + "".join(
            f"{1 + i % 100},Client {i},A-{i}\n" for i in range(count)), encoding="utf-8")
        with requests.Session() as session:
            session.headers["Authorization"] = f"Bearer {stand.token}"
            trips = []
            for _ in range(20):
                started = time.perf_counter()
                session.get(f"{stand.url}/api/v1/threads/1", timeout=10).raise_for_status()
                trips.append(time.perf_counter() - started)
        one_by_one = count * sorted(trips)[len(trips) // 2]
        started = time.perf_counter()
        proc = subprocess.run([MSGCLIENT, "bulk", "run", str(rows), "--channel", "viber",
                               "--text", "Hello {{name}}", "--tag", "Sales", "--dry-run",
                               "--summary", "--allow-duplicates"], env=stand.env(env),
                              capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            raise SystemExit(f"dry run failed: {proc.stderr[-2000:]}")
    finally:
        stand.stop()
    return {"rows": count, "elapsed": elapsed, "one_by_one": one_by_one}


def report_thread_rows(r: dict, latency_ms: float) -> None:
    ratio = r["elapsed"] / r["one_by_one"]
    print(f"dry run of {r['rows']:,} thread rows, {latency_ms:g} ms added latency: "
          f"{r['elapsed']:.1f} s; one GET per row one after another: {r['one_by_one']:.1f} s; "
          f"ratio {ratio:.2f} (target <= 0.25) {verdict(ratio <= 0.25)}")


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report_limited(results: list[dict], latency_ms: float) -> None:
    print(f"bulk at concurrency 32, no --rate, against a rate-limited sandbox ({latency_ms:g} ms "
          "added latency)")
    print(f"{'limit/s':>8} {'rows':>6} {'sent/s':>8} {'share':>6} {'target':>12} "
          f"{'requests':>9} {'429s':>5} {'429 share':>9} {'target':>11} {'exactly once':>13}")
    for r in results:
        share = r["rate"] / r["limit"]
        refused = r["refused"] / max(1, r["requests"])
        print(f"{r['limit']:>8} {r['rows']:>6} {r['rate']:>8.1f} {share:>6.2f} "
              f"{'>= 0.90 ' + verdict(share >= 0.90):>12} {r['requests']:>9} {r['refused']:>5} "
              f"{refused:>9.1%} {'<= 3% ' + verdict(refused <= 0.03):>11} "
              f"{verdict(r['once'] and r['sent'] == r['rows']):>13}"
              + (f"  ({r['failed']} rows failed)" if r["failed"] else ""))


def report(results: list[dict], peaks: dict[int, float], validation: float | None,
           validate_rows: int, latency_ms: float) -> None:
    print(f"bulk send against the sandbox (separate process), {latency_ms:g} ms added latency, "
          f"{os.cpu_count()} CPUs")
    print(f"{'concurrency':>11} {'rows':>6} {'sent/s':>8} {'limit/s':>8} {'ratio':>6} "
          f"{'target':>8}   raw client: sent/s ratio")
    targets = {16: 0.85, 32: 0.80}
    for r in results:
        ratio = r["rate"] / r["limit"]
        target = targets.get(r["concurrency"])
        mark = f">= {target:.2f} {verdict(ratio >= target)}" if target else "-"
        print(f"{r['concurrency']:>11} {r['rows']:>6} {r['rate']:>8.1f} {r['limit']:>8.0f} "
              f"{ratio:>6.2f} {mark:>8}   {r['raw']:>8.1f} {r['raw'] / r['limit']:>5.2f}")
    if validation is None:
        return
    sizes = sorted(peaks)
    growth = peaks[sizes[-1]] - peaks[sizes[0]]
    shown = ", ".join(f"{s:,} rows {peaks[s]:.1f} MB" for s in sizes)
    print(f"peak RSS of the bulk process: {shown}; growth {growth:.1f} MB "
          f"(target < 20 MB) {verdict(growth < 20)}")
    print(f"dry-run validation of {validate_rows:,} rows: {validation:.1f} s "
          f"(target < 15 s) {verdict(validation < 15)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--seconds", type=float, default=10.0,
                        help="Rows per concurrency level: about this many seconds of sending.")
    parser.add_argument("--quick", action="store_true",
                        help="Smaller memory and validation runs (10k/50k rows, 20k to "
                        "validate; 20k/100k phone rows against the floor).")
    parser.add_argument("--throughput-only", action="store_true",
                        help="Only the messages/second tables (no memory or validation runs).")
    parser.add_argument("--limited-only", action="store_true",
                        help="Only the rate-limited stand's table.")
    parser.add_argument("--thread-rows-only", action="store_true",
                        help="Only the dry run of thread rows against a slow stand.")
    parser.add_argument("--validation-only", action="store_true",
                        help="Only the validation scenario against the floor.")
    parser.add_argument("--repeats", type=int, default=3,
                        help="Runs of each validation measurement (the median is shown).")
    parser.add_argument("--ledger-only", action="store_true",
                        help="Only validation with and without a 100k ledger and list.")
    args = parser.parse_args()
    check_sizes = (20_000, 100_000) if args.quick else (100_000, 1_000_000)
    sizes = (10_000, 50_000) if args.quick else (10_000, 200_000)
    validate_rows = 20_000 if args.quick else 100_000
    with tempfile.TemporaryDirectory(prefix="msgclient-bench-") as tmp:
        root = Path(tmp)
        env = isolated_env(root)
        if args.ledger_only:
            report_ledger(with_ledger(root, env, validate_rows))
            return
        checks = validation_runs(root, env, check_sizes, args.repeats)
        if args.validation_only:
            report_validation(checks)
            return
        threads = thread_rows(root, env, args.latency_ms)
        if args.thread_rows_only:
            report_thread_rows(threads, args.latency_ms)
            return
        limited = rate_limited(root, env, args.latency_ms, args.seconds)
        if args.limited_only:
            report_limited(limited, args.latency_ms)
            return
        results = throughput(root, env, args.latency_ms, args.seconds)
        if args.throughput_only:
            peaks, validation = {}, None
        else:
            peaks, validation = memory_and_validation(root, env, sizes, validate_rows)
    report(results, peaks, validation, validate_rows, args.latency_ms)
    report_limited(limited, args.latency_ms)
    report_thread_rows(threads, args.latency_ms)
    report_validation(checks)


if __name__ == "__main__":
    main()
