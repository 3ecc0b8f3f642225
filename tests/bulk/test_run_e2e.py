"""The CLI (in-process) against a real sandbox on loopback: bulk run, dry run, status, list."""

from __future__ import annotations

import csv
import json

from msgclient.bulk.runs import runs_root
from tests.bulk.conftest import (
    ACTIVE_PHONE,
    BLOCKED_PHONE,
    CLOSED_THREAD_ANNA,
    outgoing_by_phone,
    outgoing_total,
    phone_rows,
    phones,
    run_json,
    write_csv,
)

SEND = ("--channel", "viber", "--text", "Hello {{name}}", "--tag", "Sales")


def test_csv_run_sends_one_message_per_row_and_writes_a_report(cli, stand, tmp_path):
    numbers = phones(25)
    rows = phone_rows(tmp_path / "followups.csv", numbers)
    proc = cli("bulk", "run", str(rows), *SEND, "--yes", "--json", "--run-id", "first")
    assert proc.returncode == 0, proc.stderr
    summary = run_json(proc)
    assert (summary["sent"], summary["failed"], summary["unknown"]) == (25, 0, 0)
    assert summary["complete"] and summary["resume"] is None
    assert set(outgoing_by_phone(stand, numbers).values()) == {1}
    with open(summary["report"], encoding="utf-8") as fh:
        report = list(csv.DictReader(fh))
    assert [int(r["line"]) for r in report] == list(range(2, 27))
    assert {r["state"] for r in report} == {"sent"} and all(r["message_id"] for r in report)
    assert all(r["idempotency_key"].startswith("msgclient-bulk-") for r in report)


def test_text_is_filled_from_each_row(cli, stand, tmp_path):
    number = phones(1, offset=100)[0]
    rows = write_csv(tmp_path / "f.csv", ["phone", "First Name", "order"],
                     [[number, "Anna", "A-17"]])
    proc = cli("bulk", "run", str(rows), "--channel", "viber", "--tag", "Sales", "--yes",
               "--text", "Hi {{first_name}}, order {{ order }} is ready")
    assert proc.returncode == 0, proc.stderr
    thread = stand.get("/api/v1/threads", statuses="WAITING", size=500)
    texts = {m["text"] for t in thread for m in stand.get(f"/api/v1/threads/{t['id']}/messages")}
    assert "Hi Anna, order A-17 is ready" in texts


def test_rule_refusals_are_recorded_per_code_and_the_run_goes_on(cli, stand, tmp_path):
    numbers = phones(3, offset=200)
    rows = write_csv(tmp_path / "f.csv", ["phone", "name"],
                     [[n, "x"] for n in [numbers[0], BLOCKED_PHONE, numbers[1], ACTIVE_PHONE,
                                         numbers[2]]])
    proc = cli("bulk", "run", str(rows), *SEND, "--yes", "--json")
    assert proc.returncode == 0, proc.stderr  # refusals by rule are outcomes, not failures
    summary = run_json(proc)
    assert summary["sent"] == 3 and summary["refused"] == 2
    assert summary["refusedByCode"] == {"ACTIVE_THREAD": 1, "CLIENT_BLOCKED": 1}
    assert set(outgoing_by_phone(stand, numbers).values()) == {1}


def test_people_get_a_summary_with_refusals_on_stderr(cli, tmp_path):
    rows = write_csv(tmp_path / "f.csv", ["phone", "name"],
                     [[phones(1, offset=250)[0], "x"], [BLOCKED_PHONE, "y"]])
    proc = cli("bulk", "run", str(rows), *SEND, "--yes")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""  # nothing but data on stdout, and a run has none without --json
    assert "1 sent, 1 refused by rule, 0 failed, 0 unknown of 2 rows" in proc.stderr
    assert "refused: 1 × the client is blocked" in proc.stderr
    assert "report: " in proc.stderr and "resume" not in proc.stderr


