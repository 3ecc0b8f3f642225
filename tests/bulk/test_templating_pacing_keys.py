"""Placeholders, the token bucket and idempotency keys."""

from __future__ import annotations

import threading

import pytest

from msgclient.bulk.input.keys import KEY_PREFIX, idempotency_key, recipient_key, row_hash
from msgclient.bulk.input.templating import Renderer, TemplateProblem
from msgclient.bulk.pacing import TokenBucket, parse_rate
from msgclient.errors import UsageError


def test_placeholders_are_filled_and_a_missing_one_is_an_error_not_empty():
    renderer = Renderer()
    assert renderer.render("Hi {{name}}, {{ order }}!", {"name": "Anna", "order": "A-1"}) == \
        "Hi Anna, A-1!"
    with pytest.raises(TemplateProblem, match=r"the text uses \{\{name\}\} but the row has no "
                                              "value for 'name'"):
        renderer.render("Hi {{name}}", {})


def test_no_escaping_and_text_without_placeholders_is_not_compiled():
    assert Renderer().render("<b>{{x}}</b> & co", {"x": "<i>"}) == "<b><i></b> & co"
    renderer = Renderer()
    assert renderer.render("plain", {}) == "plain" and not renderer._cache
    assert renderer.render("{a} }} {x}", {}) == "{a} }} {x}"  # single braces are text


@pytest.mark.parametrize("text, named", [
    ("{% include '/etc/passwd' %}", "a template statement ('{%') at character 1"),
    ("Hi {# note #}", "a template comment ('{#') at character 4"),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "which is not a placeholder"),
    ("{{ name|upper }}", "'{{ name|upper }}' at character 1, which is not a placeholder"),
    ("{{ row.name }}", "which is not a placeholder"),
    ("{{ lipsum.__globals__ }}", "which is not a placeholder"),
    ("{{- name }}", "which is not a placeholder"),
    ("{{ 7*7 }}", "which is not a placeholder"),
    ("Hi {{name", "opens a placeholder ('{{') at character 4 that is never closed"),
])
def test_anything_but_a_placeholder_is_refused_naming_the_construct(text, named):
    with pytest.raises(TemplateProblem) as info:
        Renderer().render(text, {"name": "Ann", "row": {"name": "x"}}, "--text")
    assert named in info.value.message
    assert info.value.message.startswith("--text ")
    assert info.value.message.endswith("a text may use {{name}} placeholders only")


def test_filling_is_bounded_in_size():
    text = "{{x}}" * 1000
    with pytest.raises(TemplateProblem, match="would be longer than 1,000,000 characters"):
        Renderer().render(text, {"x": "y" * 10_000})


@pytest.mark.parametrize("value, kind", [(["a"], "a list"), ({"a": 1}, "an object"),
                                         (True, "true/false")])
def test_a_value_that_is_not_text_is_refused(value, kind):
    with pytest.raises(TemplateProblem, match=f"the row's 'x' is {kind}, not text"):
        Renderer().render("{{x}}", {"x": value})
    assert Renderer().render("{{ x }}/{{y}}", {"x": 7, "y": 1.5}) == "7/1.5"


def test_each_distinct_text_is_compiled_once_in_a_bounded_cache():
    renderer = Renderer(cache_size=2)
    first = renderer.compile("{{a}}")
    assert renderer.compile("{{a}}") is first
    renderer.compile("{{b}}")
    renderer.compile("{{c}}")
    assert list(renderer._cache) == ["{{b}}", "{{c}}"]


@pytest.mark.parametrize("text,expected", [
    ("20", 20.0), ("20/s", 20.0), ("600/min", 10.0), ("0.5/s", 0.5), ("3600/h", 1.0),
    ("0", None), ("none", None), (None, None),
])
def test_parse_rate(text, expected):
    assert parse_rate(text) == expected


@pytest.mark.parametrize("text", ["fast", "-1", "10/week", "0/s"])
def test_parse_rate_refuses_nonsense(text):
    with pytest.raises(UsageError, match="is not a rate"):
        parse_rate(text)


def test_token_bucket_spaces_calls_at_the_rate_after_a_small_burst():
    now = [100.0]
    bucket = TokenBucket(rate=10, burst=2, clock=lambda: now[0])
    waits = [bucket.reserve() for _ in range(5)]
    assert waits == pytest.approx([0.0, 0.0, 0.1, 0.2, 0.3])
    now[0] += 10  # idle time does not pile up more than the burst
    assert [bucket.reserve() for _ in range(3)] == pytest.approx([0.0, 0.0, 0.1])


def test_token_bucket_without_rate_never_waits_and_a_stop_interrupts_a_wait():
    assert TokenBucket(None).reserve() == 0.0
    bucket = TokenBucket(rate=0.1)  # one call per ten seconds
    assert bucket.acquire() is True
    stop = threading.Event()
    threading.Timer(0.05, stop.set).start()
    assert bucket.acquire(stop) is False


def test_keys_are_derived_from_run_line_and_content():
    content = row_hash({"phone": "+1", "name": "A"})
    assert content == row_hash({"name": "A", "phone": "+1"})  # column order does not matter
    key = idempotency_key("run-1", 2, content)
    assert key == idempotency_key("run-1", 2, content) and key.startswith(KEY_PREFIX)
    assert len(key) <= 255 and key.isascii() and " " not in key
    others = {idempotency_key("run-2", 2, content), idempotency_key("run-1", 3, content),
              idempotency_key("run-1", 2, row_hash({"phone": "+2"}))}
    assert key not in others and len(others) == 3
    assert recipient_key("phone", "491") != recipient_key("phone", "491", app="x")
