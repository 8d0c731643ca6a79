"""YAML output as the AWS CLI v2 prints it (``--output yaml`` / ``yaml-stream``), with PyYAML.

The AWS CLI v2 dumps with ruamel.yaml's ``YAML(typ="safe")`` and ``default_flow_style=False``;
scalars (a ``--query`` that selects one value) are written as JSON, so ``"foo"`` keeps its quotes
(its unit tests: ``1`` -> ``1``, ``'foo'`` -> ``"foo"``, ``True`` -> ``true``). PyYAML's emitter is
the one ruamel's derives from; what differs is matched here:

* ruamel resolves plain scalars by YAML **1.2** rules, PyYAML by 1.1. That decides which strings
  need quotes: ``"yes"``/``"on"`` stay plain, ``"1e-3"``/``"0o17"``/``"1_000"`` get quoted. So this
  dumper carries ruamel's 1.2 implicit resolvers.
* ruamel writes ``1e-05`` where PyYAML writes ``1.0e-05`` (a 1.1-only fix-up).
* ruamel allows unicode by default; PyYAML escapes it unless told.
* a string that needs quotes and holds a line break or an apostrophe is double-quoted by ruamel
  (PyYAML single-quotes and folds it); an empty string is a simple mapping key (PyYAML: ``? ''``).

A property test against ruamel.yaml 0.17.21 (the version the AWS CLI v2 pins) found no other
difference in block output (tests/commands/test_output_units.py runs that comparison where
ruamel.yaml is importable; tests/commands/golden.py makes the yaml goldens with it).

Keys are sorted, as both libraries do by default for plain dicts.
"""

from __future__ import annotations

import json
import re
from typing import IO, Any

from yaml.emitter import Emitter
from yaml.events import AliasEvent, ScalarEvent
from yaml.representer import SafeRepresenter
from yaml.resolver import BaseResolver
from yaml.serializer import Serializer

from tui.output.jsonfmt import json_default


class Yaml12Resolver(BaseResolver):
    """ruamel.yaml's implicit resolvers for YAML 1.2 (the version its safe dumper emits)."""


_RESOLVERS: list[tuple[str, str, str]] = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "tag:yaml.org,2002:float",
        r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        "-+0123456789.",
    ),
    (
        "tag:yaml.org,2002:int",
        r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
        "-+0123456789",
    ),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
    ("tag:yaml.org,2002:null", r"^(?: ~ |null|Null|NULL | )$", "~nN"),
    (
        "tag:yaml.org,2002:timestamp",
        r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        "0123456789",
    ),
    ("tag:yaml.org,2002:value", r"^(?:=)$", "="),
    ("tag:yaml.org,2002:yaml", r"^(?:!|&|\*)$", "!&*"),
]
for _tag, _pattern, _first in _RESOLVERS:
    Yaml12Resolver.add_implicit_resolver(_tag, re.compile(_pattern, re.X), list(_first))
# The empty string resolves to null (first character "" is how resolvers see it).
Yaml12Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?: ~ |null|Null|NULL | )$", re.X), [""]
)


class CliRepresenter(SafeRepresenter):
    """SafeRepresenter with ruamel's YAML 1.2 float spelling."""

    def represent_float(self, data: float) -> Any:
        if data != data:
            value = ".nan"
        elif data == self.inf_value:
            value = ".inf"
        elif data == -self.inf_value:
            value = "-.inf"
        else:
            value = repr(data).lower()
        return self.represent_scalar("tag:yaml.org,2002:float", value)


CliRepresenter.add_representer(float, CliRepresenter.represent_float)


class CliEmitter(Emitter):
    """PyYAML's emitter with ruamel.yaml's choice of scalar style and of simple keys."""

    def choose_scalar_style(self) -> str:
        event = self.event
        assert isinstance(event, ScalarEvent)
        if self.analysis is None:
            self.analysis = self.analyze_scalar(event.value)
        style = event.style
        if style == '"' or self.canonical:
            return '"'
        if not style and event.implicit[0]:
            plain_ok = self.analysis.allow_flow_plain if self.flow_level else self.analysis.allow_block_plain
            if plain_ok and not (
                self.simple_key_context and (self.analysis.empty or self.analysis.multiline)
            ):
                return ""
        if style and style in "|>" and not self.flow_level and not self.simple_key_context:
            return str(style)
        value = event.value
        if not style and self.analysis.allow_double_quoted and ("'" in value or "\n" in value):
            return '"'
        if (not style or style == "'") and (
            self.analysis.allow_single_quoted and not (self.simple_key_context and self.analysis.multiline)
        ):
            return "'"
        return '"'

    def check_simple_key(self) -> bool:
        if isinstance(self.event, ScalarEvent):
            if self.analysis is None:
                self.analysis = self.analyze_scalar(self.event.value)
            # ruamel takes an empty string as a simple key ('': x); PyYAML would write "? ''".
            return len(self.analysis.scalar) < 128 and not self.analysis.multiline
        return isinstance(self.event, AliasEvent) or bool(super().check_simple_key())


class CliYamlDumper(CliEmitter, Serializer, CliRepresenter, Yaml12Resolver):
    """Block style, sorted keys, unicode kept, YAML 1.2 plain-scalar rules."""

    def __init__(self, stream: IO[str], **_: Any) -> None:
        CliEmitter.__init__(self, stream, allow_unicode=True)
        Serializer.__init__(self)
        CliRepresenter.__init__(self, default_flow_style=False, sort_keys=True)
        Yaml12Resolver.__init__(self)


def dump_yaml(value: Any, stream: IO[str]) -> None:
    """One value as the AWS CLI v2's YAML dumper writes it."""
    if isinstance(value, (dict, list)):
        dumper = CliYamlDumper(stream)
        try:
            dumper.open()
            dumper.represent(value)
            dumper.close()
        finally:
            dumper.dispose()
        return
    stream.write(json.dumps(value, default=json_default, ensure_ascii=False))
    stream.write("\n")
