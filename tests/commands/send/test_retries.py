"""Retried sends never duplicate: one Idempotency-Key per message, reused on every attempt,
and a stand that replays the first answer. Ambiguous failures against a stand without
key support are not retried, and the user is told the outcome is unknown."""

from __future__ import annotations

import io
import json
import re
import sqlite3

import pytest
import requests

from msgclient.__main__ import main
from msgclient.api.client import ApiClient
from msgclient.api.errors import NetworkError
from msgclient.api.retry import RetryPolicy
from msgclient.sandbox.faults import FaultConfig
from tests.commands.send.conftest import SEND_SCHEMAS, counts
from tests.conftest import run_cli, start_stand, stop_later

T = ["--tag", "Sales", "--yes"]


@pytest.fixture
def faulty(tmp_path, seeded_db, monkeypatch):
    """A stand that answers 503 to 10% of requests and drops 15% (half of the drops after the
    request was processed: the ambiguous case). The seed pins the sequence of faults."""
    faults = FaultConfig(share_503=0.1, share_drop=0.15, retry_after=0, seed=20241105)
    stand = start_stand(tmp_path, seeded_db, faults=faults)
    monkeypatch.setenv("MSGCLIENT_URL", stand.url)
    monkeypatch.setenv("MSGCLIENT_TOKEN", stand.token)
    yield stand
    stop_later(stand.running)


@pytest.fixture
def attempts(monkeypatch):
    """Every attempt msgclient makes in this process, with how it ended."""
    seen: list[dict] = []
    original = ApiClient._send

    def recording(self, method, path, params, body, files, headers, *rest):
        entry = {"method": method, "path": path, "key": headers.get("Idempotency-Key")}
        seen.append(entry)
        try:
            resp = original(self, method, path, params, body, files, headers, *rest)
        except NetworkError as exc:
            entry["outcome"] = "ambiguous" if exc.ambiguous else "unreached"
            raise
        entry["outcome"] = resp.status_code
        return resp

    monkeypatch.setattr(ApiClient, "_send", recording)
    return seen


def test_faulty_stand_one_message_per_send(faulty, attempts, capsys):
    """Send until both kinds of fault have hit a send (503, answer lost after processing)."""
    before, phones = counts(faulty.db), []

    def send_faults() -> set:
        return {a["outcome"] for a in attempts if a["path"] in SEND_SCHEMAS} & {503, "ambiguous"}

    while send_faults() != {503, "ambiguous"} and len(phones) < 60:
        phones.append(f"+34612000{len(phones):03d}")
        assert main(["send", "--new", "--channel", "viber", "--phone", phones[-1], "-m", "hi",
                     *T]) == 0, capsys.readouterr().err
    assert send_faults() == {503, "ambiguous"}, "the faults never hit a send"
    sends = [a for a in attempts if a["path"] in SEND_SCHEMAS]
    assert len({a["key"] for a in sends}) == len(phones), "one key per logical message"
    after = counts(faulty.db)
    assert after["messages"] == before["messages"] + len(phones)
    assert after["threads"] == before["threads"] + len(phones)


@pytest.mark.slow
def test_faulty_stand_through_the_installed_cli(faulty):
    before = counts(faulty.db)
    results = []
    for n in range(6):
        proc = run_cli("send", "--new", "--channel", "viber", "--phone", f"+34612111{n:03d}",
                       "-m", f"message {n}", *T, "--json")
        assert proc.returncode == 0, proc.stderr
        results.append(json.loads(proc.stdout))
    assert len({r["id"] for r in results}) == 6
    assert counts(faulty.db)["messages"] == before["messages"] + 6
    conn = sqlite3.connect(faulty.db)  # the stand's own record; its API is faulty on purpose
    try:
        for result in results:
            ids = [r[0] for r in conn.execute("SELECT id FROM messages WHERE thread_id=?",
                                              (result["threadId"],))]
            assert ids == [result["id"]]
    finally:
        conn.close()


def _cut_first_send(monkeypatch):
    """Let the first send reach the stand, then lose its answer (a dropped connection)."""
    original = ApiClient._send
    state = {"cut": False}

    def cutting(self, method, path, params, body, files, headers, *rest):
        resp = original(self, method, path, params, body, files, headers, *rest)
        if path in SEND_SCHEMAS and not state["cut"]:
            state["cut"] = True
            raise NetworkError("The connection broke before the answer arrived.", ambiguous=True)
        return resp

    monkeypatch.setattr(ApiClient, "_send", cutting)


