"""Threads, histories, clients and the stand's catalogue: paging, filters, shapes."""

from __future__ import annotations

from msgclient.rules import TEMPLATE_CHANNEL_TYPES
from msgclient.sandbox.store.seed import FIXTURE_THREAD_IDS as T
from tests.sandbox.conftest import refused


def test_without_statuses_only_open_threads_are_listed_as_edna_documents(api):
    threads = api.ok("/api/v1/threads", size=500)
    assert threads and all(t["status"] != "CLOSED" for t in threads)
    assert {T["clara_active_viber"], T["ivan_active_whatsapp"]} <= {t["id"] for t in threads}


def test_pages_do_not_overlap_and_a_short_page_ends_the_list(api):
    seen, page = [], 0
    while True:
        batch = api.ok("/api/v1/threads", statuses="CLOSED", size=7, page=page)
        seen += [t["id"] for t in batch]
        if len(batch) < 7:
            break
        page += 1
    everything = api.ok("/api/v1/threads", statuses="CLOSED", size=500)
    assert seen == [t["id"] for t in everything]
    assert len(seen) == len(set(seen)) >= 80


def test_newest_state_change_first_unless_asked_otherwise(api):
    desc = api.ok("/api/v1/threads", statuses="CLOSED", size=500)
    times = [t["stateChangeTime"] for t in desc]
    assert times == sorted(times, reverse=True)
    asc = api.ok("/api/v1/threads", statuses="CLOSED", size=500, sort="stateChangeTime,asc")
    assert [t["id"] for t in asc] == [t["id"] for t in reversed(desc)]


def test_filters_combine(api):
    closed_viber = api.ok("/api/v1/threads", statuses="CLOSED", channels=2, size=500)
    assert closed_viber and {t["channel"] for t in closed_viber} == {2}
    mine = api.ok("/api/v1/threads", statuses=["CLOSED", "WAITING"], clientId=3)
    assert {t["id"] for t in mine} == {T["clara_closed_viber"], T["clara_active_viber"]}
    by_agent = api.ok("/api/v1/threads", statuses="CLOSED", agentsLogins="agent2", size=500)
    assert by_agent and all("agent2" in (t["currentAgentLogin"], t["lastAgentLogin"])
                            for t in by_agent)
    late = api.ok("/api/v1/threads", statuses="CLOSED", tags=6, size=500)
    assert late and all("6" in t["tags"] for t in late)


def test_state_change_window(api):
    everything = api.ok("/api/v1/threads", statuses="CLOSED", size=500)
    middle = everything[len(everything) // 2]["stateChangeTime"]
    newer = api.ok("/api/v1/threads", statuses="CLOSED", size=500, stateChangedFrom=middle)
    older = api.ok("/api/v1/threads", statuses="CLOSED", size=500, stateChangedTo=middle)
    assert len(newer) + len(older) == len(everything)
    assert all(t["stateChangeTime"] >= middle for t in newer)
    refused(api.get("/api/v1/threads", stateChangedFrom="yesterday"), 400, "VALIDATION")


def test_bad_parameters_are_400(api):
    refused(api.get("/api/v1/threads", statuses="OPEN"), 400, "VALIDATION")
    refused(api.get("/api/v1/threads", size=501), 400, "VALIDATION")
    refused(api.get("/api/v1/threads", page=-1), 400, "VALIDATION")
    refused(api.get("/api/v1/threads", channels="viber"), 400, "VALIDATION")
    refused(api.get("/api/v1/threads/abc"), 400, "VALIDATION")


def test_thread_details_and_404(api):
    thread = api.ok(f"/api/v1/threads/{T['anna_closed_whatsapp']}")
    assert thread["clientName"] == "Anna Petrova" and thread["status"] == "CLOSED"
    assert thread["threadUrl"].endswith(f"/arm/thread/{thread['id']}")
    refused(api.get("/api/v1/threads/999999"), 404, "NOT_FOUND")
    refused(api.get("/api/v1/threads/99999999999999999999999"), 404, "NOT_FOUND")


def test_history_is_oldest_first_and_shows_bcc_to_staff(api):
    history = api.ok(f"/api/v1/threads/{T['elena_closed_email']}/messages")
    assert [m["createdAt"] for m in history] == sorted(m["createdAt"] for m in history)
    assert history[0]["direction"] == "INCOMING" and history[0]["authorType"] == "CLIENT"
    reply = next(m for m in history if m["direction"] == "OUTGOING")
    assert reply["email"]["bcc"] == ["team-lead@example.com", "archive@example.com"]
    assert reply["email"]["from"] == "support@example.com"
    assert reply["email"]["to"] == "elena.sokolova@example.org"
    first_two = api.ok(f"/api/v1/threads/{T['elena_closed_email']}/messages", size=1, page=1)
    assert first_two == history[1:2]


def test_a_supervisor_follow_up_appears_in_history(api):
    history = api.ok(f"/api/v1/threads/{T['julia_closed_viber']}/messages")
    assert history[0]["authorType"] == "SUPERVISOR" and history[0]["authorLogin"] == "supervisor"


def test_client_profile_and_short_info(api):
    boris = api.ok("/api/v1/clients/internal/2/profile")
    assert boris["blocked"] is True and boris["fullName"] == "Boris Ivanov"
    refused(api.get("/api/v1/clients/internal/99999/profile"), 404, "NOT_FOUND")
    found = api.post("/api/v1/clients/short-info", {
        "phones": ["4915112345603"], "externalIds": ["web-1006"],
        "emails": ["ELENA.SOKOLOVA@example.org"]}).json()
    assert [(c["id"], c["hasActiveThread"]) for c in found] == [(3, True), (5, False), (6, False)]
    assert api.post("/api/v1/clients/short-info", {"phones": None}).json() == []
    refused(api.post("/api/v1/clients/short-info", {"phones": "79161234501"}), 400, "VALIDATION")


def test_the_catalogue(api):
    channels = api.ok("/api/v1/channels")
    assert [(c["id"], c["type"], c["enabled"]) for c in channels] == [
        (1, "WHATSAPP", True), (2, "VIBER", True), (3, "EMAIL", True), (4, "WEB", True),
        (5, "MOBILE", True), (6, "TELEGRAM", False)]
    assert channels[2]["limits"]["textMaxLength"] == 100000
    settings = api.ok("/api/v1/settings")
    assert settings["mandatoryTags"] is True and settings["idempotencyKeys"] is True
    assert settings["uploadMaxSize"] == 25 * 1024 * 1024
    accounts = api.ok("/api/v1/email-accounts")
    assert [a["enabled"] for a in accounts] == [True, True, False]
    tags = {t["path"]: t for t in api.ok("/api/v1/tags")}
    leaf = tags["Complaint/Services/Resolved"]
    assert leaf["level"] == 3 and leaf["parentId"] == tags["Complaint/Services"]["id"]
    viber = api.ok("/api/v1/templates", channelType="VIBER")
    assert viber and {t["channelType"] for t in viber} == {"VIBER"}
    order_ready = next(t for t in api.ok("/api/v1/templates") if t["name"] == "order_ready")
    assert order_ready["variables"] == ["name", "order"]
    refused(api.get("/api/v1/templates", channelType="EMAIL"), 400, "VALIDATION")


def test_the_channels_with_templates_are_the_rules_list(api):
    channels = api.ok("/api/v1/channels")
    assert {c["type"] for c in channels if c["templates"]} == set(TEMPLATE_CHANNEL_TYPES)
    body = refused(api.get("/api/v1/templates", channelType="EMAIL"), 400, "VALIDATION")
    assert body["message"] == "Parameter channelType must be WHATSAPP or VIBER."
