"""The docs-only edna personality: only documented operations, fields and parameters, edna's
shapes, Spring error bodies, every product rule in edna's words, and the request log."""

from __future__ import annotations

import email
import json
import signal
import socket
import sqlite3
import stat
import subprocess
import time
from email import policy

import pytest
import requests

from msgclient.__main__ import main
from msgclient.config.settings import load_settings
from msgclient.contract import load_contract
from msgclient.sandbox.app import ROUTES, edna_routes
from msgclient.sandbox.edna import documented
from msgclient.sandbox.embedded import connect_sandbox, state_file
from msgclient.sandbox.faults import FaultConfig
from msgclient.sandbox.store import db
from msgclient.sandbox.store.seed import FIXTURE_THREAD_IDS as T
from tests.conftest import MSGCLIENT
from tests.sandbox.conftest import run_schemathesis

OUT, DEVICE, EMAIL = ("/api/v1/messages/outgoing", "/api/v1/messages/outgoing-to-device",
                      "/api/v1/messages/email")
SPRING_KEYS = {"timestamp", "status", "error", "message", "path"}
THREAD_KEYS = {"id", "status", "startTime", "stateChangeTime", "unread", "unanswered",
               "currentAgent", "currentAgentLogin", "lastAgent", "lastAgentLogin", "channel",
               "clientId", "clientExternalId", "clientName", "threadUrl", "tags", "info"}
SENT_KEYS = {"id", "threadId", "clientId", "clientExternalId", "agentId"}


@pytest.fixture
def edna(start):
    return start(api="edna")


def spring(resp: requests.Response, status: int, message: str) -> dict:
    """Assert Spring Boot's default error body, with nothing of the contract's extras."""
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == SPRING_KEYS, body
    assert body["status"] == status and body["message"] == message, body
    assert body["timestamp"].endswith("Z") and body["path"] == resp.request.path_url.split("?")[0]
    return body


def row(api, sql: str, *params):
    with sqlite3.connect(api.db) as conn:
        return conn.execute(sql, params).fetchone()


# --- routes -------------------------------------------------------------------------------


def test_the_edna_routes_are_the_contracts_documented_operations():
    served = {(m, r.path) for r in edna_routes() for m in r.methods if m != "HEAD"}
    assert served == documented.operations()
    assert ("GET", "/api/v1/threads/{threadId}/messages") not in served
    assert len(served) == 11 and len(ROUTES) > len(served)


def test_undocumented_paths_answer_a_spring_404_and_wrong_methods_405(edna):
    contract = load_contract()["paths"]
    undocumented = [(m.upper(), p.replace("{threadId}", "1").replace("{fileId}", "x"))
                    for p, ops in contract.items() for m, op in ops.items()
                    if op.get("x-msgclient-extension")]
    assert len(undocumented) == 9
    for method, path in [*undocumented, ("GET", "/api/v1/nothing-here")]:
        body = spring(edna.request(method, path), 404, "No message available")
        assert body["error"] == "Not Found"
    spring(edna.request("DELETE", "/api/v1/threads/1"), 405,
           "Request method 'DELETE' is not supported")
    spring(edna.post("/api/v1/threads", {}), 405, "Request method 'POST' is not supported")


def test_no_token_or_a_bad_one_is_a_spring_401(edna):
    resp = requests.get(edna.url + "/api/v1/threads", timeout=10)
    assert spring(resp, 401, "Unauthorized")["error"] == "Unauthorized"
    spring(edna.request("GET", "/api/v1/threads", headers={"Authorization": "Bearer nope"}), 401,
           "Unauthorized")
    spring(edna.login("bot").get("/api/v1/threads"), 403, "Access Denied")


def test_login_answers_edna_shape_with_the_prefixed_token(edna):
    resp = requests.post(edna.url + "/api/auth/login", timeout=10,
                         json={"login": "supervisor", "password": "supervisor", "extra": 1})
    body = resp.json()
    assert set(body) == {"userId", "login", "token", "role"}
    assert body["token"].startswith("Bearer ") and body["role"] == "SUPERVISOR"


# --- requests: unknown fields and parameters are ignored -----------------------------------


def test_unknown_send_fields_are_ignored_not_applied(edna):
    # channel 2 (Viber), a tag that does not exist and a template: a Spring stand binds none.
    resp = edna.post(OUT, {"threadId": T["anna_closed_whatsapp"], "text": "Hello Anna",
                           "channel": 2, "tags": [999], "template": {"id": 4}})
    assert resp.status_code == 200, resp.text
    sent = resp.json()
    assert set(sent) == SENT_KEYS and sent["clientId"] == 1
    thread = edna.ok(f"/api/v1/threads/{sent['threadId']}")
    assert thread["channel"] == 1 and thread["tags"] == [] and set(thread) == THREAD_KEYS
    assert row(edna, "SELECT channel_id, template, tags FROM messages WHERE id = ?",
               sent["id"]) == (1, None, "[]")


