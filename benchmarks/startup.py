"""Startup time of the CLI next to baselines measured in the same run.

    python benchmarks/startup.py [--runs 11]

Every command runs once per round, the rounds interleaved (after one warm-up round), so
a busy machine slows the baselines and msgclient alike; the ratios are what to read.
Prints the median wall time and peak RSS of:

- `python -c pass`, `python -c "import typer"`, and the libraries' own floor:
  `import typer, typer._adapters, requests, yaml, rich.table` (Typer imports
  `typer._adapters`, and with it pydantic, to coerce parameters when a command runs);
- `msgclient --help`, `--version`, and `threads list`, `threads show ID`,
  `send ... --dry-run` against a sandbox stand served by a separate process;
- `twilio --help` (twilio-cli, node) when it can be found: `MSGCLIENT_BENCH_TWILIO`
  names its executable, else `twilio` on PATH; otherwise that line is skipped.

Targets (issue 13): `--help` <= 1.25x `import typer` and >= 10x faster than twilio-cli's
`--help`; each one-request command <= 1.2x the floor.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
MSGCLIENT = shutil.which("msgclient", path=str(Path(PY).parent)) or "msgclient"
FLOOR = "import typer, typer._adapters, requests, yaml, rich.table"
HELP_TARGET, TWILIO_TARGET, COMMAND_TARGET = 1.25, 10.0, 1.2


def timed(cmd: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one run of cmd; its output is discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    return elapsed, usage.ru_maxrss / 1024


def twilio_command() -> list[str] | None:
    found = os.environ.get("MSGCLIENT_BENCH_TWILIO") or shutil.which("twilio")
    return [found, "--help"] if found else None


class Stand:
    """`msgclient sandbox serve` in its own process, so its CPU is not the commands'."""

    def __init__(self, home: Path, env: dict) -> None:
        self.proc = subprocess.Popen(
            [MSGCLIENT, "sandbox", "serve", "--port", "0", "--db", str(home / "bench.db")],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        line = self.proc.stderr.readline()
        if "listening on" not in line:
            raise SystemExit(f"the sandbox did not start: {line}")
        self.url = line.split()[-1]
        # Logged in from a child: imported here, msgclient would swell this process, and on
        # Linux a child's peak RSS counts the parent's pages it was forked with.
        code = ("import sys; from msgclient.sandbox.embedded import login; "
                "print(login(sys.argv[1], 'supervisor', 'supervisor'))")
        token = subprocess.run(
            [PY, "-c", code, self.url],
            env=env, capture_output=True, text=True, check=True).stdout.strip()
        self.env = {**env, "MSGCLIENT_URL": self.url, "MSGCLIENT_TOKEN": token}

    def closed_whatsapp_thread(self) -> int:
        out = subprocess.run([MSGCLIENT, "threads", "list", "--channel", "whatsapp", "--json",
                              "--limit", "1"], env=self.env, capture_output=True, text=True,
                             check=True).stdout
        return json.loads(out)[0]["id"]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def measure(rows: list[tuple[str, list[str], dict]], runs: int) -> dict[str, tuple[float, float]]:
    """Median wall seconds and median peak MB per row, rounds interleaved."""
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in rows}
    for round_ in range(runs + 1):
        for name, cmd, env in rows:
            sample = timed(cmd, env)
            if round_:  # round 0 warms the disk cache and the stand
                samples[name].append(sample)
    return {name: (statistics.median(s[0] for s in got), statistics.median(s[1] for s in got))
            for name, got in samples.items()}


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def report(results: dict[str, tuple[float, float]], runs: int, commands: list[str]) -> None:
    typer_s = results['python -c "import typer"'][0]
    floor_s = results["python -c <floor>"][0]
    print(f"median of {runs} interleaved runs each; floor = python -c \"{FLOOR}\"")
    print(f"  {'command':34s} {'ms':>8} {'MB':>6} {'x typer':>8} {'x floor':>8}")
    for name, (seconds, mb) in results.items():
        print(f"  {name:34s} {seconds * 1000:8.1f} {mb:6.1f} {seconds / typer_s:8.2f} "
              f"{seconds / floor_s:8.2f}")
    help_ratio = results["msgclient --help"][0] / typer_s
    print(f"--help / import typer = {help_ratio:.2f} "
          f"(target <= {HELP_TARGET:.2f}: {verdict(help_ratio <= HELP_TARGET)})")
    if "twilio --help" in results:
        faster = results["twilio --help"][0] / results["msgclient --help"][0]
        print(f"twilio --help / msgclient --help = {faster:.1f} "
              f"(target >= {TWILIO_TARGET:.0f}: {verdict(faster >= TWILIO_TARGET)})")
    else:
        print("twilio --help: skipped, no twilio-cli found (set MSGCLIENT_BENCH_TWILIO to its "
              "executable or put `twilio` on PATH; `npm install twilio-cli` in a scratch folder)")
    for name in commands:
        ratio = results[name][0] / floor_s
        print(f"{name} / floor = {ratio:.2f} "
              f"(target <= {COMMAND_TARGET:.2f}: {verdict(ratio <= COMMAND_TARGET)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="msgclient-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("MSGCLIENT_")}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "c"), XDG_DATA_HOME=str(home / "d"),
               XDG_STATE_HOME=str(home / "s"), XDG_CACHE_HOME=str(home / "cache"),
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", NO_COLOR="1")
    stand = Stand(home, env)
    try:
        thread = stand.closed_whatsapp_thread()
        commands = {
            "msgclient threads list": ["threads", "list"],
            f"msgclient threads show {thread}": ["threads", "show", str(thread)],
            "msgclient send ... --dry-run": ["send", "--thread", str(thread), "--channel",
                                             "whatsapp", "--text", "Hello", "--tag", "Sales",
                                             "--dry-run", "--no-input"],
        }
        rows = [("python -c pass", [PY, "-c", "pass"], env),
                ('python -c "import typer"', [PY, "-c", "import typer"], env),
                ("python -c <floor>", [PY, "-c", FLOOR], env),
                ("msgclient --help", [MSGCLIENT, "--help"], env),
                ("msgclient --version", [MSGCLIENT, "--version"], env)]
        rows += [(name, [MSGCLIENT, *argv], stand.env) for name, argv in commands.items()]
        twilio = twilio_command()
        if twilio:
            rows.append(("twilio --help", twilio, env))
        results = measure(rows, args.runs)
    finally:
        stand.stop()
        shutil.rmtree(home, ignore_errors=True)
    report(results, args.runs, list(commands))


if __name__ == "__main__":
    main()
