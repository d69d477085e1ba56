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


def test_a_database_error_becomes_one_short_line_without_sql_or_post_text(engine: Engine) -> None:
    from kernel.records import Normalised, RawPage
    from storage.ingest import store_page
    from storage.runs import ERROR_LIMIT, short_error
    from tests.storage.factories import mention

    secret_text = "Danke an Frau Beispiel, Tel. 0170 1234567 " * 200
    broken = mention(2, text=None, author_name=secret_text)
    try:
        store_page(engine, RawPage(SOURCE, {}, {"since_id": "2"}), Normalised([broken]))
    except Exception as exc:  # the database's own error, as the flow would catch it
        line = short_error(exc)
    else:
        raise AssertionError("the database took a mention without text")
    assert len(line) <= ERROR_LIMIT
    assert "\n" not in line
    assert "INSERT" not in line
    assert "0170" not in line
    assert "IntegrityError" in line or "NotNullViolation" in line


def test_a_long_error_is_clipped_in_the_run_log(engine: Engine) -> None:
    row = start_run(engine, "run-1", str(SOURCE))
    report = SourceReport(SOURCE, RunOutcome.FAILED)
    report.error = "boom\n" + "x" * 10_000
    finish_run(engine, row, report)
    error = last_runs(engine)[str(SOURCE)].error
    assert error is not None
    assert len(error) <= 300
    assert "\n" not in error
