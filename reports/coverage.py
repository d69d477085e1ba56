"""The coverage statement every digest and report ends with: what its numbers rest on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine

from kernel.weeks import Period
from storage.runs import RunSummary, runs_between

# The Monday-morning run collects the last hours of Sunday: runs up to this long after a period
# still count for it.
GRACE = timedelta(hours=12)
WAITED = "waited"


@dataclass(frozen=True, slots=True)
class SourceCoverage:
    """How one source was collected in the period."""

    source: str
    runs: int
    runs_ok: int
    read: int
    new: int
    last_run_at: datetime


@dataclass(frozen=True, slots=True)
class Gap:
    """A run that did not complete: rate-limited, failed, budget spent, interrupted."""

    source: str
    started_at: datetime
    outcome: str
    retry_after: datetime | None
    error: str | None


@dataclass(frozen=True, slots=True)
class Coverage:
    """Which sources were collected in [runs_from, runs_until), which had gaps, how much was read."""

    runs_from: datetime
    runs_until: datetime
    runs: int
    posts_read: int
    posts_stored: int
    sources: list[SourceCoverage] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)


def coverage_for(engine: Engine, period: Period, posts_stored: int) -> Coverage:
    """Summarise the collection runs that fed `period`.

    Args:
        engine: the database.
        period: the digest's week or the report's span.
        posts_stored: how many mentions the product counted for the period (it has them already).
    """
    until = period.end + GRACE
    runs = runs_between(engine, period.start, until)
    return summarise(runs, period.start, until, posts_stored)


def summarise(runs: list[RunSummary], start: datetime, until: datetime, posts_stored: int) -> Coverage:
    """Coverage from run rows; pure, so tests can feed it any mix of outcomes."""
    by_source: dict[str, list[RunSummary]] = {}
    for run in runs:
        by_source.setdefault(run.source, []).append(run)
    sources = [
        SourceCoverage(
            source=name,
            runs=len(rows),
            runs_ok=sum(1 for r in rows if r.outcome == "ok"),
            read=sum(r.read for r in rows),
            new=sum(r.new for r in rows),
            last_run_at=max(r.started_at for r in rows),
        )
        for name, rows in sorted(by_source.items())
    ]
    gaps = [
        # A run that waited for a rate limit but then finished is complete, yet its reader should know.
        Gap(
            r.source,
            r.started_at,
            r.outcome if r.outcome != "ok" else WAITED,
            r.retry_after,
            _first_line(r.error),
        )
        for r in runs
        if r.outcome != "ok" or r.rate_limit_waits > 0
    ]
    return Coverage(
        runs_from=start,
        runs_until=until,
        runs=len(runs),
        posts_read=sum(r.read for r in runs),
        posts_stored=posts_stored,
        sources=sources,
        gaps=gaps,
    )


def _first_line(error: str | None) -> str | None:
    # Run errors are our own one-line messages; a long traceback would drown the statement.
    if not error:
        return None
    line = error.strip().splitlines()[0] if error.strip() else ""
    return line[:300] or None
