"""The hostile-input corpus: bad files, flags, config, environment and tokens across every
command, as an attacker or a tired supervisor would type them.

Each case runs the CLI in-process (msgclient.__main__.main) against one sandbox stand for the
module and asserts: the documented exit code, one clear line (for bulk runs: the problem lines
then one error line), no traceback, no terminal escape on either stream, and nothing sent,
checked at the stand itself (its message, thread, client and file tables, and its email
outbox). A case with a `secret` also proves it is on neither stream nor in any file written.

Round three added: a follow-up text beyond {{name}} placeholders, credentials inside URLs, the
time budget's own bounds, input that could mean two things, and environments (proxies, CA
bundles) msgclient cannot use. What a misbehaving stand, a stalled pipe or a signal does is
tested with doubles of their own (tests/api/test_misbehaving_stand.py, tests/cli/).
"""

from __future__ import annotations

import io
import json
import os
import sys
from dataclasses import dataclass, field

import pytest

from msgclient.__main__ import main
from tests.commands.send.conftest import counts
from tests.conftest import start_stand

BOMB = (b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        b"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        b"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
        b"i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n")
CVE_SUBJECT = ("=?utf-8?q?Your_order?==?utf-8?q?=0D=0AReply-To:_attacker@evil.example=0D=0A=0D=0A"
               "Fake_body?=")


@dataclass
class Case:
    id: str
    argv: list[str]
    code: int
    needle: str
    files: dict[str, bytes | None] = field(default_factory=dict)  # None: a FIFO
    env: dict[str, str | None] = field(default_factory=dict)      # None: unset
    config: str | None = None  # the config file ({url} is the stand's URL)
    stdin: bytes | None = None
    bulk: bool = False  # a bulk run lists the bad rows before its error line
    secret: str | None = None  # never on either stream, nor in any file msgclient wrote


CASES: list[Case] = []


def case(id: str, argv: list[str], code: int, needle: str, **kw) -> None:
    CASES.append(Case(id, argv, code, needle, **kw))


# ---- send: what becomes the message ------------------------------------------------------
VIBER = ["send", "--thread", "14", "--channel", "viber", "--tag", "Sales", "--yes"]
MAIL = ["send", "--thread", "15", "--channel", "email", "--sender", "support@example.com",
        "--tag", "Sales", "--yes"]
CONTROL = "contains the control character"

for name, ch in [("nul", "\x00"), ("esc", "\x1b"), ("bel", "\x07"), ("backspace", "\x08"),
                 ("vt", "\x0b"), ("ff", "\x0c"), ("fs", "\x1c"), ("gs", "\x1d"), ("rs", "\x1e"),
                 ("del", "\x7f"), ("nel", "\x85"), ("csi-c1", "\x9b")]:
    case(f"send-text-{name}", [*VIBER, "-m", f"Hello{ch}there"], 2, CONTROL)
    case(f"send-subject-{name}", [*MAIL, "--subject", f"Your{ch}order", "-m", "x"], 2, CONTROL)
for name, text in [("zero-width", "\u200b\u200c\u200d"), ("bidi", "\u202e\u202d\u2066"),
                   ("word-joiner", " \u2060 "), ("hangul-filler", "\u3164"),
                   ("mixed-invisible", "\u200b \u202e\t\u2069")]:
    case(f"send-text-invisible-{name}", [*VIBER, "-m", text], 2, "only invisible characters")
case("send-subject-invisible", [*MAIL, "--subject", "\u200b\u200b", "-m", "x"], 2,
     "only invisible characters")
for name, text in [("cve-2024-6923", CVE_SUBJECT), ("b-encoded", "=?utf-8?b?DQpCY2M6IHhAeS56?="),
                   ("plain-word", "Hi =?iso-8859-1?q?caf=E9?=")]:
    case(f"send-subject-encoded-{name}", [*MAIL, "--subject", text, "-m", "x"], 2,
         "encoded word")
for name, ch in [("crlf", "\r\n"), ("lf", "\n"), ("tab", "\t"), ("u2028", "\u2028"),
                 ("u2029", "\u2029")]:
    case(f"send-subject-{name}", [*MAIL, "--subject", f"Hi{ch}Bcc: x@evil.example", "-m", "x"],
         2, CONTROL)
TEMPLATE = [*VIBER, "--template", "welcome_back", "--var", "name=Ann"]
case("send-title-esc", [*TEMPLATE, "--title", "\x1b]0;pwned\x07"], 2, CONTROL)
case("send-signature-nul", [*TEMPLATE, "--signature", "Team\x00"], 2, CONTROL)
case("send-var-esc", [*VIBER, "--template", "welcome_back", "--var", "name=\x1b[2J"], 2,
     CONTROL)
case("send-var-invisible", [*VIBER, "--template", "welcome_back", "--var", "name=\u200b"], 2,
     "only invisible characters")

