"""A proxy on loopback in front of a real sandbox stand that mangles the answers to sends.

Every request reaches the real stand, so the message really goes out; then the answer the
client gets is replaced by a scripted one (an empty 200, an HTML page, ...). That is the
"sent, but the answer is unreadable" case, end to end.
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

import requests

from tests.api.scripted_server import serve

SEND_PATHS = ("/api/v1/messages/outgoing", "/api/v1/messages/outgoing-to-device",
              "/api/v1/messages/email")


class LyingStand:
    def __init__(self, upstream: str, status: int = 200, body: bytes = b"",
                 content_type: str = "application/json"):
        self.lies = 0
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
                real = requests.request(self.command, upstream + self.path, data=data,
                                        headers=headers, timeout=30)
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

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
