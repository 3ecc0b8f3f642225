"""Serving the stand: in a background thread (tests, the CLI's embedded default) or in front."""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

import uvicorn

from msgclient.sandbox.app import create_app


@dataclass
class RunningSandbox:
    url: str
    _server: uvicorn.Server = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    _app: Any = field(repr=False)

    @property
    def request_log(self) -> Any:
        """Every request this stand received, oldest first (see request_log.py)."""
        return self._app.state.request_log

    def stop(self, timeout: float = 10.0) -> None:
        self._server.should_exit = True
        self._thread.join(timeout)
        self._app.state.stand.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets whose proto says TCP
    # (base_events._set_nodelay); without it Nagle and delayed ACKs add ~40 ms per keep-alive
    # request.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def _server(app: Any) -> uvicorn.Server:
    # log_config=None: leave the host process's logging alone; uvicorn warnings still surface.
    config = uvicorn.Config(app, http="httptools", loop="asyncio", lifespan="on",
                            access_log=False, log_config=None, log_level="warning",
                            timeout_graceful_shutdown=5, backlog=2048)
    return uvicorn.Server(config)


def _url(host: str, sock: socket.socket) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{sock.getsockname()[1]}"


def start_in_thread(db_path: str | Path, host: str = "127.0.0.1", port: int = 0,
                    **opts: Any) -> RunningSandbox:
    """Serve the stand from a daemon thread; returns once it accepts connections.

    port=0 picks a free port (see .url). opts go to create_app (faults, outbox_dir, smtp,
    honour_idempotency, api, request_log). uvicorn installs no signal handlers outside the main
    thread.
    """
    app = create_app(db_path, **opts)
    sock = _bind(host, port)
    server = _server(app)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True,
                              name="msgclient-sandbox")
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError("the sandbox stand did not start")
        time.sleep(0.005)
    return RunningSandbox(_url(host, sock), server, thread, app)


def serve_forever(db_path: str | Path, host: str = "127.0.0.1", port: int = 8765, *,
                  announce: Callable[[str], object] | None = None,
                  on_ready: Callable[[str], object] | None = None,
                  on_stop: Callable[[str], object] | None = None, **opts: Any) -> None:
    """Serve in the foreground until Ctrl-C (uvicorn handles SIGINT/SIGTERM here).

    announce(line) tells the person the URL (default: one line on stderr); on_ready(url) runs
    once the socket is bound, on_stop(url) after the server stopped (e.g. to publish the URL
    to other processes and withdraw it).
    """
    app = create_app(db_path, **opts)
    sock = _bind(host, port)
    url = _url(host, sock)
    (announce or (lambda text: sys.stderr.write(text + "\n")))(f"sandbox stand listening on {url}")
    if on_ready is not None:
        on_ready(url)
    try:
        _server(app).run(sockets=[sock])
    finally:
        app.state.stand.conn.close()
        if on_stop is not None:
            on_stop(url)
