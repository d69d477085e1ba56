"""Which collector and which normaliser serve a source: the wiring between collectors and storage."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from collectors.x import ReadBudget, build_x_client, collect_x, normalise_x_page
from kernel.errors import AuthFailed, CollectorError
from kernel.records import Normalised, Platform, RawPage, SourceKey, SourceReport
from kernel.settings import Settings

Normaliser = Callable[[dict[str, Any]], Normalised]


def normaliser_for(platform: Platform) -> Normaliser:
    if platform is Platform.X:
        return normalise_x_page
    if platform is Platform.INSTAGRAM:
        from collectors.instagram_normalise import normalise_instagram_page

        instagram: Normaliser = normalise_instagram_page
        return instagram
    raise CollectorError(f"no normaliser for platform {platform}")


def open_collector(
    settings: Settings,
    source: SourceKey,
    cursor: dict[str, Any],
    report: SourceReport,
    *,
    x_budget: int,
    now: datetime | None = None,
) -> Iterator[RawPage]:
    """Start the generator that reads `source` from its cursor.

    Args:
        now: A fixed clock for replays of recorded data (the demo); `None` is the real time.
    """
    if source.platform is Platform.X:
        if settings.x_bearer_token is None:
            raise AuthFailed(
                "X_BEARER_TOKEN is not set (environment or Prefect Secret block 'x-bearer-token')"
            )
        client = build_x_client(
            settings.x_bearer_token.get_secret_value(),
            base_url=settings.x_api_base_url,
            timeout=settings.x.timeout,
        )
        clock: Callable[[], datetime] = (lambda: now) if now else (lambda: datetime.now(UTC))
        return collect_x(
            client,
            source,
            cursor,
            budget=ReadBudget(x_budget),
            report=report,
            max_rate_limit_wait=settings.x.max_rate_limit_wait,
            clock=clock,
        )
    if source.platform is Platform.INSTAGRAM:
        from flows.instagram_source import open_instagram_collector

        pages: Iterator[RawPage] = open_instagram_collector(settings, source, cursor, report, now=now)
        return pages
    raise CollectorError(f"cannot collect from {source}")
