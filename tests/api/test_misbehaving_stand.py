"""A stand that misbehaves on purpose cannot hang msgclient or fool it (issue 14, class 3).

Every case runs over a real socket against tests/api/scripted_server.py.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest

from msgclient.__main__ import main
from msgclient.api import client as client_module
from msgclient.api import paging
from msgclient.api.client import ApiClient
from msgclient.api.errors import BadRequest, NetworkError, Throttled, UnexpectedAnswer
from msgclient.api.retry import RetryPolicy

from .contract_answers import SENT, THREAD, thread
from .scripted_server import Reply, ScriptedServer

SEND = "/api/v1/messages/outgoing"
PAGE = [{"id": 1}, {"id": 2}]
LISTING = "/api/v1/items"  # paging itself: a path the contract gives no item shape


@pytest.fixture
def stand_double():
    servers = []

    def make(*replies, default=None, **options):
        server = ScriptedServer(list(replies), default=default)
        servers.append(server)
        waits: list[float] = []
        notices: list[str] = []
        client = ApiClient(server.url, token=lambda: "tok", timeout=5, notice=notices.append,
                           policy=RetryPolicy(attempts=4, sleep=waits.append), **options)
        return server, client, waits, notices

    yield make
    for server in servers:
        server.close()


def send(client):
    return client.request("POST", SEND, json={"text": "hi"}, idempotency_key="k1").data


def test_a_stand_that_ignores_page_ends_the_listing_with_an_error(stand_double):
    server, client, _, _ = stand_double(default=Reply(200, PAGE))
    got = []
    with pytest.raises(UnexpectedAnswer, match="ignores paging"):
        got.extend(client.paginate(LISTING, page_size=2))
    assert got == PAGE and len(server.requests) == 2


def test_paging_has_a_bound(stand_double, monkeypatch):
    monkeypatch.setattr(paging, "MAX_PAGES", 3)
    pages = [Reply(200, [{"id": 2 * n}, {"id": 2 * n + 1}], unused=n >= 3) for n in range(5)]
    server, client, _, _ = stand_double(*pages)
    with pytest.raises(UnexpectedAnswer, match="did not end after 3 pages"):
        list(client.paginate(LISTING, page_size=2))
    assert len(server.requests) == 3


@pytest.mark.parametrize("body", [{"content": PAGE, "totalPages": 1}, None, "PAGE"])
def test_a_page_that_is_not_a_list_is_not_what_the_contract_says(stand_double, body):
    _, client, _, _ = stand_double(Reply(200, body))
    with pytest.raises(UnexpectedAnswer, match="where the API defines a list"):
        list(client.paginate("/api/v1/threads"))


def test_a_trickling_answer_trips_the_total_deadline(stand_double):
    server, client, _, _ = stand_double(Reply(200, SENT, trickle=0.05), deadline=0.6)
    started = time.monotonic()
    with pytest.raises(NetworkError, match="did not finish its answer in time") as info:
        send(client)
    assert time.monotonic() - started < 3, "per-read timeouts alone would take ~4 s here"
    assert info.value.ambiguous and len(server.requests) == 1


def test_trickled_headers_trip_the_deadline_too(stand_double):
    """The deadline holds before the body as well: a stand that never finishes its headers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def trickle_headers():
        conn, _ = listener.accept()
        conn.recv(65536)
        for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100:
            try:
                conn.send(bytes([byte]))
            except OSError:
                return
            time.sleep(0.05)

    threading.Thread(target=trickle_headers, daemon=True).start()
    client = ApiClient(f"http://127.0.0.1:{listener.getsockname()[1]}", timeout=5,
                       deadline=0.5, policy=RetryPolicy(attempts=1))
    started = time.monotonic()
    with pytest.raises(NetworkError, match="did not finish"):
        client.get("/api/v1/me")
    assert time.monotonic() - started < 3
    listener.close()


def test_a_retry_after_beyond_the_cap_gives_up_at_once_and_says_why(stand_double):
    server, client, waits, _ = stand_double(default=Reply(429, {"code": "RATE_LIMITED"},
                                                          {"Retry-After": "999999"}))
    with pytest.raises(Throttled) as info:
        client.get("/api/v1/threads/1")
    assert len(server.requests) == 1 and waits == []
    assert "999,999 s" in info.value.hint


