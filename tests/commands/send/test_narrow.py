"""On a narrow terminal, wrapped preview and history lines keep their indent (item 8)."""

from __future__ import annotations

import re

from msgclient.commands.send.output import preview
from msgclient.commands.threads.show import _print_header, _print_history
from msgclient.outgoing.model import PreparedSend
from msgclient.terminal.questionary_prompter import _one_row
from msgclient.terminal.wrap import fit_choice
from tests.commands.send.conftest import err, make_ctx, out

LONG = "Your parcel left our warehouse this morning and reaches you before noon tomorrow"


def _lines(text: str) -> list[str]:
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)  # styling (bold, dim) off
    return [line for line in plain.splitlines() if line.strip()]


def test_preview_lines_keep_their_indent_when_wrapped(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    ctx = make_ctx(tty=True)
    summary = {"recipient": "Julia Novak (id 10)", "channel": "viber", "text": LONG,
               "subject": "A subject long enough to need a second line at forty columns"}
    preview(ctx, PreparedSend("/x", {}, summary))
    lines = _lines(err(ctx))
    assert lines[0] == "Preview" and all(len(line) <= 40 for line in lines)
    text_at = next(i for i, line in enumerate(lines) if line.strip() == "Text:")
    assert all(line.startswith("    ") for line in lines[text_at + 1:])  # the body, wrapped
    assert all(line.startswith("  ") for line in lines[1:text_at])


def test_history_lines_keep_their_indent_when_wrapped(env_stand, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    ctx = make_ctx(tty=True)
    _print_history(ctx, [{"direction": "INCOMING", "authorName": "Julia", "text": LONG,
                          "createdAt": "2026-11-30T10:00:00+00:00"}])
    lines = _lines(out(ctx))
    assert all(line.startswith("      ") for line in lines[2:]) and len(lines) > 3, lines


def test_long_choices_are_cut_with_an_ellipsis(monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    label = "appointment_reminder — Hi {{name}}, a reminder of your appointment on {{date}}"
    cut = fit_choice(label)
    assert len(cut) == 54 and cut.endswith("…") and cut.startswith("appointment_reminder — Hi")
    assert fit_choice("order_ready — short") == "order_ready — short"


def test_a_prompt_message_is_fitted_to_the_row_after_a_whole_word(monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    need_one = _one_row(lambda picked: bool(picked) or "Pick at least one tag: this stand "
                        "requires one (Space selects).")
    said = need_one([])
    assert said == "Pick at least one tag: this stand requires one (Space…"
    assert need_one([13]) is True



def test_thread_header_fields_never_split_on_a_narrow_terminal(env_stand, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    ctx = make_ctx(tty=True)
    _print_header(ctx, {"id": 95, "status": "CLOSED", "channel": 1, "lastAgentLogin": "agent2",
                        "startTime": "2026-11-17T11:32:00Z", "clientId": 34,
                        "stateChangeTime": "2026-11-17T13:32:00Z"},
                  {"fullName": "Noah Smith", "phone": "79035125327",
                   "email": "noah.smith@example.net", "blocked": False})
    lines = _lines(out(ctx))
    assert all(len(line) <= 40 for line in lines), lines
    changed = next(line for line in lines if "Changed:" in line)
    assert re.fullmatch(r"\s*Changed: \d{4}-\d\d-\d\d \d\d:\d\d", changed), lines
    assert any(re.fullmatch(r"  Blocked: no", line) for line in lines), lines
