"""Startup time of the CLI next to baselines measured in the same run.

    python benchmarks/startup.py [--runs 15]

Prints the median wall time of `msgclient --help`, `--version` and
`threads list` (against a sandbox stand served by a separate process) next to
`python -c pass` and `python -c "import typer"`, and the ratio the issue sets a
target for: `--help` within 2x the bare `import typer`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
MSGCLIENT = shutil.which("msgclient", path=str(Path(PY).parent)) or "msgclient"


def median_seconds(cmd: list[str], runs: int, env: dict) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_sandbox(home: Path, env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([MSGCLIENT, "sandbox", "serve", "--port", str(port), "--db",
                             str(home / "bench.db")], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the sandbox did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="msgclient-bench-"))
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "c"),
           "XDG_DATA_HOME": str(home / "d"), "XDG_STATE_HOME": str(home / "s"),
           "NO_COLOR": "1"}
    proc, url = start_sandbox(home, env)
    try:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
        from msgclient.sandbox_link import login

        stand_env = {**env, "MSGCLIENT_URL": url,
                     "MSGCLIENT_TOKEN": login(url, "supervisor", "supervisor")}
        rows = [
            ("python -c pass", [PY, "-c", "pass"], env),
            ('python -c "import typer"', [PY, "-c", "import typer"], env),
            ("msgclient --help", [MSGCLIENT, "--help"], env),
            ("msgclient --version", [MSGCLIENT, "--version"], env),
            ("msgclient threads list", [MSGCLIENT, "threads", "list"], stand_env),
        ]
        results = {name: median_seconds(cmd, args.runs, e) for name, cmd, e in rows}
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(home, ignore_errors=True)
    typer_s = results['python -c "import typer"']
    print(f"median of {args.runs} runs each")
    for name, seconds in results.items():
        print(f"  {name:28s} {seconds * 1000:8.1f} ms   {seconds / typer_s:5.2f}x import typer")
    ratio = results["msgclient --help"] / typer_s
    verdict = "meets" if ratio <= 2.0 else "MISSES"
    print(f"--help / import typer = {ratio:.2f} (target <= 2.00: {verdict})")


if __name__ == "__main__":
    main()
