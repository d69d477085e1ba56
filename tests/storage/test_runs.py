from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from kernel.records import Platform, RunOutcome, SourceKey, SourceReport
from storage.runs import finish_run, last_runs, runs_between, start_run

SOURCE = SourceKey(Platform.X, "mentions", "StadtIT_Demo")


def test_run_row_records_outcome_and_counts(engine: Engine) -> None:
    row = start_run(engine, "run-1", str(SOURCE))
    retry = datetime(2026, 11, 20, 12, 15, tzinfo=UTC)
    report = SourceReport(SOURCE, RunOutcome.RATE_LIMITED, read=120, new=100, updated=20, rate_limit_waits=2)
    report.retry_after = retry
    report.error = "rate-limited until 12:15 UTC"
    finish_run(engine, row, report)
    summary = last_runs(engine)[str(SOURCE)]
    assert (summary.outcome, summary.read, summary.new, summary.updated) == ("rate_limited", 120, 100, 20)
    assert summary.retry_after == retry
    assert summary.rate_limit_waits == 2


def test_a_run_left_running_is_marked_interrupted_by_the_next(engine: Engine) -> None:
    start_run(engine, "run-1", str(SOURCE))
    second = start_run(engine, "run-2", str(SOURCE))
    finish_run(engine, second, SourceReport(SOURCE, read=5, new=5))
    now = datetime.now(UTC)
    outcomes = [r.outcome for r in runs_between(engine, now - timedelta(hours=1), now + timedelta(hours=1))]
    assert outcomes == ["interrupted", "ok"]