# ---- send: --text-file and stdin ---------------------------------------------------------
TF = [*VIBER, "--text-file"]
case("text-file-fifo", [*TF, "{d}/fifo"], 2, "not a regular file", files={"fifo": None})
case("text-file-dev-zero", [*TF, "/dev/zero"], 2, "not a regular file")
case("text-file-dev-urandom", [*TF, "/dev/urandom"], 2, "not a regular file")
case("text-file-link-to-dev-zero", [*TF, "{d}/zero.txt"], 2, "not a regular file",
     files={"zero.txt": b"->/dev/zero"})
case("text-file-directory", [*TF, "{d}"], 2, "is a directory")
case("text-file-too-big", [*TF, "{d}/big.txt"], 2, "at most 1.0 MB",
     files={"big.txt": b"x" * (2 << 20)})
case("text-file-nul", [*TF, "{d}/nul.txt"], 2, CONTROL, files={"nul.txt": b"Hello\x00there"})
case("text-file-escape", [*TF, "{d}/esc.txt"], 2, CONTROL,
     files={"esc.txt": b"Hi \x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"})
case("text-file-cp1251", [*TF, "{d}/cp.txt"], 2, "is not UTF-8",
     files={"cp.txt": "Привет".encode("cp1251")})
case("text-file-utf16", [*TF, "{d}/u16.txt"], 2, "is not UTF-8",
     files={"u16.txt": "Hello".encode("utf-16")})
case("text-file-missing", [*TF, "{d}/none.txt"], 2, "does not exist")
case("text-file-empty", [*TF, "{d}/empty.txt"], 2, "is empty", files={"empty.txt": b""})
case("text-file-bom-only", [*TF, "{d}/bom.txt"], 2, "is empty", files={"bom.txt": b"\xef\xbb\xbf"})
case("text-file-invisible", [*TF, "{d}/inv.txt"], 2, "only invisible",
     files={"inv.txt": "\u200b\n\u200d\n".encode()})
case("stdin-nul", [*TF, "-"], 2, CONTROL, stdin=b"Hi\x00")
case("stdin-not-utf8", [*TF, "-"], 2, "is not UTF-8", stdin=b"\xff\xfe\x00")
case("stdin-too-big", [*TF, "-"], 2, "larger than 1.0 MB", stdin=b"x" * ((1 << 20) + 1))

# ---- send: attachments -------------------------------------------------------------------
AT = [*VIBER, "-m", "x", "--attach"]
case("attach-fifo", [*AT, "{d}/fifo"], 2, "not a regular file", files={"fifo": None})
case("attach-dev-zero", [*AT, "/dev/zero"], 2, "not a regular file")
case("attach-newline-name", [*AT, "{d}/a\nb.pdf"], 2, CONTROL, files={"a\nb.pdf": b"%PDF-1.4"})
case("attach-escape-name", [*AT, "{d}/\x1b[31mred.pdf"], 2, CONTROL,
     files={"\x1b[31mred.pdf": b"%PDF-1.4"})
case("attach-url-control-name", [*AT, "https://files.example/evil%0D%0A.pdf"], 2, CONTROL)
case("attach-url-nul-name", [*AT, "https://files.example/a%00.pdf"], 2, CONTROL)
case("attach-url-no-host", [*AT, "https:///a.pdf"], 2, "has no host")
case("attach-file-scheme", [*AT, "file:///etc/passwd"], 2, "neither a local file")
case("attach-javascript", [*AT, "javascript://alert(1)"], 2, "neither a local file")

# ---- send: flags -------------------------------------------------------------------------
SEND = ["send", "--channel", "viber", "-m", "x", "--tag", "Sales", "--yes"]
for name, value in [("huge", "99999999999999999999999"), ("int64-plus-one", str(2**63)),
                    ("zero", "0"), ("negative", "-1"), ("word", "abc"), ("float", "1.5"),
                    ("empty", "")]:
    case(f"send-thread-{name}", [*SEND, "--thread", value], 2, "--thread")
LONG = "x" * 100_000
for flag in ("--tag", "--channel", "--template", "--sender"):
    argv = [*VIBER, "-m", "x", flag, LONG] if flag != "--template" else [*VIBER, flag, LONG]
    if flag == "--sender":
        argv = [*MAIL, "--subject", "s", "-m", "x", "--sender", LONG]
    case(f"send{flag}-100k", argv, 2, "100,000 characters")
case("send-tag-escape", [*VIBER, "-m", "x", "--tag", "\x1b]0;pwned\x07"], 2, "\\x1b]0;pwned")
case("send-tag-zero-width", [*VIBER, "-m", "x", "--tag", "Sales\u200b"], 2, "Sales\\u200b")
case("send-tag-bidi", [*VIBER, "-m", "x", "--tag", "\u202eselaS"], 2, "\\u202eselaS")
case("send-channel-markup", [*SEND[:1], "--thread", "14", "--channel", "[bold]x[/]", "-m", "x",
                             "--tag", "Sales", "--yes"], 2, "Unknown channel '[bold]x[/]'")
case("send-template-markup", [*VIBER, "--template", "[/]"], 2, "Unknown template '[/]'")
case("send-bcc-crlf", [*MAIL, "--subject", "s", "-m", "x", "--bcc",
                       "a@example.com\r\nBcc: b@evil.example"], 2, "not a valid email")
