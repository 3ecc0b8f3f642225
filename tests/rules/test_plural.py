"""One helper for the word that agrees with a count (rules/text.plural); the sentences that
use it read as they did."""

from __future__ import annotations

from datetime import timedelta

import pytest

from msgclient.commands.send.given import _check_combinations
from msgclient.commands.send.options import Options
from msgclient.errors import UsageError
from msgclient.outgoing.draft import _email_fields
from msgclient.outgoing.errors import InvalidMessage
from msgclient.outgoing.model import Message
from msgclient.rules.text import plural
from msgclient.rules.window import ago


@pytest.mark.parametrize(("n", "word"), [(0, "rows"), (1, "row"), (2, "rows"), (1_000, "rows")])
def test_plural_of_a_noun(n, word):
    assert plural(n, "row") == word


def test_plural_of_a_verb_or_an_irregular_word():
    assert [plural(n, "is", "are") for n in (0, 1, 2)] == ["are", "is", "are"]
    assert [plural(n, "applies", "apply") for n in (1, 3)] == ["applies", "apply"]


def test_the_window_reads_as_before():
    assert [ago(timedelta(minutes=m)) for m in (1, 2, 60, 61 * 24 * 2)] == \
        ["1 minute ago", "2 minutes ago", "1 hour ago", "2 days ago"]


@pytest.mark.parametrize(("message", "sentence"), [
    (Message(sender="a@b.c"), "A sender applies to email only."),
    (Message(sender="a@b.c", subject="Hi"), "A sender and a subject apply to email only."),
])
def test_email_fields_off_email_agree_with_their_count(message, sentence):
    with pytest.raises(InvalidMessage, match=f"^{sentence}$"):
        _email_fields(None, message, False, None)


@pytest.mark.parametrize(("opts", "said"), [
    (Options(thread_id=1, new=True), "--new addresses a new one."),
    (Options(thread_id=1, phone="+1"), "--phone addresses a new one."),
    (Options(thread_id=1, phone="+1", email="a@b.c"), "--phone and --email address a new one."),
])
def test_thread_and_a_new_client_address_agree_with_their_count(opts, said):
    with pytest.raises(UsageError, match=f"existing client; {said} Pass one"):
        _check_combinations(opts)