def test_duplicate_recipients_are_sent_once_unless_allowed(cli, stand, tmp_path):
    number = phones(1, offset=300)[0]
    same = number.replace("+49", "+49 ").replace("151", "151-")  # the same number, written apart
    rows = write_csv(tmp_path / "f.csv", ["phone", "name"], [[number, "a"], [same, "b"]])
    proc = cli("bulk", "run", str(rows), *SEND, "--yes", "--json")
    summary = run_json(proc)
    assert (summary["sent"], summary["duplicates"]) == (1, 1), proc.stderr
    assert outgoing_by_phone(stand, [number]) == {number[1:]: 1}
    again = cli("bulk", "run", str(rows), *SEND, "--yes", "--json", "--allow-duplicates")
    summary = run_json(again)
    # Both rows go out now; the client has an active thread since the first run.
    assert (summary["duplicates"], summary["refusedByCode"]) == (0, {"ACTIVE_THREAD": 2})


def test_without_a_terminal_sending_needs_yes_and_nothing_is_sent(cli, stand, tmp_path):
    rows = phone_rows(tmp_path / "f.csv", phones(2, offset=400))
    before = outgoing_total(stand)
    proc = cli("bulk", "run", str(rows), *SEND)
    assert proc.returncode == 2
    assert "needs --yes" in proc.stderr and "Traceback" not in proc.stderr
    assert outgoing_total(stand) == before
    assert not list(runs_root().glob("*")), "a refused run leaves no run behind"


def test_without_a_terminal_bad_rows_and_the_missing_yes_are_named_in_one_run(cli, stand,
                                                                              tmp_path):
    rows = tmp_path / "f.csv"
    rows.write_text("thread,name\n14,Anna\n13,Boris\n", encoding="utf-8")
    proc = cli("bulk", "run", str(rows))  # no text, no tag, no --yes
    assert proc.returncode == 2
    assert "line 2:" in proc.stderr and "line 3:" in proc.stderr
    assert "2 of 2 rows are invalid" in proc.stderr
    assert "send the other 0" not in proc.stderr
    assert "Without a terminal to confirm on, sending also needs --yes." in proc.stderr


def test_jsonl_rows_with_a_template_take_its_variables_from_columns(cli, stand, tmp_path):
    numbers = phones(2, offset=500)
    path = tmp_path / "orders.jsonl"
    path.write_text("".join(json.dumps({"phone": n, "name": f"N{i}", "order": f"A-{i}",
                                        "tags": ["Sales"]}) + "\n"
                            for i, n in enumerate(numbers)), encoding="utf-8")
    proc = cli("bulk", "run", str(path), "--channel", "whatsapp", "--template", "order_ready",
               "--yes", "--json")
    assert run_json(proc)["sent"] == 2, proc.stderr
    assert set(outgoing_by_phone(stand, numbers).values()) == {1}


def test_yaml_rows_by_thread_with_explicit_variables(cli, stand, tmp_path):
    path = tmp_path / "threads.yaml"
    path.write_text(f"- thread: {CLOSED_THREAD_ANNA}\n  channel: whatsapp\n"
                    "  template: order_ready\n  var.name: Anna\n  var.order: B-2\n"
                    "  tags: [Sales]\n", encoding="utf-8")
    proc = cli("bulk", "run", str(path), "--yes", "--json")
    summary = run_json(proc)
    assert summary["sent"] == 1, proc.stderr
    history = stand.get("/api/v1/threads", statuses="WAITING", clientId=1)
    messages = stand.get(f"/api/v1/threads/{history[0]['id']}/messages")
    assert messages[-1]["template"]["variables"] == {"name": "Anna", "order": "B-2"}


def test_stdin_input_with_format(cli, stand, tmp_path):
    numbers = phones(2, offset=600)
    data = "phone,name\n" + "".join(f"{n},x\n" for n in numbers)
    proc = cli("bulk", "run", "-", "--format", "csv", *SEND, "--yes", "--json", input=data)
    assert run_json(proc)["sent"] == 2, proc.stderr
    missing = cli("bulk", "run", "-", *SEND, "--yes", input=data)
    assert missing.returncode == 2 and "needs --format" in missing.stderr


