"""A row that could be read two ways, or has a value of the wrong type, is invalid in every
format, as in CSV; it is never settled by the last key or the --text default (issue 14,
class 4)."""

from __future__ import annotations

import json

import pytest

from msgclient.__main__ import main
from tests.bulk.conftest import outgoing_texts, outgoing_total, phones

GOOD, OTHER = phones(2, offset=6_000)
SEND = ["--channel", "viber", "--text", "Default text", "--tag", "Sales", "--yes"]



def jsonl(*rows: str) -> str:
    return "".join(row + "\n" for row in rows)


CASES = [
    ("json-key-twice", "f.jsonl", jsonl(f'{{"phone": "{GOOD}", "phone": "{OTHER}"}}'),
     "f.jsonl line 1: the key 'phone' appears twice in this row; keep one"),
    ("json-key-in-two-cases", "f.jsonl",
     jsonl(json.dumps({"thread": 1, "Thread": 6})),
     "f.jsonl line 1: 'thread' and 'Thread' both give the thread; keep one of them"),
    ("json-alias-twice", "f.jsonl",
     jsonl(json.dumps({"phone": GOOD, "phone_number": OTHER})),
     "'phone' and 'phone_number' both give the phone"),
    ("json-text-object", "f.jsonl", jsonl(json.dumps({"phone": GOOD, "text": {"en": "Hi"}})),
     "f.jsonl line 1: 'text' is an object, but it must be text"),
    ("json-phone-list", "f.jsonl", jsonl(json.dumps({"phone": [GOOD, OTHER]})),
     "'phone' is a list, but it must be text"),
    ("json-tags-objects", "f.jsonl", jsonl(json.dumps({"phone": GOOD, "tags": [{"a": 1}]})),
     "'tags' is a list, but it must be text or a list of texts"),
    ("json-bool-channel", "f.jsonl", jsonl(json.dumps({"phone": GOOD, "channel": True})),
     "'channel' is true/false, but it must be text"),
    ("yaml-key-twice", "f.yaml", f"- phone: '{GOOD}'\n  phone: '{OTHER}'\n",
     "f.yaml line 1: the key 'phone' appears twice in this row; keep one"),
    ("yaml-text-mapping", "f.yaml", f"- phone: '{GOOD}'\n  text:\n    en: Hi\n",
     "f.yaml line 1: 'text' is an object, but it must be text"),
    ("csv-alias-columns", "f.csv", f"phone,phone_number\n{GOOD},{OTHER}\n",
     "f.csv line 2: 'phone' and 'phone_number' both give the phone"),
]


@pytest.mark.parametrize("name, content, expected", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_ambiguous_or_mistyped_rows_are_invalid(env_stand, tmp_path, capsys, name, content,
                                                expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    sent = outgoing_total(env_stand)
    assert main(["bulk", "run", str(path), *SEND]) == 2
    shown = capsys.readouterr().err.splitlines()
    assert len(shown) == 3 and expected in shown[1], shown  # the run, the row and why, the end
    assert shown[2] == "error: 1 of 1 rows is invalid; nothing was sent. Fix the file."
    assert outgoing_total(env_stand) == sent


def test_a_yaml_merge_key_may_still_be_overridden(env_stand, tmp_path, capsys):
    path = tmp_path / "f.yaml"
    path.write_text("- &base\n  phone: '" + GOOD + "'\n  text: Base\n"
                    "- <<: *base\n  phone: '" + OTHER + "'\n  text: Own\n", encoding="utf-8")
    assert main(["bulk", "run", str(path), *SEND]) == 0, capsys.readouterr().err
    # The first row as written; the second takes the first's keys and overrides both.
    assert outgoing_texts(env_stand, [GOOD, OTHER]) == {GOOD.lstrip("+"): ["Base"],
                                                        OTHER.lstrip("+"): ["Own"]}
