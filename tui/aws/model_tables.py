"""What ``describe`` and ``list`` need from botocore's SageMaker service model, without loading it.

Loading the model (a 3 MB JSON file) and building its shapes costs ~90 ms a run; printing a cached
answer needs only, for the two operations, the output's key order and where timestamps are (to
print what the AWS CLI prints, :mod:`tui.output.normalize`) and the input members' types (for the
quick parameter check, :mod:`tui.output.cli_input`). Those are generated from the model into
:mod:`tui.aws._model_data`, stamped with the botocore version they came from::

    python -m tui.aws.model_tables        # rewrite tui/aws/_model_data.py

At run time the generated tables are used when the installed botocore is that version (read from
its ``__init__.py`` without importing it); with another version they are built from its model once
and kept in the user cache directory, one file per botocore version. ``tests/commands/
test_model_tables.py`` checks the committed tables against the installed model.

Tables: ``shapes`` maps a shape name to ``["s", [[member, shape], ...]]`` (a structure, members in
model order), ``["l", member shape]``, ``["m", value shape]``, ``["t"]`` (a timestamp) or ``["o"]``
(anything else); ``operations`` maps an operation to its ``output`` shape name and its ``input``
(``required`` members, and per member ``[type name, min or None]``); ``regions`` lists the regions
botocore's endpoint data has SageMaker in (the start-up's region check).
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

#: The operations whose tables are generated.
OPERATIONS = ("DescribeTrainingJob", "ListTrainingJobs")
#: Bumped when the tables' layout changes (a cached file of another format is rebuilt).
FORMAT = 2
APP_NAME = "sagemaker-tui"


def installed_botocore_version() -> str | None:
    """botocore's ``__version__`` read from its source, without importing it (~0.1 ms)."""
    try:
        spec = find_spec("botocore")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    try:
        head = Path(spec.origin).read_text(encoding="utf-8")
    except OSError:
        return None
    found = re.search(r"^__version__\s*=\s*['\"]([^'\"]+)['\"]", head, re.MULTILINE)
    return found.group(1) if found else None


def build_tables(model: Any, version: str, regions: list[str] | None = None) -> dict[str, Any]:
    """The tables of a botocore ``ServiceModel`` (see the module docstring); ``regions``: the
    regions botocore's endpoint data lists for SageMaker, in every partition."""
    shapes: dict[str, list[Any]] = {}

    def visit(shape: Any) -> str:
        name = str(shape.name)
        if name in shapes:
            return name
        kind = shape.type_name
        if kind == "structure":
            entry: list[Any] = ["s", []]
            shapes[name] = entry  # before the members: recursive shapes end here
            entry[1] = [[member, visit(sub)] for member, sub in shape.members.items()]
        elif kind == "list":
            entry = ["l", ""]
            shapes[name] = entry
            entry[1] = visit(shape.member)
        elif kind == "map":
            entry = ["m", ""]
            shapes[name] = entry
            entry[1] = visit(shape.value)
        else:
            shapes[name] = ["t"] if kind == "timestamp" else ["o"]
        return name

    operations: dict[str, Any] = {}
    for operation in OPERATIONS:
        op = model.operation_model(operation)
        inputs = op.input_shape
        operations[operation] = {
            "output": visit(op.output_shape),
            "input": {
                "required": list(inputs.required_members),
                "members": {
                    member: [sub.type_name, sub.metadata.get("min")] for member, sub in inputs.members.items()
                },
            },
        }
    return {
        "format": FORMAT,
        "botocore": version,
        "regions": sorted(regions or []),
        "operations": operations,
        "shapes": shapes,
    }


def model_tables() -> dict[str, Any]:
    """The tables built from the installed botocore's model (loads it: ~90 ms)."""
    import botocore

    from tui.aws.service_model import sagemaker_model, sagemaker_regions

    return build_tables(sagemaker_model(), botocore.__version__, list(sagemaker_regions()))


@lru_cache(maxsize=1)
def tables() -> dict[str, Any]:
    """The tables for the installed botocore: generated, else cached, else built (and cached)."""
    from tui.aws import _model_data

    version = installed_botocore_version()
    generated = _model_data.TABLES
    if version == generated["botocore"] and generated["format"] == FORMAT:
        return generated
    path = _cache_path(version or "unknown")
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if cached.get("format") == FORMAT and cached.get("botocore") == version:
            return dict(cached)
    except (OSError, ValueError, AttributeError):
        pass
    built = model_tables()
    if version is not None:
        built["botocore"] = version  # the key it is looked up by next time
    _save(path, built)
    return built


def _cache_path(version: str) -> Path:
    import platformdirs

    safe = re.sub(r"[^A-Za-z0-9._-]", "_", version)
    return Path(platformdirs.user_cache_dir(APP_NAME)) / f"model-tables-{safe}.json"


def _save(path: Path, data: dict[str, Any]) -> None:
    """Best effort, atomic (another process may read it meanwhile)."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".model-tables-")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out)
        os.replace(temp, path)
    except OSError:
        pass


def output_shape_name(operation: str) -> str:
    return str(tables()["operations"][operation]["output"])


def member_shape_name(shape: str, member: str) -> str:
    """The shape of a structure's member (KeyError when there is none)."""
    for name, sub in tables()["shapes"][shape][1]:
        if name == member:
            return str(sub)
    raise KeyError(member)


def sagemaker_regions() -> frozenset[str]:
    """The regions botocore knows a SageMaker endpoint in (what ``check_region`` accepts)."""
    return frozenset(tables()["regions"])


def input_members(operation: str) -> tuple[frozenset[str], dict[str, list[Any]]]:
    """(required members, member -> [type name, min]) of an operation's input."""
    entry = tables()["operations"][operation]["input"]
    return frozenset(entry["required"]), entry["members"]


def source(tables_: dict[str, Any]) -> str:
    """The text of :mod:`tui.aws._model_data` for these tables."""
    import pprint

    body = pprint.pformat(tables_, sort_dicts=False, width=100, compact=True)
    return (
        '"""Generated by ``python -m tui.aws.model_tables`` from botocore '
        f'{tables_["botocore"]}\'s SageMaker model: do not edit."""\n\n'
        "from __future__ import annotations\n\n"
        "from typing import Any\n\n"
        f"TABLES: dict[str, Any] = {body}\n"
    )


def main() -> int:
    target = Path(__file__).with_name("_model_data.py")
    target.write_text(source(model_tables()), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