def test_running_the_same_file_again_is_refused_until_new_run(cli, stand, tmp_path):
    rows = phone_rows(tmp_path / "f.csv", phones(2, offset=700))
    assert cli("bulk", "run", str(rows), *SEND, "--yes", "--run-id", "once").returncode == 0
    again = cli("bulk", "run", str(rows), *SEND, "--yes")
    assert again.returncode == 2
    assert "already sent with the same options in run once" in again.stderr
    assert "--new-run" in again.stderr
    forced = cli("bulk", "run", str(rows), *SEND, "--yes", "--json", "--new-run")
    assert run_json(forced)["refusedByCode"] == {"ACTIVE_THREAD": 2}


def test_relative_attachment_paths_are_relative_to_the_file(cli, stand, tmp_path):
    folder = tmp_path / "campaign"
    (folder / "files").mkdir(parents=True)
    (folder / "files" / "invoice.pdf").write_bytes(b"%PDF-1.4\n%test\n" + b"0" * 100)
    number = phones(1, offset=800)[0]
    rows = write_csv(folder / "f.csv", ["phone", "name", "attachments"],
                     [[number, "x", "files/invoice.pdf"]])
    proc = cli("bulk", "run", str(rows), *SEND, "--yes", "--json")
    assert run_json(proc)["sent"] == 1, proc.stderr
    threads = stand.get("/api/v1/threads", statuses="WAITING", size=500)
    attached = [a for t in threads for m in stand.get(f"/api/v1/threads/{t['id']}/messages")
                for a in m["attachments"]]
    assert any(a["name"] == "invoice.pdf" and a["type"] == "application/pdf" for a in attached)


def test_dry_run_shows_every_row_and_sends_nothing(cli, stand, tmp_path):
    numbers = phones(2, offset=900)
    rows = write_csv(tmp_path / "f.csv", ["phone", "name"],
                     [[numbers[0], "Anna"], [numbers[1], "Ben"], [numbers[0], "again"]])
    before = outgoing_total(stand)
    proc = cli("bulk", "run", str(rows), *SEND, "--dry-run")
    assert proc.returncode == 0, proc.stderr
    lines = [line.split("\t") for line in proc.stdout.splitlines()]
    assert [(c[0], c[1]) for c in lines] == [("2", "ok"), ("3", "ok"), ("4", "duplicate")]
    assert lines[0][4] == "Hello Anna" and lines[2][5] == "same recipient as line 2"
    assert "Nothing was sent" in proc.stderr
    summary = cli("bulk", "run", str(rows), *SEND, "--dry-run", "--summary")
    assert summary.stdout == "" and "2 valid; 0 invalid; 1 duplicate" in summary.stderr
    assert outgoing_total(stand) == before
    assert run_json(cli("bulk", "list", "--json")) == []  # a dry run keeps no run
    assert "--check-eligibility" not in proc.stderr  # new clients: no rule to check yet


