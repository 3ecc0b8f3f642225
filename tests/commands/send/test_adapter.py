"""send's adapter only parses: flags -> Options, handed to run(opts, ctx), and no request is
made, no file read and no flag combination judged on the way (commands/send/given.py does that)."""

from __future__ import annotations

import pytest

from msgclient.__main__ import main
from msgclient.api.client import ApiClient
from msgclient.commands.send import adapter
from tests.commands.send.flags import Options

ID_MAX = 2**63 - 1


@pytest.fixture
def parsed(monkeypatch):
    """parse(*argv) -> (Options, Context) as run received them; any request fails the test."""
    captured: list = []
    monkeypatch.setattr(adapter, "run", lambda opts, ctx: captured.append((opts, ctx)))

    def no_request(*args, **kwargs):
        pytest.fail(f"the adapter made a request: {args[1:3]}")

    monkeypatch.setattr(ApiClient, "_send", no_request)

    def parse(*argv: str):
        assert main(["send", *argv]) == 0
        [found] = captured
        captured.clear()
        return found
    return parse


def test_every_email_flag_and_the_run_flags_land_in_their_fields(parsed):
    opts, _ = parsed("--thread", "7", "--channel", "email", "--sender", "s@example.com",
                     "--subject", "Refund", "--bcc", "b@example.com", "--text-file", "body.txt",
                     "--tag", "Sales", "-y", "--dry-run", "--idempotency-key", "key-1")
    assert opts == Options(thread_id=7, channel="email", sender="s@example.com",
                           subject="Refund", bcc=("b@example.com",), text_file="body.txt",
                           tags=("Sales",), yes=True, dry_run=True, idempotency_key="key-1")


def test_a_new_app_user_with_a_template(parsed):
    opts, _ = parsed("--external-id", "dev-1", "--app", "shop", "--channel", "mobile-app",
                     "--template", "order_ready", "--var", "name=Anna", "--title", "T",
                     "--signature", "S")
    assert opts == Options(new=True, external_id="dev-1", app="shop", channel="mobile-app",
                           template="order_ready", variables={"name": "Anna"}, title="T",
                           signature="S")


def test_the_text_file_is_named_not_read(parsed, tmp_path):
    missing = tmp_path / "nowhere" / "body.txt"
    opts, _ = parsed("--thread", "1", "--text-file", str(missing))
    assert opts == Options(thread_id=1, text_file=str(missing))


def test_contradicting_flags_are_passed_on_for_run_to_judge(parsed):
    # --thread with a new client's address is refused, but by commands/send/given.py.
    opts, _ = parsed("--thread", "1", "--phone", "+79161234567", "--text", "a",
                     "--text-file", "-")
    assert opts == Options(thread_id=1, new=True, phone="+79161234567", text="a",
                           text_file="-")


def test_no_input_and_json_after_the_command_set_the_context(parsed):
    opts, ctx = parsed("--thread", "3", "--no-input", "--json")
    assert opts == Options(thread_id=3)
    assert ctx.io.can_prompt is False and ctx.json is True
    _, ctx = parsed("--thread", "3")
    assert ctx.json is False


@pytest.mark.parametrize("thread", ["1", str(ID_MAX)])
def test_thread_ids_up_to_the_stands_longest(parsed, thread):
    assert parsed("--thread", thread)[0] == Options(thread_id=int(thread))


@pytest.mark.parametrize("thread", ["0", "-1", str(ID_MAX + 1)])
def test_a_thread_id_out_of_range_ends_before_run(monkeypatch, capsys, thread):
    monkeypatch.setattr(adapter, "run", lambda opts, ctx: pytest.fail("run must not be reached"))
    assert main(["send", "--thread", thread]) == 2
    assert "Invalid value for '--thread'" in capsys.readouterr().err