case("send-sender-crlf", [*MAIL[:5], "--sender", "support@example.com\r\nX: y", "--tag",
                          "Sales", "--yes", "--subject", "s", "-m", "x"], 2, "does not exist")
case("send-email-crlf", ["send", "--new", "--email", "a@example.com\r\nBcc: b@evil.example",
                         "--sender", "support@example.com", "--subject", "s", "-m", "x",
                         "--tag", "Sales", "--yes"], 2, "not a valid email")
case("send-phone-nul", ["send", "--new", "--channel", "whatsapp", "--phone", "+7916\x001234567",
                        "-m", "x", "--tag", "Sales", "--yes"], 2, "phone")
case("send-phone-1000-digits", ["send", "--new", "--channel", "whatsapp", "--phone",
                                "+" + "7" * 1000, "-m", "x", "--tag", "Sales", "--yes"], 2,
     "characters)")
case("send-key-newline", [*VIBER, "-m", "x", "--idempotency-key", "abc\ndef"], 2,
     "visible ASCII")
case("send-key-unicode", [*VIBER, "-m", "x", "--idempotency-key", "ключ"], 2, "visible ASCII")
case("send-key-too-long", [*VIBER, "-m", "x", "--idempotency-key", "k" * 256], 2,
     "visible ASCII")
case("send-var-no-equals", [*VIBER, "--template", "welcome_back", "--var", "name"], 2,
     "is not NAME=VALUE")
case("send-var-no-name", [*VIBER, "--template", "welcome_back", "--var", "=Ann"], 2,
     "is not NAME=VALUE")
case("send-text-too-long", [*VIBER, "-m", "x" * 2001], 2, "at most 2000")
case("send-unknown-option", [*VIBER, "-m", "x", "--frobnicate"], 2, "No such option")

# ---- environment and the config file -----------------------------------------------------
for name, value in [("zero", "0"), ("negative", "-5"), ("nan", "nan"), ("inf", "inf"),
                    ("huge", "1e309"), ("word", "soon"), ("too-long", "86400")]:
    case(f"env-timeout-{name}", [*VIBER, "-m", "x"], 2, "timeout",
         env={"MSGCLIENT_TIMEOUT": value})
case("env-ca-bundle-missing", [*VIBER, "-m", "x"], 2, "is not a file of CA certificates",
     env={"MSGCLIENT_CA_BUNDLE": "/nonexistent/ca.pem"})
case("env-ca-bundle-directory", [*VIBER, "-m", "x"], 2, "is not a file of CA certificates",
     env={"MSGCLIENT_CA_BUNDLE": "{d}"})
for name, value in [("plain-http", "http://stand.example.com"), ("ftp", "ftp://stand.example"),
                    ("no-host", "https://"), ("javascript", "javascript:alert(1)"),
                    ("bad-ipv6", "https://[::1"), ("escape", "https://a\x1b[2J.example"),
                    ("newline", "https://stand.example\nX-Evil: 1")]:
    case(f"env-url-{name}", [*VIBER, "-m", "x"], 2, "url from env MSGCLIENT_URL",
         env={"MSGCLIENT_URL": value})
for name, value in [("newline", "abc\ndef"), ("crlf-header", "abc\r\nX-Evil: 1"),
                    ("cyrillic", "токен"), ("space", "abc def"), ("del", "abc\x7f"),
                    ("tab", "abc\tdef"), ("emoji", "tok😀")]:
    case(f"env-token-{name}", [*VIBER, "-m", "x"], 4, "a token is one word",
         env={"MSGCLIENT_TOKEN": value})
for name, value in [("traversal", "../../../victim"), ("markup", "[/]"), ("slash", "a/b"),
                    ("space", "a b"), ("dotdot", ".."), ("newline", "prod\n"),
                    ("long", "p" * 65), ("escape", "\x1b[2J")]:
    case(f"profile-flag-{name}", ["--profile", value, *VIBER, "-m", "x"], 2, "is not usable")
case("profile-env-traversal", [*VIBER, "-m", "x"], 2, "is not usable",
     env={"MSGCLIENT_PROFILE": "../../../victim"})
PROFILE = "profiles:\n  prod:\n    url: {url}\n"
case("config-misspelt-url", [*VIBER, "-m", "x"], 2, "did you mean 'url'",
     config="profiles:\n  prod:\n    ulr: {url}\n")
case("config-misspelt-top", [*VIBER, "-m", "x"], 2, "unknown key 'profile'",
     config="profile:\n  prod:\n    url: {url}\n")
case("config-default-profile-traversal", [*VIBER, "-m", "x"], 2, "is not usable",
     config=PROFILE + "default_profile: ../../victim\n")
case("config-timeout-word", [*VIBER, "-m", "x"], 2, "timeout from profile 'prod'",
     config=PROFILE + "    timeout: soon\n", env={"MSGCLIENT_URL": None})
case("config-timeout-bool", [*VIBER, "-m", "x"], 2, "timeout from profile 'prod'",
     config=PROFILE + "    timeout: true\n", env={"MSGCLIENT_URL": None})
case("config-url-list", [*VIBER, "-m", "x"], 2, "url from profile 'prod' must be a str",
     config="profiles:\n  prod:\n    url: [a, b]\n", env={"MSGCLIENT_URL": None})
