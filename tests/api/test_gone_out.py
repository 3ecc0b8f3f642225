"""Might a failed send have gone out? One table (api.errors.STATUS_MEANINGS), asked through
the error itself; the client's retries, bulk's row outcome and send's "outcome unknown"
all give its answer, over real sockets."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest

from msgclient.api.catalog import Catalog
from msgclient.api.client import ApiClient
from msgclient.api.errors import (
    ApiError,
    BadRequest,
    Forbidden,
    NetworkError,
    NotFound,
    RuleRefused,
    ServerError,
    StandRefused,
    Throttled,
    Unauthorized,
    UnexpectedAnswer,
    error_from_response,
    is_final_refusal,
    status_meaning,
)
from msgclient.api.retry import RetryPolicy
from msgclient.bulk.outcome import from_error
from msgclient.commands.send.flow import deliver_explained
from msgclient.outgoing.model import PreparedSend
from msgclient.outgoing.prepare import deliver
from msgclient.terminal.iostreams import IOStreams
from tests.api.contract_answers import SENT, settings, thread
from tests.api.scripted_server import Reply, ScriptedServer

SEND = PreparedSend("/api/v1/messages/outgoing", {"threadId": 2, "text": "hi"},
                    {"channel": "viber", "clientId": 3})
# status -> (may have gone out, the stand's final word, tried again by the client)
TABLE = {
    400: (False, True, False), 401: (False, False, False), 403: (False, True, False),
    404: (False, True, False), 408: (False, False, False), 409: (False, True, False),
    422: (False, True, False), 429: (False, False, True), 500: (True, False, True),
    501: (True, False, False), 502: (True, False, True), 503: (False, False, True),
    504: (True, False, True), 507: (True, False, False),
}


@pytest.mark.parametrize("status", sorted(TABLE))
def test_each_status_has_one_answer(status):
    meaning = status_meaning(status)
    assert (meaning.gone_out, meaning.final, meaning.retried) == TABLE[status]
    error = error_from_response(status, {}, None, "/api/v1/messages/outgoing")
    assert error.may_have_gone_out is TABLE[status][0]
    assert is_final_refusal(error) is TABLE[status][1]


@pytest.mark.parametrize("error,gone_out", [
    (error_from_response(500, {}, None, "/x"), True),
    (error_from_response(503, {}, None, "/x"), False),
    (ServerError("boom", status=502, code="ERROR"), True),
    (Throttled("busy", status=429, code="RATE_LIMITED"), False),
    (Unauthorized("expired", status=401, code="UNAUTHORIZED"), False),
    (Forbidden("no", status=403, code="FORBIDDEN"), False),
    (NotFound("none", status=404, code="NOT_FOUND"), False),
    (StandRefused("no", status=409, code="REFUSED"), False),
    (ApiError("gone", status=410, code="ERROR"), False),
    # The stand's code says what it did, whatever status carried it.
    (RuleRefused("Blocked.", status=500, code="CLIENT_BLOCKED"), False),
    (BadRequest("bad", status=502, code="VALIDATION"), False),
    (NetworkError("cut", ambiguous=True), True),
    (NetworkError("no route", ambiguous=False), False),
    (UnexpectedAnswer("not json", ambiguous=True), True),
    (UnexpectedAnswer("not json", ambiguous=False), False),
])
def test_each_error_class_answers(error, gone_out):
    assert error.may_have_gone_out is gone_out


def _stand(server: ScriptedServer, attempts: int, keys: bool) -> SimpleNamespace:
    client = ApiClient(server.url, token=lambda: "tok", timeout=5,
                       policy=RetryPolicy(attempts=attempts, sleep=lambda s: None))
    io_ = IOStreams(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO())
    return SimpleNamespace(client=client, catalog=Catalog(client), io=io_)


def _settings(keys: bool) -> Reply:
    return Reply(200, settings(keys))


@pytest.fixture
def scripted():
    servers = []

    def make(*replies, then_sent=False):
        # then_sent: a send tried again gets the stand's answer to a send that went out, and
        # the look-up of the thread it opened (which names the channel it went over).
        opened = [Reply(200, SENT), Reply(200, thread(id=SENT["threadId"], channel=2))]
        servers.append(ScriptedServer(list(replies) + opened * then_sent))
        return servers[-1]

    yield make
    for server in servers:
        server.close()


@pytest.mark.parametrize("keys", [False, True], ids=["keys-ignored", "keys-honoured"])
@pytest.mark.parametrize("status", sorted(TABLE))
def test_retries_follow_the_table(scripted, status, keys):
    """A send is tried again where the table says so; one that may have gone out only where
    the stand honours its key."""
    gone_out, _, retried = TABLE[status]
    tried_again = retried and (keys or not gone_out)
    server = scripted(_settings(keys), Reply(status, {"message": "no"}), then_sent=tried_again)
    stand = _stand(server, attempts=2, keys=keys)
    try:
        deliver(stand, SEND, "key-1")
        answered = True
    except (ApiError, NetworkError):
        answered = False
    assert answered is tried_again
    sends = [r for r in server.requests if r["method"] == "POST"]
    assert len(sends) == 1 + tried_again


@pytest.mark.parametrize("status", [*sorted(TABLE), "drop"])
def test_bulk_and_send_agree_with_the_error(scripted, status):
    """The same failed send, once as a bulk row and once as `send`: 'unknown' and 'it may
    have been sent' exactly where the error says it may have gone out."""
    reply = Reply(drop=True) if status == "drop" else Reply(status, {"message": "no"})
    gone_out = True if status == "drop" else TABLE[status][0]
    server = scripted(_settings(False), reply)
    with pytest.raises((ApiError, NetworkError)) as bulk_info:
        deliver(_stand(server, attempts=1, keys=False), SEND, "key-1")
    assert bulk_info.value.may_have_gone_out is gone_out
    assert (from_error(bulk_info.value).state == "unknown") is gone_out

    server = scripted(_settings(False), reply)
    with pytest.raises((ApiError, NetworkError)) as send_info:
        deliver_explained(_stand(server, attempts=1, keys=False), SEND, "key-1")
    assert type(send_info.value) is type(bulk_info.value)
    assert ("may have been sent" in (send_info.value.hint or "")) is gone_out
