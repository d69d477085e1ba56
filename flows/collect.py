"""The `collect` flow: one task per configured source, each recorded as a run in storage.

A failing source never stops the others; only transient errors (5xx, time-outs) are retried, with
exponential backoff, because a refused token or a spent budget cannot get better by retrying.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from prefect import allow_failure, flow, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State, TaskRun
from prefect.futures import PrefectFuture
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.tasks import Task, exponential_backoff
from sqlalchemy import Engine

from flows.alerting import alert_on_sources
from flows.run_outcome import collection_state, publish_collection_outcome, send_logs_to_prefect
from flows.secrets import load_secret_blocks
from flows.source_guard import guard_source
from flows.sources import budget_share, normaliser_for, open_collector, runs_serially
from kernel.errors import CollectorError
from kernel.records import RunOutcome, SourceKey, SourceReport
from kernel.settings import Settings, load_settings
from kernel.sources import configured_sources
from storage.cursors import get_cursor
from storage.db import make_engine
from storage.ingest import store_page
from storage.leases import interrupt_lost_runs
from storage.migrate import upgrade
from storage.runs import (
    clip_error,
    count_unstored_read,
    finish_run,
    record_not_run,
    short_error,
    start_run,
)

log = logging.getLogger("praise.flows.collect")
PROGRESS_EVERY = 20


def only_transient(_task: Task[Any, Any], _run: TaskRun, state: State[Any]) -> bool:
    """Retry 5xx, time-outs and dropped connections; never auth failures, budgets or our own bugs."""
    error = state.data if isinstance(state.data, BaseException) else None
    if error is None:
        try:
            state.result(raise_on_failure=True)
        except BaseException as exc:
            error = exc
    return isinstance(error, CollectorError) and error.transient


@task(
    name="collect-source",
    retries=3,
    retry_delay_seconds=exponential_backoff(backoff_factor=10),
    retry_jitter_factor=0.5,
    retry_condition_fn=only_transient,
    cache_policy=NO_CACHE,
    task_run_name="collect {source}",
)
def collect_source(
    source: str,
    run_id: str,
    config: str | None = None,
    x_budget: int | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Collect one source from its cursor to the newest post and record the run.

    Returns:
        The source's report as a dict (outcome, read, new, updated, quarantined, waits, error).
    """
    settings = load_settings(None if config is None else Path(config))
    engine = make_engine(settings.database_url)
    key = SourceKey.parse(source)
    report = SourceReport(key)
    # One collection per source at a time, and not before the platform's retry time (issue 11).
    guard = guard_source(engine, settings, source, run_id)
    if guard.skip is not None:
        engine.dispose()
        return guard.skip
    row = start_run(engine, run_id, source)
    normalise = normaliser_for(key.platform)
    # Posts of the page in hand that are read (and billed) but not yet stored: counted if it fails.
    unstored = 0
    try:
        pages = open_collector(settings, key, get_cursor(engine, source), report, x_budget=x_budget, now=now)
        for pages_stored, page in enumerate(pages, start=1):
            unstored = page.posts_read
            normalised = normalise(page.payload)
            read = page.posts_read or len(normalised.mentions) + len(normalised.quarantined)
            unstored = read
            # The page's counts go into the run's row with the page itself, so a kill keeps them.
            stored = store_page(
                engine,
                page,
                normalised,
                run_id=run_id,
                run_row=row,
                read=read,
                max_text=settings.max_text_length,
            )
            unstored = 0
            report.read += read
            report.new += stored.new
            report.updated += stored.updated
            report.quarantined += stored.quarantined
            # Progress on long collections: a line every few pages, not one per Instagram post.
            if pages_stored % PROGRESS_EVERY == 0:
                log.info(
                    "%s: %d pages stored, %d read, %d new so far",
                    source,
                    pages_stored,
                    report.read,
                    report.new,
                )
    except CollectorError as exc:
        _end(engine, row, report, exc, unstored)
        if exc.transient:
            raise
        log.warning("%s stopped: %s", source, exc)
    except Exception as exc:
        _end(engine, row, report, exc, unstored)
        raise
    else:
        finish_run(engine, row, report, pages_counted=True)
        log.info("%s: done, %d read, %d new, %d updated", source, report.read, report.new, report.updated)
    finally:
        guard.release()
        engine.dispose()
    return _as_dict(report)


