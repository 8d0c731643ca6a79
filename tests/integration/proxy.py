"""A loopback HTTP proxy in front of the moto server, for faults that need the wire.

botocore's ``before-send`` hook (tests/faults.py) can answer a call with any *parsed* error, but it
cannot make a socket refuse connections, a response arrive too late for the read timeout, or a body
stop half-way. This proxy forwards each request to the upstream server and, per operation, can:

* ``down()`` / ``up()``: stop listening (connections are refused, open ones are closed) and listen
  again on the same port, as an endpoint that goes away and comes back;
* ``delay``: hold the response for some seconds (beyond the client's read timeout, or just long
  enough to keep a refresh in flight);
* ``cut``: send the status line, the headers with the full Content-Length and half of the body,
  then close the connection;
* ``hang``: accept the request and never answer (nothing is forwarded), until the fault is
  released or the proxy closes: an endpoint whose route is dead behind a load balancer.

Requests are HTTP/1.1 with a Content-Length body (what botocore sends to SageMaker's JSON API);
responses are sent back with a Content-Length, keeping the client's connection alive.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

#: Response headers the proxy recomputes or must not forward.
HOP_HEADERS = frozenset({"connection", "content-length", "transfer-encoding", "keep-alive"})


@dataclass
class Fault:
    """What to do to matching responses: ``delay`` (seconds) or ``cut``; ``times`` None = always."""

    operation: str | None
    mode: str
    seconds: float = 0.0
    times: int | None = None
    #: Set it to end a ``delay`` early (a test holding a call in flight for as long as it needs).
    release: threading.Event = field(default_factory=threading.Event)


@dataclass
class Seen:
    operation: str
    at: float  # time.monotonic() when the request arrived
    fault: str = ""


@dataclass
class _Request:
    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def operation(self) -> str:
        for name, value in self.headers:
            if name.lower() == "x-amz-target":
                return value.rsplit(".", 1)[-1]
        return ""


@dataclass
class FaultProxy:
    """``url`` is what clients use; ``upstream`` the real server's URL."""

    upstream: str
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        parsed = urlparse(self.upstream)
        self._upstream = (parsed.hostname or "127.0.0.1", parsed.port or 80)
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._conns: set[socket.socket] = set()
        self._stop = threading.Event()  # closing for good: held responses end at once
        self.holding = threading.Event()  # set while a delayed response is being held
        self._server: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self.port = 0
        self.up()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- control ---------------------------------------------------------------------------
    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def delay(self, seconds: float, operation: str | None = None, times: int | None = None) -> Fault:
        fault = Fault(operation, "delay", seconds, times)
        self.add(fault)
        return fault

    def hang(self, operation: str | None = None, times: int | None = None) -> Fault:
        fault = Fault(operation, "hang", times=times)
        self.add(fault)
        return fault

    def cut(self, operation: str | None = None, times: int | None = None) -> None:
        self.add(Fault(operation, "cut", times=times))

    def count(self, operation: str) -> int:
        with self._lock:
            return sum(1 for s in self.seen if s.operation == operation)

    def up(self) -> None:
        """Listen (again, on the same port once it has one)."""
        if self._server is not None:
            return
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(16)
        self.port = server.getsockname()[1]
        self._server = server
        self._thread = threading.Thread(target=self._accept, args=(server,), daemon=True)
        self._thread.start()

    def down(self) -> None:
        """Stop listening and drop every open connection: new connections are refused."""
        server, self._server = self._server, None
        if server is not None:
            with contextlib.suppress(OSError):
                server.shutdown(socket.SHUT_RDWR)
            server.close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        with self._lock:
            conns, self._conns = set(self._conns), set()
        for conn in conns:
            _close(conn)

    def close(self) -> None:
        self._stop.set()
        self.down()

    # -- serving ---------------------------------------------------------------------------
    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return  # closed by down()
            with self._lock:
                self._conns.add(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        try:
            while not self._stop.is_set():
                request = _read_request(reader)
                if request is None:
                    return
                if not self._answer(conn, request):
                    return
        except OSError:
            return
        finally:
            reader.close()
            with self._lock:
                self._conns.discard(conn)
            _close(conn)

    def _take_fault(self, operation: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.operation in (None, operation) and fault.times != 0:
                    if fault.times is not None:
                        fault.times -= 1
                    return fault
        return None

    def _answer(self, conn: socket.socket, request: _Request) -> bool:
        """Forward one request; False when the connection must end."""
        operation = request.operation
        fault = self._take_fault(operation)
        with self._lock:
            self.seen.append(Seen(operation, time.monotonic(), fault.mode if fault else ""))
        if fault is not None and fault.mode == "hang":
            self.holding.set()
            try:
                while not (self._stop.is_set() or fault.release.wait(0.02)):
                    pass
            finally:
                self.holding.clear()
            return False  # never a byte back: the connection just ends
        status, reason, headers, body = self._forward(request)
        if fault is not None and fault.mode == "delay":
            self.holding.set()
            try:
                deadline = time.monotonic() + fault.seconds
                while not (self._stop.is_set() or fault.release.wait(0.02)):
                    if time.monotonic() >= deadline:
                        break
            finally:
                self.holding.clear()
        head = [f"HTTP/1.1 {status} {reason}"]
        head += [f"{k}: {v}" for k, v in headers if k.lower() not in HOP_HEADERS]
        head += [f"Content-Length: {len(body)}", "", ""]
        raw = "\r\n".join(head).encode("latin-1")
        if fault is not None and fault.mode == "cut":
            conn.sendall(raw + body[: len(body) // 2])
            return False
        conn.sendall(raw + body)
        return True

    def _forward(self, request: _Request) -> tuple[int, str, list[tuple[str, str]], bytes]:
        upstream = http.client.HTTPConnection(*self._upstream, timeout=30)
        try:
            headers = {k: v for k, v in request.headers if k.lower() not in ("host", "connection")}
            upstream.request(request.method, request.path, body=request.body, headers=headers)
            response = upstream.getresponse()
            return response.status, response.reason, response.getheaders(), response.read()
        finally:
            upstream.close()


def _read_request(reader: object) -> _Request | None:
    readline = reader.readline  # type: ignore[attr-defined]
    line = readline(65537)
    if not line:
        return None
    method, path, _version = line.decode("latin-1").rstrip("\r\n").split(" ", 2)
    headers: list[tuple[str, str]] = []
    while True:
        raw = readline(65537)
        if raw in (b"\r\n", b"\n", b""):
            break
        name, _, value = raw.decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
    length = next((int(v) for k, v in headers if k.lower() == "content-length"), 0)
    body = reader.read(length) if length else b""  # type: ignore[attr-defined]
    return _Request(method, path, headers, body)


def _close(conn: socket.socket) -> None:
    with contextlib.suppress(OSError):
        conn.shutdown(socket.SHUT_RDWR)
    conn.close()
