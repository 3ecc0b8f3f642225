"""A real HTTP server on loopback that answers from a script and records what it got.

For testing the client's retry and error handling past the network edge, without the
sandbox's business rules in the way. It misbehaves on demand: any status and headers, a
body that is not JSON (`raw`), a body trickled a byte at a time (`trickle`), a connection
held open without a word (`stall`), a dropped connection, a body or header that quotes the
request's own headers back (`echo`: "{Authorization}" is replaced by what the client sent),
and a `default` reply repeated forever once the script runs out (a stand that ignores
paging, a redirect loop).

Strict, as a stub should be: when the test ends (tests/doubles.py) it fails if a scripted
reply was never asked for, if a request came after the script ran out with no `default`
given, or if a given `default` was never needed. A reply the client must never ask for (the
success a wrong retry would get) says so with `unused=True`: left, it is fine; asked for, it
fails the test.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests import doubles


@dataclass
class Reply:
    status: int = 200
    body: object = None
    headers: dict = field(default_factory=dict)
    drop: bool = False  # close the socket without answering
    raw: bytes | None = None  # sent as is instead of JSON
    trickle: float = 0.0  # seconds between bytes of the body
    stall: float = 0.0  # seconds to hold the connection before answering anything
    echo: bool = False  # fill "{Header-Name}" in the body and headers from the request's
    unused: bool = False  # the client must never ask for it (see the module's docstring)

    def __str__(self) -> str:
        return "a dropped connection" if self.drop else f"HTTP {self.status}"


def _echoed(reply: Reply, asked: dict[str, str]) -> Reply:
    """The reply with every "{Header}" in its body and header values replaced by the
    request's value of that header: a stand that quotes what it was sent."""
    def fill(text: str, quoted: bool = False) -> str:
        for name, value in asked.items():
            text = text.replace("{" + name + "}", json.dumps(value)[1:-1] if quoted else value)
        return text
    raw = fill(reply.raw.decode()).encode() if reply.raw is not None else None
    body = json.loads(fill(json.dumps(reply.body), quoted=True)) \
        if reply.body is not None else None
    return replace(reply, raw=raw, body=body, echo=False,
                   headers={k: fill(v) for k, v in reply.headers.items()})


def serve(handler: type[BaseHTTPRequestHandler]) -> tuple[ThreadingHTTPServer, str]:
    """A threaded HTTP server for `handler` on a free loopback port, serving from a daemon
    thread; (server, base URL)."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


class ScriptedServer:
    def __init__(self, replies: list[Reply], default: Reply | None = None):
        self.replies = list(replies)
        self.default_given = default is not None
        self.default = default or Reply(500, {"message": "script ran out"})
        self.requests: list[dict] = []
        self.past_the_script: list[str] = []  # "METHOD path" of each request the default got
        self.wrongly_asked: list[str] = []  # replies marked unused that were served
        self.stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                server.requests.append({"method": self.command, "path": self.path,
                                        "headers": dict(self.headers), "body": raw})
                reply = server._next(f"{self.command} {self.path}")
                if reply.stall and server.stopping.wait(reply.stall):
                    return
                if reply.echo:
                    reply = _echoed(reply, dict(self.headers))
                if reply.drop:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                data = reply.raw if reply.raw is not None else (
                    json.dumps(reply.body).encode() if reply.body is not None else b"")
                self.send_response(reply.status)
                for key, value in {"Content-Type": "application/json", **reply.headers}.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self._body(data, reply.trickle)
                except OSError:
                    self.close_connection = True  # the client gave up on us

            def _body(self, data: bytes, trickle: float):
                if not trickle:
                    self.wfile.write(data)
                    return
                for i in range(len(data)):
                    if server.stopping.wait(trickle):
                        return
                    self.wfile.write(data[i:i + 1])
                    self.wfile.flush()

            do_GET = do_POST = do_PUT = _handle

        self.httpd, self.url = serve(Handler)
        doubles.made(self)

    def _next(self, request: str) -> Reply:
        if not self.replies:
            self.past_the_script.append(request)
            return self.default
        reply = self.replies.pop(0)
        if reply.unused:
            self.wrongly_asked.append(f"{request} got {reply}, a reply marked unused")
        return reply

    def unmet(self) -> list[str]:
        problems = list(self.wrongly_asked)
        left = [str(r) for r in self.replies if not r.unused]
        if left:
            problems.append(f"scripted replies never asked for: {', '.join(left)}")
        if self.past_the_script and not self.default_given:
            problems.append(f"asked after the script ran out: {self.past_the_script}")
        if self.default_given and not self.past_the_script:
            problems.append(f"the default reply ({self.default}) was never asked for")
        return problems

    def close(self):
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        time.sleep(0)  # let handler threads see `stopping`