def test_long_waits_are_announced(stand_double):
    _, client, waits, notices = stand_double(
        Reply(503, {"code": "UNAVAILABLE"}, {"Retry-After": "30"}), Reply(200, SENT))
    assert send(client) == SENT
    assert waits == [30.0]
    assert notices == ["The stand is busy (HTTP 503); trying again in 30 s (attempt 2 of 4)."]


@pytest.mark.parametrize("reply, problem", [
    (Reply(200, None), "is empty, where the API defines an object"),
    (Reply(200, raw=b"<html>ok</html>", headers={"Content-Type": "text/html"}),
     r"is not JSON \(text/html\)"),
    (Reply(200, [SENT]), "where the API defines an object"),
    (Reply(201, {"status": "queued"}), "does not name the message"),
])
def test_an_unreadable_answer_to_a_send_leaves_the_outcome_unknown(stand_double, reply, problem):
    server, client, _, _ = stand_double(reply)
    with pytest.raises(UnexpectedAnswer, match=problem) as info:
        send(client)
    assert info.value.ambiguous, "the message may have gone out"
    assert "outcome of the send is unknown" in info.value.message
    assert len(server.requests) == 1


def test_a_non_json_answer_to_a_read_is_an_error_that_says_so(stand_double):
    _, client, _, _ = stand_double(Reply(200, raw=b"<html>login</html>",
                                         headers={"Content-Type": "text/html; charset=utf-8"}))
    with pytest.raises(UnexpectedAnswer, match=r"GET /api/v1/threads/1 is not JSON \(text/html\)"):
        client.get("/api/v1/threads/1")


def test_a_redirect_loop_is_reported_as_a_redirect(stand_double):
    server, client, _, _ = stand_double(default=Reply(302, None, {"Location": "/login"}))
    with pytest.raises(UnexpectedAnswer, match=r"redirect \(HTTP 302 to /login\)") as info:
        send(client)
    assert info.value.ambiguous and len(server.requests) == 1
    assert "config show" in info.value.hint


def test_a_huge_error_body_is_shown_as_one_short_line(stand_double):
    _, client, _, _ = stand_double(Reply(400, {"code": "VALIDATION", "message": "x" * 200_000}))
    with pytest.raises(BadRequest) as info:
        send(client)
    assert len(info.value.message) <= 302 and info.value.message.endswith("….")


def test_an_answer_past_the_size_limit_is_not_read_whole(stand_double, monkeypatch):
    monkeypatch.setattr(client_module, "MAX_ANSWER_BYTES", 1000)
    _, client, _, _ = stand_double(Reply(200, [{"id": i} for i in range(1000)]))
    with pytest.raises(UnexpectedAnswer, match="larger than"):
        client.get("/api/v1/threads")


def test_an_uploads_deadline_grows_with_its_size(stand_double):
    """A slow stand may take longer over a large upload; the deadline allows for the bytes."""
    stored = {"url": "u", "name": "a.bin", "type": "x/y", "size": 50_000}
    _, client, _, _ = stand_double(Reply(200, stored, trickle=0.005), deadline=0.2)
    data = b"x" * 50_000  # one more second at the minimum upload pace
    answer = client.request("POST", "/api/v1/files", files={"file": ("a.bin", data, "x/y")})
    assert answer.data == stored


# ---- round three: every answer is checked before it is believed -------------------------
DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize("raw, problem", [
    (DEEP, "is JSON nested more than 64 levels deep"),
    (b"[" * 200 + b"]" * 200, "is JSON nested more than 64 levels deep"),
    (b'{"id": ' + b"9" * 5000 + b"}", r"is not JSON \(application/json\)"),
])
def test_an_answer_too_deep_or_too_big_to_parse_is_unreadable_not_a_crash(stand_double, raw,
                                                                        problem):
    _, client, _, _ = stand_double(Reply(200, raw=raw))
    with pytest.raises(UnexpectedAnswer, match=problem) as info:
        client.get("/api/v1/threads/1")
    assert not info.value.ambiguous, "a read that failed sent nothing"


