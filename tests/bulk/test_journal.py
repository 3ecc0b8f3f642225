"""The journal: durable claims, group commit, results, release, reads, failure."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from msgclient.bulk.journal import Journal, JournalError, read_meta
from msgclient.bulk.report import summary, write_report
from msgclient.bulk.writer import JournalWriter


@pytest.fixture
def journal(tmp_path):
    journal = Journal(tmp_path / "journal.db")
    for line in range(2, 12):
        journal.add_row(line, "pending", f"phone +{line}", dkey=f"k{line}")
    journal.add_row(12, "invalid", None, code="INVALID_ADDRESS", reason="bad phone")
    journal.commit()
    yield journal
    journal.close()


def state_seen_by_another_process(path, line):
    conn = sqlite3.connect(path)  # a separate connection sees only what was committed
    try:
        return conn.execute("SELECT state, key FROM rows WHERE line = ?", (line,)).fetchone()
    finally:
        conn.close()


def test_a_claim_is_committed_before_begin_returns(journal):
    writer = JournalWriter(journal.path)
    writer.begin(2, "key-2", "/api/v1/x", '{"a": 1}')
    assert state_seen_by_another_process(journal.path, 2) == ("in_flight", "key-2")
    writer.finish(2, "sent", message_id="77", thread_id=5)
    writer.flush()
    entry = next(journal.rows(("sent",)))
    assert (entry["message_id"], entry["thread_id"], entry["body"]) == ("77", 5, None)
    assert entry["attempts"] == 1
    writer.close()


def test_many_workers_share_commits(journal):
    writer = JournalWriter(journal.path)
    barrier = threading.Barrier(10)

    def claim(line):
        barrier.wait()
        writer.begin(line, f"k{line}", "/p", "{}")

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(2, 12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    writer.close()
    assert journal.counts()["in_flight"] == 10
    assert writer.commits < 10  # group commit: fewer fsyncs than claims


def test_failed_and_unknown_rows_keep_their_body_for_resume_release_undoes_a_claim(journal):
    writer = JournalWriter(journal.path)
    for line in (2, 3, 4):
        writer.begin(line, f"k{line}", "/p", f'{{"n": {line}}}')
    writer.finish(2, "failed", code="RATE_LIMITED", reason="busy")
    writer.finish(3, "unknown", code="CONNECTION_BROKEN", reason="cut")
    writer.release(4, "pending")
    writer.close()
    rows = {r["line"]: r for r in journal.rows(("failed", "unknown", "pending"))}
    assert rows[2]["body"] == '{"n": 2}' and rows[2]["code"] == "RATE_LIMITED"
    assert rows[3]["key"] == "k3" and rows[3]["state"] == "unknown"
    assert rows[4]["state"] == "pending" and rows[4]["attempts"] == 0


def test_a_write_failure_stops_the_writer_without_hanging_anyone(journal):
    writer = JournalWriter(journal.path)
    writer._conn.execute("DROP TABLE rows")  # the disk "fails" under the writer
    with pytest.raises(JournalError, match="cannot be written"):
        writer.begin(2, "k", "/p", "{}")
    with pytest.raises(JournalError):
        writer.finish(3, "sent")
    with pytest.raises(JournalError):
        writer.close()


def test_reads_counts_duplicates_and_meta(journal, tmp_path):
    assert journal.first_with("k5") == 5 and journal.first_with("nope") is None
    counts = journal.counts()
    assert (counts["pending"], counts["invalid"], counts["sent"]) == (10, 1, 0)
    assert [r["line"] for r in journal.rows(chunk=3)] == list(range(2, 13))
    journal.set_meta(runId="r", phase="ready", defaults={"text": "x"})
    assert read_meta(journal.path)["defaults"] == {"text": "x"}
    assert read_meta(tmp_path / "absent.db") == {}


def test_summary_and_report(journal, tmp_path):
    writer = JournalWriter(journal.path)
    writer.begin(2, "k2", "/p", "{}")
    writer.finish(2, "refused", code="CLIENT_BLOCKED", reason="blocked")
    writer.close()
    result = summary(journal, "r1")
    assert result["refusedByCode"] == {"CLIENT_BLOCKED": 1} and result["invalid"] == 1
    assert result["pending"] == 9 and result["resume"] == "msgclient bulk resume r1"
    report = write_report(journal, tmp_path / "r.csv").read_text(encoding="utf-8").splitlines()
    assert report[0].startswith("line,state,recipient,message_id")
    assert report[1].startswith("2,refused,phone +2,,,CLIENT_BLOCKED,blocked,1,k2,")
    assert len(report) == 12
