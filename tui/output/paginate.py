"""``--max-items`` / ``--starting-token`` exactly as the AWS CLI (botocore's paginator) does them.

The token the AWS CLI prints is not the service's NextToken but botocore's own: base64 of
``json.dumps({"NextToken": <service token or null>, "boto_truncate_amount": <n>})``, where the
truncate amount says how many items of that page were already shown. Tokens printed by
``sagemaker-tui list`` and by ``aws sagemaker list-training-jobs`` are interchangeable.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

Page = list[dict[str, Any]]
#: Given the service token to start from, yield (items, next service token) per page, lazily.
PageSource = Callable[[str | None], Iterator[tuple[Page, str | None]]]

INPUT_TOKEN = "NextToken"


class TokenError(ValueError):
    """A --starting-token that is neither botocore's format nor a plain service token."""


def encode_token(token: dict[str, Any]) -> str:
    return base64.b64encode(json.dumps(token).encode("utf-8")).decode("utf-8")


def decode_token(starting_token: str) -> tuple[str | None, int]:
    """(service token, items of its page to skip), as botocore reads a starting token.

    Anything that is not base64 JSON is taken the way botocore takes old-style tokens: the service
    token itself, optionally followed by ``___<skip>``.
    """
    try:
        decoded = json.loads(base64.b64decode(starting_token.encode("utf-8")).decode("utf-8"))
        if not isinstance(decoded, dict):
            raise TypeError
        decoded.pop("boto_encoded_keys", None)
        skip = int(decoded.pop("boto_truncate_amount", 0) or 0)
        service = decoded.get(INPUT_TOKEN)
        return (None if service in (None, "None") else str(service)), skip
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return _decode_old_style(starting_token)


def _decode_old_style(starting_token: str) -> tuple[str | None, int]:
    parts = starting_token.split("___")
    skip = 0
    if len(parts) == 2:
        try:
            skip = int(parts[1])
            parts = parts[:1]
        except ValueError:
            parts = [starting_token]
    if len(parts) > 1:
        raise TokenError(f"Bad starting token: {starting_token}")
    return (None if parts[0] == "None" else parts[0]), skip


@dataclass(frozen=True)
class PageResult:
    """One service page as the AWS CLI sees it: items (already sliced) and the service's NextToken."""

    items: Page
    next_token: str | None


@dataclass
class Paged:
    """What the AWS CLI would have fetched: the pages and botocore's resume token (None at the end)."""

    pages: list[PageResult] = field(default_factory=list)
    resume_token: str | None = None

    @property
    def items(self) -> Page:
        return [item for page in self.pages for item in page.items]


def paginate(source: PageSource, *, max_items: int | None = None, starting_token: str | None = None) -> Paged:
    """Fetch pages until the service has no more or ``max_items`` are shown (botocore's rules)."""
    service_token: str | None = None
    skip = 0
    if starting_token is not None:
        service_token, skip = decode_token(starting_token)
    result = Paged()
    total = 0
    request_token = service_token  # the token the current page was asked with
    first = True
    for items, next_token in source(service_token):
        starting_truncation = 0
        if first:
            first = False
            if skip:
                items = items[skip:]
                starting_truncation = skip
        if max_items is not None and total + len(items) > max_items:
            keep = max_items - total
            result.pages.append(PageResult(items[:keep], next_token))
            result.resume_token = encode_token(
                {INPUT_TOKEN: request_token, "boto_truncate_amount": keep + starting_truncation}
            )
            return result
        result.pages.append(PageResult(items, next_token))
        total += len(items)
        if not next_token:
            return result
        if max_items is not None and total == max_items:
            result.resume_token = encode_token({INPUT_TOKEN: next_token})
            return result
        request_token = next_token
    return result
