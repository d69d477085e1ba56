"""Bluesky's declaration in the source registry.

Light on purpose: the registry imports this module whenever settings load, and the atproto SDK takes
seconds to import, so it is imported only when a Bluesky source is collected.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from collectors.bluesky.settings import BlueskySettings
from kernel.errors import AuthFailed
from kernel.records import JSON, Normalised, Platform, RawPage, SourceKey
from kernel.sources import CollectContext, Secret, SourceSpec


def _sources(section: BlueskySettings) -> list[SourceKey]:
    keys: list[SourceKey] = []
    if section.handle and section.notifications:
        keys.append(SourceKey(Platform.BLUESKY, "notifications", section.handle.lstrip("@")))
    keys.extend(SourceKey(Platform.BLUESKY, "search", q) for q in section.searches)
    return keys


def _normalise(payload: JSON) -> Normalised:
    from collectors.bluesky.normalise import normalise_bluesky_page

    return normalise_bluesky_page(payload)


def _open(context: CollectContext) -> Iterator[RawPage]:
    from collectors.bluesky.client import BlueskyApi
    from collectors.bluesky.collect import collect_bluesky

    section: BlueskySettings = context.section
    if not section.handle or section.app_password is None:
        # Bluesky's post search also needs a logged-in account.
        raise AuthFailed(
            "Bluesky needs [bluesky] handle and BLUESKY_APP_PASSWORD "
            "(environment or Prefect Secret block 'bluesky-app-password')"
        )
    api = BlueskyApi(
        section.handle.lstrip("@"),
        section.app_password.get_secret_value(),
        base_url=section.base_url,
        timeout=section.timeout,
    )
    return collect_bluesky(
        api,
        context.source,
        context.cursor,
        report=context.report,
        max_posts=section.max_posts,
        backfill=timedelta(days=section.backfill_days),
        max_rate_limit_wait=section.max_rate_limit_wait,
        clock=context.clock(),
    )


SOURCE = SourceSpec(
    platform=Platform.BLUESKY,
    label={"de": "Bluesky", "en": "Bluesky"},
    section="bluesky",
    settings_model=BlueskySettings,
    kinds=("notifications", "search"),
    primary_key="post uri (at://did/app.bsky.feed.post/rkey)",
    cursor="{seen_until, walk: {cursor, newest}}: the API's own cursor of an unfinished walk back in time",
    secrets=(Secret("BLUESKY_APP_PASSWORD", "bluesky-app-password", "app_password"),),
    base_url_env="PRAISE_BLUESKY_BASE_URL",
    # bsky.app shows posts; its cdn.bsky.app subdomain serves their images.
    link_domains=("bsky.app",),
    sources=_sources,
    own_handles=lambda section: [*section.accounts, *([section.handle] if section.handle else [])],
    normalise=_normalise,
    open=_open,
    fake="praise.fakes.bluesky:FakeBluesky",
    env={"PRAISE_BLUESKY_BASE_URL": "base_url"},
    position=40,
)
