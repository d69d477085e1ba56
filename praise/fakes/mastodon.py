"""A fake Mastodon instance on the loopback interface, so that the real Mastodon.py code paths run.

`FakeMastodon` serves, from a corpus of statuses (by default the fictional demo corpus in
``praise/demo_data/mastodon/corpus.json``), the two requests the Mastodon collector makes:
``GET /api/v1/notifications`` (the bot account's mention notifications, bearer token required) and
``GET /api/v1/timelines/tag/{tag}``. It pages as Mastodon does (newest first; ``max_id``, ``since_id`` and
``min_id``; ``limit`` up to 40; ``Link`` headers), sends the rate-limit headers Mastodon.py reads
(``X-RateLimit-Limit``, ``-Remaining``, ``-Reset`` as an ISO time), counts what it served, and can be
told to fail (`FakeMastodon.fail_next`: 401, 429 with a reset time, 5xx, or a body that is not JSON)
or to slip malformed items into the next page (`FakeMastodon.malformed_next`).

Point the real client at it with ``PRAISE_MASTODON_BASE_URL`` (what the demo does).
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from praise.fakes.loopback import Fault, LoopbackFake

JSON = dict[str, Any]
CORPUS_PATH = Path(__file__).resolve().parent.parent / "demo_data" / "mastodon" / "corpus.json"
# Not a secret: the only token the fake accepts unless told otherwise.
DEMO_TOKEN = "demo-mastodon-token"  # noqa: S105
PAGE_MAX = 40
RATE_LIMIT = 300
RATE_WINDOW = timedelta(minutes=5)


def load_demo_corpus(path: Path = CORPUS_PATH) -> JSON:
    """Read the fictional demo corpus (statuses, the instance and the bot account)."""
    corpus: JSON = json.loads(path.read_text(encoding="utf-8"))
    return corpus


@dataclass(slots=True)
class FakeMastodon(LoopbackFake):
    """A loopback HTTP server that answers Mastodon.py's requests from a corpus.

    Use it as a context manager; the server runs in a background thread on ``127.0.0.1`` and a free port.

    Args:
        corpus: ``{"instance", "bot", "statuses"}``; the fictional demo corpus when omitted.
        token: The bearer token the notifications endpoint accepts.
    """

    corpus: JSON = field(default_factory=load_demo_corpus)
    token: str = DEMO_TOKEN
    served: Counter[str] = field(default_factory=Counter)
    requests_log: list[tuple[str, str]] = field(default_factory=list)
    _faults: list[Fault] = field(default_factory=list)
    _malformed: list[Any] = field(default_factory=list)
    _remaining: int = RATE_LIMIT
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # -- the corpus ---------------------------------------------------------------------------------

    @property
    def statuses(self) -> list[JSON]:
        """The statuses, oldest first."""
        return sorted(self.corpus.get("statuses", []), key=lambda s: int(s["id"]))

    def notifications(self) -> list[JSON]:
        """One mention notification per status that mentions the bot account, oldest first."""
        bot = str(self.corpus.get("bot", {}).get("acct", "")).lower()
        result = []
        for number, status in enumerate(
            (
                s
                for s in self.statuses
                if any(str(m.get("acct", "")).lower() == bot for m in s.get("mentions", []))
            ),
            start=1,
        ):
            result.append(
                {
                    # Notification ids are their own sequence, as on a real instance.
                    "id": str(int(status["id"]) + number),
                    "type": "mention",
                    "created_at": status["created_at"],
                    "account": status["account"],
                    "status": status,
                }
            )
        return result

    def tagged(self, tag: str) -> list[JSON]:
        wanted = tag.lower()
        return [
            s
            for s in self.statuses
            if any(str(t.get("name", "")).lower() == wanted for t in s.get("tags", []))
        ]

    def account(self, acct: str) -> JSON | None:
        """The account with this acct among the statuses' authors."""
        wanted = acct.lstrip("@").lower()
        for status in self.statuses:
            if str(status["account"]["acct"]).lower() == wanted:
                found: JSON = status["account"]
                return found
        return None

    def descendants(self, status_id: str) -> list[JSON]:
        """The replies under a status and the replies under those, oldest first, as /context gives them."""
        found: list[JSON] = []
        parents = {status_id}
        for status in self.statuses:
            if status.get("in_reply_to_id") in parents:
                found.append(status)
                parents.add(str(status["id"]))
        return found

    def add_status(self, status: JSON) -> None:
        """Publish a status (as if it arrived after the last run)."""
        with self._lock:
            self.corpus.setdefault("statuses", []).append(status)

    def _answer(self, request: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(request.path)
        params = {k.removesuffix("[]"): v for k, v in parse_qs(parts.query).items()}
        self.requests_log.append((parts.path, parts.query))
        with self._lock:
            listing = not parts.path.startswith("/api/v2/instance")
            # Faults hit the collector's requests, not Mastodon.py's instance look-up.
            fault = self._faults.pop(0) if self._faults and listing else None
            self._remaining = max(self._remaining - 1, 0)
            remaining = self._remaining
            if remaining == 0:
                # The answer says "none left until the reset"; a client that waits finds a fresh window.
                self._remaining = RATE_LIMIT
        reset = datetime.now(UTC) + RATE_WINDOW
        if parts.path.rstrip("/") == "/api/v2/instance":
            # Mastodon.py asks which timelines the instance offers before reading a hashtag timeline.
            self._send(request, 200, json.dumps(self._instance()), remaining, reset)
            return
        if fault is not None:
            if fault.status == 429:
                remaining = 0
                reset = datetime.now(UTC) + timedelta(seconds=fault.reset_in or 0)
            body = (
                fault.body if fault.body is not None else json.dumps({"error": f"fake fault {fault.status}"})
            )
            self._send(request, fault.status, body, remaining, reset)
            return
        if parts.path == "/api/v1/notifications":
            if request.headers.get("Authorization") != f"Bearer {self.token}":
                self._send(
                    request, 401, json.dumps({"error": "The access token is invalid"}), remaining, reset
                )
                return
            types = params.get("types")
            items = self.notifications() if not types or "mention" in types else []
        elif parts.path.startswith("/api/v1/timelines/tag/"):
            items = self.tagged(unquote(parts.path.rsplit("/", 1)[1]))
        elif parts.path == "/api/v1/accounts/lookup":
            found = self.account(params.get("acct", [""])[0])
            status = 200 if found else 404
            self._send(request, status, json.dumps(found or {"error": "Record not found"}), remaining, reset)
            return
        elif parts.path.startswith("/api/v1/accounts/") and parts.path.endswith("/statuses"):
            author = parts.path.split("/")[4]
            items = [s for s in self.statuses if s["account"]["id"] == author and not s.get("reblog")]
        elif parts.path.startswith("/api/v1/statuses/") and parts.path.endswith("/context"):
            self.served["context"] += 1
            context = {"ancestors": [], "descendants": self.descendants(parts.path.split("/")[4])}
            self._send(request, 200, json.dumps(context), remaining, reset)
            return
        else:
            self._send(request, 404, json.dumps({"error": "Record not found"}), remaining, reset)
            return
        page = _page(items, params)
        with self._lock:
            extra, self._malformed = self._malformed, []
        self.served[parts.path.split("/")[3]] += len(page)
        self._send(request, 200, json.dumps(page + extra), remaining, reset)

    def _instance(self) -> JSON:
        domain = str(self.corpus.get("instance", "fake.example"))
        return {
            "domain": domain,
            "title": "Fake Mastodon",
            "version": "4.3.0",
            "source_url": "https://github.com/mastodon/mastodon",
            "description": "A loopback double for tests and the demo.",
            "configuration": {"urls": {}},
            "registrations": {"enabled": False, "approval_required": False},
            "contact": {"email": ""},
            "rules": [],
        }

    @staticmethod
    def _send(
        request: BaseHTTPRequestHandler, status: int, body: str, remaining: int, reset: datetime
    ) -> None:
        data = body.encode("utf-8")
        request.send_response(status)
        request.send_header("Content-Type", "application/json; charset=utf-8")
        request.send_header("Content-Length", str(len(data)))
        request.send_header("X-RateLimit-Limit", str(RATE_LIMIT))
        request.send_header("X-RateLimit-Remaining", str(remaining))
        request.send_header("X-RateLimit-Reset", reset.isoformat().replace("+00:00", "Z"))
        request.end_headers()
        request.wfile.write(data)


def _page(items: list[JSON], params: dict[str, list[str]]) -> list[JSON]:
    """Mastodon's paging: newest first; ``min_id`` takes the items right after it, the others the newest."""

    def first(name: str) -> int | None:
        value = params.get(name, [None])[0]
        return int(value) if value and value.isdigit() else None

    limit = min(first("limit") or 20, PAGE_MAX)
    max_id, since_id, min_id = first("max_id"), first("since_id"), first("min_id")
    chosen = [i for i in items if max_id is None or int(i["id"]) < max_id]
    chosen = [i for i in chosen if since_id is None or int(i["id"]) > since_id]
    if min_id is not None:
        after = [i for i in chosen if int(i["id"]) > min_id][:limit]
        return list(reversed(after))
    return list(reversed(chosen))[:limit]
