"""Rate control for instaloader inside a flow: wait briefly and say so, or stop the source.

instaloader's own `RateController` sleeps for as long as its sliding-window bookkeeping says (after an HTTP
429 that is typically 11 to 30 minutes). Inside a scheduled flow a worker that sleeps for half an hour holds
a slot and tells nobody; we instead wait only up to `max_wait` seconds (counted in the run's
`SourceReport`) and otherwise raise `RateLimited` with the time Instagram can be asked again, so the flow
records the source as rate-limited and moves on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import instaloader

from kernel.errors import RateLimited
from kernel.records import SourceReport

DEFAULT_MAX_WAIT = 60.0
# After a 429 Instagram wants a pause even when our own request count looks harmless.
MIN_RETRY_AFTER_429 = timedelta(minutes=10)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class FlowRateController(instaloader.RateController):
    """An instaloader rate controller that never sleeps longer than `max_wait` seconds.

    Collectors `bind` the run's report and sleep function for the duration of a pass, so that the waits
    are counted and tests can pass a sleep that does not wait.

    Args:
        context: The instaloader context (instaloader passes it when it builds the controller).
        max_wait: Longest single wait, in seconds, before the source is given up as rate-limited.
        clock: The current time, timezone-aware; injectable for tests.
    """

    def __init__(
        self,
        context: instaloader.InstaloaderContext,
        *,
        max_wait: float = DEFAULT_MAX_WAIT,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        super().__init__(context)
        self.max_wait = max_wait
        self.clock = clock
        self.report: SourceReport | None = None
        self._sleep: Callable[[float], Any] = time.sleep

    def bind(self, report: SourceReport | None, sleep: Callable[[float], Any]) -> None:
        """Count waits into `report` and wait with `sleep` from now on."""
        self.report = report
        self._sleep = sleep

    def sleep(self, secs: float) -> None:
        """Wait `secs` seconds if that is short enough, else raise `RateLimited`."""
        if secs > self.max_wait:
            retry_after = self.clock() + timedelta(seconds=secs)
            raise RateLimited(
                f"rate-limited by Instagram (our request budget), retry after {retry_after:%Y-%m-%d %H:%M} UTC",
                retry_after=retry_after,
            )
        if self.report is not None:
            self.report.rate_limit_waits += 1
            self.report.rate_limit_wait_seconds += secs
        self._sleep(secs)

    def handle_429(self, query_type: str) -> None:
        """Instagram answered 429: stop this source instead of instaloader's long sleep."""
        try:
            wait = self.query_waittime(query_type, time.monotonic(), True)
        except ValueError:
            # instaloader takes min() over the requests it tracked; none tracked means no estimate.
            wait = 0.0
        retry_after = self.clock() + max(timedelta(seconds=wait), MIN_RETRY_AFTER_429)
        raise RateLimited(
            f"rate-limited by Instagram (HTTP 429), retry after {retry_after:%Y-%m-%d %H:%M} UTC",
            retry_after=retry_after,
        )
