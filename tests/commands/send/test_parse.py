"""Parse tests: flags -> Options, and flag mistakes that end before anything runs."""

from __future__ import annotations

import pytest

from msgclient.__main__ import main
from msgclient.commands.send import adapter as send
from tests.commands.send.flags import Options


@pytest.fixture
def parsed(monkeypatch):
    captured: list = []

    def fake_run(opts, ctx):
        captured.append((opts, ctx))
        return 0

    monkeypatch.setattr(send, "run", fake_run)

    def parse(*argv: str) -> Options:
        assert main(["send", *argv]) == 0
        assert len(captured) == 1
        return captured.pop()[0]
    return parse


def test_no_flags_is_the_empty_options(parsed):
    assert parsed() == Options()


def test_thread_text_and_repeatable_flags(parsed):
    opts = parsed("--thread", "123", "--channel", "viber", "-m", "Hi", "--attach", "a.pdf",
                  "-a", "https://x.example/b.png", "--tag", "Sales", "-t", "Feedback", "--yes")
    assert opts == Options(thread_id=123, channel="viber", text="Hi",
                           attachments=("a.pdf", "https://x.example/b.png"),
                           tags=("Sales", "Feedback"), yes=True)


def test_template_variables_title_signature(parsed):
    opts = parsed("--thread", "5", "--template", "order_ready", "--var", "name=Anna",
                  "--var", "order=A=17", "--var", "empty=", "--title", "T", "--signature", "S")
    assert opts.message.template == "order_ready"
    assert opts.message.variables == {"name": "Anna", "order": "A=17", "empty": ""}
    assert (opts.message.title, opts.message.signature) == ("T", "S")


def test_email_flags(parsed):
    opts = parsed("--thread", "7", "--channel", "email", "--sender", "support@example.com",
                  "--subject", "Refund", "--bcc", "a@example.com", "--bcc", "b@example.com",
                  "--text-file", "-", "--dry-run", "--json")
    assert opts == Options(thread_id=7, channel="email", sender="support@example.com",
                           subject="Refund", bcc=("a@example.com", "b@example.com"),
                           text_file="-", dry_run=True)


@pytest.mark.parametrize(("argv", "field", "value"), [
    (["--new", "--phone", "+79161234567"], "phone", "+79161234567"),
    (["--new", "--email", "x@example.com"], "email", "x@example.com"),
    (["--new", "--authorised-id", "crm-1"], "client_id", "crm-1"),
    (["--new", "--external-id", "dev-1", "--app", "shop"], "external_id", "dev-1"),
])
def test_new_client_identifiers(parsed, argv, field, value):
    opts = parsed(*argv)
    assert opts.new is True and getattr(opts, field) == value
    assert opts.app == ("shop" if "--app" in argv else None)


def test_idempotency_key_and_no_input(parsed, monkeypatch):
    captured = []
    monkeypatch.setattr(send, "run", lambda opts, ctx: captured.append(ctx))
    assert main(["send", "--no-input", "--idempotency-key", "k-1"]) == 0
    assert captured[0].io.can_prompt is False


@pytest.mark.parametrize(("argv", "needle"), [
    (["--var", "novalue"], "is not NAME=VALUE"),
    (["--var", "=x"], "is not NAME=VALUE"),
    (["--idempotency-key", "has space"], "visible ASCII"),
    (["--idempotency-key", "k" * 256], "1 to 255"),
    (["--thread", "abc"], "Invalid value for '--thread'"),
    (["--bogus"], "No such option"),
])
def test_flag_mistakes_exit_2(monkeypatch, capsys, argv, needle):
    monkeypatch.setattr(send, "run", lambda opts, ctx: pytest.fail("run must not be reached"))
    assert main(["send", *argv]) == 2
    assert needle in capsys.readouterr().err


def test_help_lists_every_flag_with_examples(capsys):
    assert main(["send", "--help"]) == 0
    shown = capsys.readouterr().out
    for flag in ("--thread", "--new", "--channel", "--phone", "--email", "--authorised-id",
                 "--client",
                 "--external-id", "--app", "--text", "--text-file", "--attach", "--template",
                 "--var", "--title", "--signature", "--tag", "--sender", "--subject", "--bcc",
                 "--yes", "--dry-run", "--json", "--idempotency-key", "--no-input"):
        assert flag in shown, flag
    assert "$ msgclient send --thread" in shown


@pytest.mark.parametrize(("argv", "field"), [
    (["--phone", "+79161234567"], "phone"), (["--email", "x@example.com"], "email"),
    (["--client-id", "crm-1"], "client_id"), (["--external-id", "dev-1"], "external_id"),
])
def test_an_address_flag_implies_new(parsed, argv, field):
    opts = parsed(*argv)
    assert opts.new is True and getattr(opts, field) == argv[1]
