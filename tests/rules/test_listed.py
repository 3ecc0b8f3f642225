"""One way a list reads in a sentence (rules/text.listed): send's 'Missing A, B and C' and its
'--channel a, b or c' both use it."""

from __future__ import annotations

from msgclient.commands.send.given import missing_message
from msgclient.rules.text import listed


def test_a_list_in_words():
    assert listed(["a"]) == "a"
    assert listed(["a", "b"]) == "a and b"
    assert listed(["a", "b", "c"]) == "a, b and c"
    assert listed(["viber", "whatsapp", "email"], "or") == "viber, whatsapp or email"


def test_the_missing_flags_read_as_before():
    assert missing_message(["x"]) == "Missing x; there is no terminal to ask on."
    assert missing_message(["x", "y", "z"], prompts_off=True) == \
        "Missing x, y and z; prompts are off (--no-input)."
