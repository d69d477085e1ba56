"""Waiting for a platform's rate-limit reset inside a run, up to a cap, and saying so.

Shared by every collector whose client reports the reset time as `RateLimited.retry_after` (X from
its x-rate-limit-reset header, Mastodon, Bluesky).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from kernel.errors import RateLimited
from kernel.records import SourceReport

log = logging.getLogger(__name__)

T = TypeVar("T")

# When the platform sends no reset time, a minute is a polite first wait.
FALLBACK_WAIT = 60.0
# Reset times have one-second resolution: a second more avoids a second 429 at the boundary.
RESET_SLACK = 1.0


class ResetWaiter:
    """Runs calls, sleeping until the rate-limit reset after a 429 while the run's allowance lasts.

    Args:
        platform: The platform's name for log lines and errors.
        report: The source's report; each wait is added to it.
        max_wait: Most seconds this source may spend waiting in one run, summed over all waits.
        sleep: Sleeps for the given seconds; tests pass a recorder.
        clock: The current UTC time.
    """

    def __init__(
        self,
        platform: str,
        report: SourceReport,
        *,
        max_wait: float,
        sleep: Callable[[float], None],
        clock: Callable[[], datetime],
    ) -> None:
        self.platform = platform
        self.report = report
        self.max_wait = max_wait
        self.sleep = sleep
        self.clock = clock
        self.waited = 0.0

    def wait_until(self, reset: datetime | None, cause: BaseException | None = None) -> None:
        """Sleep until ``reset`` (plus slack) if the allowance covers it.

        Raises:
            RateLimited: The reset lies beyond the allowance; ``retry_after`` says when to come back.
        """
        now = self.clock()
        wait = FALLBACK_WAIT if reset is None else max((reset - now).total_seconds(), 0.0) + RESET_SLACK
        resume_at = now + timedelta(seconds=wait)
        if self.waited + wait > self.max_wait:
            raise RateLimited(
                f"{self.platform} rate limit on {self.report.source}: reset at "
                f"{resume_at:%Y-%m-%d %H:%M:%S} UTC is beyond this run's wait allowance of {self.max_wait:g} s",
                retry_after=resume_at,
            ) from cause
        log.warning(
            "%s rate limit on %s: waiting %.0f s until %s UTC",
            self.platform,
            self.report.source,
            wait,
            f"{resume_at:%H:%M:%S}",
        )
        self.sleep(wait)
        self.waited += wait
        self.report.rate_limit_waits += 1
        self.report.rate_limit_wait_seconds += wait

    def call(self, request: Callable[[], T]) -> T:
        """Run ``request``, waiting and retrying after each `RateLimited` while the allowance lasts."""
        while True:
            try:
                return request()
            except RateLimited as exc:
                self.wait_until(exc.retry_after, exc)