def test_lost_answer_is_retried_with_the_same_key_and_replayed(env_stand, attempts, monkeypatch,
                                                                capsys):
    _cut_first_send(monkeypatch)
    before = counts(env_stand.db)
    assert main(["send", "--thread", "14", "--channel", "viber", "-m", "hi", *T]) == 0
    sends = [a for a in attempts if a["path"] in SEND_SCHEMAS]
    assert len(sends) == 2 and sends[0]["key"] == sends[1]["key"]
    assert counts(env_stand.db)["messages"] == before["messages"] + 1
    assert "✓ Sent" in capsys.readouterr().err


def test_without_key_support_an_ambiguous_failure_is_not_retried(tmp_path, seeded_db,
                                                                 monkeypatch, capsys):
    stand = start_stand(tmp_path, seeded_db, honour_idempotency=False)
    try:
        monkeypatch.setenv("MSGCLIENT_URL", stand.url)
        monkeypatch.setenv("MSGCLIENT_TOKEN", stand.token)
        _cut_first_send(monkeypatch)
        before = counts(stand.db)
        assert main(["send", "--thread", "14", "--channel", "viber", "-m", "hi", *T]) == 1
        err = capsys.readouterr().err
        assert "broke before the answer arrived" in err
        assert "may have been sent, and this stand does not de-duplicate retries" in err
        assert "msgclient threads list --status all --client 10" in err
        assert counts(stand.db)["messages"] == before["messages"] + 1, "sent once, not twice"
    finally:
        stand.running.stop()


def test_a_503_on_the_send_is_retried_even_without_key_support(env_stand, attempts,
                                                                monkeypatch):
    original = ApiClient._send
    state = {"busy": True}

    def busy_once(self, method, path, params, body, files, headers, *rest):
        if path in SEND_SCHEMAS and state.pop("busy", False):
            resp = requests.Response()
            resp.status_code, resp._content = 503, json.dumps({"code": "UNAVAILABLE"}).encode()
            resp.raw = io.BytesIO()
            resp.headers["Retry-After"] = "0"
            return resp
        return original(self, method, path, params, body, files, headers, *rest)

    monkeypatch.setattr(ApiClient, "_send", busy_once)
    before = counts(env_stand.db)
    assert main(["send", "--thread", "14", "--channel", "viber", "-m", "hi", *T]) == 0
    assert counts(env_stand.db)["messages"] == before["messages"] + 1


def test_rerun_with_the_same_key_replays_and_another_body_is_a_conflict(cli, stand):
    argv = ["send", "--thread", "14", "--channel", "viber", *T, "--idempotency-key", "run-7"]
    first = cli(*argv, "-m", "hello", "--json")
    assert first.returncode == 0, first.stderr
    before = counts(stand.db)
    again = cli(*argv, "-m", "hello", "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["id"] == json.loads(first.stdout)["id"]
    assert counts(stand.db) == before, "the replay sent nothing new"
    other = cli(*argv, "-m", "something else")
    assert other.returncode == 2
    assert "already used for another message" in other.stderr
    assert counts(stand.db) == before


def test_unknown_outcome_then_a_safe_rerun_with_the_printed_key(env_stand, monkeypatch, capsys):
    """Every answer to the send is lost: msgclient says how to retry; the retry replays."""
    original = ApiClient._send

    def always_cut(self, method, path, params, body, files, headers, *rest):
        resp = original(self, method, path, params, body, files, headers, *rest)
        if path in SEND_SCHEMAS:
            raise NetworkError("The connection broke before the answer arrived.", ambiguous=True)
        return resp

    monkeypatch.setattr(ApiClient, "_send", always_cut)
    # Each lost answer is retried at once: the jittered waits between (up to 3 s in all) are
    # test_retry's subject, not this test's.
    monkeypatch.setattr(RetryPolicy, "backoff", lambda self, attempt, retry_after=None: 0.0)
    before = counts(env_stand.db)
    assert main(["send", "--thread", "6", "-m", "hi", *T]) == 1
    err = capsys.readouterr().err
    hint = re.search(r"with --channel viber --idempotency-key (\S+) cannot send it twice", err)
    assert hint, err
    assert counts(env_stand.db)["messages"] == before["messages"] + 1
    monkeypatch.setattr(ApiClient, "_send", original)
    assert main(["send", "--thread", "6", "-m", "hi", *T, "--channel", "viber",
                 "--idempotency-key", hint.group(1)]) == 0
    assert counts(env_stand.db)["messages"] == before["messages"] + 1, "replayed, not resent"