case("config-url-plain-http", [*VIBER, "-m", "x"], 2, "plain http://",
     config="profiles:\n  prod:\n    url: http://10.0.0.7\n", env={"MSGCLIENT_URL": None})
case("config-secret", [*VIBER, "-m", "x"], 2, "secrets are never read",
     config=PROFILE + "    token: abc\n")
case("config-bomb", [*VIBER, "-m", "x"], 2, "not valid YAML", config=BOMB.decode())
case("config-deep", [*VIBER, "-m", "x"], 2, "not valid YAML", config="[" * 5000 + "]" * 5000)
case("config-recursive-alias", [*VIBER, "-m", "x"], 2, "not valid YAML",
     config="profiles: &p\n  prod: *p\n")
case("config-python-tag", [*VIBER, "-m", "x"], 2, "not valid YAML",
     config="profiles: !!python/object/apply:os.system ['true']\n")
case("config-fifo", [*VIBER, "-m", "x"], 2, "not a regular file", files={"fifo": None},
     env={"MSGCLIENT_CONFIG": "{d}/fifo"})
case("config-dev-zero", [*VIBER, "-m", "x"], 2, "not a regular file",
     env={"MSGCLIENT_CONFIG": "/dev/zero"})
case("config-too-big", [*VIBER, "-m", "x"], 2, "at most 1.0 MB",
     files={"big.yaml": b"#" * (2 << 20)}, env={"MSGCLIENT_CONFIG": "{d}/big.yaml"})
case("config-not-utf8", [*VIBER, "-m", "x"], 2, "is not UTF-8",
     files={"cp.yaml": "# Привет\n".encode("cp1251")}, env={"MSGCLIENT_CONFIG": "{d}/cp.yaml"})
case("config-missing-named", [*VIBER, "-m", "x"], 2, "does not exist",
     env={"MSGCLIENT_CONFIG": "{d}/none.yaml"})

# ---- auth and config commands ------------------------------------------------------------
LOGGED_OUT = {"MSGCLIENT_URL": None, "MSGCLIENT_TOKEN": None}
for name, value in [("cyrillic", "токен".encode()), ("inner-newline", b"abc\ndef"),
                    ("crlf-header", b"abc\r\nX-Evil: 1"), ("space", b"abc def"),
                    ("nul", b"abc\x00def")]:
    case(f"auth-with-token-{name}", ["auth", "login", "--with-token"], 4, "a token is one word",
         stdin=value, config=PROFILE, env=LOGGED_OUT)
case("auth-with-token-empty", ["auth", "login", "--with-token"], 2, "No token on stdin",
     stdin=b"\n", config=PROFILE, env=LOGGED_OUT)
case("auth-with-token-bearer-only", ["auth", "login", "--with-token"], 2, "No token on stdin",
     stdin=b"Bearer \n", config=PROFILE, env=LOGGED_OUT)
case("auth-login-traversal", ["--profile", "../../../victim", "auth", "login", "--with-token"],
     2, "is not usable", stdin=b"abc", config=PROFILE, env=LOGGED_OUT)
case("auth-logout-traversal", ["--profile", "../../../victim", "auth", "logout"], 2,
     "is not usable", config=PROFILE, env=LOGGED_OUT)
case("auth-status-traversal", ["--profile", "../x", "auth", "status"], 2, "is not usable",
     config=PROFILE, env=LOGGED_OUT)
for name, value in [("markup", "[/]"), ("traversal", "../../victim"), ("empty-ish", " "),
                    ("escape", "\x1b]0;t\x07")]:
    case(f"config-init-profile-{name}", ["config", "init", "--profile", value, "--url",
                                         "https://acme.example"], 2, "is not usable")
for name, value, needle in [("plain-http", "http://acme.example", "plain http://"),
                            ("javascript", "javascript:x", "is not a stand URL"),
                            ("no-host", "https:///x", "is not a stand URL")]:
    case(f"config-init-url-{name}", ["config", "init", "--profile", "p", "--url", value], 2,
         needle)

# ---- read commands -----------------------------------------------------------------------
for cmd, value, needle in [(["threads", "show"], "99999999999999999999", "ID"),
                           (["threads", "show"], "-5", "-5"), (["threads", "show"], "0", "ID"),
                           (["clients", "show"], str(2**63), "ID"),
                           (["clients", "show"], "x", "ID")]:
    case(f"{cmd[0]}-show-{value[:6]}", [*cmd, value], 2, needle)
case("threads-list-client-huge", ["threads", "list", "--client", str(2**64)], 2, "--client")
case("threads-list-tag-100k", ["threads", "list", "--tag", LONG], 2, "100,000 characters")
case("threads-list-tag-escape", ["threads", "list", "--tag", "\x1b[2J"], 2, "\\x1b[2J")
case("threads-list-since-escape", ["threads", "list", "--since", "\x1b[2J"], 2, "--since")
case("threads-list-status-nul", ["threads", "list", "--status", "\x00"], 2, "Unknown status")
case("threads-list-limit-zero", ["threads", "list", "--limit", "0"], 2, "--limit")

