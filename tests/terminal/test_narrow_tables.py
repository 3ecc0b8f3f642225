"""Tables on a narrow terminal wrap between words and after each '/' of a tag path, never
inside a word; what still does not fit is cut with '…' (issue 12, narrow terminals)."""

from __future__ import annotations

import re

import pytest

from msgclient.commands.threads.list import Options, run
from msgclient.terminal.wrap import cut, wrap_words
from tests.commands.send.conftest import make_ctx, out


def _plain(text: str) -> list[str]:
    return re.sub(r"\x1b\[[0-9;]*m", "", text).splitlines()


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_threads_list_keeps_every_word_whole(env_stand, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    ctx = make_ctx(tty=True)
    assert run(Options(limit=30), ctx) == 0
    lines = _plain(out(ctx))
    assert all(len(line) <= columns for line in lines), lines
    shown = " ".join(line.strip() for line in lines)
    threads = env_stand.get("/api/v1/threads", statuses="CLOSED", size=200)
    tags = {t["id"]: t["path"] for t in env_stand.get("/api/v1/tags")}
    words = {w for t in threads for tag in t["tags"] for w in re.split(r"[/\s]+", tags[int(tag)])}
    words |= {w for t in threads for w in (t["clientName"] or "").split()}
    shown_words = set(re.split(r"[/\s]+", shown))
    listed = [w for w in words if w in shown_words]
    assert {"Availability", "Follow-up", "Wisniewski"} <= set(listed), shown
    fragments = [w for w in shown_words if w and not w.isdigit() and w not in words and any(
        w != whole and (whole.startswith(w) or whole.endswith(w)) for whole in words)]
    assert not fragments, f"words broken across lines: {fragments}"


def test_a_tag_path_continues_under_its_column(env_stand, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    ctx = make_ctx(tty=True)
    assert run(Options(limit=30), ctx) == 0
    lines = _plain(out(ctx))
    tags_at = lines[0].index("TAGS")
    continued = [line for line in lines[1:] if line.startswith(" " * tags_at)]
    assert continued and all(line[tags_at] != " " for line in continued), continued
    assert "STATUS" not in lines[0], "a column that would only repeat CLOSED"


def test_piped_output_keeps_every_column(env_stand, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    ctx = make_ctx(tty=False)
    assert run(Options(limit=3), ctx) == 0
    assert all(line.split("\t")[2] == "CLOSED" for line in out(ctx).splitlines())


def test_a_word_wider_than_its_column_is_cut_with_an_ellipsis():
    assert wrap_words(["Question/", "Product/", "Availability"], 9) == [
        "Question/", "Product/", "Availabi…"]
    assert wrap_words(["Offer ", "sent"], 20) == ["Offer sent"]
    assert cut("Wisniewski", 6) == "Wisni…" and cut("Anna", 6) == "Anna"
