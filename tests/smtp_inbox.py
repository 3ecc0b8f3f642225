"""A real SMTP server on loopback (aiosmtpd) that keeps every envelope it receives."""

from __future__ import annotations

import socket


class Inbox:
    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        self.envelopes.append(envelope)
        return "250 OK"


def free_port() -> int:
    # aiosmtpd's Controller probes its own port on start, so it cannot take port 0.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
