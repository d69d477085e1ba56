"""One row per collection run and source: what it read, what was new, how it ended."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Select, func, insert, select, update
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import Session

from kernel.records import SourceReport
from storage.db import writing
from storage.schema import CollectionRunRow

RUNNING = "running"
INTERRUPTED = "interrupted"
# The run log's error is for a person scanning `praise sources`: one line, never a page of SQL.
ERROR_LIMIT = 300


@dataclass(frozen=True, slots=True)
class PageCounts:
    """What one stored page adds to its run's row."""

    read: int
    new: int
    updated: int
    quarantined: int


def short_error(exc: BaseException) -> str:
    """One line naming what went wrong, without SQL, parameters or post text.

    SQLAlchemy's own message carries the statement and its parameters (post texts, 10 KB); the
    driver's first line says what the database objected to, which is what a person can act on.
    """
    if isinstance(exc, StatementError) and exc.orig is not None:
        cause: BaseException = exc.orig
        name = type(cause).__name__
        lines = str(cause).strip().splitlines()
        detail = lines[0] if lines else ""
    else:
        name = type(exc).__name__
        lines = str(exc).strip().splitlines()
        detail = lines[0] if lines else ""
    if isinstance(exc, UnicodeError):
        # The message quotes only the offending character and its position, never the text itself.
        detail = detail.split(":")[-1].strip() if ":" in detail else detail
    if isinstance(exc, DBAPIError | StatementError) and detail.startswith("("):
        detail = detail.split(")", 1)[-1].strip()
    return clip_error(f"{name}: {detail}" if detail else name)