# ---- bulk run: files ---------------------------------------------------------------------
BULK = ["bulk", "run", "--channel", "viber", "--tag", "Sales", "--yes"]


def _bulk_argv(path: str, *extra: str) -> list[str]:
    """bulk run PATH with the defaults; a --channel in `extra` replaces viber (an option given
    twice is refused, class 9)."""
    base = BULK[2:] if "--channel" not in extra else [a for a in BULK[2:]
                                                      if a not in ("--channel", "viber")]
    return [*BULK[:2], path, *base, *extra]


def bulk(id: str, name: str, content: bytes, code: int, needle: str, *extra: str,
         **kw) -> None:
    files = {name: content, **kw.pop("files", {})}
    case(f"bulk-{id}", _bulk_argv(f"{{d}}/{name}", *extra), code, needle,
         files=files, bulk=True, **kw)


GOOD = b"14,Good row\n"


def _jsonl(**row) -> bytes:
    return (json.dumps(row) + "\n").encode()

bulk("csv-unterminated-quote", "q.csv", b"thread,text\n6,\"unterminated quote\n1,second row\n",
     2, "q.csv line 2: not valid CSV")
bulk("csv-quote-then-junk", "q.csv", b"thread,text\n" + GOOD + b"14,\"a\"b\n", 2,
     "q.csv line 3: not valid CSV")
bulk("csv-quote-swallows-rows", "q.csv", b"thread,text\n6,\"open\n1,x\n2,\"y\"\n", 2,
     "not valid CSV")
for name, ch in [("nul", b"\x00"), ("esc", b"\x1b"), ("vt", b"\x0b"), ("del", b"\x7f"),
                 ("c1", "\x9b".encode())]:
    bulk(f"csv-text-{name}", "t.csv", b"thread,text\n" + GOOD + b"14,Hello" + ch + b"x\n", 2,
         CONTROL)
bulk("csv-name-nul-into-text", "t.csv", b"thread,name\n14,Ann\x00\n", 2, CONTROL,
     "--text", "Hello {{name}}")
bulk("csv-text-invisible", "t.csv", "thread,text\n14,\u200b\u202e\n".encode(), 2,
     "only invisible")
bulk("csv-text-from-file-nul", "t.csv", b"thread\n14\n", 2, CONTROL, "--text-file",
     "{d}/body.txt", files={"body.txt": b"Hi\x00"})
bulk("csv-text-file-fifo", "t.csv", b"thread\n14\n", 2, "not a regular file", "--text-file",
     "{d}/fifo", files={"fifo": None})
bulk("csv-text-file-dev-zero", "t.csv", b"thread\n14\n", 2, "not a regular file",
     "--text-file", "/dev/zero")
bulk("csv-text-flag-escape", "t.csv", b"thread\n14\n", 2, CONTROL, "--text", "Hi \x1b[2J")
for name, value in [("huge", b"99999999999999999999999"), ("zero", b"0"), ("negative", b"-1"),
                    ("arabic-digits", "١٤".encode()), ("float", b"14.0")]:
    bulk(f"csv-thread-{name}", "t.csv", b"thread,text\n" + value + b",x\n", 2, "thread id")
EMAIL = ("--channel", "email", "--sender", "support@example.com")
bulk("csv-subject-cve", "m.csv", f"thread,text,subject\n15,x,\"{CVE_SUBJECT}\"\n".encode(), 2,
     "encoded word", *EMAIL)
bulk("csv-subject-column-into-flag", "m.csv", b"thread,text,order\n15,x,=?utf-8?q?=0D=0AX:_y?=\n",
     2, "encoded word", *EMAIL, "--subject", "Your order {{order}}")
bulk("csv-subject-vt", "m.csv", b"thread,text,subject\n15,x,a\x0bb\n", 2, CONTROL, *EMAIL)
bulk("csv-subject-u2028", "m.csv", "thread,text,subject\n15,x,a\u2028b\n".encode(), 2,
     CONTROL, *EMAIL)
bulk("csv-subject-newline", "m.csv", b"thread,text,subject\n15,x,\"a\nBcc: x@evil.example\"\n",
     2, CONTROL, *EMAIL)
for name, path in [("parent", "../../../../etc/hosts"), ("home", "~/.ssh/id_rsa"),
                   ("absolute", "/etc/hosts"), ("dotdot-inside", "sub/../../x.pdf"),
                   ("link-out", "out.pdf")]:
    bulk(f"csv-attach-{name}", "a.csv", f"thread,text,attachments\n14,x,{path}\n".encode(), 2,
         "a row may attach files from that folder only",
         files={"out.pdf": b"->/etc/hosts"} if name == "link-out" else {})
bulk("csv-attach-newline-name", "a.csv", b"thread,text,attachments\n14,x,\"a\nb.pdf\"\n", 2,
     CONTROL, files={"a\nb.pdf": b"%PDF-1.4"})
bulk("csv-attach-url-control", "a.csv",
     b"thread,text,attachments\n14,x,https://files.example/%1b%5b2J.pdf\n", 2, CONTROL)
