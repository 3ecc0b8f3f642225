"""Each step of send's flow takes what it needs and returns what it decided (a Message, a
Recipient, a Reached, a Decided); nothing in commands/send/ writes into shared state."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pytest

from msgclient.commands.send import compose, flow, prompts, reach, revise, window
from msgclient.commands.send.reach import Mode
from msgclient.outgoing.model import Message, Recipient
from tests.commands.send.conftest import make_ctx, tag_id

SEND = Path(flow.__file__).parent
JULIA_WHATSAPP, JULIA_VIBER, CLARA = "13", "14", "4"  # Julia's window closed a month ago
SCRIPT = Mode(interactive=False, retry=False, email_ok=False)


def channel(ctx, name: str) -> dict:
    return next(c for c in ctx.catalog.channels if c["name"].lower() == name
                or str(c.get("type")).lower() == name)


def template_id(ctx, name: str) -> str:
    return str(next(t["id"] for t in ctx.catalog.templates if t["name"] == name))


@pytest.fixture(autouse=True)
def no_editor(monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)


def test_choose_recipient_returns_the_new_client_and_the_channel_asked_first(env_stand):
    ctx = make_ctx(tty=True, answers=[("select", "A new client"), ("select", "whatsapp"),
                                      ("text", " +49 151 23456789 ")])
    assert prompts.choose_recipient(ctx, False, None) == (
        Recipient("phone", "+49 151 23456789"), "whatsapp")
    ctx = make_ctx(tty=True, answers=[("text", "+49 151 23456789")])  # the flags said both
    assert prompts.choose_recipient(ctx, True, "viber") == (
        Recipient("phone", "+49 151 23456789"), "viber")


def test_email_fields_return_the_message_with_sender_subject_and_bcc(env_stand):
    ctx = make_ctx(tty=True, answers=[("select", "support@example.com"),
                                      ("text", " Your order "), ("text", "boss@example.com"),
                                      ("text", "")])
    target = reach.find_target(ctx, Recipient("thread", JULIA_WHATSAPP), interactive=False)
    given = Message(channel="email", text="Body", tags=("Sales",))
    assert prompts.email_fields(ctx, given, target, compose=True) == replace(
        given, sender="support@example.com", subject="Your order", bcc=("boss@example.com",))


def test_compose_returns_the_content_and_keeps_the_rest(env_stand):
    ctx = make_ctx(tty=True, answers=[("select", "Text"), ("text", "Hello")])
    given = Message(channel="viber", tags=("Sales",), subject=None)
    assert compose.compose(ctx, given, channel(ctx, "viber")) == replace(given, text="Hello")


def test_fill_template_returns_the_template_its_values_and_the_title(env_stand):
    ctx = make_ctx(tty=True, answers=[("select", "order_ready"), ("text", "A-9"),
                                      ("text", "Your order"), ("text", "")])
    given = Message(channel="whatsapp", variables={"name": "Julia"})
    assert compose.fill_template(ctx, given, channel(ctx, "whatsapp")) == replace(
        given, template=template_id(ctx, "order_ready"),
        variables={"name": "Julia", "order": "A-9"}, title="Your order")


def test_reach_returns_the_way_a_refused_channel_was_changed_to(env_stand):
    # Clara's other thread is WAITING: viber is refused, email still reaches her.
    ctx = make_ctx(tty=True, answers=[("select", "email")])
    way = reach.reach(ctx, Recipient("thread", CLARA), Message(channel="viber"),
                      replace(SCRIPT, interactive=True))
    assert (way.recipient, way.channel["type"]) == (Recipient("thread", CLARA), "EMAIL")
    assert way.named == str(way.channel["id"]) and way.target.client["id"] == 3


def test_reach_without_a_terminal_names_the_channel_as_given(env_stand):
    way = reach.reach(make_ctx(), Recipient("thread", JULIA_VIBER), Message(channel="viber"),
                      SCRIPT)
    assert (way.named, way.channel["id"], way.target.thread["id"]) == ("viber", 2, 14)


def test_the_window_offer_returns_another_way_with_the_message_on_its_channel(env_stand):
    ctx = make_ctx(tty=True, answers=[("select", "Another channel: viber")])
    given = Message(channel="whatsapp", text="Your order is ready")
    way = reach.reach(ctx, Recipient("thread", JULIA_WHATSAPP), given, SCRIPT)
    other, message, templated = window.offer_past_window(ctx, way, given)
    assert (other.channel["id"], other.named, templated) == (2, "2", False)
    assert message == replace(given, channel="2")


def test_the_window_offer_returns_a_template_in_place_of_the_text(env_stand):
    ctx = make_ctx(tty=True, answers=[("select", "Template order_ready"), ("text", "Julia"),
                                      ("text", "A-1"), ("text", ""), ("text", "")])
    given = Message(channel="whatsapp", text="Your order is ready", tags=("Sales",))
    way = reach.reach(ctx, Recipient("thread", JULIA_WHATSAPP), given, SCRIPT)
    same, message, templated = window.offer_past_window(ctx, way, given)
    assert same == way and templated is True
    assert message == replace(given, text=None, template=template_id(ctx, "order_ready"),
                              variables={"name": "Julia", "order": "A-1"})


def test_revise_returns_a_new_decision_on_the_same_way(env_stand, wire):
    ctx = make_ctx(tty=True, answers=[("select", "Change the tags"), ("checkbox", ["Feedback"])])
    recipient = Recipient("thread", JULIA_VIBER)
    target = reach.find_target(ctx, recipient, interactive=False)
    first = flow.checked(ctx, recipient, Message(channel="viber", text="Hi", tags=("Sales",)),
                         target, retry=False, upload=True, uploads={})
    second = revise.revise(ctx, first, retry=False, uploads={})
    assert (second.recipient, second.target) == (first.recipient, first.target)
    assert second.message == replace(first.message, tags=(str(tag_id(env_stand, "Feedback")),))
    assert second.prepared.body == {**first.prepared.body,
                                    "tags": [tag_id(env_stand, "Feedback")]}
    assert not wire.sends


# --- nothing shared is written -----------------------------------------------------------------

# The adapter turns --no-input into the Context's setting, as every command does.
ALLOWED_WRITES = {("adapter.py", "context.io.no_input")}


def attribute_writes() -> set[tuple[str, str]]:
    """(module, target) of every assignment to an attribute in commands/send/, but a class's
    own fields set in its __init__ (self.x)."""
    found = set()
    for path in SEND.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else \
                [node.target] if isinstance(node, ast.AugAssign | ast.AnnAssign) else []
            for target in targets:
                for leaf in target.elts if isinstance(target, ast.Tuple) else [target]:
                    if isinstance(leaf, ast.Attribute) and not ast.unparse(leaf).startswith(
                            "self."):
                        found.add((path.name, ast.unparse(leaf)))
    return found


def dataclasses_found() -> dict[str, bool]:
    """Every dataclass in commands/send/ -> whether it is frozen."""
    found = {}
    for path in SEND.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            for deco in node.decorator_list:
                name = deco.func if isinstance(deco, ast.Call) else deco
                if ast.unparse(name) == "dataclass":
                    found[node.name] = isinstance(deco, ast.Call) and any(
                        k.arg == "frozen" and ast.literal_eval(k.value) for k in deco.keywords)
    return found


def test_no_module_of_send_writes_an_attribute():
    writes = attribute_writes()
    assert ALLOWED_WRITES <= writes, "the scan no longer sees writes; it would pass vacuously"
    assert writes - ALLOWED_WRITES == set()


def test_every_dataclass_of_send_is_frozen():
    found = dataclasses_found()
    assert {"Options", "Given", "Reached", "Mode", "Decided", "Row"} <= set(found)
    assert [name for name, frozen in found.items() if not frozen] == []