def _end(engine: Engine, row: int, report: SourceReport, exc: Exception, unstored: int) -> None:
    """Record a failed attempt: its outcome, a one-line error, and the reads of a page it did not store."""
    if isinstance(exc, CollectorError):
        report.outcome = exc.outcome
        report.retry_after = exc.retry_after
        report.error = clip_error(str(exc))
    else:
        report.outcome = RunOutcome.FAILED
        report.error = short_error(exc)
    report.read += unstored
    count_unstored_read(engine, row, unstored)
    finish_run(engine, row, report, pages_counted=True)


def _as_dict(report: SourceReport) -> dict[str, Any]:
    return {
        "source": str(report.source),
        "outcome": report.outcome.value,
        "read": report.read,
        "new": report.new,
        "updated": report.updated,
        "quarantined": report.quarantined,
        "rate_limit_waits": report.rate_limit_waits,
        "retry_after": report.retry_after.isoformat() if report.retry_after else None,
        "error": report.error,
    }


@task(name="classify-new", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=5)
def classify_new(config: str | None = None) -> int:
    """Classify every stored mention that has no labels yet, in batches (one task, never one per post)."""
    from flows.classifying import build_classifier, classify_stored

    settings = load_settings(None if config is None else Path(config))
    engine = make_engine(settings.database_url)
    try:
        return classify_stored(engine, build_classifier(settings))
    finally:
        engine.dispose()


@flow(name="collect", task_runner=ThreadPoolTaskRunner(max_workers=4), log_prints=False)  # type: ignore[arg-type]
def collect(config: str | None = None, now: datetime | None = None) -> list[dict[str, Any]]:
    """Collect every configured source, then classify what is new; returns one report per source.

    The flow ends in a State (see `flows.run_outcome`): Completed with the reports when every source is
    healthy; otherwise Failed, and a caller gets `CollectionFailed`, whose `reports` hold them.

    Args:
        config: Path of praise.toml (default: $PRAISE_CONFIG or ./praise.toml).
        now: A fixed clock for replays of recorded data (the demo); leave empty in production.
    """
    from prefect.runtime import flow_run

    send_logs_to_prefect()
    load_secret_blocks()
    settings = load_settings(None if config is None else Path(config))
    engine = make_engine(settings.database_url)
    upgrade(engine)
    # A run whose process died left its rows `running`: say so now, not when its source runs again.
    lost = interrupt_lost_runs(engine)
    if lost:
        log.warning("runs lost with their process, now marked interrupted: %s", ", ".join(lost))
    engine.dispose()
    run_id = str(flow_run.id or uuid.uuid4())
    sources = configured_sources(settings)
    futures: list[tuple[SourceKey, PrefectFuture[dict[str, Any]]]] = []
    previous: dict[str, PrefectFuture[dict[str, Any]]] = {}
    for source in sources:
        # A platform that rate-limits per session (Instagram) runs its sources one after another; the
        # others run in parallel.
        serial = runs_serially(source)
        # allow_failure: a failed source must not leave the next one of its platform PENDING for ever.
        after = [allow_failure(previous[source.platform])] if serial and source.platform in previous else []
        share = budget_share(settings, sources, source)
        future = collect_source.submit(
            str(source), run_id, config, share, now, wait_for=after, return_state=False
        )
        if serial:
            previous[source.platform] = future
        futures.append((source, future))
    reports = []
    for source, future in futures:
        future.wait()
        try:
            reports.append(future.result(raise_on_failure=True))
        except Exception as exc:
            error = clip_error(str(exc)) if isinstance(exc, CollectorError) else short_error(exc)
            reports.append({"source": str(source), "outcome": RunOutcome.FAILED.value, "error": error})
            # Every configured source gets a row every run, even one whose task never started.
            engine = make_engine(settings.database_url)
            try:
                record_not_run(engine, run_id, str(source), error)
            finally:
                engine.dispose()
    # After the sources, whatever they stored: a source that failed half-way stored pages worth labels.
    classified = classify_new.submit(config).result(raise_on_failure=False)
    if isinstance(classified, BaseException):
        log.error("classifying the new mentions failed: %s", classified)
    publish_collection_outcome(reports)
    _alert(settings, reports)
    # Prefect makes a returned State the run's final state; callers get the reports (see above).
    return collection_state(reports)  # type: ignore[return-value]


def _alert(settings: Settings, reports: list[dict[str, Any]]) -> None:
    engine = make_engine(settings.database_url)
    try:
        alert_on_sources(engine, settings, reports)
    except Exception as exc:  # an alerting fault must not hide the collection's own outcome
        log.error("alerting failed: %s: %s", type(exc).__name__, exc)
    finally:
        engine.dispose()
