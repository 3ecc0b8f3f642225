"""One rule, one wording: the client card, the pickers, threads show, the refusal and the
bulk summaries all say "the client has an active thread (#N, STATUS)" from rules/base.py."""

from __future__ import annotations

from msgclient import rules
from msgclient.commands.bulk.output import by_reason


def test_the_active_thread_rule_is_worded_once_with_the_thread_marked_as_an_id() -> None:
    client = {"id": 17, "fullName": "Anna", "email": "a@example.com"}
    refusal = rules.check_no_active_thread(client, {"id": 105, "status": "WAITING"})
    assert rules.short_reason(refusal) == "the client has an active thread (#105, WAITING)"
    assert "Client Anna (id 17) has an active thread (#105, WAITING)" in refusal.message
    unnamed = rules.check_no_active_thread(client, {"id": None, "status": None})
    assert rules.short_reason(unnamed) == "the client has an active thread"


def test_bulk_counts_say_the_count_first_and_the_rule_in_the_same_words() -> None:
    assert by_reason({"ACTIVE_THREAD": 150, "CLIENT_BLOCKED": 2}) == (
        "150 × the client has an active thread, 2 × the client is blocked")


def test_no_email_speaks_of_the_client_not_of_a_profile() -> None:
    refusal = rules.check_has_email({"id": 3, "fullName": "Clara"})
    assert "profile" not in refusal.message and "profile" not in rules.short_reason(refusal)
    assert rules.short_reason(refusal) == "the client has no email"
