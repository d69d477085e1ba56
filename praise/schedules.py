"""The scheduled deployments, in one place for `praise serve`; `prefect.yaml` says the same for
`prefect deploy` (a test keeps the two in step)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from praise.entrypoints import COLLECT, SENTIMENT_REPORT, WEEKLY_DIGEST

TIMEZONE = "Europe/Berlin"


@dataclass(frozen=True, slots=True)
class Schedule:
    deployment: str
    entrypoint: str
    cron: str
    description: str
    parameters: dict[str, Any] = field(default_factory=dict)


SCHEDULES = (
    Schedule(
        "collect-every-30-minutes",
        COLLECT,
        "*/30 * * * *",
        "Collect every configured X and Instagram source, classify what is new, record the run.",
    ),
    Schedule(
        "weekly-digest-monday",
        WEEKLY_DIGEST,
        "0 7 * * 1",
        "Draft the last week's praise digest; publish it if approved (or if no approval is required).",
    ),
    Schedule(
        "weekly-digest-publish-when-approved",
        WEEKLY_DIGEST,
        "15 8-18 * * 1-5",
        "Publish the last week's digest as soon as a publisher approved it (once per target).",
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
)
