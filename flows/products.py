"""The weekly digest and the sentiment report flows.

The digest flow drafts the last complete week (Monday 07:00, Europe/Berlin) and publishes it once a
publisher approved it in the review workspace, or at once where `publish.require_approval = false`.
It runs again during the working day, so an approval later on Monday still goes out; publishing is
once per week and target, so the extra runs never send twice.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.run_outcome import publish_product_outcome, send_logs_to_prefect
from flows.upstream import drop_deleted_posts
from kernel.settings import Settings, load_settings
from kernel.weeks import BERLIN, Period, last_complete_week, parse_day_span, parse_week, week_of
from reports.digest import build_digest, write_digest
from reports.publish.approved import publish_week
from reports.sentiment import build_report, write_report
from storage.db import make_engine
from storage.migrate import upgrade
from storage.publications import AlreadyPublished
from storage.reviews import PUBLISHED, WeekNotReady, week_state

log = logging.getLogger("praise.flows.products")


def _settings(config: str | None) -> Settings:
    return load_settings(None if config is None else Path(config))


@task(name="draft-digest", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=10)
def draft_digest(config: str | None, week: str) -> list[str]:
    """Write the week's digest as it stands into out_dir/digest-WEEK/ (what the review workspace previews)."""
    settings = _settings(config)
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        digest = build_digest(engine, week, settings.review.digest_lang, own_handles=settings.own_handles)
        return [str(p) for p in write_digest(digest, settings.out_dir / f"digest-{week}")]
    finally:
        engine.dispose()


@task(name="publish-digest", cache_policy=NO_CACHE)
def publish_if_approved(config: str | None, week: str, target: str) -> dict[str, Any]:
    """Publish the week where it may go out; say why not where it may not. Retries live in the publisher."""
    settings = _settings(config)
    engine = make_engine(settings.database_url)
    try:
        if week_state(engine, week).status == PUBLISHED:
            return {"week": week, "status": "published already"}
        result = publish_week(
            engine,
            week,
            target,
            settings=settings.publish,
            actor="schedule",
            lang=settings.review.digest_lang,
            own_handles=settings.own_handles,
        )
        return {"week": week, "status": "published", "target": result.target, "detail": result.detail}
    except WeekNotReady:
        log.info("digest of %s waits for a publisher's approval", week)
        return {"week": week, "status": "waiting for approval"}
    except AlreadyPublished:
        return {"week": week, "status": "published already"}
    finally:
        engine.dispose()


@flow(name="weekly-digest", log_prints=False)
def weekly_digest(
    config: str | None = None, week: str | None = None, target: str = "folder"
) -> dict[str, Any]:
    """Draft the digest of `week` (default: the last complete week) and publish it if it may go out."""
    send_logs_to_prefect()
    label = parse_week(week).label if week else last_complete_week(datetime.now(UTC)).label
    # Posts deleted on X since collection are erased first, so the draft never quotes them.
    drop_deleted_posts(config, label)
    paths = draft_digest(config, label)
    outcome = publish_if_approved(config, label, target)
    result = {**outcome, "draft": paths}
    publish_product_outcome("digest", result)
    return result


def report_period(kind: str, today: date) -> Period:
    """`weekly`: the 12 ISO weeks up to the last complete one; `monthly`: the previous calendar month."""
    if kind == "monthly":
        first_of_month = today.replace(day=1)
        last_month_end = first_of_month - timedelta(days=1)
        return parse_day_span(last_month_end.replace(day=1).isoformat(), last_month_end.isoformat())
    if kind == "weekly":
        last = last_complete_week(datetime.combine(today, datetime.min.time(), tzinfo=BERLIN))
        first = week_of((last.start.astimezone(BERLIN) - timedelta(weeks=11)).date())
        return Period(first.start, last.end, f"{first.label}–{last.label}")
    raise ValueError(f"kind must be weekly or monthly, not {kind!r}")


@task(name="write-report", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=10)
def write_sentiment_report(config: str | None, kind: str, today: date) -> list[str]:
    settings = _settings(config)
    period = report_period(kind, today)
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        report = build_report(engine, period, settings.review.lang)
        first = period.start.astimezone(BERLIN).date()
        last = (period.end.astimezone(BERLIN) - timedelta(days=1)).date()
        folder = settings.out_dir / f"report-{kind}-{first.isoformat()}_{last.isoformat()}"
        return [str(p) for p in write_report(report, folder)]
    finally:
        engine.dispose()


@flow(name="sentiment-report", log_prints=False)
def sentiment_report(config: str | None = None, kind: str = "weekly", today: date | None = None) -> list[str]:
    """Write the leadership report: `weekly` (12 weeks) or `monthly` (the previous month)."""
    send_logs_to_prefect()
    paths = write_sentiment_report(config, kind, today or datetime.now(BERLIN).date())
    publish_product_outcome("report", {"status": "written", "kind": kind, "files": paths})
    return paths
