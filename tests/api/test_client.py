"""The HTTP client over real sockets: retries, idempotency, error tree, paging, redaction."""

from __future__ import annotations

import json
import re

import pytest

from msgclient.api.client import ApiClient
from msgclient.api.errors import (
    BadRequest,
    NetworkError,
    NotFound,
    RuleRefused,
    ServerError,
    Throttled,
    Unauthorized,
    Unsupported,
)
from msgclient.api.retry import RetryPolicy
from msgclient.errors import ExitCode

from .scripted_server import Reply, ScriptedServer

SENT = {"id": 1, "threadId": 2, "clientId": 3, "clientExternalId": "x", "agentId": 4}


@pytest.fixture
def scripted():
    servers = []

    def make(*replies):
        server = ScriptedServer(list(replies))
        servers.append(server)
        waits: list[float] = []
        client = ApiClient(server.url, token=lambda: "tok-123", timeout=5,
                           policy=RetryPolicy(attempts=4, sleep=waits.append))
        return server, client, waits

    yield make
    for server in servers:
        server.close()


def test_429_and_503_are_retried_honouring_retry_after(scripted):
    server, client, waits = scripted(Reply(429, {"code": "RATE_LIMITED"}, {"Retry-After": "2"}),
                                     Reply(503, {"code": "UNAVAILABLE"}), Reply(200, SENT))
    assert client.post("/api/v1/messages/outgoing", {"text": "hi"}, idempotency_key="k1") == SENT
    assert len(server.requests) == 3 and waits[0] == 2.0
    keys = {r["headers"]["Idempotency-Key"] for r in server.requests}
    assert keys == {"k1"}, "every attempt of one message carries the same key"
    assert all(r["headers"]["Authorization"] == "Bearer tok-123" for r in server.requests)


def test_ambiguous_failures_are_not_retried_without_a_replay_safe_key(scripted):
    server, client, _ = scripted(Reply(drop=True), Reply(200, SENT, unused=True))
    with pytest.raises(NetworkError) as info:
        client.post("/api/v1/messages/outgoing", {"text": "hi"}, idempotency_key="k1")
    assert info.value.ambiguous and len(server.requests) == 1


def test_ambiguous_failures_are_retried_when_the_stand_honours_keys(scripted):
    server, client, _ = scripted(Reply(drop=True), Reply(502, {}), Reply(200, SENT))
    assert client.post("/api/v1/messages/outgoing", {"text": "hi"}, idempotency_key="k1",
                       replay_safe=True) == SENT
    assert len(server.requests) == 3


def test_500_on_a_send_without_replay_safety_is_reported_not_repeated(scripted):
    server, client, _ = scripted(Reply(500, {"message": "boom"}), Reply(200, SENT, unused=True))
    with pytest.raises(ServerError, match="HTTP 500"):
        client.post("/api/v1/messages/outgoing", {"text": "hi"})
    assert len(server.requests) == 1


def test_gets_are_retried_on_drops_and_give_up_after_the_attempts(scripted):
    server, client, waits = scripted(*[Reply(drop=True)] * 4)
    with pytest.raises(NetworkError, match="broke before the answer"):
        client.get("/api/v1/threads/1")
    assert len(server.requests) == 4 and len(waits) == 3


def test_throttling_that_never_ends_surfaces_as_throttled(scripted):
    _server, client, _ = scripted(*[Reply(503, {"code": "UNAVAILABLE"})] * 4)
    with pytest.raises(Throttled, match="busy"):
        client.get("/api/v1/channels")


@pytest.mark.parametrize("status, body, kind, exit_code", [
    (401, {"code": "UNAUTHORIZED", "message": "Token expired"}, Unauthorized, ExitCode.AUTH),
    (404, {"code": "NOT_FOUND", "message": "Thread 9 not found"}, NotFound, ExitCode.ERROR),
    (409, {"code": "CLIENT_BLOCKED", "message": "Client is blocked"}, RuleRefused,
     ExitCode.REFUSED),
    (422, {"code": "TEMPLATE_VARIABLES", "message": "Missing name"}, BadRequest, ExitCode.USAGE),
    (400, {"message": "Bad JSON"}, BadRequest, ExitCode.USAGE),
])
def test_error_tree_from_status_and_code(scripted, status, body, kind, exit_code):
    _server, client, _ = scripted(Reply(status, {**body, "requestId": "req-7"}))
    with pytest.raises(kind) as info:
        client.get("/api/v1/threads/9")
    err = info.value
    assert (err.status, err.exit_code, err.request_id) == (status, exit_code, "req-7")
    assert err.code == body.get("code", "VALIDATION")


