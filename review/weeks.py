"""Week navigation: previous / next, the list of recent weeks with their counts, and where to land.

Editors land on the newest week that still has open work, not on the week the clock says (which on a
Monday morning is nearly empty).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select

from kernel.weeks import BERLIN, Period, last_complete_week, previous_week, week_of
from review.queue import is_open, queue_of, undecided
from storage import reviews
from storage.review_queue import queue_rows, week_rows
from storage.schema import MentionRow

LISTED_WEEKS = 12


@dataclass(frozen=True, slots=True)
class WeekNavigation:
    previous: str
    next: str


@dataclass(frozen=True, slots=True)
class WeekSummary:
    week: str
    posts: int
    queue: int
    open: int
    needs_decision: int
    status: str


def next_week(period: Period) -> Period:
    return week_of((period.start.astimezone(BERLIN) + timedelta(days=7)).date())


def week_navigation(_engine: Engine, period: Period) -> WeekNavigation:
    return WeekNavigation(previous_week(period).label, next_week(period).label)


def newest_week(engine: Engine) -> Period:
    """The week of the newest stored post (the last complete week when nothing is stored)."""
    with engine.connect() as conn:
        newest = conn.execute(select(func.max(MentionRow.created_at))).scalar_one_or_none()
    if newest is None:
        return last_complete_week(datetime.now(UTC))
    if isinstance(newest, str):  # SQLite's aggregate returns the stored text
        newest = datetime.fromisoformat(newest)
    if newest.tzinfo is None:
        newest = newest.replace(tzinfo=UTC)
    return week_of(newest.astimezone(BERLIN).date())


def recent_weeks(engine: Engine, own_handles: list[str], count: int = LISTED_WEEKS) -> list[WeekSummary]:
    """The newest `count` weeks (newest first) with posts, queue, open posts and digest state."""
    summaries: list[WeekSummary] = []
    period = newest_week(engine)
    for _ in range(count):
        rows = week_rows(engine, period.start, period.end)
        queue = queue_of(rows, own_handles)
        summaries.append(
            WeekSummary(
                week=period.label,
                posts=len(rows),
                queue=len(queue),
                open=sum(1 for r in queue if is_open(r)),
                needs_decision=undecided(queue),
                status=reviews.week_state(engine, period.label).status,
            )
        )
        period = previous_week(period)
    return summaries


def landing_week(engine: Engine, own_handles: list[str]) -> str:
    """The newest week with open work in an unpublished digest; else the newest week with posts."""
    period = newest_week(engine)
    fallback = period.label
    for _ in range(LISTED_WEEKS):
        if not reviews.week_state(engine, period.label).locked:
            queue = queue_of(queue_rows(engine, period.start, period.end), own_handles)
            if any(is_open(r) for r in queue):
                return period.label
        period = previous_week(period)
    return fallback
