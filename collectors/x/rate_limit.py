"""Waiting for X's rate-limit reset inside a run, up to a cap, and saying so (twarc's users asked for it)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from collectors.x.settings import RATE_LIMIT_FALLBACK_WAIT, RATE_LIMIT_RESET_SLACK
from kernel.errors import RateLimited
from kernel.records import SourceReport

log = logging.getLogger(__name__)

T = TypeVar("T")


class RateLimitWaiter:
    """Retries a call after a 429 by sleeping until the reset, while the run's wait allowance lasts.

    Args:
        report: The source's report; each wait is added to ``rate_limit_waits``/``rate_limit_wait_seconds``.
        max_wait: Most seconds this source may spend waiting in one run, summed over all waits.
        sleep: Sleeps for the given seconds; tests pass a recorder.
        clock: The current UTC time.
    """

    def __init__(
        self,
        report: SourceReport,
        *,
        max_wait: float,
        sleep: Callable[[float], None],
        clock: Callable[[], datetime],
    ) -> None:
        self.report = report
        self.max_wait = max_wait
        self.sleep = sleep
        self.clock = clock
        self.waited = 0.0

    def call(self, request: Callable[[], T]) -> T:
        """Run ``request``, waiting and retrying after each 429 while the allowance lasts.

        Returns:
            What ``request`` returned.

        Raises:
            RateLimited: The next reset lies beyond the allowance; ``retry_after`` says when to come back.
        """
        while True:
            try:
                return request()
            except RateLimited as exc:
                now = self.clock()
                if exc.retry_after is None:
                    wait = RATE_LIMIT_FALLBACK_WAIT
                else:
                    wait = max((exc.retry_after - now).total_seconds(), 0.0) + RATE_LIMIT_RESET_SLACK
                resume_at = now + timedelta(seconds=wait)
                if self.waited + wait > self.max_wait:
                    raise RateLimited(
                        f"X rate limit on {self.report.source}: reset at {resume_at:%Y-%m-%d %H:%M:%S} UTC "
                        f"is beyond this run's wait allowance of {self.max_wait:g} s",
                        retry_after=resume_at,
                    ) from exc
                log.warning(
                    "X rate limit on %s: waiting %.0f s until %s UTC",
                    self.report.source,
                    wait,
                    f"{resume_at:%H:%M:%S}",
                )
                self.sleep(wait)
                self.waited += wait
                self.report.rate_limit_waits += 1
                self.report.rate_limit_wait_seconds += wait