def test_mandatory_tags_are_not_enforced(edna):
    assert json.loads(row(edna, "SELECT value FROM settings WHERE key = 'mandatoryTags'")[0])
    assert edna.post(OUT, {"threadsClientId": 10, "text": "Hi Julia"}).status_code == 200


def test_email_drops_bcc_attachments_and_recipient_ids(edna):
    resp = edna.post(EMAIL, {
        "emailAddress": "new.person@example.com", "emailAccountId": 1, "emailSubject": "Hi",
        "text": "Hello", "bcc": ["quality@example.com"], "threadsClientId": 1,
        "threadId": T["anna_closed_email"], "tags": [1],
        "attachments": [{"url": "https://files.example.com/terms.pdf"}]})
    assert resp.status_code == 200, resp.text
    sent = resp.json()
    assert set(sent) == SENT_KEYS and sent["clientId"] != 1  # a new client, by the address
    [eml] = list(edna.outbox.glob("*.eml"))
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert msg["To"] == "new.person@example.com" and msg["Bcc"] is None
    assert "quality@example.com" not in eml.read_text() and "terms.pdf" not in eml.read_text()
    envelope = json.loads(eml.with_name(eml.name.removesuffix(".eml") + ".envelope.json")
                          .read_text())
    assert envelope["to"] == ["new.person@example.com"]
    attachments, record = row(edna, "SELECT attachments, email FROM messages WHERE id = ?",
                              sent["id"])
    assert json.loads(attachments) == [] and json.loads(record)["bcc"] == []


def test_email_requires_the_address_and_checks_the_known_client(edna):
    base = {"emailAccountId": 1, "emailSubject": "Hi", "text": "Hello"}
    spring(edna.post(EMAIL, {**base, "threadsClientId": 1}), 400,
           "Field emailAddress is required")
    spring(edna.post(EMAIL, {**base, "emailAddress": "boris.ivanov@example.net"}), 400,
           "Client is blocked")
    # Clara has an active Viber thread: it does not stop an email.
    sent = edna.post(EMAIL, {**base, "emailAddress": "clara.schmidt@example.org"})
    assert sent.status_code == 200 and sent.json()["clientId"] == 3
    spring(edna.post(EMAIL, {**base, "emailAddress": "a@example.com", "template": {"id": 1},
                             "text": None}), 400, "Message text or attachments are required")


def test_recipient_priority_and_the_channel_the_stand_chooses(edna):
    # threadsClientId wins over threadId (another client's thread): no cross-check 400.
    sent = edna.post(OUT, {"threadsClientId": 10, "threadId": T["anna_closed_whatsapp"],
                           "text": "Hi"}).json()
    assert sent["clientId"] == 10
    # Julia's last chat channel (Viber), not the WhatsApp of the ignored thread.
    assert edna.ok(f"/api/v1/threads/{sent['threadId']}")["channel"] == 2
    sent = edna.post(OUT, {"clientId": "web-1006", "text": "Hi Felix"}).json()
    assert sent["clientExternalId"] == "web-1006"
    assert edna.ok(f"/api/v1/threads/{sent['threadId']}")["channel"] == 4
    db.close_active_threads(edna.db, 10)
    # The thread's own channel (WhatsApp), not Julia's last chat channel (Viber): WhatsApp
    # answers, and Julia last wrote there a month ago, so only a template would go.
    spring(edna.post(OUT, {"threadId": T["julia_closed_whatsapp"], "text": "Hi"}), 400,
           "Re-engagement message: more than 24 hours have passed since the client last "
           "replied; WhatsApp accepts only a template message")


def test_device_send_keeps_the_descriptor(edna):
    resp = edna.post(DEVICE, {"text": "Hi", "tags": [1], "clientApplicationDescriptor": {
        "channelType": "VIBER", "deviceAddress": "79990001122", "appMarker": "app",
        "extra": "x"}})
    assert resp.status_code == 200, resp.text
    thread = edna.ok(f"/api/v1/threads/{resp.json()['threadId']}")
    assert thread["channel"] == 2 and thread["info"] == {"deviceAddress": "79990001122",
                                                         "appMarker": "app"}


