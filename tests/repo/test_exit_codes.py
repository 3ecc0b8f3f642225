"""README's exit-code tables are the truth for every refusal: each code's exit code is derived
from the error tree (api/errors.RULE_CODES, INPUT_CODES, errors.ExitCode) and checked there."""

from __future__ import annotations

import re
from pathlib import Path

from msgclient.api.errors import INPUT_CODES, RULE_CODES, error_from_response
from msgclient.errors import ExitCode

README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_rows(first: str) -> list[list[str]]:
    rows, inside = [], False
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0] == first:
            inside = True
            continue
        if inside and not line.startswith("|"):
            break
        if inside and not set(cells[0]) <= set("-"):
            rows.append(cells)
    return rows


def _readme_refusals() -> dict[str, int]:
    found = {}
    for cells in _readme_rows("refusal code"):
        for code in re.findall(r"`([A-Z_]+)`", cells[0]):
            found[code] = int(cells[-1])
    return found


def _derived(code: str) -> int:
    status = 422 if code != "CLIENT_BLOCKED" else 409
    return int(error_from_response(status, {"code": code, "message": "x"}, None, "/").exit_code)


def test_every_refusal_code_is_in_the_readme_with_the_exit_code_it_has() -> None:
    derived = {code: _derived(code) for code in RULE_CODES | INPUT_CODES}
    assert _readme_refusals() == derived


def test_rule_codes_exit_5_and_the_exit_table_says_what_5_and_2_hold() -> None:
    table = {cells[0]: cells[1] for cells in _readme_rows("code")}
    assert all(_derived(code) == ExitCode.REFUSED for code in RULE_CODES)
    # A missing --tag is a missing flag (exit 2), so 5 does not claim "tags required".
    assert "tags required" not in table["5"]
    assert "--tag" in table["2"]
