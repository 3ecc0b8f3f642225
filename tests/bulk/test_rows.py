"""A row -> Recipient + Message: columns, defaults, variables, attachments; and outcomes."""

from __future__ import annotations

from pathlib import Path

import pytest

from msgclient.api.errors import (
    BadRequest,
    NetworkError,
    RuleRefused,
    ServerError,
    Throttled,
    Unauthorized,
)
from msgclient.bulk.input.defaults import Defaults
from msgclient.bulk.input.rows import RowBuilder, RowProblem, header_problem
from msgclient.bulk.outcome import from_error, sent
from msgclient.errors import RuleRefusal, UsageError
from msgclient.outgoing.model import Message

TEMPLATES = [{"id": 1, "name": "order_ready", "variables": ["name", "order"]}]


def builder(attachments_dir: str | None = None, **message) -> RowBuilder:
    if "variables" in message:
        message["variables"] = dict(message["variables"])
    return RowBuilder(Defaults(Message(**message), attachments_dir=attachments_dir),
                      base_dir=Path("/data/campaign"),
                      templates=lambda: TEMPLATES)


def test_recipient_columns_and_their_aliases():
    b = builder(text="Hi")
    for column, kind in [("Phone", "phone"), ("thread_id", "thread"), ("threadId", "thread"),
                         ("client", "client"), ("Client ID", "client_id"),
                         ("widget-id", "external_id"), ("E-mail", "email"), ("name", None)]:
        if kind is None:
            with pytest.raises(RowProblem, match="no recipient"):
                b.build(2, {column: "x"})
            continue
        assert b.build(2, {column: " 42 "}).recipient.kind == kind


def test_exactly_one_recipient_and_empty_cells_are_absent():
    b = builder(text="Hi")
    with pytest.raises(RowProblem, match=r"more than one recipient \(phone, email\)"):
        b.build(2, {"phone": "+1", "email": "a@b.org"})
    assert b.build(2, {"phone": "+1", "email": "  "}).recipient.kind == "phone"
    with pytest.raises(RowProblem, match="no recipient"):
        b.build(2, {"phone": "", "name": "x"})


def test_row_fields_override_defaults_and_fill_placeholders():
    b = builder(channel="viber", text="Hello {{name}}", tags=("Sales",), subject="Re {{order}}")
    row = b.build(3, {"phone": "+1", "name": "Anna", "order": "A-1", "channel": "whatsapp",
                      "tags": "Complaint/Delivery; Feedback"})
    m = row.message
    assert (m.channel, m.text, m.subject) == ("whatsapp", "Hello Anna", "Re A-1")
    assert m.tags == ("Complaint/Delivery", "Feedback")
    assert row.label == "phone +1" and row.line == 3
    plain = b.build(4, {"phone": "+2", "name": "Ben", "order": "B"}).message
    assert (plain.channel, plain.tags) == ("viber", ("Sales",))


def test_a_row_text_is_a_template_too_and_missing_values_are_errors():
    b = builder()
    row = b.build(2, {"phone": "+1", "text": "Dear {{ first_name }}", "First Name": "Anna"})
    assert row.message.text == "Dear Anna"
    with pytest.raises(UsageError, match=r"uses \{\{name\}\}"):
        builder(text="Hi {{name}}").build(2, {"phone": "+1", "name": ""})


def test_template_variables_explicit_then_from_same_named_columns():
    b = builder(template="order_ready", variables=(("order", "#{{order_no}}"),))
    row = b.build(2, {"phone": "+1", "name": "Anna", "order_no": "17", "unrelated": "x"})
    assert dict(row.message.variables) == {"order": "#17", "name": "Anna"}
    row = b.build(3, {"phone": "+1", "name": "Anna", "order_no": "1", "var.order": "own"})
    assert dict(row.message.variables) == {"order": "own", "name": "Anna"}
    row = b.build(4, {"phone": "+1", "variables": {"name": "N", "order": "O"}, "order_no": "1"})
    assert dict(row.message.variables) == {"order": "O", "name": "N"}