def test_no_idempotency_key_handling(edna):
    body = {"threadsClientId": 10, "text": "Hi"}
    first = edna.post(OUT, body, headers={"Idempotency-Key": "k-1"}).json()
    db.close_active_threads(edna.db, 10)
    second = edna.post(OUT, body, headers={"Idempotency-Key": "k-1"})
    assert second.status_code == 200 and second.json()["id"] != first["id"]
    assert "Idempotent-Replayed" not in second.headers


# --- GET /api/v1/threads ---------------------------------------------------------------------


def test_threads_are_open_ones_by_id_ascending_and_extension_params_are_ignored(edna):
    plain = edna.ok("/api/v1/threads", size=500)
    ids = [t["id"] for t in plain]
    assert ids == sorted(ids) and T["clara_active_viber"] in ids
    assert all(t["status"] != "CLOSED" for t in plain)
    ignored = edna.ok("/api/v1/threads", size=500, sort="stateChangeTime,asc", clientId=3,
                      channels=2, tags=1, stateChangedFrom="2100-01-01T00:00:00.000Z")
    assert ignored == plain
    assert edna.get("/api/v1/threads", sort="nonsense").status_code == 200


def test_threads_by_statuses_logins_and_pages(edna):
    closed = edna.ok("/api/v1/threads", statuses="CLOSED", size=500)
    assert closed and {t["status"] for t in closed} == {"CLOSED"}
    assert [t["id"] for t in closed] == sorted(t["id"] for t in closed)
    page = edna.ok("/api/v1/threads", statuses="CLOSED", page=1, size=3)
    assert page == closed[3:6]
    for name in ("agentsLogins", "agentLogins"):
        mine = edna.ok("/api/v1/threads", statuses="CLOSED", size=500, **{name: "agent1"})
        assert mine and all("agent1" in (t["currentAgentLogin"], t["lastAgentLogin"])
                            for t in mine)


# --- answers: documented fields only ---------------------------------------------------------


def test_profile_and_short_info_have_only_documented_fields(edna):
    profile = edna.ok("/api/v1/clients/internal/6/profile")
    assert set(profile) == {"externalClientId", "fullName", "segment", "phone", "email",
                            "blocked", "additional"}
    assert profile["externalClientId"] == "web-1006"
    resp = edna.post("/api/v1/clients/short-info", {"phones": ["79161234501"],
                                                    "externalIds": ["web-1006"],
                                                    "emails": ["clara.schmidt@example.org"]})
    assert resp.status_code == 200
    items = resp.json()
    assert [i["id"] for i in items] == [1, 6]  # emails is not documented: no Clara
    assert all(set(i) == {"id", "externalId", "phone", "hasActiveThread"} for i in items)
    spring(edna.get("/api/v1/clients/internal/99999/profile"), 404, "Client not found")
    spring(edna.get("/api/v1/threads/99999"), 404, "Thread 99999 not found")


# --- every rule, in edna's words -------------------------------------------------------------


@pytest.mark.parametrize(("path", "body", "status", "message"), [
    (OUT, {"threadId": T["boris_closed_whatsapp"], "text": "x"}, 400, "Client is blocked"),
    (OUT, {"threadsClientId": 9, "text": "x"}, 400, "Client has active thread"),
    (OUT, {"threadId": T["clara_active_viber"], "text": "x"}, 400, "Thread 5 is not closed"),
    (OUT, {"threadId": T["hiroshi_closed_telegram"], "text": "x"}, 400,
     "Channel TELEGRAM is not enabled"),
    (OUT, {"threadsClientId": 5, "text": "x"}, 400, "Client has no chat channel"),
    (OUT, {"threadId": 99999, "text": "x"}, 404, "Thread 99999 not found"),
    (OUT, {"threadsClientId": 99999, "text": "x"}, 404, "Client not found"),
    (OUT, {"clientId": "nobody", "text": "x"}, 404, "Client not found"),
    (OUT, {"text": "x"}, 400, "One of threadsClientId, clientId or threadId is required"),
    (OUT, {"threadsClientId": 1, "text": "x" * 2001}, 400,
     "Text is longer than 2000 characters"),
    (OUT, {"threadsClientId": 1, "template": {"id": 1, "variables": {}}}, 400,
     "Message text or attachments are required"),
    (OUT, {"threadsClientId": 1, "attachments": [{"url": "https://example.com/a.exe"}]}, 400,
     "Attachment type application/octet-stream is not supported"),
    (OUT, {"threadsClientId": 1, "attachments": [
        {"url": f"https://example.com/{i}.pdf"} for i in range(4)]}, 400,
     "Too many attachments: at most 3"),
    (OUT, {"threadsClientId": 1, "attachments": [
        {"url": "https://example.com/big.pdf", "size": 17 * 1024 * 1024}]}, 400,
     "Attachment big.pdf is too large"),
    (DEVICE, {"text": "x", "clientApplicationDescriptor": {
        "channelType": "WHATSAPP", "deviceAddress": "79031234502"}}, 400, "Client is blocked"),
    (DEVICE, {"text": "x", "clientApplicationDescriptor": {
        "channelType": "VIBER", "deviceAddress": "4915112345603"}}, 400,
     "Client has active thread"),
    (DEVICE, {"text": "x", "clientApplicationDescriptor": {
        "channelType": "WHATSAPP", "deviceAddress": "+7 916"}}, 400, "Invalid device address"),
    (EMAIL, {"emailAccountId": 9, "emailSubject": "s", "text": "x",
             "emailAddress": "a@example.com"}, 400, "Email account 9 not found"),
    (EMAIL, {"emailAccountId": 3, "emailSubject": "s", "text": "x",
             "emailAddress": "a@example.com"}, 400, "Email account 3 not found"),
    (EMAIL, {"emailAccountId": 1, "emailSubject": "s", "text": "x",
             "emailAddress": "not-an-address"}, 400, "Invalid email address"),
])
def test_each_refusal_in_edna_words(edna, path, body, status, message):
    spring(edna.post(path, body), status, message)