def test_unauthorized_says_how_to_log_in_again(scripted):
    _, client, _ = scripted(Reply(401, {"code": "UNAUTHORIZED"}))
    with pytest.raises(Unauthorized) as info:
        client.get("/api/v1/me")
    assert "msgclient auth login" in info.value.hint


def test_connection_refused_is_not_ambiguous():
    client = ApiClient("http://127.0.0.1:9", policy=RetryPolicy(attempts=2, sleep=lambda s: None))
    with pytest.raises(NetworkError, match="Cannot reach the stand") as info:
        client.post("/api/v1/messages/outgoing", {"text": "x"})
    assert info.value.ambiguous is False


def test_paging_stops_on_a_short_page_and_at_the_limit(scripted):
    # Paging itself: a path the contract gives no shape, so any items do.
    pages = [Reply(200, [{"id": i} for i in range(3)]), Reply(200, [{"id": 3}])]
    server, client, _ = scripted(*pages)
    assert [t["id"] for t in client.paginate("/api/v1/items", page_size=3)] == [0, 1, 2, 3]
    assert [r["path"] for r in server.requests] == ["/api/v1/items?page=0&size=3",
                                                    "/api/v1/items?page=1&size=3"]
    server2, client2, _ = scripted(Reply(200, [{"id": 0}, {"id": 1}]))
    assert len(list(client2.paginate("/api/v1/items", limit=2))) == 2
    assert server2.requests[0]["path"].endswith("size=2")


def test_debug_log_redacts_token_and_personal_data(scripted):
    server, client, _ = scripted(Reply(200, [{"id": 1, "externalId": None, "phone": "79161234567",
                                              "hasActiveThread": False, "fullName": "Anna"}]))
    lines: list[str] = []
    client.debug = lines.append
    client.post("/api/v1/clients/short-info", {"phones": ["79161234567"]})
    log = "\n".join(lines)
    assert len(lines) == 4, log
    assert lines[0].startswith(f"> POST {server.url}/api/v1/clients/short-info  {{")
    assert "'Authorization': '***'" in lines[0]
    assert lines[1] == '> {"phones": "***"}'
    assert re.fullmatch(r"< 200 in \d+ ms  request-id -", lines[2]), lines[2]
    assert lines[3] == ('< [{"id": 1, "externalId": null, "phone": "***", "hasActiveThread": '
                        'false, "fullName": "***"}]')
    assert "tok-123" not in log and "79161234567" not in log and "Anna" not in log
    assert json.loads(server.requests[0]["body"]) == {"phones": ["79161234567"]}


def test_a_netrc_entry_never_replaces_the_bearer_token(scripted, isolated_home):
    server, client, _ = scripted(Reply(200, {"userId": 1, "login": "anna", "role": "SUPERVISOR",
                                             "fullName": "Anna"}))
    host = server.url.split("//")[1].split(":")[0]
    netrc = isolated_home / ".netrc"
    netrc.write_text(f"machine {host} login someone password hunter2\n")
    netrc.chmod(0o600)
    client.get("/api/v1/me")
    assert server.requests[0]["headers"]["Authorization"] == "Bearer tok-123"


@pytest.mark.parametrize("body", [{}, {"code": "NOT_FOUND"}, {"code": "METHOD_NOT_ALLOWED"}])
def test_an_extension_get_answered_405_is_a_capability_the_stand_lacks(scripted, body):
    _, client, _ = scripted(Reply(405, body))
    with pytest.raises(Unsupported, match="This stand does not offer a way to list tags."):
        client.get_extension("/api/v1/tags", "a way to list tags")
