"""From what runs saw to incidents, and from a new incident to one alert (see `storage.incidents`).

A source that fails, is refused or stays rate-limited opens an incident; the source's next `ok` run
resolves it. Each incident is alerted once, by whichever run claims it first.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from kernel.records import RunOutcome
from kernel.settings import Settings
from reports.publish.alerts import Alert, send_alert
from reports.publish.records import PublishError
from storage.incidents import claim_alert, open_incidents, record_incident, resolve_incident, unclaim_alert

log = logging.getLogger("praise.flows.alerts")
SOURCE_KINDS = ("source_failed", "auth_failed", "rate_limited")


def _source_incident(report: dict[str, Any], settings: Settings, now: datetime) -> tuple[str, str] | None:
    """(kind, detail) of the incident this source report shows, if any."""
    outcome = report.get("outcome")
    error = str(report.get("error") or "")
    if outcome == RunOutcome.FAILED.value:
        return "source_failed", f"{report['source']}: {error or 'failed'}"
    if outcome == RunOutcome.AUTH_FAILED.value:
        return "auth_failed", f"{report['source']}: {error or 'access refused'}"
    if outcome == RunOutcome.RATE_LIMITED.value and report.get("retry_after"):
        retry_after = datetime.fromisoformat(str(report["retry_after"]))
        if retry_after - now > timedelta(minutes=settings.alerts.rate_limited_minutes):
            return "rate_limited", f"{report['source']}: no reading before {retry_after:%Y-%m-%d %H:%M} UTC"
    return None


def alert_on_sources(engine: Engine, settings: Settings, reports: Iterable[dict[str, Any]]) -> list[str]:
    """Open or resolve each source's incidents from its latest report, then alert new ones."""
    now = datetime.now(UTC)
    for report in reports:
        source = str(report["source"])
        found = _source_incident(report, settings, now)
        if found is not None:
            kind, detail = found
            record_incident(engine, f"{kind}:{source}", kind, source, detail)
        if report.get("outcome") == RunOutcome.OK.value or found is not None:
            # An ok run ends every incident of the source; a new kind of trouble ends the old kind.
            for kind in SOURCE_KINDS:
                if found is None or kind != found[0]:
                    resolve_incident(engine, f"{kind}:{source}")
    return notify_open_incidents(engine, settings)


def notify_open_incidents(engine: Engine, settings: Settings) -> list[str]:
    """Send one alert per open incident nobody alerted yet; returns the keys alerted now."""
    if not settings.alerts.targets:
        return []
    sent = []
    for incident in open_incidents(engine):
        if incident.notified_at is not None or not claim_alert(engine, incident.key):
            continue
        alert = Alert(incident.key, incident.kind, incident.subject, incident.detail, incident.opened_at)
        try:
            done = send_alert(alert, settings.alerts, settings.publish)
        except PublishError as exc:
            unclaim_alert(engine, incident.key)
            log.error("alert %s not sent (tried again next run): %s", incident.key, exc)
            continue
        log.warning("alert sent for %s: %s", incident.key, ", ".join(done))
        sent.append(incident.key)
    return sent
