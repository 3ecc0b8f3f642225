"""The CLI (in-process) against a real sandbox on loopback: the read-only commands."""

from __future__ import annotations

import json
import re

from msgclient.config import tokens as tokenstore
from tests.conftest import run_main


def as_json(proc):
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_threads_list_defaults_to_closed_newest_first(cli):
    threads = as_json(cli("threads", "list", "--json", "--limit", "50"))
    assert threads and all(t["status"] == "CLOSED" for t in threads)
    changed = [t["stateChangeTime"] for t in threads]
    assert changed == sorted(changed, reverse=True)
    assert all(t["stateChangeTime"].endswith("+00:00") for t in threads), "ISO 8601 with offset"


def test_threads_list_piped_is_tab_separated_without_colour(cli):
    proc = cli("threads", "list", "--limit", "5")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 5
    assert all(len(line.split("\t")) == 7 for line in lines)
    assert "\x1b[" not in proc.stdout
    assert all(line.split("\t")[2] == "CLOSED" for line in lines)


def test_threads_list_filters(cli):
    everything = as_json(cli("threads", "list", "--status", "all", "--all", "--json"))
    assert {t["status"] for t in everything} > {"CLOSED"}
    viber = as_json(cli("threads", "list", "--channel", "viber", "--all", "--json"))
    channels = {c["id"]: c["type"] for c in as_json(cli("channels", "list", "--json"))}
    assert viber and all(channels[t["channel"]] == "VIBER" and t["status"] == "CLOSED"
                         for t in viber)
    client = everything[0]["clientId"]
    mine = as_json(cli("threads", "list", "--status", "all", "--client", str(client), "--json"))
    assert mine and all(t["clientId"] == client for t in mine)
    recent = as_json(cli("threads", "list", "--since", "3650d", "--all", "--json"))
    assert len(recent) == len([t for t in everything if t["status"] == "CLOSED"])
    assert as_json(cli("threads", "list", "--until", "2000-01-01", "--json")) == []


def test_threads_show_json_has_header_client_channels_history(cli):
    thread = as_json(cli("threads", "list", "--json", "--limit", "1"))[0]
    shown = as_json(cli("threads", "show", str(thread["id"]), "--json"))
    assert shown["thread"]["id"] == thread["id"]
    assert set(shown["client"]) >= {"fullName", "phone", "email", "blocked"}
    assert shown["messages"] and all("direction" in m for m in shown["messages"])
    names = {c["name"] for c in shown["channels"]}
    assert {"whatsapp", "viber", "email"} <= names
    for channel in shown["channels"]:
        assert channel["available"] == (channel["reason"] is None)


def test_threads_show_explains_unavailable_channels(cli):
    shown = as_json(cli("threads", "list", "--json", "--limit", "1"))[0]
    proc = cli("threads", "show", str(shown["id"]))
    assert proc.returncode == 0, proc.stderr
    assert "Can be messaged on" in proc.stdout and "History" in proc.stdout
    assert "telegram: " in proc.stdout and "not enabled" in proc.stdout


def test_threads_show_says_when_the_client_last_wrote_on_whatsapp(cli):
    julia = cli("threads", "show", "13")  # Julia last wrote on WhatsApp a month ago
    assert "✓ whatsapp  (last wrote 30 days ago: a template only)" in julia.stdout
    anna = cli("threads", "show", "1")  # Anna a few hours ago
    assert re.search(r"✓ whatsapp  \(last wrote [2-4] hours ago: free text until "
                     r"\d{4}-\d\d-\d\d \d\d:\d\d\)", anna.stdout), anna.stdout
    [whatsapp] = [c for c in as_json(cli("threads", "show", "13", "--json"))["channels"]
                  if c["name"] == "whatsapp"]
    assert whatsapp["freeText"] is False and whatsapp["lastWrote"].endswith("+00:00")


def test_catalog_listings(cli):
    channels = as_json(cli("channels", "list", "--json"))
    assert any(not c["enabled"] for c in channels) and any(c["enabled"] for c in channels)
    assert len(as_json(cli("senders", "list", "--json"))) >= 3
    tags = as_json(cli("tags", "list", "--json"))
    assert {t["level"] for t in tags} == {1, 2, 3}
    templates = as_json(cli("templates", "list", "--channel", "viber", "--json"))
    assert templates and all(t["channelType"] == "VIBER" for t in templates)


def test_clients_show(cli):
    thread = as_json(cli("threads", "list", "--json", "--limit", "1"))[0]
    shown = as_json(cli("clients", "show", str(thread["clientId"]), "--json"))
    assert any(t["id"] == thread["id"] for t in shown["threads"])


def one_line_error(proc, code, *fragments):
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert "Traceback" not in proc.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def test_bad_input_gets_one_line_and_a_documented_exit_code(cli, tmp_path):
    one_line_error(cli("threads", "show", "999999"), 1, "999999")
    one_line_error(cli("threads", "list", "--since", "yesterday-ish"), 2, "--since", "ISO 8601")
    one_line_error(cli("threads", "list", "--status", "SLEEPING"), 2, "Unknown status 'SLEEPING'")
    one_line_error(cli("threads", "list", "--channel", "pigeon"), 2, "Unknown channel 'pigeon'")
    one_line_error(cli("threads", "show", "abc"), 2, "'ID'", "integer")


def test_unreachable_stand(isolated_home):
    proc = run_main("threads", "list", env={"MSGCLIENT_URL": "http://127.0.0.1:9",
                                            "MSGCLIENT_TOKEN": "x"})
    one_line_error(proc, 1, "Cannot reach the stand at http://127.0.0.1:9")


def test_expired_env_token_names_the_variable(stand, isolated_home):
    proc = run_main("threads", "list", env={"MSGCLIENT_URL": stand.url,
                                            "MSGCLIENT_TOKEN": "expired-token-0000"})
    line = one_line_error(proc, 4, "unknown or expired", "MSGCLIENT_TOKEN is set")
    assert "expired-token-0000" not in line


def test_expired_stored_token_says_how_to_log_in(stand, isolated_home):
    assert run_main("config", "init", "--profile", "lab", "--url", stand.url).returncode == 0
    tokenstore.save("lab", "expired-token-0000")
    line = one_line_error(run_main("threads", "list"), 4, "unknown or expired",
                          "Run 'msgclient auth login'")
    assert "expired-token-0000" not in line


def test_not_logged_in(stand, isolated_home):
    proc = run_main("threads", "list", env={"MSGCLIENT_URL": stand.url})
    one_line_error(proc, 4, f"Not logged in to {stand.url}", "msgclient auth login")
