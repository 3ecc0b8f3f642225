"""A proxy on loopback in front of a real sandbox stand that mangles the answers to sends.

Every request reaches the real stand, so the message really goes out; then the answer the
client gets is replaced by a scripted one (an empty 200, an HTML page, ...). That is the
"sent, but the answer is unreadable" case, end to end.

When the test ends (tests/doubles.py) it fails if it never lied (no send came through it, so
the test did not test the lie) or if it could not reach the stand behind it.
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

import requests

from tests import doubles
from tests.api.scripted_server import serve

SEND_PATHS = ("/api/v1/messages/outgoing", "/api/v1/messages/outgoing-to-device",
              "/api/v1/messages/email")


class LyingStand:
    def __init__(self, upstream: str, status: int = 200, body: bytes = b"",
                 content_type: str = "application/json"):
        self.lies = 0
        self.upstream_errors: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "content-length", "connection")}
                try:
                    real = requests.request(self.command, upstream + self.path, data=data,
                                            headers=headers, timeout=30)
                except requests.RequestException as exc:
                    outer.upstream_errors.append(f"{self.command} {self.path}: {exc}")
                    raise
                if self.command == "POST" and self.path.split("?")[0] in SEND_PATHS:
                    outer.lies += 1
                    self._answer(status, body, content_type)
                else:
                    self._answer(real.status_code, real.content,
                                 real.headers.get("Content-Type", "application/json"))

            def _answer(self, code, payload, ctype):
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self.httpd, self.url = serve(Handler)
        doubles.made(self)

    def unmet(self) -> list[str]:
        never = [] if self.lies else ["no send came through, so it never lied"]
        return never + [f"the stand behind it failed: {e}" for e in self.upstream_errors]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