bulk("attachments-dir-missing", "a.csv", b"thread,text\n14,x\n", 2, "is not a folder",
     "--attachments-dir", "{d}/nowhere")
bulk("markup-file-name", "[/].csv", b"thread,text\n14,\x00\n", 2, CONTROL)
bulk("csv-cr-in-unquoted-field", "t.csv", b"thread,text\n14,a\rb\n", 2, "line 2")
bulk("csv-nul-in-header", "t.csv", b"thr\x00ead,text\n14,x\n", 2, "no recipient column")
bulk("input-fifo", "rows.csv", b"", 2, "not a regular file", files={"rows.csv": None})
case("bulk-input-dev-zero", [*BULK[:2], "/dev/zero", "--format", "csv", *BULK[2:]], 2,
     "not a regular file")
case("bulk-input-directory", [*BULK[:2], "{d}", "--format", "csv", *BULK[2:]], 2,
     "not a regular file")
bulk("yaml-bomb", "b.yaml", b"- thread: '14'\n  text: x\n  junk:\n"
     + b"".join(b"    " + line + b"\n" for line in BOMB.splitlines()), 2, "not valid YAML")
bulk("yaml-alias-flood", "b.yaml", b"- &a {thread: '14', text: x}\n- thread: '14'\n  text: ["
     + b", ".join([b"*a"] * 200) + b"]\n", 2, "more than 100 aliases")
bulk("yaml-deep", "b.yaml", b"- thread: '14'\n  text: " + b"[" * 200 + b"]" * 200 + b"\n", 2,
     "nested more than 50 levels")
bulk("yaml-recursive", "b.yaml", b"- &r {thread: '14', text: x, self: *r}\n", 2,
     "not valid YAML")
bulk("yaml-python-tag", "b.yaml", b"- thread: '14'\n  text: !!python/object/apply:os.system "
     b"['true']\n", 2, "not valid YAML")
bulk("yaml-text-nul", "b.yaml", b"- thread: '14'\n  text: \"a\\0b\"\n", 2, CONTROL)
bulk("yaml-text-escape", "b.yaml", b"- thread: '14'\n  text: \"\\e]0;t\\a\"\n", 2, CONTROL)
bulk("yaml-attach-parent", "b.yaml", b"- thread: '14'\n  text: x\n  attachments: [../x.pdf]\n",
     2, "a row may attach files from that folder only")
bulk("jsonl-text-nul", "j.jsonl", b'{"thread": 14, "text": "a\\u0000b"}\n', 2, CONTROL)
bulk("jsonl-text-escape", "j.jsonl", b'{"thread": 14, "text": "\\u001b[2J"}\n', 2, CONTROL)
bulk("jsonl-text-bidi-only", "j.jsonl", b'{"thread": 14, "text": "\\u202e\\u2066"}\n', 2,
     "only invisible")
bulk("jsonl-deep", "j.jsonl", b'{"thread": 14, "text": ' + b"[" * 100_000 + b"]" * 100_000
     + b"}\n", 2, "nested too deeply")
bulk("jsonl-thread-huge", "j.jsonl", b'{"thread": 99999999999999999999999, "text": "x"}\n', 2,
     "thread id")
bulk("jsonl-thread-inf", "j.jsonl", b'{"thread": 1e400, "text": "x"}\n', 2, "thread id")
bulk("jsonl-subject-cve", "j.jsonl", _jsonl(thread=15, text="x", subject=CVE_SUBJECT), 2,
     "encoded word", *EMAIL)
bulk("jsonl-attach-home", "j.jsonl", b'{"thread": 14, "text": "x", "attachments": '
     b'["~/.ssh/id_rsa"]}\n', 2, "a row may attach files from that folder only")
bulk("jsonl-tag-100k", "j.jsonl", _jsonl(thread=14, text="x", tags=LONG), 2,
     "100,000 characters")


# ---- round three: a follow-up text is literal text and {{name}} placeholders only ------------
NOT_A_PLACEHOLDER = "a text may use {{name}} placeholders only"
for name, text in [("include", '{% include "/etc/passwd" %}'), ("import", "{% import 'os' %}"),
                   ("comment", "Hi {# x #}"), ("dunder", "{{ ''.__class__.__mro__ }}"),
                   ("filter", "{{ name|upper }}"), ("call", "{{ lipsum() }}"),
                   ("attribute", "{{ row.name }}"), ("unclosed", "Hi {{ name")]:
    bulk(f"template-row-{name}", "t.jsonl", _jsonl(thread=14, text=text, name="Ann"), 2,
         NOT_A_PLACEHOLDER, "--dry-run")
case("template-flag-statement", [*BULK[:2], "{d}/t.csv", *BULK[2:], "--text",
                                 "{% for x in range(99999999) %}x{% endfor %}"], 2,
     "a template statement ('{%') at character 1", files={"t.csv": b"thread\n14\n"})
case("template-flag-subject-filter", _bulk_argv("{d}/t.csv", *EMAIL, "--text", "x",
                                                 "--subject", "{{ name|e }}"), 2,
     NOT_A_PLACEHOLDER,
     files={"t.csv": b"thread,name\n15,Ann\n"})
