"""`threads list --json | msgclient bulk run - ...` follows up each listed thread on its own
channel: the JSON is recognised on stdin, `id` is the thread and `clientId` no address
(item 15)."""

from __future__ import annotations

import json

from tests.bulk.conftest import run_json


def test_listed_threads_piped_into_bulk_get_a_follow_up_each(cli, stand):
    listed = cli("threads", "list", "--channel", "viber", "--limit", "3", "--json")
    assert listed.returncode == 0, listed.stderr
    threads = json.loads(listed.stdout)
    proc = cli("bulk", "run", "-", "--text", "Hello {{clientName}}", "--tag", "Sales", "--yes",
               "--json", input=listed.stdout)
    assert proc.returncode == 0, proc.stderr
    summary = run_json(proc)
    assert summary["invalid"] == 0 and summary["sent"] >= 2
    assert summary["sent"] + summary["refused"] == len(threads) == 3  # refused: a blocked client
    followed = 0
    for thread in threads:
        for new in stand.get("/api/v1/threads", clientId=thread["clientId"], statuses="WAITING"):
            assert new["channel"] == thread["channel"]
            followed += 1
    assert followed == summary["sent"]
