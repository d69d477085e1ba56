"""Publishing a week's digest the way every caller must: approved first (unless configured otherwise),
at most once per target, and the week closed afterwards."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Engine

from kernel.settings import PublishSettings
from kernel.weeks import parse_week
from reports.publish.publisher import PublishResult, digest_bundle, publish_digest
from reports.publish.records import Bundle
from storage.publications import PublishedDigest, keep_published_digest, published_digest
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
    # Published means frozen: once a week went out, every target (and the preview) gets those bytes.
    label = parse_week(week).label
    stored = published_digest(engine, label)
    if stored is not None:
        bundle = Bundle("digest", label, stored.title, stored.html, stored.markdown, stored.json)
    else:
        bundle = digest_bundle(engine, label, lang, own_handles=own_handles)
    result = publish_digest(
        engine,
        label,
        target,
        settings=settings,
        lang=lang,
        force=force,
        own_handles=own_handles,
        actor=actor,
        bundle=bundle,
    )
    if stored is None:
        keep_published_digest(
            engine,
            PublishedDigest(
                label,
                lang,
                bundle.title,
                bundle.html,
                bundle.markdown,
                bundle.json,
                bundle.sha256,
                datetime.now(UTC),
            ),
        )
    mark_week_published(engine, label, actor=actor, target=target)
    return result
