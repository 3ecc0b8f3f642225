"""'No' at "Send this message?" keeps the draft: edit the message, change the tags, or cancel
(item 5)."""

from __future__ import annotations

import re

from msgclient.commands.send.run import run
from tests.commands.send.conftest import err, make_ctx
from tests.commands.send.flags import Options


def test_no_then_edit_the_message_sends_the_new_text(env_stand, wire):
    answers = [("confirm", False), ("select", "Edit the message"), ("select", "Text"),
               ("text", "Second thoughts"), ("confirm", True)]
    ctx = make_ctx(tty=True, answers=answers)
    assert run(Options(thread_id=14, channel="viber", text="First draft", tags=("Sales",)),
               ctx) == 0
    [send] = wire.sends
    assert send["body"]["text"] == "Second thoughts" and send["body"]["tags"] == [13]


def test_no_then_change_the_tags_keeps_the_text(env_stand, wire):
    answers = [("confirm", False), ("select", "Change the tags"), ("checkbox", ["Feedback"]),
               ("confirm", True)]
    ctx = make_ctx(tty=True, answers=answers)
    assert run(Options(thread_id=14, channel="viber", text="Hello", tags=("Sales",)), ctx) == 0
    [send] = wire.sends
    assert send["body"]["text"] == "Hello" and send["body"]["tags"] == [16]


def test_the_channel_picker_starts_on_the_threads_own_channel(env_stand, wire):
    ctx = make_ctx(tty=True, answers=[("select", "viber")])
    assert run(Options(thread_id=14, text="hi", tags=("Sales",), dry_run=True), ctx) == 0
    assert ctx.prompter.defaults["Channel"] == "2"  # thread 14 came in on viber (id 2)


def test_editing_the_message_offers_the_draft_again(env_stand, wire):
    answers = [("confirm", False), ("select", "Edit the message"),
               ("select", "Text with attachments"), ("text", "First draft, corrected"),
               ("confirm", True), ("confirm", True)]
    ctx = make_ctx(tty=True, answers=answers)
    assert run(Options(thread_id=14, channel="viber", text="First draft", tags=("Sales",),
                       attachments=("https://example.com/files/plan.pdf",)), ctx) == 0
    assert ctx.prompter.defaults["What do you want to send?"] == "text+files"
    assert ctx.prompter.defaults["Message text"] == "First draft"
    assert ctx.prompter.defaults["Keep plan.pdf?"] is True
    [send] = wire.sends
    assert send["body"]["text"] == "First draft, corrected"
    assert [a["url"] for a in send["body"]["attachments"]] == [
        "https://example.com/files/plan.pdf"]


def test_editing_a_template_past_whatsapps_window_offers_templates_only(env_stand, wire):
    # Julia (thread 13) last wrote on WhatsApp a month ago: free text would be refused, so the
    # edit offers only a template, starting from the one in the draft and its values.
    answers = [("confirm", False), ("select", "Edit the message"), ("select", "Template"),
               ("select", "order_ready"), ("text", "Julia"), ("text", "A-18"), ("text", ""),
               ("text", ""), ("confirm", True)]
    ctx = make_ctx(tty=True, answers=answers)
    assert run(Options(thread_id=13, channel="whatsapp", template="order_ready",
                       variables={"name": "Julia", "order": "A-17"}, tags=("Sales",)),
               ctx) == 0
    disabled = {c.label: c.disabled for c in ctx.prompter.offered}
    assert "24 hours" in disabled["Text"] and "24 hours" in disabled["Attachments only"]
    assert ctx.prompter.defaults["What do you want to send?"] == "template"
    assert ctx.prompter.defaults["Value for {{order}}"] == "A-17"
    [send] = wire.sends
    assert send["body"]["template"]["variables"] == {"name": "Julia", "order": "A-18"}


def test_the_preview_shows_a_url_attachment_whole(env_stand, wire):
    ctx = make_ctx(tty=True, answers=[("confirm", True)])
    assert run(Options(thread_id=14, channel="viber", text="Plan", tags=("Sales",),
                       attachments=("https://example.com/files/plan.pdf",)), ctx) == 0

    shown = " ".join(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", err(ctx)).split())
    assert "Attachments: https://example.com/files/plan.pdf" in shown, shown
