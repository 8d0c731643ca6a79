"""The formatters against the AWS CLI's own code (imported here, in tests only) on random data, and
the pieces around them: YAML 1.2 quoting, query messages, tokens, colour, skeleton comments."""

from __future__ import annotations

import base64
import io
import json
import re
from argparse import Namespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.output.colour import colourize, use_colour
from tui.output.jsonfmt import dump_json
from tui.output.paginate import Paged, decode_token, encode_token, paginate
from tui.output.query import QueryError, compile_query, search
from tui.output.skeletons import first_sentence, input_skeleton_json, input_skeleton_yaml
from tui.output.text import format_text
from tui.output.yamlfmt import dump_yaml

TRICKY = st.sampled_from(
    [
        "yes",
        "on",
        "true",
        "null",
        "",
        "1e-3",
        "010",
        "0o17",
        "1_000",
        "a: b",
        "- x",
        "#c",
        "é ✓",
        "a\nb",
        "it's",
        " lead",
        "2026-11-26T23:31:32+00:00",
        "x" * 90,
        "None",
        "\ttab",
    ]
)
TEXT = st.one_of(TRICKY, st.text(max_size=12))
SCALARS = st.one_of(
    TEXT, st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
    max_leaves=25,
)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


def _ours_text(value: Any) -> str:
    out = io.StringIO()
    format_text(value, out)
    return out.getvalue()


def _cli_text(value: Any) -> str:
    from awscli import text

    out = io.StringIO()
    text.format_text(value, out)
    return out.getvalue()


def _safe_for_cli_text(value: Any) -> bool:
    """The AWS CLI's text formatter crashes on a list mixing dicts with scalars; skip those."""
    if isinstance(value, list):
        if any(isinstance(v, dict) for v in value) and not all(isinstance(v, dict) for v in value):
            return False
        return all(_safe_for_cli_text(v) for v in value)
    if isinstance(value, dict):
        return all(_safe_for_cli_text(v) for v in value.values())
    return True


@FAST
@given(VALUES)
def test_text_output_equals_the_aws_cli_text_formatter(value: Any) -> None:
    if not _safe_for_cli_text(value):
        return
    assert _ours_text(value) == _cli_text(value)


@FAST
@given(VALUES)
def test_json_output_equals_the_aws_cli_json_formatter(value: Any) -> None:
    import jmespath
    from awscli.formatter import JSONFormatter

    # The AWS CLI formats a response (a dict); its --query picks any value out of it.
    ours, theirs = io.StringIO(), io.StringIO()
    dump_json(value, ours)
    JSONFormatter(Namespace(query=jmespath.compile("R")))("describe-training-job", {"R": value}, theirs)
    assert ours.getvalue() == theirs.getvalue()


def _yaml(value: Any) -> str:
    out = io.StringIO()
    dump_yaml(value, out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # YAML 1.2 (ruamel, the AWS CLI v2): yes/on are plain strings, 1e-3 and 0o17 are numbers.
        (
            {"a": "yes", "b": "on", "c": "1e-3", "d": "0o17", "e": "1_000"},
            "a: yes\nb: on\nc: '1e-3'\nd: '0o17'\ne: '1_000'\n",
        ),
        (
            {"t": "2026-11-26T23:31:32+00:00", "n": "null", "x": ""},
            "n: 'null'\nt: '2026-11-26T23:31:32+00:00'\nx: ''\n",
        ),
        ({"f": 1e-05, "g": 1.0, "b": True, "z": None}, "b: true\nf: 1e-05\ng: 1.0\nz: null\n"),
        # ruamel double-quotes line breaks and apostrophes; an empty key is a simple key.
        (["a\nb", "it's", " it's"], '- "a\\nb"\n- it\'s\n- " it\'s"\n'),
        ({"": 1}, "'': 1\n"),
        ({"u": "héllo ✓"}, "u: héllo ✓\n"),
        # A scalar (a --query picking one value) is written as JSON, as the AWS CLI v2 does.
        ("Completed", '"Completed"\n'),
        (3, "3\n"),
        (None, "null\n"),
    ],
)
def test_yaml_follows_the_aws_cli_v2_dumper(value: Any, expected: str) -> None:
    assert _yaml(value) == expected


PRINTABLE = st.one_of(
    TRICKY, st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=12)
)
PLAIN_VALUES = st.recursive(
    st.one_of(PRINTABLE, st.integers(), st.booleans(), st.none()),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(PRINTABLE, inner, max_size=4)),
    max_leaves=25,
)


@FAST
@given(PLAIN_VALUES)
def test_yaml_output_loads_back_to_the_same_data(value: Any) -> None:
    """Read with YAML 1.2 rules (the ones the output is written for), the data comes back whole."""
    from yaml.composer import Composer
    from yaml.constructor import SafeConstructor
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    from tui.output.yamlfmt import Yaml12Resolver

    class Loader(Reader, Scanner, Parser, Composer, SafeConstructor, Yaml12Resolver):
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Yaml12Resolver.__init__(self)

    if not isinstance(value, (dict, list)):
        return
    loader = Loader(_yaml(value))
    try:
        assert loader.get_single_data() == value
    finally:
        loader.dispose()


