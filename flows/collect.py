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

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State, TaskRun
from prefect.futures import PrefectFuture
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.tasks import Task, exponential_backoff

from flows.secrets import load_secret_blocks
from flows.sources import normaliser_for, open_collector
from kernel.errors import CollectorError
from kernel.records import Platform, RunOutcome, SourceKey, SourceReport
from kernel.settings import Settings, load_settings
from kernel.sources import configured_sources
from storage.cursors import get_cursor
from storage.db import make_engine
from storage.ingest import store_page
from storage.migrate import upgrade
from storage.runs import finish_run, start_run

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
    source: str, run_id: str, config: str | None = None, x_budget: int = 100, now: datetime | None = None
) -> dict[str, Any]:
    """Collect one source from its cursor to the newest post and record the run.

    Returns:
        The source's report as a dict (outcome, read, new, updated, quarantined, waits, error).
    """
    settings = load_settings(None if config is None else Path(config))
    engine = make_engine(settings.database_url)
    key = SourceKey.parse(source)
    report = SourceReport(key)
    row = start_run(engine, run_id, source)
    normalise = normaliser_for(key.platform)
    try:
        pages = open_collector(settings, key, get_cursor(engine, source), report, x_budget=x_budget, now=now)
        for pages_stored, page in enumerate(pages, start=1):
            normalised = normalise(page.payload)
            stored = store_page(engine, page, normalised, run_id=run_id)
            report.read += page.posts_read or len(normalised.mentions) + len(normalised.quarantined)
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
        report.outcome = exc.outcome
        report.retry_after = exc.retry_after
        report.error = str(exc)
        finish_run(engine, row, report)
        if exc.transient:
            raise
        log.warning("%s stopped: %s", source, exc)
    except Exception as exc:
        report.outcome = RunOutcome.FAILED
        report.error = f"{type(exc).__name__}: {exc}"
        finish_run(engine, row, report)
        raise
    else:
        finish_run(engine, row, report)
        log.info("%s: done, %d read, %d new, %d updated", source, report.read, report.new, report.updated)
    finally:
        engine.dispose()
    return _as_dict(report)


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
    from praise.classifying import build_classifier, classify_stored

    settings = load_settings(None if config is None else Path(config))
    engine = make_engine(settings.database_url)
    try:
        return classify_stored(engine, build_classifier(settings))
    finally:
        engine.dispose()


def x_budget_share(settings: Settings, sources: list[SourceKey]) -> int:
    """Each X source's share of the run's read budget (the tasks may run on different machines)."""
    x_sources = sum(1 for s in sources if s.platform is Platform.X)
    return max(settings.x.read_budget // max(x_sources, 1), 1)


@flow(name="collect", task_runner=ThreadPoolTaskRunner(max_workers=4), log_prints=False)  # type: ignore[arg-type]
def collect(config: str | None = None, now: datetime | None = None) -> list[dict[str, Any]]:
    """Collect every configured source, then classify what is new; returns one report per source.

    Args:
        config: Path of praise.toml (default: $PRAISE_CONFIG or ./praise.toml).
        now: A fixed clock for replays of recorded data (the demo); leave empty in production.
    """
    from prefect.runtime import flow_run

    load_secret_blocks()
    settings = load_settings(None if config is None else Path(config))
    engine = make_engine(settings.database_url)
    upgrade(engine)
    engine.dispose()
    run_id = str(flow_run.id or uuid.uuid4())
    sources = configured_sources(settings)
    share = x_budget_share(settings, sources)
    futures: list[tuple[SourceKey, PrefectFuture[dict[str, Any]]]] = []
    previous_instagram: PrefectFuture[dict[str, Any]] | None = None
    for source in sources:
        # Instagram rate-limits per session: its sources run one after another, X sources in parallel.
        after = [previous_instagram] if source.platform is Platform.INSTAGRAM and previous_instagram else []
        future = collect_source.submit(
            str(source), run_id, config, share, now, wait_for=after, return_state=False
        )
        if source.platform is Platform.INSTAGRAM:
            previous_instagram = future
        futures.append((source, future))
    reports = []
    for source, future in futures:
        future.wait()
        try:
            reports.append(future.result(raise_on_failure=True))
        except Exception as exc:
            reports.append({"source": str(source), "outcome": RunOutcome.FAILED.value, "error": str(exc)})
    # After the sources, whatever they stored: a source that failed half-way stored pages worth labels.
    classified = classify_new.submit(config).result(raise_on_failure=False)
    if isinstance(classified, BaseException):
        log.error("classifying the new mentions failed: %s", classified)
    return reports
