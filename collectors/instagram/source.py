"""Instagram's declaration in the source registry, and the wiring of a loader for one source.

Light on purpose: the registry imports this module whenever settings load, so instaloader is imported
only when an Instagram source is collected.
"""

from __future__ import annotations

from collections.abc import Iterator

from kernel.errors import CollectorError
from kernel.records import JSON, Normalised, Platform, RawPage, SourceKey
from kernel.settings import InstagramSettings
from kernel.sources import CollectContext, Secret, SourceSpec

KINDS = ("profile", "tagged", "hashtag")


def _sources(section: InstagramSettings) -> list[SourceKey]:
    return [
        *(SourceKey(Platform.INSTAGRAM, "profile", p.lstrip("@")) for p in section.profiles),
        *(SourceKey(Platform.INSTAGRAM, "tagged", p.lstrip("@")) for p in section.tagged),
        *(SourceKey(Platform.INSTAGRAM, "hashtag", h.lstrip("#")) for h in section.hashtags),
    ]


def _normalise(payload: JSON) -> Normalised:
    from collectors.instagram.normalise import normalise_instagram_page

    return normalise_instagram_page(payload)


def _open(context: CollectContext) -> Iterator[RawPage]:
    from collectors.instagram.collect import collect_hashtag, collect_profile, collect_tagged, make_loader
    from collectors.instagram.routing import rerouting_session

    collectors = {"profile": collect_profile, "tagged": collect_tagged, "hashtag": collect_hashtag}
    source, settings = context.source, context.settings
    collect = collectors.get(source.kind)
    if collect is None:
        raise CollectorError(f"not an Instagram source: {source} (kinds: {', '.join(KINDS)})")
    base_url = settings.instagram_base_url
    loader = make_loader(
        settings.instagram_username,
        settings.instagram_sessionfile,
        session=rerouting_session(base_url) if base_url else None,
        # instaloader's random pause protects a real account; a gateway or test double needs none.
        pause_between_requests=base_url is None,
    )
    return collect(
        loader,
        source.key,
        context.cursor,
        max_posts=settings.instagram.max_posts,
        comments=settings.instagram.comments,
        report=context.report,
        now=context.clock(),
    )


SOURCE = SourceSpec(
    platform=Platform.INSTAGRAM,
    label={"de": "Instagram", "en": "Instagram"},
    section="instagram",
    settings_model=InstagramSettings,
    kinds=KINDS,
    primary_key="shortcode of a post, comment id of a comment",
    cursor="newest taken_at of the last complete pass, plus the pass in progress (see collectors.instagram.collect)",
    secrets=(
        Secret("INSTAGRAM_USERNAME", "instagram-username", "instagram_username"),
        Secret("INSTAGRAM_SESSIONFILE", "instagram-sessionfile", "instagram_sessionfile"),
    ),
    base_url_env="PRAISE_INSTAGRAM_BASE_URL",
    link_domains=("instagram.com", "cdninstagram.com", "fbcdn.net"),
    sources=_sources,
    own_handles=lambda section: list(section.profiles),
    normalise=_normalise,
    open=_open,
    fake="praise.fakes.instagram:FakeInstagram",
    # Instagram rate-limits per session: one source after another.
    serial=True,
    position=20,
)
