"""'No' at "Send this message?" keeps the draft: edit the message, change the tags, or cancel
(item 5)."""

from __future__ import annotations

from msgclient.commands.send.command import run
from tests.send.conftest import make_ctx
from tests.send.flags import Options


def test_no_then_edit_the_message_sends_the_new_text(env_stand, wire):
    answers = [("confirm", False), ("select", "Edit the message"), ("select", "Text"),
               ("text", "Second thoughts"), ("confirm", True)]
    ctx = make_ctx(tty=True, answers=answers)
    assert run(Options(thread_id=14, channel="viber", text="First draft", tags=("Sales",)),
               ctx) == 0
    ctx.prompter.assert_done()
    [send] = wire.sends
    assert send["body"]["text"] == "Second thoughts" and send["body"]["tags"] == [13]


def test_no_then_change_the_tags_keeps_the_text(env_stand, wire):
    answers = [("confirm", False), ("select", "Change the tags"), ("checkbox", ["Feedback"]),
               ("confirm", True)]
    ctx = make_ctx(tty=True, answers=answers)
    assert run(Options(thread_id=14, channel="viber", text="Hello", tags=("Sales",)), ctx) == 0
    ctx.prompter.assert_done()
    [send] = wire.sends
    assert send["body"]["text"] == "Hello" and send["body"]["tags"] == [16]


def test_the_channel_picker_starts_on_the_threads_own_channel(env_stand, wire):
    ctx = make_ctx(tty=True, answers=[("select", "viber")])
    assert run(Options(thread_id=14, text="hi", tags=("Sales",), dry_run=True), ctx) == 0
    assert ctx.prompter.defaults["Channel"] == "2"  # thread 14 came in on viber (id 2)