@pytest.mark.parametrize("body, problem", [
    ([1, 2, 3], r"\[0\] is an integer, where the API defines an object"),
    ([THREAD, None], r"\[1\] is null, where the API defines an object"),
    ([{**THREAD, "clientId": [3]}], r"\[0\].clientId is a list, where the API defines an integer"),
    ([{**THREAD, "id": True}], r"\[0\].id is true/false, where the API defines an integer"),
    ([{**THREAD, "id": 2 ** 70}], r"\[0\].id is an integer beyond 64 bits"),
    ([{**THREAD, "tags": [{"x": 1}]}], r"\[0\].tags\[0\] is an object, where the API defines text"),
    ([{k: v for k, v in THREAD.items() if k != "clientId"}], r"\[0\].clientId is missing"),
])
def test_a_page_whose_items_are_not_the_contracts_threads_is_refused(stand_double, body, problem):
    _, client, _, _ = stand_double(Reply(200, body))
    with pytest.raises(UnexpectedAnswer, match="GET /api/v1/threads is not what the API "
                                               f"defines: {problem}"):
        list(client.paginate("/api/v1/threads"))


def test_fields_the_contract_does_not_name_and_its_extensions_may_be_absent(stand_double):
    extra = {**THREAD, "newerField": {"deep": [1, {"x": None}]}}
    _, client, _, _ = stand_double(Reply(200, [extra]))
    assert list(client.paginate("/api/v1/threads")) == [extra]


@pytest.mark.parametrize("reply, problem", [
    (Reply(200, {**SENT, "id": "m-1"}), "id is text, where the API defines an integer"),
    (Reply(200, {**SENT, "threadId": {"id": 2}}), "threadId is an object"),
    (Reply(200, {**SENT, "id": 2 ** 64}), "id is an integer beyond 64 bits"),
    (Reply(200, {k: v for k, v in SENT.items() if k != "agentId"}), "agentId is missing"),
    (Reply(202, SENT), "is HTTP 202, which the API does not define for a send"),
    (Reply(200, raw=DEEP), "nested more than 64 levels deep"),
])
def test_a_send_answer_off_the_contract_is_outcome_unknown_never_sent(stand_double, reply,
                                                                      problem):
    server, client, _, _ = stand_double(reply)
    with pytest.raises(UnexpectedAnswer, match=problem) as info:
        send(client)
    assert info.value.ambiguous and "outcome of the send is unknown" in info.value.message
    assert len(server.requests) == 1, "an answer that is there is not asked for again"


@pytest.mark.parametrize("body", [{"message": {"nested": ["x" * 10_000]}, "code": ["A"]},
                                  {"message": 12345, "error": None},
                                  {"message": None, "error": "y" * 100_000}])
def test_an_error_body_of_odd_types_is_one_short_line(stand_double, body):
    _, client, _, _ = stand_double(Reply(400, body))
    with pytest.raises(BadRequest) as info:
        client.get("/api/v1/threads/1")
    assert len(info.value.message) <= 302 and "\n" not in info.value.message


@pytest.mark.parametrize("argv", [["threads", "list"], ["threads", "show", "1"],
                                  ["clients", "show", "1"], ["channels", "list"],
                                  ["auth", "status"]])
@pytest.mark.parametrize("body", [[1, 2, 3], [None], "text", {"id": [1], "extensions": 5}],
                         ids=["numbers", "nulls", "a-string", "odd-object"])
def test_a_command_reading_answers_off_the_contract_says_so_in_one_line(
        stand_double, monkeypatch, capsys, argv, body):
    server, _, _, _ = stand_double(default=Reply(200, body))
    monkeypatch.setenv("MSGCLIENT_URL", server.url)
    monkeypatch.setenv("MSGCLIENT_TOKEN", "tok")
    code = main(argv)
    err = capsys.readouterr().err.strip().splitlines()
    assert code in (1, 2) and len(err) == 1, err
    assert err[0].startswith("error: ") and "unexpected" not in err[0], err


def test_a_stand_value_is_bounded_before_it_is_printed(stand_double, monkeypatch, capsys):
    page = [thread(clientName="x" * 1_000_000, threadUrl="y" * 1_000_000)]
    server, _, _, _ = stand_double(Reply(200, raw=b"<html>app</html>",
                                         headers={"Content-Type": "text/html"}),
                                   default=Reply(200, page))
    monkeypatch.setenv("MSGCLIENT_URL", server.url)
    monkeypatch.setenv("MSGCLIENT_TOKEN", "tok")
    assert main(["threads", "list"]) == 0  # a settings page that is HTML: documented API only
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and len(out) < 1100 and "x…\tagent1" in out