def test_a_dry_run_of_known_clients_says_what_it_did_not_ask(cli, tmp_path):
    rows = write_csv(tmp_path / "f.csv", ["thread", "name"], [[14, "Julia"], [90, "Emily"]])
    proc = cli("bulk", "run", str(rows), "--channel", "viber", "--text", "Hi {{name}}",
               "--tag", "Sales", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert ("Blocked clients and active threads were not checked; add --check-eligibility to "
            "ask the stand about each row.") in " ".join(proc.stderr.split())
    asked = cli("bulk", "run", str(rows), "--channel", "viber", "--text", "Hi {{name}}",
                "--tag", "Sales", "--dry-run", "--check-eligibility")
    assert "were not checked" not in asked.stderr


def test_dry_run_json_streams_rows_and_a_summary(cli, tmp_path):
    rows = phone_rows(tmp_path / "f.csv", phones(3, offset=1000))
    data = run_json(cli("bulk", "run", str(rows), *SEND, "--dry-run", "--json"))
    assert [r["status"] for r in data["rows"]] == ["ok"] * 3
    assert data["rows"][0]["text"] == "Hello Client 0"
    assert data["summary"]["valid"] == 3


def test_dry_run_check_eligibility_asks_the_stand(cli, stand, tmp_path):
    rows = write_csv(tmp_path / "f.csv", ["phone", "name"],
                     [[phones(1, offset=1100)[0], "a"], [BLOCKED_PHONE, "b"],
                      [ACTIVE_PHONE, "c"]])
    before = outgoing_total(stand)
    data = run_json(cli("bulk", "run", str(rows), *SEND, "--dry-run", "--check-eligibility",
                        "--json"))
    assert [(r["status"], r["code"]) for r in data["rows"]] == [
        ("ok", None), ("refused", "CLIENT_BLOCKED"), ("refused", "ACTIVE_THREAD")]
    assert data["summary"]["eligibility"] == {"sendable": 1, "refused": 2, "failed": 0}
    assert outgoing_total(stand) == before


def test_status_and_list_describe_runs_without_the_network(cli, tmp_path, monkeypatch):
    rows = write_csv(tmp_path / "f.csv", ["phone", "name"],
                     [[phones(1, offset=1200)[0], "a"], [BLOCKED_PHONE, "b"]])
    assert cli("bulk", "run", str(rows), *SEND, "--yes", "--run-id", "r1").returncode == 0
    monkeypatch.setenv("MSGCLIENT_URL", "http://127.0.0.1:9")  # nothing listens there
    status = run_json(cli("bulk", "status", "r1", "--json"))
    assert (status["sent"], status["refused"], status["phase"]) == (1, 1, "finished")
    refused = run_json(cli("bulk", "status", "r1", "--rows", "refused", "--json"))
    assert [(r["line"], r["code"]) for r in refused] == [(3, "CLIENT_BLOCKED")]
    listed = cli("bulk", "list")
    assert listed.stdout.startswith("r1\t") and "\tfinished\t2\t1\t1\t0\t0\t" in listed.stdout
    unknown = cli("bulk", "status", "nope")
    assert unknown.returncode == 2 and "no bulk run 'nope'" in unknown.stderr


def test_report_can_be_json_at_a_chosen_path(cli, tmp_path):
    rows = phone_rows(tmp_path / "f.csv", phones(2, offset=1300))
    report = tmp_path / "out" / "report.json"
    proc = cli("bulk", "run", str(rows), *SEND, "--yes", "--report", str(report))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [(r["line"], r["state"]) for r in data] == [(2, "sent"), (3, "sent")]


def test_thread_rows_without_a_channel_use_the_clients_only_one(cli, stand, tmp_path):
    # Dmitri (thread 6) only ever wrote on Viber and has no email; Greta (thread 9) only used
    # the mobile app. Anna (thread 1) could get WhatsApp or email: the row must say which,
    # and that is known before the first send, so the row is invalid, never failed.
    rows = write_csv(tmp_path / "threads.csv", ["thread", "name"],
                     [[6, "Dmitri"], [9, "Greta"], [CLOSED_THREAD_ANNA, "Anna"]])
    args = ("bulk", "run", str(rows), "--text", "Hello {{name}}", "--tag", "Sales", "--yes")
    refused = cli(*args)
    assert refused.returncode == 2, refused.stderr
    assert "line 4: Anna Petrova (id 1) can be messaged on whatsapp, email; choose one (add a " \
           "channel column, or --channel NAME)" in refused.stderr
    proc = cli(*args, "--skip-invalid", "--json")
    assert proc.returncode == 0, proc.stderr
    summary = run_json(proc)
    assert (summary["sent"], summary["invalid"], summary["failed"]) == (2, 1, 0)
    channels = {c["id"]: c["name"] for c in stand.get("/api/v1/channels")}
    sent_on = {t["clientId"]: channels[t["channel"]].lower()
               for t in stand.get("/api/v1/threads", statuses="WAITING", size=500)}
    assert (sent_on[4], sent_on[7]) == ("viber", "mobile app")
