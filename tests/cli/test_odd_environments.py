"""Odd environments give one clear line and the documented exit code, never "unexpected"
(issue 14, class 5). The C locale and closed streams are in test_exit_codes.py."""

from __future__ import annotations

import io
import subprocess
import time

import keyring
import keyring.backend
import keyring.errors
import pytest

from msgclient.__main__ import main
from msgclient.config import tokens
from msgclient.terminal.iostreams import IOStreams
from msgclient.terminal.render import emit_table
from tests.api.scripted_server import Reply, ScriptedServer
from tests.conftest import MSGCLIENT


@pytest.mark.parametrize("columns", ["5", "0", "1"])
def test_a_tiny_or_zero_terminal_width_still_shows_every_row(monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    streams = IOStreams(stdout=io.StringIO(), stderr=io.StringIO(), force_tty=True)
    rows = [{"id": 15, "client": "Julia Novak"}, {"id": 22, "client": "Yuki Weber"}]
    emit_table(streams, rows, [("ID", lambda r: r["id"]), ("CLIENT", lambda r: r["client"])])
    shown = streams.stdout.getvalue()
    assert [line.split() for line in shown.splitlines()[1:]] == [
        ["15", "Julia", "Novak"], ["22", "Yuki", "Weber"]], shown  # each row whole, on its own


def test_an_xdg_directory_that_is_a_file_is_one_clear_line(isolated_home, monkeypatch, capsys):
    blocker = isolated_home / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))  # where the sandbox's database lives
    code = main(["threads", "list"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert err[-1].startswith(f"error: Cannot use {blocker}/msgclient")
    assert "Not a directory" in err[-1] and "XDG_" in err[-1] and "unexpected" not in err[-1]


def test_a_bulk_run_with_an_unusable_state_dir_is_one_clear_line(stand, isolated_home,
                                                                 monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("MSGCLIENT_URL", stand.url)
    monkeypatch.setenv("MSGCLIENT_TOKEN", stand.token)
    blocker = isolated_home / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    rows = tmp_path / "in.csv"
    rows.write_text("phone\n+4915100000001\n")
    assert main(["bulk", "run", str(rows), "--channel", "viber", "--text", "hi", "--tag",
                 "Sales", "--yes"]) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(f"error: Cannot use {blocker}/msgclient") and "unexpected" not in err


@pytest.mark.parametrize("since", ["9999999999d", "99999999999999999999s", "0001-01-01",
                                   "9999-12-31T23:59:59-05:00"])
def test_a_date_beyond_the_calendar_is_a_usage_error(capsys, since):
    assert main(["threads", "list", "--since", since]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err == (f"error: --since '{since}' is beyond the dates msgclient can use; give a "
                   "date nearer today or a shorter span.")


@pytest.mark.parametrize("rate", ["0.000000000000000000001", "0.1/h"])
def test_a_rate_too_slow_to_wait_for_is_a_usage_error(tmp_path, capsys, rate):
    rows = tmp_path / "in.csv"
    rows.write_text("phone\n+4915100000001\n")
    assert main(["bulk", "run", str(rows), "--channel", "viber", "--text", "hi",
                 "--rate", rate, "--yes"]) == 2
    assert "slower than 1 message an hour" in capsys.readouterr().err


# ---- round three: office machines, locked keyrings, odd streams (class 7) -----------------
PROXY_VARS = ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "https_proxy", "http_proxy",
              "all_proxy", "NO_PROXY", "no_proxy")


@pytest.fixture
def proxy_env(monkeypatch):
    """A proxy that must never be asked (a loopback stand is reached directly)."""
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
    proxy = ScriptedServer([Reply(502, {"message": "via the proxy"}, unused=True)])
    yield proxy, monkeypatch
    proxy.close()


@pytest.mark.parametrize("variables", [("HTTPS_PROXY", "HTTP_PROXY"), ("ALL_PROXY",),
                                       ("http_proxy",)])
def test_a_loopback_stand_never_goes_through_the_environments_proxy(proxy_env, capsys,
                                                                     variables):
    proxy, monkeypatch = proxy_env
    for name in variables:
        monkeypatch.setenv(name, proxy.url)
    assert main(["threads", "list", "--limit", "1"]) == 0, capsys.readouterr().err
    assert proxy.requests == []  # the embedded sandbox, and its login, went direct


def test_the_configured_loopback_stand_goes_direct_too(proxy_env, env_stand, capsys):
    proxy, monkeypatch = proxy_env
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    assert main(["send", "--thread", "14", "--channel", "viber", "-m", "hi", "--tag", "Sales",
                 "--yes"]) == 0, capsys.readouterr().err
    assert proxy.requests == []


@pytest.mark.parametrize("variable, value, code, needle", [
    ("ALL_PROXY", "socks5://127.0.0.1:9", 2,
     "The proxy socks5://127.0.0.1:9 (from ALL_PROXY) is a SOCKS proxy"),
    ("HTTPS_PROXY", "::::", 2, "The proxy :::: (from HTTPS_PROXY) is not a proxy URL"),
    ("https_proxy", "http://anna:Hunter2secret@127.0.0.1:9", 1,
     "through the proxy http://***@127.0.0.1:9 (from https_proxy)"),
    ("REQUESTS_CA_BUNDLE", "/nonexistent/ca.pem", 2, "Cannot use the CA certificates"),
])
def test_an_environment_msgclient_cannot_use_is_one_line_before_anything_is_sent(
        proxy_env, capsys, variable, value, code, needle):
    _, monkeypatch = proxy_env
    monkeypatch.setenv("MSGCLIENT_URL", "https://stand.example")
    monkeypatch.setenv("MSGCLIENT_TOKEN", "tok12345")
    monkeypatch.setenv(variable, value)
    assert main(["threads", "list"]) == code
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and needle in err[0] and "Hunter2secret" not in err[0], err


def test_no_proxy_is_honoured_for_a_stand_out_there(proxy_env, capsys):
    _, monkeypatch = proxy_env
    monkeypatch.setenv("MSGCLIENT_URL", "https://stand.invalid")
    monkeypatch.setenv("MSGCLIENT_TOKEN", "tok12345")
    monkeypatch.setenv("https_proxy", "socks5://127.0.0.1:9")  # unusable, but not used:
    monkeypatch.setenv("NO_PROXY", "stand.invalid")
    assert main(["threads", "list"]) == 1
    assert "Cannot reach the stand at https://stand.invalid." in capsys.readouterr().err


class _Keyring(keyring.backend.KeyringBackend):
    priority = 1
    stored: dict = {}

    def __init__(self, fail: str | None = None):
        super().__init__()
        self.fail = fail

    def _maybe(self):
        if self.fail == "raise":
            raise keyring.errors.KeyringLocked("the keyring is locked")
        if self.fail == "hang":
            time.sleep(30)

    def get_password(self, service, username):
        self._maybe()
        return self.stored.get((service, username))

    def set_password(self, service, username, password):
        self._maybe()
        self.stored[(service, username)] = password

    def delete_password(self, service, username):
        self._maybe()
        self.stored.pop((service, username), None)


@pytest.fixture
def office(isolated_home, monkeypatch, stand):
    """A configured stand with the OS keyring as the token's home."""
    (isolated_home / "msgclient.yaml").write_text(
        f"profiles:\n  prod:\n    url: {stand.url}\n")
    monkeypatch.setattr(tokens, "KEYRING_WAIT", 0.3)
    previous = keyring.get_keyring()
    yield lambda fail: keyring.set_keyring(_Keyring(fail))
    keyring.set_keyring(previous)


@pytest.mark.parametrize("fail", ["raise", "hang"])
def test_a_locked_keyring_is_one_line_not_a_hang(office, capsys, fail):
    office(fail)
    started = time.monotonic()
    assert main(["threads", "list"]) == 4
    err = capsys.readouterr().err.strip().splitlines()
    assert time.monotonic() - started < 5
    assert len(err) == 1 and err[0].startswith("error: The OS keyring could not be read ("), err
    assert "MSGCLIENT_TOKEN" in err[0]


@pytest.mark.parametrize("fail", ["raise", "hang"])
def test_a_login_with_a_locked_keyring_stores_the_token_in_the_announced_file(
        office, stand, monkeypatch, capsys, fail):
    office(fail)
    monkeypatch.setattr("sys.stdin", io.StringIO(stand.token))
    assert main(["auth", "login", "--with-token"]) == 0, capsys.readouterr().err
    assert "mode 600; no OS keyring is available" in capsys.readouterr().err
    office(None)  # unlocked, empty: the token is found in the file
    assert main(["threads", "list", "--limit", "1"]) == 0


def test_a_removed_current_folder_is_one_line(env_stand, tmp_path, monkeypatch, capsys):
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"thread,text\n14,hi\n")))
    assert main(["bulk", "run", "-", "--format", "csv", "--channel", "viber", "--tag",
                 "Sales", "--dry-run"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("error: The current folder no longer exists"), err


@pytest.mark.parametrize("argv", [["send", "--thread", "14", "--channel", "viber",
                                   "--text-file", "-", "--tag", "Sales", "--yes"],
                                  ["auth", "login", "--with-token"],
                                  ["bulk", "run", "-", "--format", "csv", "--text", "x",
                                   "--yes"]])
def test_a_closed_stdin_reads_as_empty(env_stand, argv):
    proc = subprocess.run(["sh", "-c", '"$@" 0<&-', "sh", MSGCLIENT, *argv],
                          capture_output=True, text=True, check=False, timeout=60)
    err = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and err[-1].startswith("error: "), proc.stderr
    assert "unexpected" not in proc.stderr and "Traceback" not in proc.stderr
