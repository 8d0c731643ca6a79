"""Where the log view's `&` filter runs: CloudWatch (FilterLogEvents) or locally (pure).

The rule (the README's too): a filter made only of plain terms is sent to CloudWatch Logs as a
FilterLogEvents filter pattern, so it searches the whole log, not just the lines loaded:

* a word of letters, digits and ``_`` (``ERROR``, ``loss``, ``epoch_3``), or a ``"quoted phrase"``
  without ``"`` or ``\\`` inside: the line must contain it;
* either prefixed with ``-``: the line must not contain it (at least one term without ``-``);
* or only ``?terms``: the line must contain at least one of them.

Those mean the same at CloudWatch as in :func:`tui.log_repository.local_matcher` (case-sensitive
substrings), so lines polled after the filter was read are filtered locally with the same result.
Anything else (a bare term with punctuation, ``?`` mixed with other terms, JSON ``{ … }`` or
space-delimited ``[ … ]`` patterns, an unbalanced quote) is filtered locally over the loaded lines,
and offline always is.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r'\s*([-?]?)(?:"([^"\\]+)"|([^\s"]+))\s*')
_WORD = re.compile(r"[A-Za-z0-9_]+")


def cloudwatch_pattern(text: str) -> str | None:
    """The FilterLogEvents pattern for a filter typed in the log view, or None: filter locally."""
    stripped = text.strip()
    if not stripped:
        return None
    terms: list[tuple[str, str]] = []
    position = 0
    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if match is None or match.end() == position:
            return None  # an unbalanced or empty quote, a backslash in a phrase …
        sign, phrase, word = match.groups()
        if word is not None and not _WORD.fullmatch(word):
            return None  # punctuation outside quotes means something else to CloudWatch
        terms.append((sign, f'"{phrase}"' if phrase is not None else word))
        position = match.end()
    signs = {sign for sign, _ in terms}
    if "?" in signs and signs != {"?"}:
        return None  # ?any mixed with required/excluded terms: not the same at CloudWatch
    if signs == {"-"}:
        return None  # exclusions alone select nothing at CloudWatch
    return " ".join(sign + term for sign, term in terms)
