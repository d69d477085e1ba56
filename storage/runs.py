"""One row per collection run and source: what it read, what was new, how it ended."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, Select, func, insert, select, update
from sqlalchemy.orm import Session

from kernel.records import SourceReport
from storage.db import writing
from storage.schema import CollectionRunRow

RUNNING = "running"
INTERRUPTED = "interrupted"


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


def finish_run(engine: Engine, row_id: int, report: SourceReport) -> None:
    """Record how an attempt ended; counts add up over the attempts (retries) of one run."""
    row = CollectionRunRow
    with writing(engine) as conn:
        conn.execute(
            update(row)
            .where(row.id == row_id)
            .values(
                finished_at=datetime.now(UTC),
                outcome=report.outcome.value,
                read=row.read + report.read,
                new=row.new + report.new,
                updated=row.updated + report.updated,
                quarantined=row.quarantined + report.quarantined,
                rate_limit_waits=row.rate_limit_waits + report.rate_limit_waits,
                rate_limit_wait_seconds=row.rate_limit_wait_seconds + report.rate_limit_wait_seconds,
                retry_after=report.retry_after,
                error=report.error,
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
