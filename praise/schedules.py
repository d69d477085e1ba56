"""The scheduled deployments, in one place for `praise serve`; `prefect.yaml` says the same for
`prefect deploy` (a test keeps the two in step)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from praise.entrypoints import COLLECT, RETENTION, SENTIMENT_REPORT, WATCH, WEEKLY_DIGEST

TIMEZONE = "Europe/Berlin"


@dataclass(frozen=True, slots=True)
class Schedule:
    deployment: str
    entrypoint: str
    cron: str
    description: str
    parameters: dict[str, Any] = field(default_factory=dict)
    # At most this many runs of the deployment at once (None: no limit), as in prefect.yaml.
    concurrency_limit: int | None = None


SCHEDULES = (
    Schedule(
        "collect-every-30-minutes",
        COLLECT,
        "*/30 * * * *",
        "Collect every configured X and Instagram source, classify what is new, record the run.",
        concurrency_limit=1,
    ),
    Schedule(
        "weekly-digest-monday",
        WEEKLY_DIGEST,
        "0 7 * * 1",
        "Draft the last week's praise digest; publish it if approved (or if no approval is required).",
        concurrency_limit=1,
    ),
    Schedule(
        "weekly-digest-publish-when-approved",
        WEEKLY_DIGEST,
        "15 8-18 * * 1-5",
        "Publish the last week's digest as soon as a publisher approved it (once per target).",
        concurrency_limit=1,
    ),
    Schedule(
        "sentiment-report-weekly",
        SENTIMENT_REPORT,
        "30 7 * * 1",
        "The leadership report over the last 12 weeks.",
        {"kind": "weekly"},
    ),
    Schedule(
        "sentiment-report-monthly",
        SENTIMENT_REPORT,
        "30 7 1 * *",
        "The leadership report of the previous month.",
        {"kind": "monthly"},
    ),
    Schedule(
        "retention-daily",
        RETENTION,
        "30 3 * * *",
        "Apply [retention] of praise.toml (raw payloads, personal fields, old posts, run log).",
        concurrency_limit=1,
    ),
    Schedule(
        "watch-every-15-minutes",
        WATCH,
        "*/15 * * * *",
        "Alert when no collection ran on schedule or a week has a spike of negative posts.",
        concurrency_limit=1,
    ),
)