@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
@given(VALUES)
def test_yaml_output_equals_ruamel_as_the_aws_cli_v2_uses_it(value: Any) -> None:
    """Runs where ruamel.yaml is importable (see golden.py): PyYAML made to write what ruamel writes."""
    pytest.importorskip("ruamel.yaml")
    from tests.commands.golden import v2_yaml

    assert _yaml(value) == v2_yaml(value) or value == {}


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        (
            "foo[",
            "Bad value for --query foo[: Invalid jmespath expression: Incomplete expression at column 4",
        ),
        ("$x", "Bad value for --query $x: Bad jmespath expression: Unknown token $ at column 0"),
        (
            "a b",
            'Bad value for --query a b: Unexpected token: b: Parse error at column 2, token "b" '
            "(UNQUOTED_IDENTIFIER)",
        ),
    ],
)
def test_a_bad_query_is_one_line(expression: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        compile_query(expression)
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)
    assert not caught.value.runtime


def test_a_query_failing_on_the_data_is_a_runtime_error() -> None:
    with pytest.raises(QueryError) as caught:
        search(compile_query("length(@)"), 5)
    assert caught.value.runtime
    assert str(caught.value).startswith("In function length(), invalid type for value: 5")


# -- pagination: our rules against botocore's own paginator -----------------------------------
def _botocore_result(
    pages: list[list[int]], max_items: int | None, starting: str | None
) -> tuple[list[int], Any]:
    from botocore.paginate import PageIterator

    def method(**kwargs: Any) -> dict[str, Any]:
        index = int(kwargs.get("NextToken") or 0)
        page: dict[str, Any] = {"Items": list(pages[index])}
        if index + 1 < len(pages):
            page["NextToken"] = str(index + 1)
        return page

    import jmespath

    iterator = PageIterator(
        method,
        ["NextToken"],
        [jmespath.compile("NextToken")],
        None,
        [jmespath.compile("Items")],
        [],
        "MaxResults",
        max_items,
        starting,
        None,
        {},
    )
    full = iterator.build_full_result()
    return full.get("Items", []), full.get("NextToken")


def _ours(pages: list[list[int]], max_items: int | None, starting: str | None) -> Paged:
    def source(token: str | None) -> Any:
        index = int(token or 0)
        while index < len(pages):
            nxt = str(index + 1) if index + 1 < len(pages) else None
            yield [{"i": i} for i in pages[index]], nxt
            index += 1

    return paginate(source, max_items=max_items, starting_token=starting)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 99), max_size=4), min_size=1, max_size=5),
    st.one_of(st.none(), st.integers(1, 8)),
    st.data(),
)
def test_max_items_and_tokens_match_botocore(
    pages: list[list[int]], max_items: int | None, data: Any
) -> None:
    starting = None
    if data.draw(st.booleans()):
        # Resume from wherever a first run stopped, with a token botocore itself produced.
        _, starting = _botocore_result(pages, data.draw(st.integers(1, 6)), None)
    expected_items, expected_token = _botocore_result(pages, max_items, starting)
    paged = _ours(pages, max_items, starting)
    assert [item["i"] for item in paged.items] == expected_items
    assert paged.resume_token == expected_token


def test_tokens_are_botocore_base64_json() -> None:
    token = encode_token({"NextToken": None, "boto_truncate_amount": 2})
    assert token == "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ=="
    assert decode_token(token) == (None, 2)
    assert decode_token(base64.b64encode(json.dumps({"NextToken": "abc"}).encode()).decode()) == ("abc", 0)
    # Anything else is the service's own token (botocore's old style, with an optional ___skip).
    assert decode_token("garbage") == ("garbage", 0)
    assert decode_token("tok___3") == ("tok", 3)


# -- colour, skeletons ------------------------------------------------------------------------
def test_colour_changes_no_character() -> None:
    text = (
        json.dumps({"a": [1, 2.5, True, None, 'x"y'], "é": {"c": "✓"}}, indent=4, ensure_ascii=False) + "\n"
    )
    coloured = colourize(text, "json")
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == text


def test_auto_colour_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert use_colour("auto", Tty()) is True
    assert use_colour("auto", io.StringIO()) is False
    assert use_colour("on", io.StringIO()) is True
    assert use_colour("off", Tty()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_colour("auto", Tty()) is False


def test_describe_input_skeletons() -> None:
    assert input_skeleton_json("DescribeTrainingJob") == '{\n    "TrainingJobName": ""\n}\n'
    assert (
        input_skeleton_yaml("DescribeTrainingJob")
        == "TrainingJobName: '' # [REQUIRED] The name of the training job.\n"
    )


def test_first_sentence_strips_html() -> None:
    assert first_sentence("<p>Use <code>NextToken</code>. Then more.</p>") == "Use NextToken."
    assert first_sentence("<p>One</p><p>Two. Three</p>") == "One Two."
