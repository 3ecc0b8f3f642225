"""A corpus of broken bulk files: each gets a clear message naming the line, exit 2, and
not one message reaches the stand (valid rows next to a broken one are not sent either)."""

from __future__ import annotations

import json

import pytest

from tests.bulk.conftest import outgoing_total, phones

GOOD, GOOD2 = phones(2, offset=5_000)
GOOD_ROW = f"{GOOD},Anna\n".encode()
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"

CASES = [
    # (id, file name, content, extra options, expected fragments of stderr)
    ("cp1251", "f.csv", b"phone,name\n" + GOOD_ROW + f"{GOOD2},".encode() + "Алёна\n"
     .encode("cp1251"), (), ["f.csv line 3: the line is not UTF-8 (byte 0xc0",
                             "save the file as UTF-8", "1 of 2 rows is invalid"]),
    ("no-recipient-column", "f.csv", b"name,order\nAnna,1\n", (),
     [("f.csv line 1: no recipient column; the header needs one of thread, client, client_id, "
       "external_id, phone, email (it has name, order)")]),
    ("bad-yaml", "f.yaml", f"- phone: '{GOOD}'\n  name: Anna\n- phone: [unclosed\n".encode(), (),
     ["f.yaml line 4: not valid YAML", "nothing after it can be read"]),
    ("yaml-not-a-list", "f.yaml", f"phone: '{GOOD}'\n".encode(), (),
     ["f.yaml line 1: the YAML file must be a list of rows"]),
    ("unknown-channel", "f.csv", b"phone,name,channel\n" + f"{GOOD},Anna,\n{GOOD2},Ben,telegrm\n"
     .encode(), (), ["f.csv line 3: Unknown channel 'telegrm'; channels on this stand: whatsapp"]),
    ("ten-megabyte-line", "f.csv", b"phone,name\n" + GOOD_ROW + GOOD2.encode() + b","
     + b"x" * (10 << 20) + b"\n", (),
     ["f.csv line 3: the line is 10.0 MB long; a row may take at most 1.0 MB"]),
    ("bom-then-bad-phone", "f.csv", b"\xef\xbb\xbfphone,name\n" + GOOD_ROW + b"+49151,Ben\n", (),
     ["f.csv line 3: Phone '+49151' is not a valid phone number"]),
    ("empty", "f.csv", b"", (), ["f.csv is empty (line 1)"]),
    ("empty-jsonl", "f.jsonl", b"\n\n", (), ["f.jsonl is empty"]),
    ("header-only", "f.csv", b"phone,name\n", (), ["f.csv has a header line but no rows"]),
    ("duplicate-columns", "f.csv", b"phone,name,Phone\n1,2,3\n", (),
     ["f.csv line 1: column 'Phone' appears twice (columns 1 and 3)"]),
    ("unnamed-column", "f.csv", b"phone,,name\n1,2,3\n", (),
     ["f.csv line 1: column 2 has no name"]),
    ("too-many-fields", "f.csv", b"phone,name\n" + GOOD_ROW + f"{GOOD2},Ben,extra\n".encode(),
     (), ["f.csv line 3: 3 fields, but the header line has 2 columns"]),
    ("broken-json-line", "f.jsonl", (json.dumps({"phone": GOOD, "name": "A"}) + "\n{\"phone\": \n")
     .encode(), (), ["f.jsonl line 2: not valid JSON"]),
    ("json-line-not-object", "f.jsonl", (json.dumps({"phone": GOOD, "name": "A"}) + "\n[1, 2]\n")
     .encode(), (), ["f.jsonl line 2: expected a JSON object ({...}), found a list"]),
    ("json-array", "f.jsonl", json.dumps([{"phone": GOOD}]).encode(), (),
     ["f.jsonl line 1: this is a JSON array; msgclient reads JSON Lines"]),
    ("missing-variable", "f.csv", b"phone,name\n" + GOOD_ROW + f"{GOOD2},\n".encode(), (),
     ["f.csv line 3: the text uses {{name}} but the row has no value for 'name'"]),
    ("two-recipients", "f.csv", b"phone,email,name\n" + f"{GOOD},a@example.org,Anna\n".encode(),
     (), ["f.csv line 2: more than one recipient (phone, email); give one per row"]),
    ("unknown-template", "f.csv", b"phone,name,template\n" + f"{GOOD},Anna,nope\n".encode(),
     ("--text", ""), ["f.csv line 2: Unknown template 'nope'"]),
    ("unknown-tag", "f.csv", b"phone,name,tags\n" + f"{GOOD},Anna,No/Such/Tag\n".encode(), (),
     ["f.csv line 2: Tag 'No/Such/Tag' is not a tag on this stand"]),
    ("missing-attachment", "f.csv", b"phone,name,attachments\n" + f"{GOOD},Anna,nofile.pdf\n"
     .encode(), (), ["f.csv line 2: Attachment", "nofile.pdf does not exist"]),
    ("email-without-subject", "f.csv", b"email,name\nanna.new@example.org,Anna\n",
     ("--channel", "email", "--sender", "support@example.com"),
     ["f.csv line 2: An email needs a subject"]),
    ("binary-file", "f.csv", PNG + b"\n" + PNG, (), ["the line is not UTF-8"]),
]


@pytest.mark.parametrize("name,content,extra,expected",
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_explained_and_nothing_is_sent(cli, stand, tmp_path, name, content, extra,
                                                    expected):
    path = tmp_path / name
    path.write_bytes(content)
    before = outgoing_total(stand)
    # A case's flags replace the defaults (an option given twice would be refused).
    chosen = {"--channel": "viber", "--tag": "Sales", "--text": "Hello {{name}}",
              **dict(zip(extra[::2], extra[1::2], strict=True))}
    args = [part for flag, value in chosen.items() if value for part in (flag, value)]
    proc = cli("bulk", "run", str(path), *args, "--yes")
    assert proc.returncode == 2, proc.stderr
    for fragment in expected:
        assert fragment in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert outgoing_total(stand) == before
    assert cli("bulk", "list", "--json").stdout.strip() == "[]"  # a refused run leaves nothing


@pytest.mark.parametrize("args,expected", [
    (["--text", "Hello {{name"], "--text opens a placeholder ('{{') at character 7 that is never"),
    (["--rate", "fast"], "--rate 'fast' is not a rate"),
    (["--format", "xml"], "Unknown --format 'xml'"),
    (["--run-id", "../x"], "Run id '../x' is not usable"),
])
def test_bad_options_fail_before_anything_is_read_or_sent(cli, stand, tmp_path, args, expected):
    path = tmp_path / "f.csv"
    path.write_bytes(b"phone,name\n" + GOOD_ROW)
    before = outgoing_total(stand)
    proc = cli("bulk", "run", str(path), "--channel", "viber", "--tag", "Sales", "--yes",
               *(["--text", "Hi {{name}}"] if "--text" not in args else []), *args)
    assert proc.returncode == 2 and expected in proc.stderr, proc.stderr
    assert outgoing_total(stand) == before


def test_unknown_extension_and_missing_file(cli, tmp_path):
    odd = tmp_path / "rows.xlsx"
    odd.write_bytes(b"PK")
    proc = cli("bulk", "run", str(odd), "--yes")
    assert proc.returncode == 2 and "Cannot tell the format" in proc.stderr
    proc = cli("bulk", "run", str(tmp_path / "absent.csv"), "--yes")
    assert proc.returncode == 2 and "absent.csv does not exist" in proc.stderr
