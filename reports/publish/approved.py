"""Publishing a week's digest the way every caller must: approved first (unless configured otherwise),
at most once per target, and the week closed afterwards."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine

from kernel.settings import PublishSettings
from reports.publish.publisher import PublishResult, publish_digest
from storage.reviews import APPROVED, PUBLISHED, WeekNotReady, mark_week_published, week_state


def publish_week(
    engine: Engine,
    week: str,
    target: str,
    *,
    settings: PublishSettings,
    actor: str,
    lang: str = "de",
    force: bool = False,
    own_handles: Iterable[str] = (),
) -> PublishResult:
    """Publish the week's digest to `target` and make the week read-only.

    Raises:
        WeekNotReady: approval is required and no publisher approved the week.
        AlreadyPublished, PublishFailed, ConfigError: see `publish_digest`.
    """
    # A week already published to one target was approved then: it may go to another target too.
    if (
        settings.require_approval
        and not force
        and week_state(engine, week).status not in (APPROVED, PUBLISHED)
    ):
        raise WeekNotReady(
            f"the digest of {week} is not approved yet: approve it in the review workspace "
            "(praise review) or set publish.require_approval = false"
        )
    result = publish_digest(
        engine, week, target, settings=settings, lang=lang, force=force, own_handles=own_handles, actor=actor
    )
    mark_week_published(engine, week, actor=actor, target=target)
    return result
