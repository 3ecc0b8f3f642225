"""Cases for test_doubles.py, run by it in a pytest of their own (the name keeps them out of
the suite): each test is one way a test could misuse its doubles and still pass."""

from __future__ import annotations

import pytest
import requests

from tests.api.scripted_server import Reply, ScriptedServer
from tests.fake_prompter import FakePrompter
from tests.lying_stand import LyingStand


@pytest.fixture
def server():
    made = []

    def make(*replies, default=None):
        made.append(ScriptedServer(list(replies), default=default))
        return made[-1]

    yield make
    for s in made:
        s.close()


def test_all_as_told(server):
    prompter = FakePrompter([("confirm", True)])
    assert prompter.confirm("Send?") is True
    s = server(Reply(200, {}), Reply(200, {}, unused=True))
    assert requests.get(s.url + "/a", timeout=5).status_code == 200


def test_an_answer_left_unused():
    FakePrompter([("confirm", True)])


def test_an_unexpected_prompt_that_the_code_swallowed():
    try:
        FakePrompter([]).confirm("Send?")
    except AssertionError:
        pass


def test_a_failure_provoked_on_purpose_and_said_so():
    prompter = FakePrompter([])
    with pytest.raises(AssertionError) as info:
        prompter.text("Name")
    prompter.raised(str(info.value))


def test_a_scripted_reply_never_fetched(server):
    server(Reply(503))


def test_a_reply_marked_unused_that_was_fetched(server):
    s = server(Reply(200, {}, unused=True))
    requests.get(s.url + "/a", timeout=5)


def test_a_request_past_the_script(server):
    requests.get(server().url + "/a", timeout=5)


def test_a_default_never_needed(server):
    server(default=Reply(302))


def test_a_lying_stand_that_never_lied():
    LyingStand("http://127.0.0.1:9").close()  # nothing came through: the stand is not needed


def test_the_tests_own_failure_comes_first():
    FakePrompter([("confirm", True)])
    assert 1 == 2, "the test's own words"
