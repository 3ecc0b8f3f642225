"""Login, tokens, roles, and the error body every failure shares."""

from __future__ import annotations

import requests

from tests.sandbox.conftest import refused


def test_login_returns_a_bearer_prefixed_token_as_edna_does(api):
    resp = requests.post(api.url + "/api/auth/login",
                         json={"login": "supervisor", "password": "supervisor", "locale": "en"})
    assert resp.status_code == 200
    body = resp.json()
    assert body["token"].startswith("Bearer ")
    assert body == {"userId": 1, "login": "supervisor", "token": body["token"],
                    "role": "SUPERVISOR"}


def test_the_token_works_with_its_prefix_doubled_or_stripped(api):
    for header in (f"Bearer {api.token}", f"Bearer Bearer {api.token}", f"bearer {api.token}"):
        resp = requests.get(api.url + "/api/v1/me", headers={"Authorization": header})
        assert resp.json()["fullName"] == "Sofia Supervisor"


def test_bad_credentials_are_401(api):
    resp = requests.post(api.url + "/api/auth/login",
                         json={"login": "supervisor", "password": "nope"})
    refused(resp, 401, "UNAUTHORIZED")
    refused(requests.post(api.url + "/api/auth/login", json={"login": "x"}), 400, "VALIDATION")
    refused(requests.post(api.url + "/api/auth/login", data="{"), 400, "VALIDATION")


def test_no_token_or_unknown_token_is_401(api):
    refused(requests.get(api.url + "/api/v1/threads"), 401, "UNAUTHORIZED")
    refused(requests.get(api.url + "/api/v1/threads", headers={"Authorization": "Bearer nope"}),
            401, "UNAUTHORIZED")


def test_a_role_outside_the_permission_list_is_403(api):
    bot = api.login("bot")
    body = refused(bot.get("/api/v1/threads"), 403, "FORBIDDEN")
    assert body["details"]["allowedRoles"] == ["INTEGRATOR", "OPERATOR", "SUPERVISOR"]
    refused(bot.post("/api/v1/messages/outgoing", {"threadId": 1, "text": "x"}), 403, "FORBIDDEN")


def test_every_role_edna_lists_may_read_and_send(api):
    for user, thread in (("agent1", 1), ("integrator", 6), ("supervisor2", 14)):
        caller = api.login(user)
        assert caller.get("/api/v1/threads").status_code == 200
        sent = caller.post("/api/v1/messages/outgoing",
                           {"threadId": thread, "text": f"From {user}", "tags": [3]})
        assert sent.status_code == 200, sent.text
        assert caller.ok(f"/api/v1/threads/{sent.json()['threadId']}/messages")[-1]["text"] == (
            f"From {user}")


def test_me_names_the_caller(api):
    assert api.login("agent3").ok("/api/v1/me") == {
        "userId": 5, "login": "agent3", "role": "OPERATOR", "fullName": "Priya Nair"}


def test_unknown_paths_and_methods_answer_with_the_error_body(api):
    refused(api.get("/api/v1/nothing-here"), 404, "NOT_FOUND")
    refused(api.request("DELETE", "/api/v1/threads"), 405, "METHOD_NOT_ALLOWED")


def test_every_response_carries_a_request_id(api):
    ids = {api.get("/api/v1/settings").headers["X-Request-Id"],
           api.get("/api/v1/nothing").headers["X-Request-Id"],
           requests.post(api.url + "/api/auth/login", json={}).headers["X-Request-Id"]}
    assert len(ids) == 3 and all(ids)
