"""The map is true: every file, module and section that a comment, a docstring or a document
names is in the repository.

What is read: the comments (tokenize) and docstrings (ast) of every .py file under src/,
tests/, benchmarks/ and scripts/; every paragraph of docs/*.md and README.md; the comments of
config.example.yaml.

What is a reference, and when it holds:
- A file: `commands/send/given.py`, `../conftest.py` or a bare `cli/settled.py`, ending in .py,
  .md, .yaml, .yml, .sql or .txt (a `*` is a glob that must match). It holds when the file
  is there relative to the repository root, to src/, to src/msgclient/ or to the citing
  file's folder. Inside a
  Markdown code block (a layout tree, which lists names under their folder) a bare name may
  be any file of the repository.
- A module: a dotted `msgclient.bulk.plan`, each part a module or package, optionally ending
  in one name defined or imported at the top of the last module (`msgclient.cli.app.NOUNS`).
- A section: `§N` or `§N.M`, with an optional `rule K` / `item K` (a numbered list item of
  that section). It belongs to the last Markdown file named before it in the same comment
  block, docstring or paragraph (in a Markdown file, to the file itself until another is
  named); it holds when that file has a heading numbered N.M.
- A qualified name in Python comments and docstrings: `x.f` where f is a function or class
  defined at the top of some msgclient module holds when a module or package named x has f
  at its top (`rules.Refusal`), unless x is a name the file's own code uses (then `x.f` is
  that object's attribute, not a module).

What is not ours, and not checked: URLs (`scheme://...`), `$ command` example lines and
their `\\` continuations (their words are argv, not citations), sections after a standard's
name (`RFC 9110 §10.2.3`), patterns with placeholders (`commands/<noun>.py`), and slash
paths whose first folder is none of the repository's (`typer/_completion_shared.py` is
another project's file).
"""

from __future__ import annotations

import pytest

from tests.citations import ROOT, references, scan, sources

MADE_UP = ROOT / "src" / "msgclient" / "bulk" / "made_up.py"
DOC = ROOT / "docs" / "edna-api.md"


def test_every_file_module_and_section_named_exists():
    offences = [offence for path in sources() for offence in scan(path)]
    assert not offences, "named but not there:\n" + "\n".join(map(str, offences))


def test_the_scan_reads_the_whole_map():
    scanned = {path.relative_to(ROOT).as_posix() for path in sources()}
    assert {"docs/design.md", "docs/edna-api.md", "README.md", "config.example.yaml",
            "tests/repo/test_citations.py", "src/msgclient/__main__.py"} <= scanned
    found = [ref.cited for path in sources() for ref in references(path)]
    assert len(found) > 100  # a scanner that stopped seeing references would pass vacuously
    assert {"docs/design.md", "§5 rule 8", "msgclient.bulk", "rules.Refusal"} <= set(found)


@pytest.mark.parametrize("source, cited", [
    ("# the text rules (see docs/nowhere.md)\n", "docs/nowhere.md"),
    ("# what the user reads (rules.py)\n", "rules.py"),
    ("# see commands/bulk_*.py\n", "commands/bulk_*.py"),
    ("# the edna docs (edna-api.md §1.6)\n", "edna-api.md"),
    ("# paging (docs/edna-api.md §1.6); the answer (§42.1)\n", "§42.1"),
    ("# keys (docs/design.md\n# §5 rule 99)\n", "§5 rule 99"),
    ('"""Where the text policy lives: msgclient.textpolicy."""\n', "msgclient.textpolicy"),
    ('"""The names: msgclient.cli.app.NO_SUCH_NAME."""\n', "msgclient.cli.app.NO_SUCH_NAME"),
    ("def f():\n    # invisible-only text (textpolicy.body_problem)\n    return 1\n",
     "textpolicy.body_problem"),
])
def test_a_made_up_reference_is_caught_with_its_line(source, cited):
    found = scan(MADE_UP, source)
    assert [o.cited for o in found] == [cited]
    line = next(n for n, text in enumerate(source.splitlines(), 1) if cited in text)
    assert found[0].where == f"src/msgclient/bulk/made_up.py:{line}"


def test_a_made_up_section_of_a_document_is_caught_in_the_document():
    found = scan(DOC, "# Notes\n\nAs in §5.3 and §99.\n\n```\nsee §98\n```\n")
    assert [(o.where, o.cited) for o in found] == [("docs/edna-api.md:3", "§99"),
                                                  ("docs/edna-api.md:6", "§98")]
    assert scan(DOC, "Cited as `rules.py` here.\n")[0].cited == "rules.py"


def test_what_is_there_or_is_not_ours_passes():
    source = '''"""Module notes.

See https://example.com/docs/missing.md and typer/_completion_shared.py (theirs), the
outcome (outcome.py, next door), cli/settled.py, tests/conftest.py, msgclient.cli.app.NOUNS,
docs/design.md §5 rule 7, then RFC 9110 §10.2.3, and commands/<noun>.py; a rules.Refusal.

    $ msgclient send --text-file body.txt \\\\
        --attach nowhere.txt
"""


def f(target):
    # the caller's lookup (target.body_problem): an attribute of the code's own `target`
    return target
'''
    assert scan(MADE_UP, source) == []
    assert scan(ROOT / "docs" / "made_up.md", "A tree:\n\n```\nbulk/   job.py\n```\n") == []


def test_the_cited_documents_are_the_projects_own_copies():
    for name in ("design.md", "edna-api.md"):
        text = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert text.startswith("_The project's copy of the ")
        assert "../shared" not in text
