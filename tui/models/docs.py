"""Field documentation for the All-fields tab, from botocore's SageMaker service model (textual-free).

``field_doc(path)`` follows a response path (keys, list indices, map keys) through the
DescribeTrainingJob output shape and returns the documentation of the member it lands on, as plain
text. A field the installed botocore does not know (a newer API) gets a note saying so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

OPERATION = "DescribeTrainingJob"


@lru_cache(maxsize=1)
def output_shape() -> Any:
    """The DescribeTrainingJob output shape (loaded once: ~50 ms, so call it off the event loop)."""
    from tui.aws.service_model import sagemaker_model

    return sagemaker_model().operation_model(OPERATION).output_shape


def top_level_fields() -> list[str]:
    return list(output_shape().members)


@dataclass(frozen=True)
class FieldDoc:
    """What the service model says about one field."""

    path: str
    shape_name: str | None
    type_name: str | None
    text: str
    enum: tuple[str, ...] = ()
    known: bool = True


def field_doc(path: Sequence[Any]) -> FieldDoc:
    shape: Any = output_shape()
    doc_html = ""
    shown: list[str] = []
    for step in path:
        if shape is None:
            break
        if shape.type_name == "structure":
            shown.append(str(step))
            member = shape.members.get(str(step))
            if member is None:
                return FieldDoc(
                    ".".join(shown),
                    None,
                    None,
                    f"{step} is not in the installed botocore's service model: it is probably a "
                    "newer API field (shown as returned).",
                    known=False,
                )
            doc_html = member.documentation or shape.documentation or ""
            shape = member
        elif shape.type_name == "list":
            shown.append(f"[{step}]")
            shape = shape.member
            doc_html = shape.documentation or doc_html
        elif shape.type_name == "map":
            shown.append(f"[{step!r}]")
            shape = shape.value
            doc_html = shape.documentation or doc_html
        else:
            break
    if not path:
        doc_html = shape.documentation or ""
    label = "".join(p if p.startswith("[") else f".{p}" for p in shown).lstrip(".")
    enum = tuple(getattr(shape, "enum", None) or ())
    return FieldDoc(
        label or OPERATION,
        getattr(shape, "name", None),
        getattr(shape, "type_name", None),
        strip_html(doc_html) or "No documentation in the service model.",
        enum,
    )


class _TextExtractor(HTMLParser):
    """Plain text from the service model's HTML: paragraphs kept, lists bulleted, links as text."""

    BLOCK = frozenset({"p", "dt", "dd", "ul", "ol", "dl", "note", "important", "div", "br"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.depth = 0
        # After a bullet or a "Note:" label the next paragraph continues the same line.
        self.inline = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self.parts.append("\n" + "  " * max(0, self.depth - 1) + "• ")
            self.inline = True
        elif tag in ("ul", "ol"):
            self.depth += 1
            self.parts.append("\n")
        elif tag in self.BLOCK and not self.inline:
            self.parts.append("\n")
        if tag in ("note", "important"):
            self.parts.append("Note: " if tag == "note" else "Important: ")
            self.inline = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self.depth = max(0, self.depth - 1)
        if tag in self.BLOCK:
            self.parts.append("\n")
            self.inline = False

    def handle_data(self, data: str) -> None:
        if self.inline and data.isspace():
            return
        if data.strip():
            self.inline = False
        self.parts.append(re.sub(r"\s+", " ", data))


def strip_html(html: str) -> str:
    """The documentation as plain text: one paragraph or bullet per line."""
    if not html:
        return ""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    out: list[str] = []
    for line in "".join(parser.parts).split("\n"):
        text = line.strip()
        if text.startswith("•"):
            # keep the nesting depth the parser wrote before the bullet
            text = "  " + line[: len(line) - len(line.lstrip())] + text
        if text:
            out.append(text)
    return "\n".join(out).strip()
