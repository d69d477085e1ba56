"""What the loopback fakes of Mastodon and Bluesky share: a threaded HTTP server and fault injection."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self


@dataclass(slots=True)
class Fault:
    """One request answered with `status` instead of being served (429: `reset_in` s until the reset)."""

    status: int
    reset_in: float | None = None
    body: str | None = None


class LoopbackFake:
    """Start, stop and fault injection for a fake that answers each request in ``_answer``.

    Subclasses are dataclasses with the fields ``_server``, ``_faults``, ``_malformed`` and ``_lock``.
    """

    _server: ThreadingHTTPServer | None
    _faults: list[Fault]
    _malformed: list[Any]
    _lock: threading.Lock

    def _answer(self, request: BaseHTTPRequestHandler) -> None:
        raise NotImplementedError

    def fail_next(
        self, status: int, *, times: int = 1, reset_in: float | None = None, body: str | None = None
    ) -> None:
        """Answer the next ``times`` listing requests with ``status`` (429: ``reset_in`` s until the reset)."""
        with self._lock:
            self._faults.extend(Fault(status, reset_in, body) for _ in range(times))

    def malformed_next(self, *items: Any) -> None:
        """Add these items (broken posts or notifications) to the next page served."""
        with self._lock:
            self._malformed.extend(items)

    def start(self) -> Self:
        self._server = _serve(self._answer)
        return self

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``, for the platform's ``PRAISE_…_BASE_URL``."""
        if self._server is None:
            name = type(self).__name__
            raise RuntimeError(f"{name} is not running: use it as a context manager or call start()")
        return f"http://127.0.0.1:{self._server.server_address[1]}"


def _serve(answer: Callable[[BaseHTTPRequestHandler], None]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            answer(self)

        def do_POST(self) -> None:
            answer(self)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
