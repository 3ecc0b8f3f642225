"""A real HTTP server on loopback that answers from a script and records what it got.

For testing the client's retry and error handling past the network edge, without the
sandbox's business rules in the way. It misbehaves on demand: any status and headers, a
body that is not JSON (`raw`), a body trickled a byte at a time (`trickle`), a dropped
connection, and a `default` reply repeated forever once the script runs out (a stand that
ignores paging, a redirect loop).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: object = None
    headers: dict = field(default_factory=dict)
    drop: bool = False  # close the socket without answering
    raw: bytes | None = None  # sent as is instead of JSON
    trickle: float = 0.0  # seconds between bytes of the body


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
        self.default = default or Reply(500, {"message": "script ran out"})
        self.requests: list[dict] = []
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
                reply = server.replies.pop(0) if server.replies else server.default
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

    def close(self):
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        time.sleep(0)  # let handler threads see `stopping`
