"""The one place the workspace calls the reports package: digest, publication, report, highlights, safety.

The reports package is finished in parallel; keeping every call here means a change of its details
touches one small module.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import Engine

from kernel.weeks import BERLIN, Period, parse_day_span
from reports.digest import build_digest, render_digest_html
from reports.formatting import moment, number, percent
from reports.highlights import Highlight, build_highlights
from reports.publish import PublishFailed, PublishResult
from reports.publish.approved import publish_week
from reports.publish.config import PublishSettings, load_publish_settings
from reports.safety import CONTENT_SECURITY_POLICY, html_finalize, safe_link
from reports.sentiment import build_report, render_report_html
from reports.strings import platform_label, sentiment_label, topic_label
from storage.publications import AlreadyPublished

__all__ = [
    "PRODUCT_CSP",
    "AlreadyPublished",
    "Highlight",
    "PublishFailed",
    "PublishResult",
    "PublishSettings",
    "digest_html",
    "digest_item_ids",
    "highlights_of",
    "html_finalize",
    "load_publish_settings",
    "moment",
    "number",
    "percent",
    "platform_label",
    "publish",
    "report_html",
    "report_period",
    "safe_link",
    "sentiment_label",
    "topic_label",
]

# The reports' own pages need no script; the workspace frames them, so it alone may embed them.
PRODUCT_CSP = CONTENT_SECURITY_POLICY + "; frame-ancestors 'self'"


def digest_html(engine: Engine, week: Period, lang: str, own_handles: Iterable[str]) -> str:
    """The week's digest page, rendered by the same code as `praise digest` and the publishers."""
    return render_digest_html(build_digest(engine, week, lang, own_handles=own_handles))


def digest_item_ids(engine: Engine, week: Period, lang: str, own_handles: Iterable[str]) -> list[int]:
    """The mention ids the digest would show now: highlights, praise groups, then the mascot corner."""
    digest = build_digest(engine, week, lang, own_handles=own_handles)
    return (
        [i.mention_id for i in digest.highlights]
        + [i.mention_id for g in digest.groups for i in g.items]
        + [i.mention_id for i in digest.mascot]
    )


def publish(
    engine: Engine,
    week: str,
    *,
    target: str,
    settings: PublishSettings,
    lang: str,
    own_handles: Iterable[str],
    actor: str,
) -> PublishResult:
    """Publish through the configured publisher, exactly as `praise publish` does.

    Raises:
        AlreadyPublished, PublishFailed, ConfigError, PraiseError: see `reports.publish.publish_digest`.
    """
    return publish_week(
        engine, week, target, settings=settings, lang=lang, own_handles=own_handles, actor=actor
    )


def report_period(first: str | None, last: str | None, *, default_last: date, weeks: int = 12) -> Period:
    """The leadership page's span: given days, or the `weeks` weeks ending on `default_last`.

    Raises:
        PraiseError: the days are not valid or in the wrong order.
    """
    start = default_last - timedelta(weeks=weeks) + timedelta(days=1)
    return parse_day_span(first or start.isoformat(), last or default_last.isoformat(), BERLIN)


def report_html(engine: Engine, period: Period, lang: str) -> str:
    """The sentiment report page with its charts and tables, as `praise report` writes it."""
    return render_report_html(build_report(engine, period, lang))


def highlights_of(engine: Engine, week: Period, lang: str) -> list[Highlight]:
    """The week's highlights: approved or marked posts that nothing forbids showing."""
    return build_highlights(engine, week, lang).items
