"""Honest Prefect states: what a run did, per source or per product, as a table artifact, in the run's
log, and in the final state, which is not "Completed" when a source failed.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from prefect.artifacts import create_table_artifact
from prefect.client.schemas.objects import State
from prefect.states import Completed, Failed

from kernel.records import RunOutcome

log = logging.getLogger("praise.flows.outcome")
# A source that ended like this collected what it should (budget_spent is the configured cap; skipped
# means another run holds the source right now).
HEALTHY = {RunOutcome.OK.value, RunOutcome.BUDGET_SPENT.value, "skipped"}
COLUMNS = ("source", "outcome", "read", "new", "updated", "quarantined", "retry_after", "error")


class CollectionFailed(Exception):
    """A collect run with unhealthy sources; `reports` holds what every source did."""

    def __init__(self, message: str, reports: list[dict[str, Any]]) -> None:
        super().__init__(message, reports)
        self.message = message
        self.reports = reports

    def __str__(self) -> str:
        return self.message


def send_logs_to_prefect() -> None:
    """Let the project's own log lines (per-source counts, rate-limit waits, alerts) reach the run's
    log in the Prefect API and UI, at `PRAISE_LOG_LEVEL` (default INFO; the command line sets WARNING).

    Prefect sends only its own loggers by default; this is what `PREFECT_LOGGING_EXTRA_LOGGERS=praise`
    does, without relying on every worker's environment. Our lines never hold a secret (see
    tests/flows/test_secrets.py).
    """
    from prefect.logging.handlers import APILogHandler

    logger = logging.getLogger("praise")
    logger.setLevel(os.environ.get("PRAISE_LOG_LEVEL", "INFO").upper())
    if not any(isinstance(h, APILogHandler) for h in logger.handlers):
        logger.addHandler(APILogHandler())


def publish_collection_outcome(reports: list[dict[str, Any]]) -> None:
    """One log line per source and a table artifact `collection-outcome` on the flow run."""
    for r in reports:
        level = logging.INFO if r.get("outcome") in HEALTHY else logging.WARNING
        log.log(
            level,
            "%s: %s, %s read, %s new%s",
            r["source"],
            r.get("outcome"),
            r.get("read", 0),
            r.get("new", 0),
            f" ({r['error']})" if r.get("error") else "",
        )
    rows = [{c: "" if r.get(c) is None else r.get(c) for c in COLUMNS} for r in reports]
    _artifact("collection-outcome", rows, _summary(reports))


def collection_state(reports: list[dict[str, Any]]) -> State[Any]:
    """Completed when every source is healthy; Failed otherwise, named for how much was collected.

    A caller gets the reports as the result, or `CollectionFailed` carrying them.
    """
    unhealthy = [r for r in reports if r.get("outcome") not in HEALTHY]
    message = _summary(reports)
    if not unhealthy:
        return Completed(data=reports, message=message)
    if len(unhealthy) == len(reports):
        message = f"nothing collected: {message}"
        return Failed(data=CollectionFailed(message, reports), message=message)
    return Failed(data=CollectionFailed(message, reports), message=message, name="Partly collected")


def publish_product_outcome(product: str, outcome: dict[str, Any]) -> None:
    """A digest or report run's outcome (drafted, waiting for approval, published) as artifact and log."""
    log.info("%s: %s", product, ", ".join(f"{k}={v}" for k, v in outcome.items() if k != "draft"))
    rows = [
        {"field": k, "value": ", ".join(v) if isinstance(v, list) else str(v)} for k, v in outcome.items()
    ]
    _artifact(f"{product}-outcome", rows, f"{product}: {outcome.get('status', 'written')}")


def _summary(reports: list[dict[str, Any]]) -> str:
    counts: dict[str, int] = {}
    for r in reports:
        counts[str(r.get("outcome"))] = counts.get(str(r.get("outcome")), 0) + 1
    return ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "no sources"


def _artifact(key: str, rows: list[dict[str, Any]], description: str) -> None:
    try:
        create_table_artifact(rows, key=key, description=description)
    except Exception as exc:  # the run's outcome matters more than its artifact
        log.warning("artifact %s not stored: %s", key, type(exc).__name__)
