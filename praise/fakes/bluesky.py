"""A fake Bluesky service on the loopback interface, so that the real atproto client code paths run.

`FakeBluesky` serves, from a corpus of post views (by default the fictional demo corpus in
``praise/demo_data/bluesky/corpus.json``), the three XRPC calls the Bluesky collector makes:
``com.atproto.server.createSession`` (handle and app password), ``app.bsky.notification.listNotifications``
(mentions, replies and quotes of the logged-in account, derived from the posts' facets, reply refs and
embeds) and ``app.bsky.feed.searchPosts`` (``sort=latest``). Both listings come newest first (by
``indexedAt``) and page with an opaque ``cursor``. Every answer carries the ``ratelimit-*`` headers the
service sends; `FakeBluesky.fail_next` makes the next listing answer 401, 429 (with ``ratelimit-reset``),
5xx or a body that is not JSON, and `FakeBluesky.malformed_next` slips broken items into the next page.

Point the real client at it with ``PRAISE_BLUESKY_BASE_URL`` (what the demo does).
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from praise.fakes.loopback import Fault, LoopbackFake

JSON = dict[str, Any]
CORPUS_PATH = Path(__file__).resolve().parent.parent / "demo_data" / "bluesky" / "corpus.json"
# Not a secret: the only app password the fake accepts unless told otherwise.
DEMO_APP_PASSWORD = "demo-bsky-app-pass"  # noqa: S105
RATE_LIMIT = 3000
PAGE_DEFAULT = 50


def load_demo_corpus(path: Path = CORPUS_PATH) -> JSON:
    """Read the fictional demo corpus (our account and the post views)."""
    corpus: JSON = json.loads(path.read_text(encoding="utf-8"))
    return corpus


def _jwt(subject: str, lifetime: int) -> str:
    # Unsigned, like nothing a real service sends, but shaped as the client expects: it reads "exp".
    def part(value: JSON) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part({'sub': subject, 'exp': int(time.time()) + lifetime, 'scope': 'com.atproto.appPass'})}.c2lnbmF0dXJl"


@dataclass(slots=True)
class FakeBluesky(LoopbackFake):
    """A loopback HTTP server that answers the atproto client's requests from a corpus.

    Use it as a context manager; the server runs in a background thread on ``127.0.0.1`` and a free port.

    Args:
        corpus: ``{"account": {"did", "handle"}, "posts": [post views]}``; the demo corpus when omitted.
        app_password: The app password createSession accepts.
    """

    corpus: JSON = field(default_factory=load_demo_corpus)
    app_password: str = DEMO_APP_PASSWORD
    served: Counter[str] = field(default_factory=Counter)
    requests_log: list[tuple[str, str]] = field(default_factory=list)
    _faults: list[Fault] = field(default_factory=list)
    _malformed: list[Any] = field(default_factory=list)
    _tokens: set[str] = field(default_factory=set)
    # Requests left in the rate-limit window, as the ratelimit-remaining header says; tests may lower it.
    remaining: int = RATE_LIMIT
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # -- the corpus ---------------------------------------------------------------------------------

    def posts(self) -> list[JSON]:
        """The post views, newest first by indexedAt."""
        return sorted(self.corpus.get("posts", []), key=lambda p: str(p["indexedAt"]), reverse=True)

    def notifications(self) -> list[JSON]:
        """Mentions, replies and quotes of our account, newest first."""
        ours = str(self.corpus["account"]["did"])
        result = []
        for post in self.posts():
            record = post.get("record", {})
            if post["author"]["did"] == ours:
                continue
            reason = None
            parent = record.get("reply", {}).get("parent", {}).get("uri", "")
            quoted = record.get("embed", {}).get("record", {}).get("uri", "")
            if parent.startswith(f"at://{ours}/"):
                reason = "reply"
            elif quoted.startswith(f"at://{ours}/"):
                reason = "quote"
            elif any(
                f.get("did") == ours for facet in record.get("facets", []) for f in facet.get("features", [])
            ):
                reason = "mention"
            if reason:
                result.append(
                    {
                        "uri": post["uri"],
                        "cid": post["cid"],
                        "author": post["author"],
                        "reason": reason,
                        "record": record,
                        "isRead": False,
                        "indexedAt": post["indexedAt"],
                        "labels": [],
                    }
                )
        return result

    def search(self, query: str) -> list[JSON]:
        wanted = query.lower()
        found = []
        for post in self.posts():
            record = post.get("record", {})
            tags = {
                f"#{f.get('tag', '')}".lower()
                for facet in record.get("facets", [])
                for f in facet.get("features", [])
                if "tag" in f
            }
            if wanted in tags or wanted.strip('"') in str(record.get("text", "")).lower():
                found.append(post)
        return found

    def add_post(self, post: JSON) -> None:
        """Publish a post view (as if it arrived after the last run)."""
        with self._lock:
            self.corpus.setdefault("posts", []).append(post)

    def _answer(self, request: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(request.path)
        method = parts.path.removeprefix("/xrpc/")
        params = parse_qs(parts.query)
        self.requests_log.append((method, parts.query))
        reset = int(time.time()) + 300
        if method == "com.atproto.server.createSession":
            length = int(request.headers.get("Content-Length") or 0)
            body = json.loads(request.rfile.read(length) or b"{}")
            account = self.corpus["account"]
            if body.get("identifier") != account["handle"] or body.get("password") != self.app_password:
                self._send(
                    request,
                    401,
                    {"error": "AuthenticationRequired", "message": "Invalid identifier or password"},
                    reset,
                )
                return
            token = _jwt(account["did"], 7200)
            with self._lock:
                self._tokens.add(token)
            session = {
                "did": account["did"],
                "handle": account["handle"],
                "accessJwt": token,
                "refreshJwt": _jwt(account["did"], 86400),
                "active": True,
            }
            self._send(request, 200, session, reset)
            return
        with self._lock:
            fault = self._faults.pop(0) if self._faults else None
        if fault is not None:
            if fault.status == 429:
                reset = int(time.time() + (fault.reset_in or 0))
            if fault.body is not None:
                self._send(request, fault.status, fault.body, reset, remaining=0)
            else:
                self._send(
                    request,
                    fault.status,
                    {"error": "Fault", "message": f"fake fault {fault.status}"},
                    reset,
                    remaining=0,
                )
            return
        authorization = request.headers.get("Authorization", "")
        if authorization.removeprefix("Bearer ") not in self._tokens:
            self._send(
                request, 401, {"error": "AuthenticationRequired", "message": "Authentication Required"}, reset
            )
            return
        if method == "app.bsky.notification.listNotifications":
            items, key = self.notifications(), "notifications"
        elif method == "app.bsky.feed.searchPosts":
            items, key = self.search(params.get("q", [""])[0]), "posts"
        else:
            self._send(request, 501, {"error": "MethodNotImplemented", "message": method}, reset)
            return
        offset = int(params.get("cursor", ["0"])[0] or 0)
        limit = min(int(params.get("limit", [str(PAGE_DEFAULT)])[0]), 100)
        page = items[offset : offset + limit]
        with self._lock:
            extra, self._malformed = self._malformed, []
        self.served[key] += len(page)
        answer: JSON = {key: page + extra}
        if offset + limit < len(items):
            answer["cursor"] = str(offset + limit)
        with self._lock:
            self.remaining = max(self.remaining - 1, 0)
            remaining = self.remaining
            if remaining == 0:
                # The answer says "none left until the reset"; a client that waits finds a fresh window.
                self.remaining = RATE_LIMIT
        self._send(request, 200, answer, reset, remaining=remaining)

    @staticmethod
    def _send(
        request: BaseHTTPRequestHandler,
        status: int,
        body: JSON | str,
        reset: int,
        remaining: int = RATE_LIMIT - 1,
    ) -> None:
        data = (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")
        request.send_response(status)
        request.send_header(
            "Content-Type", "application/json; charset=utf-8" if isinstance(body, dict) else "text/html"
        )
        request.send_header("Content-Length", str(len(data)))
        request.send_header("ratelimit-limit", str(RATE_LIMIT))
        request.send_header("ratelimit-remaining", str(remaining))
        request.send_header("ratelimit-reset", str(reset))
        request.send_header("ratelimit-policy", f"{RATE_LIMIT};w=300")
        request.end_headers()
        request.wfile.write(data)
