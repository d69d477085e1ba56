"""Which collector and which normaliser serve a source: registry look-ups between collectors and storage."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from kernel.records import Normalised, Platform, RawPage, SourceKey, SourceReport
from kernel.settings import Settings
from kernel.sources import CollectContext, spec_for

Normaliser = Callable[[dict[str, Any]], Normalised]


def normaliser_for(platform: Platform) -> Normaliser:
    return spec_for(platform).normalise


def open_collector(
    settings: Settings,
    source: SourceKey,
    cursor: dict[str, Any],
    report: SourceReport,
    *,
    x_budget: int | None = None,
    now: datetime | None = None,
) -> Iterator[RawPage]:
    """Start the generator that reads `source` from its cursor.

    Args:
        x_budget: This source's share of its platform's read budget for the run (platforms that bill
            reads, such as X); `None` means the platform's whole budget.
        now: A fixed clock for replays of recorded data (the demo); `None` is the real time.
    """
    spec = spec_for(source.platform)
    context = CollectContext(
        settings=settings,
        section=settings.section(spec.section),
        source=source,
        cursor=cursor,
        report=report,
        read_budget=x_budget,
        now=now,
    )
    return spec.open(context)


def budget_share(settings: Settings, sources: list[SourceKey], source: SourceKey) -> int | None:
    """A source's share of its platform's read budget per run (the tasks may run on different machines)."""
    spec = spec_for(source.platform)
    if spec.read_budget is None:
        return None
    siblings = sum(1 for s in sources if s.platform == source.platform)
    return max(spec.read_budget(settings.section(spec.section)) // max(siblings, 1), 1)


def runs_serially(source: SourceKey) -> bool:
    """Whether the platform's sources must run one after another (one session, one rate limit)."""
    return spec_for(source.platform).serial
