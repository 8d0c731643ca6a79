"""``--generate-cli-skeleton [input|yaml-input|output]``, built from botocore's service model.

* ``input``: the AWS CLI's JSON input skeleton (botocore's ``ArgumentGenerator``), byte for byte,
  except that an enum parameter shows its first allowed value where the AWS CLI picks one at random.
* ``yaml-input``: the same parameters as YAML, each with a comment: ``[REQUIRED]`` and the first
  sentence of the API documentation (as the AWS CLI v2 annotates its YAML skeleton).
* ``output``: a sample response whose strings are the member names, numbers 0, booleans true and
  timestamps 1970-01-01 (``ArgumentGenerator(use_member_names=True)``), printed with ``--output`` and
  ``--query`` like a real response. (The AWS CLI builds the same sample but then validates it
  against the model through botocore's Stubber, which rejects it for DescribeTrainingJob because
  of min-value constraints; this prints what it builds.)
"""

from __future__ import annotations

import io
import json
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from tui.output.jsonfmt import json_default
from tui.output.normalize import input_shape, output_shape

if TYPE_CHECKING:
    from botocore.model import Shape, StructureShape

SKELETON_CHOICES = ("input", "yaml-input", "output")


@lru_cache(maxsize=1)
def _first_enum_generator() -> Any:
    """ArgumentGenerator with a stable choice for enums (the first), so output is reproducible.
    (Made on first use: importing this module must not import botocore.)"""
    from botocore.utils import ArgumentGenerator

    class FirstEnumGenerator(ArgumentGenerator):
        def _generate_skeleton(self, shape: Shape, stack: list[str], name: str = "") -> Any:
            if shape.type_name == "string" and shape.enum and not self._use_member_names:
                return shape.enum[0]
            return super()._generate_skeleton(shape, stack, name)

    return FirstEnumGenerator


def input_skeleton(operation: str) -> dict[str, Any]:
    return dict(_first_enum_generator()().generate_skeleton(input_shape(operation)))


def output_skeleton(operation: str) -> dict[str, Any]:
    from botocore.utils import ArgumentGenerator

    return _plain(ArgumentGenerator(use_member_names=True).generate_skeleton(output_shape(operation)))


def _plain(value: Any) -> Any:
    """OrderedDicts to dicts (same order), so every formatter treats the skeleton as a response."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def input_skeleton_json(operation: str) -> str:
    return json.dumps(input_skeleton(operation), indent=4, default=json_default) + "\n"


def input_skeleton_yaml(operation: str) -> str:
    """One ``Name: value # comment`` block per parameter, in model order."""
    from tui.output.yamlfmt import dump_yaml

    shape = input_shape(operation)
    skeleton = input_skeleton(operation)
    out = io.StringIO()
    for name, value in skeleton.items():
        buffer = io.StringIO()
        dump_yaml({name: value}, buffer)
        first, _, rest = buffer.getvalue().partition("\n")
        comment = _comment(shape, name)
        out.write(f"{first} # {comment}\n" if comment else f"{first}\n")
        out.write(rest)
    return out.getvalue()


def _comment(shape: StructureShape, name: str) -> str:
    text = first_sentence(shape.members[name].documentation or "")
    if name in shape.required_members:
        text = f"[REQUIRED] {text}".rstrip()
    return text


_BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|br|note|important)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")


def first_sentence(documentation: str) -> str:
    """The first sentence of an API doc string, without HTML."""
    import html

    text = _TAG.sub("", _BLOCK_TAG.sub(" ", documentation))
    text = " ".join(html.unescape(text).split())
    match = re.search(r"(?<=[.!?])\s", text)
    return text[: match.start()] if match else text
