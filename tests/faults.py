"""A fault-injecting layer for integration tests: a botocore ``before-send`` hook.

The hook answers chosen calls with a canned HTTP response before they leave the process, so the
response goes through botocore's real parsing, retry and error path, exactly as a faulty service
would make it do. Calls it does not match go to the moto server as usual.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

from botocore.awsrequest import AWSResponse


class _Raw:
    """The bit of a urllib3 response that botocore reads."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, *_: Any, **__: Any) -> Any:
        yield self._body

    def read(self, *_: Any, **__: Any) -> bytes:
        return self._body


def error_response(status: int, code: str, message: str) -> AWSResponse:
    body = json.dumps({"__type": code, "message": message}).encode()
    headers = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "fault"}
    return AWSResponse("https://fault.invalid", status, headers, _Raw(body))


class FaultInjector:
    """Attach to a client; ``plan(operation, n)`` returns the response for the n-th call or None."""

    def __init__(self, plan: Callable[[str, int], AWSResponse | None]) -> None:
        self.plan = plan
        self.seen: dict[str, int] = {}
        self._lock = threading.Lock()

    def attach(self, raw_client: Any) -> FaultInjector:
        raw_client.meta.events.register_first("before-send.sagemaker.*", self._before_send)
        return self

    def _before_send(self, request: Any, **_: Any) -> AWSResponse | None:
        target = request.headers.get("X-Amz-Target", b"")
        operation = (target.decode() if isinstance(target, bytes) else target).rsplit(".", 1)[-1]
        with self._lock:
            n = self.seen.get(operation, 0) + 1
            self.seen[operation] = n
        return self.plan(operation, n)


def always(operation: str, response: Callable[[], AWSResponse]) -> Callable[[str, int], AWSResponse | None]:
    return lambda op, _n: response() if op == operation else None
