"""Every double checks itself when its test ends (tests/doubles.py): a test whose body passed
fails with what its doubles expected and did not see, and a test that failed keeps its own
failure. The cases run in a pytest of their own, as a test of the suite's plumbing must."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

CASES = Path(__file__).with_name("doubles_cases.py")
ROOT = CASES.parents[2]


@pytest.mark.slow
def test_each_double_fails_its_test_with_what_it_did_not_see(tmp_path):
    report = tmp_path / "report.xml"
    # No third-party plugins (they take seconds to load) and none of the suite's options.
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-o", "addopts=", "-p",
                    "no:cacheprovider", f"--junitxml={report}", str(CASES)], cwd=ROOT,
                   capture_output=True, text=True, timeout=120, check=False,
                   env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})
    failed = {case.get("name"): (case.find("failure").get("message") or "")
              if case.find("failure") is not None else None
              for case in ET.parse(report).iter("testcase")}
    assert failed == {
        "test_all_as_told": None,
        "test_an_answer_left_unused":
            "Failed: FakePrompter: unused answers: [('confirm', True)]",
        "test_an_unexpected_prompt_that_the_code_swallowed":
            "Failed: FakePrompter: unexpected confirm prompt: 'Send?'",
        "test_a_failure_provoked_on_purpose_and_said_so": None,
        "test_a_scripted_reply_never_fetched":
            "Failed: ScriptedServer: scripted replies never asked for: HTTP 503",
        "test_a_reply_marked_unused_that_was_fetched":
            "Failed: ScriptedServer: GET /a got HTTP 200, a reply marked unused",
        "test_a_request_past_the_script":
            "Failed: ScriptedServer: asked after the script ran out: ['GET /a']",
        "test_a_default_never_needed":
            "Failed: ScriptedServer: the default reply (HTTP 302) was never asked for",
        "test_a_lying_stand_that_never_lied":
            "Failed: LyingStand: no send came through, so it never lied",
        "test_the_tests_own_failure_comes_first":
            "AssertionError: the test's own words\nassert 1 == 2",
    }
