"""msgclient.cli.coerce parses option values as Typer's own (pydantic) coercion does: the same
value, or the same error message, for every input below."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import typer
from pydantic import ValidationError
from typer._adapters import build_adapter
from typer._display import get_error_msg
from typer.models import OptionInfo

from msgclient.__main__ import main
from msgclient.cli.app import NOUNS, load_noun
from msgclient.cli.coerce import FastParam, fast_param

INPUTS = ["12", " 12 ", "+3", "-4", "1_000", "1.0", "1.00", "1.5", "1e3", "0x10", "abc", "",
          "  ", "\u0663", "0", "256", "300", "-0.5", "inf", "-inf", "nan", "1,5", "00012",
          "1__0", "_1", "1_", "true", "False", "YES", "off", "t", "2", 7, 0, 1, True, 2.5]
TYPES = [(str, None, None), (bool, None, None), (int, None, None), (int, 1, 256),
         (float, None, None), (float, 0, None)]


def typer_own(annotation, minimum, maximum, value):
    adapter = build_adapter(annotation, OptionInfo(min=minimum, max=maximum))
    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        return ValueError(get_error_msg(exc))


def ours(annotation, minimum, maximum, value):
    try:
        return FastParam(annotation, False, minimum, maximum)._one(value)
    except ValueError as exc:
        return exc


def same(a, b) -> bool:
    if isinstance(a, Exception) or isinstance(b, Exception):
        return type(a) is type(b) and str(a) == str(b)
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return type(a) is type(b) and a == b


@pytest.mark.parametrize(("annotation", "minimum", "maximum"), TYPES)
def test_same_values_and_messages_as_typer(annotation, minimum, maximum):
    for value in INPUTS:
        if (annotation is str and not isinstance(value, str)) or (
                annotation is bool and isinstance(value, float)):
            continue  # Click hands a str option only strings, a flag no float
        expected = typer_own(annotation, minimum, maximum, value)
        got = ours(annotation, minimum, maximum, value)
        assert same(got, expected), (annotation.__name__, value, got, expected)


def test_only_plain_parameters_are_taken_over():
    def declared(annotation, **info):
        return type("P", (), {"type_descriptor": type("D", (), {
            "annotation": annotation, "parameter_info": OptionInfo(**info)})()})()

    assert fast_param(declared(list[str])).is_list
    assert fast_param(declared(int, min=1)).minimum == 1
    assert fast_param(declared(Path)) is None
    assert fast_param(declared(list[int])) is None
    assert fast_param(declared(int, clamp=True, max=3)) is None
    assert fast_param(declared(str, parser=str.upper)) is None


def test_a_bad_number_is_a_usage_error_naming_the_option(capsys):
    assert main(["threads", "list", "--limit", "abc"]) == 2
    assert main(["threads", "list", "--limit", "0"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        ("error: Invalid value for '--limit' / '-n': Input should be a valid integer, unable to "
        "parse string as an integer. See 'msgclient threads list --help'."),
        ("error: Invalid value for '--limit' / '-n': Input should be greater than or equal to 1. "
        "See 'msgclient threads list --help'.")]


def test_the_root_lists_each_noun_by_the_summary_its_command_has():
    for name, (summary, _) in NOUNS.items():
        command = load_noun(name)
        assert isinstance(command, typer.core.TyperCommand | typer.core.TyperGroup)
        assert command.get_short_help_str(limit=1000) == summary, name
