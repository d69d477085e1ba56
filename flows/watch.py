"""The `watch` flow: alerts no single run can raise, because they are about runs that did not happen
or about a whole week (every 15 minutes, see prefect.yaml).

- No collection started for `alerts.missed_run_minutes` while sources are configured: the schedule,
  the worker or the server stopped.
- This week has `alerts.negative_spike_factor` times the mean negative posts of the four weeks before
  (and at least `alerts.negative_spike_min`).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from prefect import flow

from flows.alerting import notify_open_incidents
from flows.run_outcome import publish_product_outcome, send_logs_to_prefect
from kernel.settings import Settings, load_settings
from kernel.sources import configured_sources
from kernel.weeks import previous_week, week_of
from storage.db import make_engine
from storage.incidents import record_incident, resolve_incident
from storage.migrate import upgrade
from storage.watch_queries import last_collection_start, negative_count

log = logging.getLogger("praise.flows.watch")
MISSED = "missed_run:collect"


def check_missed_collection(engine: Any, settings: Settings, now: datetime) -> str | None:
    """Open (or resolve) the missed-run incident; returns its detail when open."""
    last = last_collection_start(engine)
    allowed = timedelta(minutes=settings.alerts.missed_run_minutes)
    if not configured_sources(settings) or last is None or now - last <= allowed:
        resolve_incident(engine, MISSED)
        return None
    detail = (
        f"no collection started since {last:%Y-%m-%d %H:%M} UTC "
        f"(more than {settings.alerts.missed_run_minutes:.0f} minutes): check the schedule and the workers"
    )
    record_incident(engine, MISSED, "missed_run", "collect", detail)
    return detail


def check_negative_spike(engine: Any, settings: Settings, now: datetime) -> str | None:
    """Open (or resolve) this week's spike incident; returns its detail when open."""
    week = week_of(now.date())
    key = f"negative_spike:{week.label}"
    count = negative_count(engine, week.start, week.end)
    before, earlier = [], week
    for _ in range(4):
        earlier = previous_week(earlier)
        before.append(negative_count(engine, earlier.start, earlier.end))
    mean = sum(before) / len(before)
    alerts = settings.alerts
    if count < alerts.negative_spike_min or count < alerts.negative_spike_factor * max(mean, 1.0):
        resolve_incident(engine, key)
        return None
    detail = f"{count} negative posts in {week.label} against {mean:.1f} a week in the four weeks before"
    record_incident(engine, key, "negative_spike", week.label, detail)
    return detail


@flow(name="watch", log_prints=False)
def watch(config: str | None = None, now: datetime | None = None) -> dict[str, Any]:
    """Check for missed collections and negative spikes; alert each new incident once."""
    send_logs_to_prefect()
    settings = load_settings(None if config is None else Path(config))
    moment = now or datetime.now(UTC)
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        missed = check_missed_collection(engine, settings, moment)
        spike = check_negative_spike(engine, settings, moment)
        alerted = notify_open_incidents(engine, settings)
    finally:
        engine.dispose()
    for found in (missed, spike):
        if found:
            log.warning("%s", found)
    outcome = {
        "status": "incidents" if missed or spike else "all well",
        "missed_run": missed or "",
        "negative_spike": spike or "",
        "alerted": alerted,
    }
    publish_product_outcome("watch", outcome)
    return outcome
