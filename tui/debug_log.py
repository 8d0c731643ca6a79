"""``--debug``: botocore and the app logged to a private file, with secrets taken out.

botocore's debug log holds the request signature (``Authorization``), the session token
(``X-Amz-Security-Token``, also inside the canonical request), credential fields and whole
response bodies, where a DescribeTrainingJob's ``Environment`` values are often secrets. Every
line is redacted before it is written, and the folder is 0700 and the file 0600 whatever the umask,
as the cache is.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from pathlib import Path

REDACTED = "***"

_Q = r"""['"]?"""  # an optional quote around a key
_SECRET_KEYS = (
    r"x-amz-security-token|authorization|aws_secret_access_key|aws_session_token|secret_?access_?key"
    r"|session_?token|x-amz-credential|x-amz-signature"
)
# `key': b'value'`, `"key": "value"`, `key=value`, `key:value` (canonical request lines).
_KEY_VALUE = re.compile(
    rf"""(?P<key>{_Q}(?:{_SECRET_KEYS}){_Q}\s*[:=]\s*)"""
    r"""(?:(?P<prefix>b?)(?P<q>['"])[^'"\n]*(?P=q)|[^\s,'"}&]+)""",
    re.IGNORECASE,
)
_SIGV4_PARTS = re.compile(r"(Credential=|Signature=)[^,\s'\"&]+")
_ACCESS_KEY_ID = re.compile(r"\b((?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{4})[A-Z0-9]{8,}\b")
# A JSON (or Python repr) mapping named Environment: its values are masked, its keys kept.
_ENVIRONMENT = re.compile(r"""(['"]Environment['"]\s*:\s*\{)([^{}]*)(\})""")
_MAP_VALUE = re.compile(r"""((['"])(?:(?!\2)[^\\]|\\.)*\2\s*:\s*)(['"])(?:(?!\3)[^\\]|\\.)*\3""")


def _masked_value(match: re.Match[str]) -> str:
    quote = match.group("q") or ""
    return f"{match.group('key')}{match.group('prefix') or ''}{quote}{REDACTED}{quote}"


def redact(text: str) -> str:
    """``text`` with credentials, tokens, signatures and Environment values replaced by ***."""
    text = _KEY_VALUE.sub(_masked_value, text)
    text = _SIGV4_PARTS.sub(rf"\1{REDACTED}", text)
    text = _ACCESS_KEY_ID.sub(rf"\1{REDACTED}", text)
    return _ENVIRONMENT.sub(
        lambda m: m.group(1) + _MAP_VALUE.sub(rf"\1\3{REDACTED}\3", m.group(2)) + m.group(3), text
    )


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then redacts the whole line (message, arguments and traceback)."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def open_private_log(path: Path) -> logging.Handler:
    """A handler appending to ``path``: folder 0700, file 0600, also under ``umask 000``."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(OSError):  # not ours (a shared folder): the file's mode still protects it
        os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.fchmod(fd, 0o600)  # an older log created 0644, or the umask: tightened either way
    handler = logging.StreamHandler(os.fdopen(fd, "a", encoding="utf-8"))
    handler.setFormatter(RedactingFormatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    return handler
