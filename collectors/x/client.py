"""The X API v2 client: tweepy's endpoint methods over our own HTTP request.

tweepy builds routes and parameters well, but its request method has a fixed host, no time-out, and logs
the ``Authorization`` header at debug level. ``XClient`` replaces only that method: a configurable base URL
(``PRAISE_X_API_BASE_URL``, for a gateway or a test double), a time-out, no secret in any log line, and the
errors of ``kernel.errors`` instead of tweepy's, so that a flow can record the right outcome.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, Protocol

import requests
import tweepy

from collectors.x.settings import DEFAULT_BASE_URL
from kernel.errors import AuthFailed, BudgetSpent, CollectorError, RateLimited, TransientError
from kernel.records import JSON

log = logging.getLogger(__name__)


class XApi(Protocol):
    """The three calls the collector makes; ``XClient`` provides them, tests may provide a double."""

    def get_user(self, *, username: str, **params: Any) -> JSON: ...

    def get_users_mentions(self, id: str, **params: Any) -> JSON: ...

    def search_recent_tweets(self, query: str, **params: Any) -> JSON: ...


class XClient(tweepy.Client):  # type: ignore[misc]  # tweepy ships no type hints
    """A tweepy client that returns plain JSON dicts and raises ``kernel.errors``.

    Args:
        bearer_token: The app's bearer token (``X_BEARER_TOKEN``); only public posts are read.
        base_url: Scheme and host (and optional path prefix) that replace ``https://api.x.com``.
        timeout: Seconds to wait for the API to connect and to answer.
    """

    def __init__(self, bearer_token: str, *, base_url: str | None = None, timeout: float = 30.0) -> None:
        if not bearer_token:
            raise AuthFailed("X_BEARER_TOKEN is not set: the X collector needs the app's bearer token")
        super().__init__(bearer_token=bearer_token, return_type=dict, wait_on_rate_limit=False)
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.timeout = timeout

    def __repr__(self) -> str:
        # The default repr would be harmless, but a client must never be one f-string away from its token.
        return f"XClient(base_url={self.base_url!r}, timeout={self.timeout})"

    def request(
        self,
        method: str,
        route: str,
        params: dict[str, Any] | None = None,
        json: JSON | None = None,
        user_auth: bool = False,
    ) -> requests.Response:
        """Send one API request; tweepy's endpoint methods call this.

        Returns:
            The response, with a body that is valid JSON.

        Raises:
            AuthFailed: 401/403, or a call that needs a user context.
            BudgetSpent: 402, the account's credits are used up.
            RateLimited: 429, with ``retry_after`` from ``x-rate-limit-reset`` when X sent it.
            TransientError: 5xx, a time-out, a dropped connection or a body that is not a JSON object.
            CollectorError: Any other refusal, such as 400 for an invalid query.
        """
        if user_auth:
            raise AuthFailed("the X collector reads public posts with the app's bearer token only")
        url = self.base_url + route
        log.debug("X API request: %s %s %s", method, url, params)
        headers = {"User-Agent": self.user_agent, "Authorization": f"Bearer {self.bearer_token}"}
        try:
            response: requests.Response = self.session.request(
                method, url, params=params, json=json, headers=headers, timeout=self.timeout
            )
        except requests.Timeout:
            raise TransientError(
                f"X API did not answer within {self.timeout:g} s: {method} {route}"
            ) from None
        except requests.RequestException as exc:
            raise TransientError(f"X API unreachable: {method} {route}: {type(exc).__name__}") from None
        log.debug("X API response: %s %s", response.status_code, route)
        _raise_for_status(response, route)
        try:
            body = response.json()
        except requests.JSONDecodeError:
            # A gateway's HTML error page with status 200: the API itself is fine, try again later.
            raise TransientError(f"X API answered {route} with a body that is not JSON") from None
        if not isinstance(body, dict):
            # Every X API v2 reply is an object; anything else (``[1, 2, 3]``) came from a broken hop
            # on the way, so a later attempt may get the real reply.
            raise TransientError(f"X API answered {route} with JSON that is not an object")
        return response


def build_x_client(bearer_token: str, *, base_url: str | None = None, timeout: float = 30.0) -> XClient:
    """Build the client a flow passes to ``collect_x``.

    Args:
        bearer_token: The app's bearer token, from ``X_BEARER_TOKEN`` or a Prefect Secret block.
        base_url: ``PRAISE_X_API_BASE_URL`` if set, else ``None`` for the real API.
        timeout: Seconds per request (``[x] timeout`` in praise.toml).

    Returns:
        A ready client.

    Raises:
        AuthFailed: The token is empty.
    """
    return XClient(bearer_token, base_url=base_url, timeout=timeout)


def _raise_for_status(response: requests.Response, route: str) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    detail = _api_message(response)
    where = f"X API {status} on {route}{': ' + detail if detail else ''}"
    if status in (401, 403):
        raise AuthFailed(f"{where} (check X_BEARER_TOKEN and the app's access level)")
    if status == 402:
        raise BudgetSpent(f"{where} (the X account's credits are used up)")
    if status == 429:
        raise RateLimited(where, retry_after=_reset_time(response))
    if status >= 500:
        raise TransientError(where)
    raise CollectorError(where)


def _reset_time(response: requests.Response) -> datetime | None:
    reset = response.headers.get("x-rate-limit-reset", "")
    return datetime.fromtimestamp(int(reset), tz=UTC) if reset.isdigit() else None


def _api_message(response: requests.Response) -> str:
    """Return what X said about an error, in one line, or ``""`` if the body says nothing readable."""
    try:
        body = response.json()
    except requests.JSONDecodeError:
        return ""
    if not isinstance(body, dict):
        return ""
    messages = [
        str(error.get("message") or error.get("detail"))
        for error in body.get("errors", [])
        if isinstance(error, dict) and (error.get("message") or error.get("detail"))
    ]
    for key in ("detail", "title"):
        if not messages and isinstance(body.get(key), str):
            messages.append(body[key])
    return "; ".join(messages)[:300]
