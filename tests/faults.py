"""A fault-injecting layer for integration tests: a botocore ``before-send`` hook.

The hook answers chosen calls with a canned HTTP response before they leave the process, so the
response goes through botocore's real parsing, retry and error path, exactly as a faulty service
would make it do. Calls it does not match go to the moto server as usual. A plan may also raise a
botocore exception (e.g. ``EndpointConnectionError``): botocore treats it as a failed send.

Every request the hook sees is logged (:attr:`FaultInjector.log`) with the time it left by the
injector's clock, the access key it was signed with and the fault it got, so tests can assert on
the spacing of calls and on which credentials were used. Faults needing the wire (refused
connections, slow or truncated responses) are in ``tests/integration/proxy.py``.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botocore.awsrequest import AWSResponse

Plan = Callable[[str, int], "AWSResponse | None"]
#: A plan that also sees the request (its operation, count, time and signing key).
RequestPlan = Callable[["Sent"], "AWSResponse | None"]

_CREDENTIAL = re.compile(r"Credential=([^/]+)/")


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


def throttled() -> AWSResponse:
    return error_response(400, "ThrottlingException", "Rate exceeded")


def expired_token() -> AWSResponse:
    return error_response(
        400, "ExpiredTokenException", "The security token included in the request is expired"
    )


def access_denied(operation: str) -> AWSResponse:
    return error_response(
        400,
        "AccessDeniedException",
        f"User: arn:aws:sts::123456789012:assumed-role/ReadOnly/me is not authorized to perform: "
        f"sagemaker:{operation}",
    )


def internal_error() -> AWSResponse:
    return error_response(500, "InternalFailure", "We encountered an internal error. Please try again.")


@dataclass(frozen=True)
class Sent:
    """One request as it left (after every other ``before-send`` hook, the rate limiter included)."""

    operation: str
    n: int  # 1 for the first request of this operation, retries included
    at: float  # by the injector's clock
    access_key: str
    fault: str = ""  # the error code answered, or "" when the request went to the server


class FaultInjector:
    """Attach to a client; ``plan(operation, n)`` returns the response for the n-th call or None.

    ``request_plan(sent)`` is the richer form (it sees the signing key and the time); give one or
    the other. ``clock`` stamps :attr:`log` (``time.monotonic`` unless a test runs virtual time).
    """

    def __init__(
        self,
        plan: Plan | None = None,
        *,
        request_plan: RequestPlan | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.plan = plan
        self.request_plan = request_plan
        self.clock = clock
        self.seen: dict[str, int] = {}
        self.log: list[Sent] = []
        self._lock = threading.Lock()

    def attach(self, raw_client: Any) -> FaultInjector:
        # Last on each operation's own event (botocore runs "before-send.sagemaker.*" handlers
        # before those of a named operation), so what is logged is the request as it leaves: after
        # the client's list rate limiter and the call counter. Only this hook answers requests, so
        # the order changes nothing else.
        events = raw_client.meta.events
        for operation in raw_client.meta.service_model.operation_names:
            events.register_last(f"before-send.sagemaker.{operation}", self._before_send)
        return self

    def times(self, operation: str) -> list[float]:
        """When each request of ``operation`` left, in order."""
        with self._lock:
            return [s.at for s in self.log if s.operation == operation]

    def faults(self, operation: str) -> int:
        with self._lock:
            return sum(1 for s in self.log if s.operation == operation and s.fault)

    def _before_send(self, request: Any, **_: Any) -> AWSResponse | None:
        target = request.headers.get("X-Amz-Target", b"")
        operation = (target.decode() if isinstance(target, bytes) else target).rsplit(".", 1)[-1]
        auth = request.headers.get("Authorization", b"")
        found = _CREDENTIAL.search(auth.decode() if isinstance(auth, bytes) else str(auth))
        with self._lock:
            n = self.seen.get(operation, 0) + 1
            self.seen[operation] = n
            sent = Sent(operation, n, self.clock(), found.group(1) if found else "")
        response: AWSResponse | None = None
        code = ""
        try:
            if self.request_plan is not None:
                response = self.request_plan(sent)
            elif self.plan is not None:
                response = self.plan(operation, n)
            code = _code(response) if response is not None else ""
        except Exception as exc:  # a plan raising a botocore error: a failed send
            code = type(exc).__name__
            raise
        finally:
            with self._lock:
                self.log.append(Sent(sent.operation, n, sent.at, sent.access_key, code))
        return response


def _code(response: AWSResponse) -> str:
    try:
        return str(json.loads(response.raw.read()).get("__type", response.status_code))
    except (ValueError, AttributeError):
        return str(response.status_code)


def always(operation: str, response: Callable[[], AWSResponse]) -> Callable[[str, int], AWSResponse | None]:
    return lambda op, _n: response() if op == operation else None
