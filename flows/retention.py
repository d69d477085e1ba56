"""The daily retention flow: applies `[retention]` of praise.toml (storage limitation, GDPR)."""

from __future__ import annotations

import logging
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from kernel.settings import load_settings
from storage.db import make_engine
from storage.migrate import upgrade
from storage.retention import apply_retention

log = logging.getLogger("praise.flows.retention")


@task(name="apply-retention", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=60)
def apply_retention_task(config: str | None) -> dict[str, int]:
    """Delete or clear what is older than the configured limits; returns the counts (no personal data)."""
    settings = load_settings(None if config is None else Path(config))
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        counts = apply_retention(engine, settings.retention).as_dict()
    finally:
        engine.dispose()
    log.info("retention: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
    return counts


@flow(name="retention", log_prints=False)
def retention(config: str | None = None) -> dict[str, int]:
    """Apply `[retention]` once (scheduled daily by `prefect.yaml` and `praise serve`)."""
    return apply_retention_task(config)
