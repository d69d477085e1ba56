"""ISO weeks in Europe/Berlin, the unit every digest and report counts in; storage keeps UTC."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kernel.errors import PraiseError

BERLIN = ZoneInfo("Europe/Berlin")
WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, slots=True)
class Period:
    """A half-open span [start, end) in UTC with the label a reader sees."""

    start: datetime
    end: datetime
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def parse_week(text: str, tz: ZoneInfo = BERLIN) -> Period:
    """`2026-W47` → Monday 00:00 to the next Monday 00:00 local time, as UTC."""
    match = WEEK_PATTERN.match(text.strip())
    if not match:
        raise PraiseError(f"{text!r} is not an ISO week like 2026-W47")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise PraiseError(f"{text!r}: {year} has no week {week}") from None
    return week_of(monday, tz)


def week_of(day: date, tz: ZoneInfo = BERLIN) -> Period:
    monday = day - timedelta(days=day.isoweekday() - 1)
    start = datetime.combine(monday, time.min, tzinfo=tz)
    end = datetime.combine(monday + timedelta(days=7), time.min, tzinfo=tz)
    year, week, _ = monday.isocalendar()
    return Period(start.astimezone(UTC), end.astimezone(UTC), f"{year}-W{week:02d}")


def week_label(moment: datetime, tz: ZoneInfo = BERLIN) -> str:
    year, week, _ = moment.astimezone(tz).isocalendar()
    return f"{year}-W{week:02d}"


def previous_week(period: Period, tz: ZoneInfo = BERLIN) -> Period:
    return week_of((period.start.astimezone(tz) - timedelta(days=7)).date(), tz)


def last_complete_week(now: datetime, tz: ZoneInfo = BERLIN) -> Period:
    """The week before the one `now` falls in: what a Monday-morning digest covers."""
    return previous_week(week_of(now.astimezone(tz).date(), tz), tz)


def parse_day_span(first: str, last: str, tz: ZoneInfo = BERLIN) -> Period:
    """`--from 2026-09-01 --to 2026-11-22`: both days included, local time."""
    try:
        start_day, end_day = date.fromisoformat(first), date.fromisoformat(last)
    except ValueError:
        raise PraiseError(f"dates must look like 2026-11-23, not {first!r} / {last!r}") from None
    if end_day < start_day:
        raise PraiseError(f"--to {last} lies before --from {first}")
    start = datetime.combine(start_day, time.min, tzinfo=tz).astimezone(UTC)
    end = datetime.combine(end_day + timedelta(days=1), time.min, tzinfo=tz).astimezone(UTC)
    return Period(start, end, f"{start_day:%d.%m.%Y}–{end_day:%d.%m.%Y}")
