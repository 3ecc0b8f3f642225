"""Reading rows: line numbers, encodings, delimiters, YAML streaming, bounded lines."""

from __future__ import annotations

import io

import pytest

from msgclient.bulk.input.formats import detect_format, normalize_column, read_rows
from msgclient.bulk.input.source import LineSource
from msgclient.errors import UsageError


def rows(data: bytes, fmt: str, max_line: int = 1 << 20):
    return list(read_rows(LineSource(io.BytesIO(data), max_line), fmt, name="f"))


def test_csv_rows_carry_the_line_they_start_on():
    found = rows(b'phone,text\n+1,"two\nlines"\n\n+3,x\n', "csv")
    assert [(r.line, r.fields) for r in found] == [
        (2, {"phone": "+1", "text": "two\nlines"}), (5, {"phone": "+3", "text": "x"})]


@pytest.mark.parametrize("header,sep", [(b"phone;name", b";"), (b"phone\tname", b"\t")])
def test_csv_delimiter_is_taken_from_the_header(header, sep):
    found = rows(header + b"\n+1" + sep + b"Anna\n", "csv")
    assert found[0].fields == {"phone": "+1", "name": "Anna"}


def test_a_bom_is_not_part_of_the_first_column():
    assert rows(b"\xef\xbb\xbfphone\n+1\n", "csv")[0].fields == {"phone": "+1"}


def test_a_line_that_is_not_utf8_is_that_rows_problem_and_reading_goes_on():
    found = rows(b"phone,name\n+1,Ren\xe9\n+2,Ok\n", "csv")
    assert found[0].fields is None and "not UTF-8 (byte 0xe9 at byte 7)" in found[0].problem
    assert found[1].fields == {"phone": "+2", "name": "Ok"}


def test_an_overlong_line_is_skipped_without_being_held():
    source = LineSource(io.BytesIO(b"phone\n" + b"9" * 5000 + b"\n+2\n"), max_line=100)
    found = list(read_rows(source, "csv", name="f"))
    assert found[0].line == 2 and "may take at most" in found[0].problem
    assert found[1].fields == {"phone": "+2"}
    assert source.size == 6 + 5001 + 3  # every byte was read (and hashed), none kept


def test_csv_header_checks_run_once():
    with pytest.raises(UsageError, match="f line 1: no good"):
        list(read_rows(LineSource(io.BytesIO(b"a,b\n1,2\n")), "csv", name="f",
                       check_header=lambda header: "no good"))


def test_jsonl_rows_and_problems_by_line():
    found = rows(b'{"phone": "+1"}\n\n{"phone": 2}\nnot json\n"text"\n', "jsonl")
    assert [(r.line, r.fields) for r in found[:2]] == [(1, {"phone": "+1"}), (3, {"phone": 2})]
    assert found[2].line == 4 and found[2].problem.startswith("not valid JSON")
    assert found[3].problem == "expected a JSON object ({...}), found a string"


def test_yaml_is_read_item_by_item_and_keeps_scalars_as_text():
    data = b"- phone: +4915112345678\n  optin: no\n  n: 007\n- phone: '+2'\n  tags: [a, b]\n"
    found = rows(data, "yaml")
    assert [r.line for r in found] == [1, 4]
    assert found[0].fields == {"phone": "+4915112345678", "optin": "no", "n": "007"}
    assert found[1].fields == {"phone": "+2", "tags": ["a", "b"]}


def test_yaml_anchors_work_across_items():
    found = rows(b"- &base {channel: viber, phone: '+1'}\n- <<: *base\n  phone: '+2'\n", "yaml")
    assert found[1].fields == {"channel": "viber", "phone": "+2"}


def test_yaml_syntax_error_stops_with_its_line():
    with pytest.raises(UsageError, match="f line 3: not valid YAML.*nothing after it"):
        rows(b"- a: 1\n- b: [x\n- c: 2\n", "yaml")


@pytest.mark.parametrize("name,given,expected", [
    ("rows.CSV", None, "csv"), ("rows.tsv", None, "csv"), ("rows.ndjson", None, "jsonl"),
    ("rows.yml", None, "yaml"), ("-", "YAML", "yaml"), ("rows.txt", "json-lines", "jsonl"),
])
def test_format_from_extension_or_flag(name, given, expected):
    assert detect_format(name, given) == expected


@pytest.mark.parametrize("column,expected", [
    ("Phone", "phone"), ("First Name", "first_name"), ("first-name", "first_name"),
    ("threadId", "thread_id"), ("  Email ", "email"), ("var.order", "var.order"),
])
def test_column_names_are_normalized(column, expected):
    assert normalize_column(column) == expected
