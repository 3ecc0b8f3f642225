"""Hints are set where an error is raised: a caller that knows the remedy raises a hinted
copy, and an error that a flag answers (a missing tag, an unknown sender) names that flag."""

from __future__ import annotations

from msgclient.__main__ import main
from msgclient.api.errors import Unsupported


def test_an_error_a_flag_answers_names_that_flag_once(env_stand, capsys):
    code = main(["send", "--thread", "15", "--channel", "email", "--sender", "nobody@example.com",
                 "--subject", "x", "--text", "y", "--tag", "Sales", "--yes"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Pass --sender ADDRESS_OR_ID ('msgclient senders list' shows them)." in err
    assert err.count("--sender") == 1


def test_a_hint_is_added_by_raising_a_copy_never_by_changing_the_raised_error():
    raised = Unsupported("No such list", status=404, code="NOT_FOUND", request_id="r-1")
    hinted = raised.hinted("List them in the profile.")
    assert (type(hinted), hinted.message, hinted.status, hinted.code, hinted.request_id,
            hinted.exit_code) == (Unsupported, "No such list", 404, "NOT_FOUND", "r-1", 2)
    assert (hinted.hint, raised.hint) == ("List them in the profile.", None)