def test_a_disabled_channel_refuses_new_clients_too(edna):
    db.set_channel_enabled(edna.db, 2, False)
    spring(edna.post(DEVICE, {"text": "x", "clientApplicationDescriptor": {
        "channelType": "VIBER", "deviceAddress": "79990001122"}}), 400,
        "Channel VIBER is not enabled")


# --- the request log -------------------------------------------------------------------------


def test_the_request_log_names_what_was_asked(start, tmp_path):
    log_file = tmp_path / "requests.jsonl"
    edna = start(api="edna", request_log=log_file)
    edna.get("/api/v1/threads", size=2, sort="x")
    edna.post(DEVICE, {"text": "Hi", "attachments": [{"url": "https://e.com/a.pdf"}],
                       "clientApplicationDescriptor": {"channelType": "WHATSAPP",
                                                       "deviceAddress": "79990001122"}})
    edna.get("/api/v1/me")
    entries = list(edna.running.request_log)
    assert entries[0] == {"method": "POST", "path": "/api/auth/login", "query": [],
                          "body": ["login", "password"], "status": 200}
    assert entries[1] == {"method": "GET", "path": "/api/v1/threads", "query": ["size", "sort"],
                          "body": [], "status": 200}
    assert entries[2]["body"] == [
        "text", "attachments", "attachments[].url", "clientApplicationDescriptor",
        "clientApplicationDescriptor.channelType", "clientApplicationDescriptor.deviceAddress"]
    assert entries[3]["status"] == 404
    assert [json.loads(line) for line in log_file.read_text().splitlines()] == entries
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert "supervisor" not in log_file.read_text().replace('"login"', "")  # names, not values


def test_the_log_file_can_come_from_the_environment(start, tmp_path, monkeypatch):
    log_file = tmp_path / "from-env.jsonl"
    monkeypatch.setenv("MSGCLIENT_SANDBOX_REQUEST_LOG", str(log_file))
    full = start()
    full.get("/api/v1/channels")
    lines = [json.loads(line) for line in log_file.read_text().splitlines()]
    assert [(e["method"], e["path"], e["status"]) for e in lines] == [
        ("POST", "/api/auth/login", 200), ("GET", "/api/v1/channels", 200)]


def test_faults_answer_in_spring_shape(start):
    edna = start(api="edna", faults=FaultConfig(share_429=1.0, retry_after=2))
    resp = edna.get("/api/v1/threads")
    spring(resp, 429, "Too Many Requests")
    assert resp.headers["Retry-After"] == "2"
    assert edna.running.request_log[-1]["status"] == 429


def test_undocumented_names_what_edna_does_not_document(start):
    full = start()
    full.post(OUT, {"threadId": T["anna_closed_whatsapp"], "text": "Hi", "tags": [3],
                    "template": {"id": 1, "variables": {"name": "A"}}})
    full.get("/api/v1/threads", statuses="CLOSED", sort="stateChangeTime,asc", size=1)
    full.get("/api/v1/threads/1/messages")
    full.get("/api/v1/channels")
    login, send, listing, history, channels = full.running.request_log
    assert documented.undocumented(login) == []
    assert documented.undocumented(send) == ["body tags", "body template"]
    assert documented.undocumented(listing) == ["query sort"]
    assert documented.undocumented(history) == ["GET /api/v1/threads/{threadId}/messages"]
    assert documented.undocumented(channels) == ["GET /api/v1/channels"]
    assert documented.undocumented({"method": "POST", "path": DEVICE, "query": [], "body": [
        "clientApplicationDescriptor.channelType", "clientApplicationDescriptor.x",
        "attachments[].url", "attachments[].bogus"]}) == [
        "body clientApplicationDescriptor.x", "body attachments[].bogus"]