case("template-flag-var", [*BULK[:2], "{d}/t.csv", *BULK[2:], "--template", "welcome_back",
                           "--var", "name={{ cycler.__init__.__globals__.os }}"], 2,
     NOT_A_PLACEHOLDER, files={"t.csv": b"thread\n14\n"})
bulk("template-fills-past-the-bound", "t.jsonl",
     _jsonl(thread=14, text="{{x}}" * 200, x="y" * 10_000), 2, "would be longer than 1,000,000")
bulk("template-value-a-list", "t.jsonl", _jsonl(thread=14, text="Hi {{x}}", x=["a", "b"]), 2,
     "the row's 'x' is a list, not text")


# ---- round three: a credential inside a URL is refused, and never shown -------------------
PASSWORD = "Hunter2secret"
for name, value in [("user-password", f"https://anna:{PASSWORD}@stand.example"),
                    ("password-only", f"https://:{PASSWORD}@stand.example"),
                    ("bad-ipv6", f"https://anna:{PASSWORD}@[::1"),
                    ("no-scheme", f"anna:{PASSWORD}@stand.example"),
                    ("loopback-http", f"http://anna:{PASSWORD}@127.0.0.1:9"),
                    ("query-token", f"https://stand.example/?access_token={PASSWORD}"),
                    ("fragment", f"https://stand.example/#{PASSWORD}")]:
    case(f"url-secret-env-{name}", [*VIBER, "-m", "x"], 2, "url from env MSGCLIENT_URL",
         env={"MSGCLIENT_URL": value}, secret=PASSWORD)
case("url-secret-profile", [*VIBER, "-m", "x"], 2, "holds a login or password",
     config=f"profiles:\n  prod:\n    url: https://anna:{PASSWORD}@stand.example\n",
     env={"MSGCLIENT_URL": None}, secret=PASSWORD)
case("url-secret-config-init", ["config", "init", "--profile", "p", "--url",
                                f"https://anna:{PASSWORD}@stand.example"], 2,
     "holds a login or password", secret=PASSWORD)
case("url-secret-attachment", [*AT, f"https://anna:{PASSWORD}@files.example/a.pdf"], 2,
     "holds a login or password", secret=PASSWORD)
bulk("url-secret-row-attachment", "a.csv",
     f"thread,text,attachments\n14,x,https://anna:{PASSWORD}@files.example/a.pdf\n".encode(),
     2, "holds a login or password", secret=PASSWORD)


# ---- round three: the time bounds themselves are bounded ---------------------------------
for name, value in [("zero", "0"), ("negative", "-1"), ("nan", "nan"), ("inf", "inf"),
                    ("past-a-day", "86401"), ("word", "forever")]:
    case(f"env-budget-{name}", [*VIBER, "-m", "x"], 2, "budget", env={"MSGCLIENT_BUDGET": value})
case("config-budget-list", [*VIBER, "-m", "x"], 2, "budget from profile 'prod' must be a float",
     config=PROFILE + "    budget: [1, 2]\n", env={"MSGCLIENT_URL": None})


# ---- round three: input that could mean two things is refused, naming both ---------------
TWICE = "which one is meant?"
case("config-key-twice", [*VIBER, "-m", "x"], 2, "gives 'url' twice (lines 3 and 4: ",
     config=PROFILE + "    url: https://other.example\n", env={"MSGCLIENT_URL": None})
case("config-top-key-twice", [*VIBER, "-m", "x"], 2, "gives 'default_profile' twice",
     config=PROFILE + "default_profile: prod\ndefault_profile: other\n")
case("config-profile-twice", [*VIBER, "-m", "x"], 2, "gives 'prod' twice",
     config=PROFILE + "  prod:\n    url: https://other.example\n")
case("config-profiles-case-twins", [*VIBER, "-m", "x"], 2, "which differ only in case",
     config=PROFILE + "  Prod:\n    url: https://other.example\n")
case("config-secret-twice", [*VIBER, "-m", "x"], 2, "gives 'token' twice (lines 4 and 5);",
     config=PROFILE + "    token: Hunter2secret\n    token: Hunter3secret\n", secret="Hunter")
for name, argv, needle in [
        ("channel", [*VIBER, "-m", "x", "--channel", "email"], "--channel is given twice"),
        ("thread", [*VIBER, "-m", "x", "--thread=15"], "--thread is given twice"),
        ("text-alias", [*VIBER, "-m", "x", "--text", "y"], "-m (or --text) is given twice"),
        ("text-glued", [*VIBER, "-m", "x", "-my"], "-m is given twice"),
        ("profile", ["--profile", "a", "-p", "b", *VIBER, "-m", "x"], "--profile (or -p)"),
        ("var", [*VIBER, "--template", "welcome_back", "--var", "name=Ann", "--var",
                 "name=Bob"], "--var name is given twice ('Ann' and 'Bob')"),
        ("bulk-text", [*BULK[:2], "{d}/t.csv", *BULK[2:], "--text", "a", "--text", "b"],
         "--text is given twice, as 'a' and 'b'"),
        ("bulk-run-id", [*BULK[:2], "{d}/t.csv", *BULK[2:], "--text", "a", "--run-id", "x",
                         "--run-id", "y"], "--run-id is given twice")]:
    case(f"flag-twice-{name}", argv, 2, needle, files={"t.csv": b"thread\n14\n"})
