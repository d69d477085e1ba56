"""What a source's collection checks before it calls a platform: nobody else collects it, and the
platform's retry time has passed.

`guard_source` takes the source's lease (see `storage.leases`) and keeps it alive from a heartbeat
thread until `release`. A source held by another live run is skipped (its posts would be read, and
billed, twice); a source whose last run was told to come back later is not called before that time.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from kernel.records import RunOutcome, SourceKey, SourceReport
from kernel.settings import Settings
from storage.leases import Busy, Lease, acquire, release, renew
from storage.runs import finish_run, last_runs, start_run

log = logging.getLogger("praise.flows.guard")
SKIPPED = "skipped"


@dataclass
class Guard:
    engine: Engine
    lease: Lease | None
    # The source's report when it must not be collected now (another run has it, or not yet time).
    skip: dict[str, Any] | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _beat: threading.Thread | None = None

    def keep_alive(self) -> None:
        lease = self.lease
        if lease is None:
            return

        def beat() -> None:
            every = lease.ttl.total_seconds() / 4
            while not self._stop.wait(every):
                try:
                    if not renew(self.engine, lease):
                        log.error("%s: lease lost to another run; it may read posts twice", lease.source)
                        return
                except Exception as exc:  # a database hiccup must not kill the collection
                    log.warning("%s: lease not renewed: %s", lease.source, type(exc).__name__)

        self._beat = threading.Thread(target=beat, name=f"lease {lease.source}", daemon=True)
        self._beat.start()

    def release(self) -> None:
        self._stop.set()
        if self._beat is not None:
            self._beat.join(timeout=10)
        if self.lease is not None:
            release(self.engine, self.lease)
            self.lease = None


def guard_source(engine: Engine, settings: Settings, source: str, run_id: str) -> Guard:
    """Take `source`'s lease for `run_id`, or return a guard whose `skip` says why not to collect."""
    ttl = timedelta(seconds=settings.operations.lease_seconds)
    taken = acquire(engine, source, run_id, ttl=ttl)
    if isinstance(taken, Busy):
        log.warning("%s: skipped, %s", source, taken.describe())
        return Guard(engine, None, skip=_skipped(source, taken.describe()))
    if taken.took_over:
        log.warning("%s: took over the lease of run %s (%s)", source, run_id, taken.took_over)
    guard = Guard(engine, taken)
    retry_after = _retry_after(engine, source)
    if retry_after is not None:
        guard.skip = _deferred(engine, source, run_id, retry_after)
        guard.release()
        return guard
    guard.keep_alive()
    return guard


def _retry_after(engine: Engine, source: str) -> datetime | None:
    last = last_runs(engine).get(source)
    if last is None or last.retry_after is None or last.retry_after <= datetime.now(UTC):
        return None
    return last.retry_after


def _deferred(engine: Engine, source: str, run_id: str, retry_after: datetime) -> dict[str, Any]:
    """Record the run as still rate-limited, without calling the platform before its retry time."""
    report = SourceReport(SourceKey.parse(source))
    report.outcome = RunOutcome.RATE_LIMITED
    report.retry_after = retry_after
    report.error = f"not called: the platform asked to wait until {retry_after:%Y-%m-%d %H:%M} UTC"
    row = start_run(engine, run_id, source)
    finish_run(engine, row, report)
    log.warning("%s: %s", source, report.error)
    return {
        "source": source,
        "outcome": report.outcome.value,
        "read": 0,
        "new": 0,
        "updated": 0,
        "quarantined": 0,
        "rate_limit_waits": 0,
        "retry_after": retry_after.isoformat(),
        "error": report.error,
    }


def _skipped(source: str, why: str) -> dict[str, Any]:
    return {
        "source": source,
        "outcome": SKIPPED,
        "read": 0,
        "new": 0,
        "updated": 0,
        "quarantined": 0,
        "rate_limit_waits": 0,
        "retry_after": None,
        "error": why,
    }