# --- choosing the personality ----------------------------------------------------------------


def test_the_embedded_default_speaks_edna_when_told_by_env(tmp_path, monkeypatch, capsys,
                                                           embedded):
    stand_db = tmp_path / "s.db"
    monkeypatch.setenv("MSGCLIENT_SANDBOX_DB", str(stand_db))
    monkeypatch.setenv("MSGCLIENT_SANDBOX_API", "edna")
    assert main(["threads", "list", "--json", "--limit", "3"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3
    running = embedded[f"{stand_db}|edna"]
    assert ("GET", "/api/v1/threads", 200) in [
        (e["method"], e["path"], e["status"]) for e in running.request_log]
    spring(requests.get(running.url + "/api/v1/me", timeout=10), 404, "No message available")


def test_sandbox_api_from_a_profile_and_a_bad_value(tmp_path, monkeypatch, capsys):
    config = tmp_path / "c.yaml"
    config.write_text("profiles:\n  demo:\n    sandbox_api: edna\n")
    monkeypatch.setenv("MSGCLIENT_CONFIG", str(config))
    settings = load_settings()
    assert (settings.sandbox_api, settings.sources["sandbox_api"]) == ("edna", "profile 'demo'")
    assert main(["config", "show", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"key": "sandbox_api", "value": "edna", "source": "profile 'demo'"} in rows
    monkeypatch.setenv("MSGCLIENT_SANDBOX_API", "spring")
    assert main(["threads", "list"]) == 2
    err = capsys.readouterr().err
    assert "sandbox_api from env MSGCLIENT_SANDBOX_API must be full or edna, not 'spring'" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_sandbox_serve_api_edna_and_reuse_only_for_the_same_api(tmp_path, embedded):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    stand_db = tmp_path / "served.db"
    server = subprocess.Popen([MSGCLIENT, "sandbox", "serve", "--api", "edna", "--port",
                               str(port), "--db", str(stand_db)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline, answer = time.time() + 30, None
        # The state file is written once the port is bound; answers come once it listens.
        while time.time() < deadline:
            try:
                answer = requests.get(url + "/api/v1/me", timeout=10)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        assert answer is not None, "sandbox serve never answered"
        spring(answer, 404, "No message available")
        assert state_file().exists()
        assert json.loads(state_file().read_text())["api"] == "edna"
        assert connect_sandbox(stand_db, api="edna")[0] == url
        assert connect_sandbox(stand_db, api="full")[0] != url  # another stand, in-process
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=15)
        assert server.returncode == 0, output
    finally:
        if server.poll() is None:
            server.kill()


def test_serve_refuses_an_unknown_api(capsys):
    assert main(["sandbox", "serve", "--api", "spring", "--port", "0"]) == 2
    assert "--api must be full or edna, not 'spring'" in capsys.readouterr().err


# --- the edna view of the contract -----------------------------------------------------------


def test_the_edna_view_of_the_contract_holds_no_extension():
    view = documented.edna_contract()
    assert {(m.upper(), p) for p, ops in view["paths"].items() for m in ops} == (
        documented.operations())
    for ops in view["paths"].values():
        for op in ops.values():
            names = {p.get("name") or p["$ref"].rsplit("/", 1)[1]
                     for p in op.get("parameters", [])}
            assert not names & {"IdempotencyKey", "sort", "clientId", "channels", "tags"}
    schemas = view["components"]["schemas"]
    assert set(schemas["Error"]["properties"]) == SPRING_KEYS
    assert set(schemas["SendResult"]["properties"]) == SENT_KEYS
    assert schemas["SendResult"]["additionalProperties"] is False
    assert set(schemas["EmailRequest"]["properties"]) == {"text", "emailAccountId",
                                                         "emailSubject", "emailAddress"}


@pytest.mark.slow
def test_schemathesis_finds_the_edna_stand_true_to_the_edna_view(edna, tmp_path):
    """A bounded property-based run of the documented operations against the edna stand:
    no server error, and every answer exactly in the edna view's shapes (no extra field)."""
    spec = tmp_path / "edna.json"
    spec.write_text(json.dumps(documented.edna_contract()))
    run_schemathesis(spec, edna.url, edna.token, tmp_path, "coverage,fuzzing")