bulk("csv-delimiter-tie", "t.csv", b"thread;text,note\n14;x,y\n", 2,
     "could be split at ';' (semicolons) or at ',' (commas)")
bulk("csv-delimiter-tie-tab", "t.csv", b"thread\ttext;note\n14\tx;y\n", 2,
     "could be split at tabs or at ';' (semicolons) (1 of each)")
bulk("yaml-row-key-twice", "r.yaml", b"- thread: '14'\n  text: x\n  text: y\n", 2,
     "the key 'text' appears twice")
bulk("jsonl-row-key-twice", "r.jsonl", b'{"thread": 14, "text": "x", "text": "y"}\n', 2,
     "the key 'text' appears twice")

# ---- round three: an environment msgclient cannot use is one line -------------------------
OUT_THERE = {"MSGCLIENT_URL": "https://stand.example", "NO_PROXY": None, "no_proxy": None}
for name, variable, value, needle in [
        ("socks", "ALL_PROXY", "socks5://127.0.0.1:9", "(from ALL_PROXY) is a SOCKS proxy"),
        ("socks-lowercase", "https_proxy", "socks5h://proxy:1080", "(from https_proxy)"),
        ("garbage", "HTTPS_PROXY", "::::", "(from HTTPS_PROXY) is not a proxy URL"),
        ("bad-ipv6", "HTTPS_PROXY", "http://[::1", "is not a proxy URL"),
        ("ca-bundle-gone", "REQUESTS_CA_BUNDLE", "/nonexistent/ca.pem",
         "Cannot use the CA certificates")]:
    case(f"env-{name}", [*VIBER, "-m", "x"], 2, needle, env={**OUT_THERE, variable: value})


def test_the_corpus_is_big_and_distinct():
    assert len(CASES) >= 280, len(CASES)
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.fixture(scope="module")
def module_stand(tmp_path_factory, seeded_db):
    s = start_stand(tmp_path_factory.mktemp("hostile"), seeded_db)
    yield s
    s.running.stop()


def _stand_state(stand) -> tuple:
    outbox = sorted(os.listdir(stand.outbox)) if stand.outbox.exists() else []
    return counts(stand.db), outbox


def _prepare(c: Case, tmp_path, monkeypatch, stand) -> list[str]:
    d = tmp_path / "in"
    d.mkdir()
    for name, content in c.files.items():
        path = d / name
        path.parent.mkdir(parents=True, exist_ok=True)  # '[/].csv' is a folder '[' and a file
        if content is None:
            os.mkfifo(path)
        elif content.startswith(b"->"):
            path.symlink_to(content[2:].decode())
        else:
            path.write_bytes(content)
    fill = {"d": str(d), "url": stand.url}
    monkeypatch.setenv("MSGCLIENT_URL", stand.url)
    monkeypatch.setenv("MSGCLIENT_TOKEN", stand.token)
    if c.config is not None:
        with open(os.environ["MSGCLIENT_CONFIG"], "w", encoding="utf-8") as out:
            out.write(c.config.replace("{url}", stand.url))
    for key, value in c.env.items():
        if value is None:
            monkeypatch.delenv(key, raising=False)
        else:
            monkeypatch.setenv(key, value.replace("{d}", str(d)))
    data = c.stdin if c.stdin is not None else b""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    return [a.replace("{d}", fill["d"]) for a in c.argv]


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_hostile_input_is_refused_in_one_line_and_nothing_is_sent(c, module_stand, tmp_path,
                                                                  monkeypatch, capsys):
    argv = _prepare(c, tmp_path, monkeypatch, module_stand)
    before = _stand_state(module_stand)
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == c.code, err
    assert "Traceback" not in err and "error: unexpected" not in err, err
    lines = err.splitlines()
    assert lines and lines[-1].startswith("error: "), err
    if not c.bulk:
        assert len(lines) == 1, err
    assert all(len(line) < 1000 for line in lines), err[:2000]
    assert c.needle in lines[-1] or (c.bulk and c.needle in err), err
    for stream, spacing in ((out, "\n\t"), (err, "\n")):  # a dry run's stdout is TSV
        assert not any(ch < " " and ch not in spacing or "\x7f" <= ch <= "\x9f"
                       for ch in stream), repr(stream[:500])
    assert _stand_state(module_stand) == before, "nothing reaches the stand"
    if c.secret:
        assert c.secret not in out + err, err
        given = {os.environ["MSGCLIENT_CONFIG"]} if c.config is not None else set()
        assert not _files_holding(c.secret, tmp_path, given), "a secret was written to a file"


def _files_holding(secret: str, root, given: set[str]) -> list[str]:
    """Files under the test's folders that hold `secret`, but for the case's own input (its
    files and the config file it gave)."""
    return [str(path) for path in root.rglob("*")
            if path.is_file() and not path.is_symlink() and str(path) not in given
            and path.relative_to(root).parts[0] != "in" and secret.encode() in path.read_bytes()]