def test_lists_from_text_cells_and_attachment_paths_relative_to_the_file():
    b = builder(text="x")
    m = b.build(2, {"email": "a@b.org", "bcc": "x@y.org, z@y.org;w@y.org",
                    "attachments": "files/a.pdf; https://ex.org/b.png|/data/campaign/c.pdf"}
                ).message
    assert m.bcc == ("x@y.org", "z@y.org", "w@y.org")
    assert m.attachments == ("/data/campaign/files/a.pdf", "https://ex.org/b.png",
                             "/data/campaign/c.pdf")
    listed = b.build(3, {"phone": "+1", "tags": ["A", "", "B"], "attachments": ["a.pdf"]}).message
    assert listed.tags == ("A", "B") and listed.attachments == ("/data/campaign/a.pdf",)


def test_same_phone_written_differently_is_the_same_recipient():
    b = builder(text="x")
    one = b.build(2, {"phone": "+4915112345678"}).dedupe_key(None)
    assert one == b.build(3, {"phone": "+49 151 1234-5678"}).dedupe_key(None)
    assert one != b.build(4, {"phone": "+4915112345679"}).dedupe_key(None)
    assert b.build(5, {"email": "A@B.org"}).dedupe_key(None) == \
        b.build(6, {"email": "a@b.org"}).dedupe_key(None)


def test_content_hash_changes_with_the_row_not_with_column_order():
    b = builder(text="x")
    assert b.build(2, {"phone": "+1", "n": "a"}).content_hash == \
        b.build(9, {"n": "a", "phone": "+1"}).content_hash
    assert b.build(2, {"phone": "+1", "n": "a"}).content_hash != \
        b.build(2, {"phone": "+1", "n": "b"}).content_hash


def test_header_needs_a_recipient_column():
    assert header_problem(["Phone", "name"]) is None
    assert "no recipient column" in header_problem(["name", "order"])


@pytest.mark.parametrize("error,state,code", [
    (RuleRefused("Blocked.", status=409, code="CLIENT_BLOCKED"), "refused", "CLIENT_BLOCKED"),
    (RuleRefusal("Tags needed.", code="TAGS_REQUIRED"), "refused", "TAGS_REQUIRED"),
    (NetworkError("cut", ambiguous=True), "unknown", "CONNECTION_BROKEN"),
    (NetworkError("no route", ambiguous=False), "failed", "UNREACHABLE"),
    (Throttled("busy", status=429, code="RATE_LIMITED"), "failed", "RATE_LIMITED"),
    (ServerError("boom", status=502, code="ERROR"), "unknown", "ERROR"),
    (BadRequest("bad", status=422, code="IDEMPOTENCY_CONFLICT"), "failed", "IDEMPOTENCY_CONFLICT"),
    (UsageError("changed"), "failed", "INVALID"),
])
def test_errors_become_row_outcomes(error, state, code):
    outcome = from_error(error)
    assert (outcome.state, outcome.code, outcome.fatal) == (state, code, None)


def test_an_expired_token_fails_the_row_and_stops_the_run():
    error = Unauthorized("expired", status=401, code="UNAUTHORIZED")
    assert from_error(error).fatal is error
    with pytest.raises(KeyError):
        from_error(KeyError("a bug"))
    assert sent({"id": 5, "threadId": 9}).message_id == "5"


@pytest.mark.parametrize("path", ["/abs/c.pdf", "../other/c.pdf", "~/.ssh/id_rsa",
                                  "files/../../c.pdf"])
def test_a_row_cannot_attach_files_outside_the_input_files_folder(path):
    with pytest.raises(RowProblem, match="is outside /data/campaign; a row may attach files "
                                         "from that folder only"):
        builder(text="x").build(2, {"phone": "+1", "attachments": path})


def test_attachments_dir_widens_where_rows_may_attach_from():
    b = builder(text="x", attachments_dir="/data")
    assert b.build(2, {"phone": "+1", "attachments": "../shared/c.pdf"}).message.attachments \
        == ("/data/campaign/../shared/c.pdf",)
