"""The Mastodon client: Mastodon.py with its errors translated into ``kernel.errors``.

Mastodon.py parses the rate-limit headers (``X-RateLimit-Remaining``, ``X-RateLimit-Reset``) of every
response; with ``ratelimit_method="throw"`` it raises instead of sleeping up to five minutes on its own,
so the collector decides, within the run's allowance, whether to wait (and says so) or to stop.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from mastodon import Mastodon
from mastodon.errors import (
    MastodonAPIError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
)

from kernel.errors import AuthFailed, CollectorError, RateLimited, TransientError

T = TypeVar("T")


def build_mastodon_client(
    instance: str, *, access_token: str | None, base_url: str | None = None, timeout: float = 30.0
) -> Mastodon:
    """A client for one instance.

    Args:
        instance: The instance's host name (``social.example``).
        access_token: The bot account's token (read scope); ``None`` reads public timelines only.
        base_url: Replaces ``https://<instance>`` (``PRAISE_MASTODON_BASE_URL``: a gateway or a test double).
        timeout: Seconds per request.
    """
    return Mastodon(
        access_token=access_token,
        api_base_url=(base_url or f"https://{instance}").rstrip("/"),
        ratelimit_method="throw",
        request_timeout=timeout,
        # No /api/v1/instance request before each run: the collector needs no version-specific call.
        version_check_mode="none",
        user_agent="praise-pipeline",
    )


def reset_time(api: Mastodon) -> datetime | None:
    """The reset time Mastodon.py read from ``X-RateLimit-Reset``, if it lies ahead."""
    reset = getattr(api, "ratelimit_reset", None)
    return datetime.fromtimestamp(float(reset), tz=UTC) if isinstance(reset, int | float) else None


def exhausted_until(api: Mastodon, now: datetime) -> datetime | None:
    """The reset time when the last response said no request is left before it; otherwise ``None``."""
    remaining = getattr(api, "ratelimit_remaining", None)
    reset = reset_time(api)
    if isinstance(remaining, int) and remaining <= 0 and reset is not None and reset > now:
        return reset
    return None


def translated(api: Mastodon, what: str, request: Callable[[], T]) -> T:
    """Run one Mastodon.py call, raising ``kernel.errors`` instead of Mastodon.py's.

    Raises:
        RateLimited: 429, with the reset time the instance sent.
        AuthFailed: 401 or 403: the token is missing, wrong or lacks the read scope.
        TransientError: 5xx, a time-out, a dropped connection or a body that is not JSON.
        CollectorError: Any other refusal (404 for an unknown tag or instance path, 422, ...).
    """
    where = f"Mastodon {what}"
    try:
        return request()
    except MastodonRatelimitError:
        raise RateLimited(f"{where}: rate limit reached", retry_after=reset_time(api)) from None
    except MastodonUnauthorizedError as exc:
        raise AuthFailed(f"{where}: 401 {_detail(exc)} (check MASTODON_ACCESS_TOKEN)") from None
    except MastodonNetworkError as exc:
        raise TransientError(f"{where}: instance unreachable or too slow ({type(exc).__name__})") from None
    except MastodonServerError as exc:
        raise TransientError(f"{where}: {_status(exc)} {_detail(exc)}") from None
    except MastodonNotFoundError as exc:
        raise CollectorError(f"{where}: 404 {_detail(exc)}") from None
    except MastodonAPIError as exc:
        status = _status(exc)
        if status is None:
            # Mastodon.py could not parse the body: a proxy's error page; the instance may be fine later.
            raise TransientError(f"{where}: answer is not JSON") from None
        if status == 403:
            raise AuthFailed(f"{where}: 403 {_detail(exc)} (the token needs the read scope)") from None
        raise CollectorError(f"{where}: {status} {_detail(exc)}") from None


def _status(exc: MastodonAPIError) -> int | None:
    args: tuple[Any, ...] = exc.args
    return args[1] if len(args) > 1 and isinstance(args[1], int) else None


def _detail(exc: MastodonAPIError) -> str:
    args: tuple[Any, ...] = exc.args
    # Mastodon.py's args: message, status, reason, the instance's "error" text.
    parts = [str(a) for a in args[2:4] if a]
    return ": ".join(parts)[:300]