def clip_error(text: str) -> str:
    """The text on one line and at most ``ERROR_LIMIT`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= ERROR_LIMIT else line[: ERROR_LIMIT - 1] + "…"


def count_page(conn: Connection, row_id: int, counts: PageCounts) -> None:
    """Add a stored page to its run's row, inside the transaction that stored it.

    So a run that is killed keeps the counts of every page it stored, not zeros.
    """
    row = CollectionRunRow
    conn.execute(
        update(row)
        .where(row.id == row_id)
        .values(
            read=row.read + counts.read,
            new=row.new + counts.new,
            updated=row.updated + counts.updated,
            quarantined=row.quarantined + counts.quarantined,
        )
    )


def count_unstored_read(engine: Engine, row_id: int, read: int) -> None:
    """Add posts that were read (and billed) but whose page was not stored, so the log shows the cost."""
    if read <= 0:
        return
    with writing(engine) as conn:
        conn.execute(
            update(CollectionRunRow)
            .where(CollectionRunRow.id == row_id)
            .values(read=CollectionRunRow.read + read)
        )


def start_run(engine: Engine, run_id: str, source: str) -> int:
    """Record that a source's collection began; returns the row id for `finish_run`.

    A retry within the same run reuses the run's row, so there is one row per run and source.
    A run that dies leaves its row at 'running'; the next start of the same source marks such rows
    'interrupted' so reports show the gap instead of a run that never ends.
    """
    now = datetime.now(UTC)
    with writing(engine) as conn:
        existing = conn.execute(
            select(CollectionRunRow.id).where(
                CollectionRunRow.run_id == run_id, CollectionRunRow.source == source
            )
        ).scalar_one_or_none()
        if existing is not None:
            conn.execute(
                update(CollectionRunRow).where(CollectionRunRow.id == existing).values(outcome=RUNNING)
            )
            return int(existing)
        conn.execute(
            update(CollectionRunRow)
            .where(CollectionRunRow.source == source, CollectionRunRow.outcome == RUNNING)
            .values(outcome=INTERRUPTED, finished_at=now)
        )
        row_id = conn.execute(
            insert(CollectionRunRow)
            .values(
                run_id=run_id,
                source=source,
                started_at=now,
                outcome=RUNNING,
                read=0,
                new=0,
                updated=0,
                quarantined=0,
                rate_limit_waits=0,
                rate_limit_wait_seconds=0.0,
            )
            .returning(CollectionRunRow.id)
        ).scalar_one()
    return int(row_id)


def record_not_run(engine: Engine, run_id: str, source: str, error: str) -> None:
    """Give a source that never started in this run a failed row, unless its task wrote one."""
    now = datetime.now(UTC)
    with writing(engine) as conn:
        exists = conn.execute(
            select(CollectionRunRow.id).where(
                CollectionRunRow.run_id == run_id, CollectionRunRow.source == source
            )
        ).first()
        if exists is not None:
            return
        conn.execute(
            insert(CollectionRunRow).values(
                run_id=run_id,
                source=source,
                started_at=now,
                finished_at=now,
                outcome="failed",
                read=0,
                new=0,
                updated=0,
                quarantined=0,
                rate_limit_waits=0,
                rate_limit_wait_seconds=0.0,
                error=clip_error(error),
            )
        )


def finish_run(engine: Engine, row_id: int, report: SourceReport, *, pages_counted: bool = False) -> None:
    """Record how an attempt ended; counts add up over the attempts (retries) of one run.

    Args:
        pages_counted: The row already holds the read, new, updated and quarantined counts, because each
            stored page added its own (``count_page``) and so did reads of a page that could not be
            stored (``count_unstored_read``); only the waits are added here then.
    """
    row = CollectionRunRow
    counts: dict[str, Any] = {}
    if not pages_counted:
        counts = {
            "read": row.read + report.read,
            "new": row.new + report.new,
            "updated": row.updated + report.updated,
            "quarantined": row.quarantined + report.quarantined,
        }
    with writing(engine) as conn:
        conn.execute(
            update(row)
            .where(row.id == row_id)
            .values(
                finished_at=datetime.now(UTC),
                outcome=report.outcome.value,
                rate_limit_waits=row.rate_limit_waits + report.rate_limit_waits,
                rate_limit_wait_seconds=row.rate_limit_wait_seconds + report.rate_limit_wait_seconds,
                retry_after=report.retry_after,
                error=None if report.error is None else clip_error(report.error),
                **counts,
            )
        )


@dataclass(frozen=True, slots=True)
class RunSummary:
    source: str
    started_at: datetime
    finished_at: datetime | None
    outcome: str
    read: int
    new: int
    updated: int
    quarantined: int
    rate_limit_waits: int
    retry_after: datetime | None
    error: str | None


def last_runs(engine: Engine) -> dict[str, RunSummary]:
    """The latest run of every source."""
    latest = (
        select(CollectionRunRow.source, func.max(CollectionRunRow.id).label("id"))
        .group_by(CollectionRunRow.source)
        .subquery()
    )
    stmt = select(CollectionRunRow).join(latest, CollectionRunRow.id == latest.c.id)
    return {row.source: _summary(row) for row in _rows(engine, stmt)}


def runs_between(engine: Engine, start: datetime, end: datetime) -> list[RunSummary]:
    """Runs that started in [start, end), oldest first: what a report's coverage statement rests on."""
    stmt = (
        select(CollectionRunRow)
        .where(CollectionRunRow.started_at >= start, CollectionRunRow.started_at < end)
        .order_by(CollectionRunRow.started_at)
    )
    return [_summary(row) for row in _rows(engine, stmt)]


def _rows(engine: Engine, stmt: Select[Any]) -> list[CollectionRunRow]:
    with Session(engine) as session:
        return list(session.scalars(stmt))


def _summary(row: CollectionRunRow) -> RunSummary:
    return RunSummary(
        source=row.source,
        started_at=row.started_at,
        finished_at=row.finished_at,
        outcome=row.outcome,
        read=row.read,
        new=row.new,
        updated=row.updated,
        quarantined=row.quarantined,
        rate_limit_waits=row.rate_limit_waits,
        retry_after=row.retry_after,
        error=row.error,
    )
