"""The Bluesky client: the atproto SDK's XRPC calls, raw JSON back, errors as ``kernel.errors``.

The collector asks for the raw JSON of each response (``invoke_query``) rather than the SDK's models: one
malformed post would make the model of the whole page fail, and a page must be stored with its good posts
while the bad one goes to quarantine.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from atproto import Client, models
from atproto_client.exceptions import (
    BadRequestError,
    InvokeTimeoutError,
    NetworkError,
    RateLimitExceededError,
    RequestErrorBase,
    RequestException,
    UnauthorizedError,
)

from collectors.bluesky.settings import DEFAULT_BASE_URL, REASONS
from kernel.errors import AuthFailed, CollectorError, RateLimited, TransientError
from kernel.records import JSON

T = TypeVar("T")

# Bluesky allows an account 30 logins (createSession) per 5 minutes and 300 per day, so the sources of
# one process share one session: the first logs in, the others import its session (tokens in memory
# only, never logged or stored).
_SESSIONS: dict[tuple[str, str], str] = {}
_SESSIONS_LOCK = threading.Lock()


class BlueskyApi:
    """A logged-in client with the two listings the collector pages through.

    Args:
        handle: Our account's handle.
        app_password: Its app password (``BLUESKY_APP_PASSWORD``).
        base_url: Replaces ``https://bsky.social`` (``PRAISE_BLUESKY_BASE_URL``: a gateway or a test double).
        timeout: Seconds per request.
    """

    def __init__(self, handle: str, app_password: str, *, base_url: str | None = None, timeout: float = 30.0):
        from atproto_client.request import Request

        self._base_url = base_url or DEFAULT_BASE_URL
        self.client = Client(self._base_url, request=Request(timeout=timeout))
        self.handle = handle
        self._password = app_password
        self._shared_session = False
        # Set when the last answer said no request is left before the reset (`ratelimit-remaining: 0`).
        self.exhausted_until: datetime | None = None

    def __repr__(self) -> str:
        return f"BlueskyApi(handle={self.handle!r})"

    def login(self) -> None:
        """Use the process's session for this account if there is one, else log in with the app password."""
        with _SESSIONS_LOCK:
            shared = _SESSIONS.get((self._base_url, self.handle))
        if shared is not None:
            translated("login", lambda: self.client.login(session_string=shared, fetch_bsky_profile=False))
            self._shared_session = True
            return
        self._login_with_password()

    def _login_with_password(self) -> None:
        translated("login", lambda: self.client.login(self.handle, self._password, fetch_bsky_profile=False))
        self._shared_session = False
        with _SESSIONS_LOCK:
            _SESSIONS[(self._base_url, self.handle)] = self.client.export_session_string()

    def _query(self, what: str, nsid: str, params: Any) -> JSON:
        try:
            response = translated(what, lambda: self.client.invoke_query(nsid, params=params))
        except AuthFailed:
            if not self._shared_session:
                raise
            # The shared session expired or was revoked: log in once more, for every source after this.
            with _SESSIONS_LOCK:
                _SESSIONS.pop((self._base_url, self.handle), None)
            self._login_with_password()
            response = translated(what, lambda: self.client.invoke_query(nsid, params=params))
        return self._content(response)

    def notifications(self, cursor: str | None, limit: int) -> JSON:
        params = models.AppBskyNotificationListNotifications.Params(
            limit=limit, cursor=cursor, reasons=list(REASONS)
        )
        return self._query("notifications", "app.bsky.notification.listNotifications", params)

    def search(self, query: str, cursor: str | None, limit: int) -> JSON:
        params = models.AppBskyFeedSearchPosts.Params(q=query, sort="latest", limit=limit, cursor=cursor)
        return self._query("search", "app.bsky.feed.searchPosts", params)

    def _content(self, response: Any) -> JSON:
        headers = getattr(response, "headers", None) or {}
        remaining, reset = str(headers.get("ratelimit-remaining")), str(headers.get("ratelimit-reset"))
        self.exhausted_until = (
            datetime.fromtimestamp(int(reset), tz=UTC) if remaining == "0" and reset.isdigit() else None
        )
        return _content(response)


def _content(response: Any) -> JSON:
    content = getattr(response, "content", None)
    if not isinstance(content, dict):
        # A proxy's HTML page with status 200: the service may be fine later.
        raise TransientError("Bluesky answered with a body that is not a JSON object")
    return content


def translated(what: str, request: Callable[[], T]) -> T:
    """Run one atproto call, raising ``kernel.errors`` instead of the SDK's.

    Raises:
        RateLimited: 429, with the ``ratelimit-reset`` time.
        AuthFailed: 401/403: wrong handle or app password, or an expired session.
        TransientError: 5xx, 502/409/413, time-outs and dropped connections.
        CollectorError: 400 and any other refusal.
    """
    where = f"Bluesky {what}"
    try:
        return request()
    except RateLimitExceededError as exc:
        raise RateLimited(f"{where}: rate limit reached", retry_after=exc.reset_at) from None
    except UnauthorizedError as exc:
        raise AuthFailed(f"{where}: {_detail(exc)} (check the handle and BLUESKY_APP_PASSWORD)") from None
    except InvokeTimeoutError:
        raise TransientError(f"{where}: no answer in time") from None
    except NetworkError as exc:
        raise TransientError(f"{where}: unreachable or refused for now ({_detail(exc)})") from None
    except BadRequestError as exc:
        raise CollectorError(f"{where}: {_detail(exc)}") from None
    except RequestException as exc:
        status = exc.response.status_code if exc.response is not None else None
        if status is not None and status >= 500:
            raise TransientError(f"{where}: {_detail(exc)}") from None
        raise CollectorError(f"{where}: {_detail(exc)}") from None


def _detail(exc: RequestErrorBase) -> str:
    # The SDK's text: the status and the service's error name and message, never a header.
    return str(exc)[:300] or type(exc).__name__
