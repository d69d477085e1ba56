"""The scheduled deployments, in one place for `praise serve`; `prefect.yaml` says the same for
`prefect deploy` (a test keeps the two in step)."""

from __future__ import annotations

from dataclasses import dataclass

from praise.entrypoints import COLLECT

TIMEZONE = "Europe/Berlin"


@dataclass(frozen=True, slots=True)
class Schedule:
    deployment: str
    entrypoint: str
    cron: str
    description: str


SCHEDULES = (
    Schedule(
        "collect-every-30-minutes",
        COLLECT,
        "*/30 * * * *",
        "Collect every configured X and Instagram source, classify what is new, record the run.",
    ),
)
