"""one_line and terminal_safe pass printable ASCII through untouched without looking at
each character (issue 23: a dry run shows millions of cells) and escape all else as before."""

from __future__ import annotations

from msgclient.rules.text import one_line, terminal_safe


def test_printable_ascii_is_the_text_itself():
    text = "Hello Client 7, your order A-7 is ready."
    assert one_line(text) is text
    assert terminal_safe(text) is text


def test_everything_else_is_still_escaped():
    assert one_line("a\tb\nc\x1b[31m") == "a\\x09b\\x0ac\\x1b[31m"
    assert terminal_safe("a\nb\x1b") == "a\nb\\x1b"
    assert one_line("Hi\u202eevil\u200b") == "Hi\\u202eevil\\u200b"
    assert one_line("\u3164") == "\\u3164"  # printable to Python, invisible to people
    assert one_line("Привет") == "Привет"
