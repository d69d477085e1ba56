"""Mastodon's declaration in the source registry.

Light on purpose: the registry imports this module whenever settings load, so Mastodon.py is imported
only when a Mastodon source is collected.
"""

from __future__ import annotations

from collections.abc import Iterator

from collectors.mastodon.settings import MastodonSettings
from kernel.errors import AuthFailed
from kernel.records import JSON, Normalised, Platform, RawPage, SourceKey
from kernel.sources import CollectContext, Secret, SourceSpec


def _sources(section: MastodonSettings) -> list[SourceKey]:
    keys: list[SourceKey] = []
    instances = section.instances()
    if section.instance and section.mentions:
        keys.append(SourceKey(Platform.MASTODON, "mentions", instances[0]))
    if section.instance and section.replies:
        for account in section.accounts:
            name, _, domain = account.lstrip("@").partition("@")
            # Our posts are read where our account lives: its home instance is the configured one.
            if not domain or domain.lower() == instances[0]:
                keys.append(SourceKey(Platform.MASTODON, "replies", f"{instances[0]}/{name}"))
    for host in instances:
        keys.extend(
            SourceKey(Platform.MASTODON, "hashtag", f"{host}/{t.lstrip('#')}") for t in section.hashtags
        )
    return keys


def _own_handles(section: MastodonSettings) -> list[str]:
    """Our accounts as every instance shows them: ``name`` at home, ``name@home`` everywhere else."""
    home = section.instances()[0] if section.instances() else None
    handles: list[str] = []
    for account in (a.lstrip("@") for a in section.accounts):
        name, _, domain = account.partition("@")
        handles.append(account)
        if home and not domain:
            handles.append(f"{name}@{home}")
        elif home and domain.lower() == home:
            handles.append(name)
    return handles


def _normalise(payload: JSON) -> Normalised:
    from collectors.mastodon.normalise import normalise_mastodon_page

    return normalise_mastodon_page(payload)


def _open(context: CollectContext) -> Iterator[RawPage]:
    from collectors.mastodon.client import build_mastodon_client
    from collectors.mastodon.collect import collect_mastodon

    section: MastodonSettings = context.section
    source = context.source
    instance = source.key.partition("/")[0]
    token = section.access_token.get_secret_value() if section.access_token else None
    if source.kind == "mentions" and not token:
        raise AuthFailed(
            "MASTODON_ACCESS_TOKEN is not set (environment or Prefect Secret block 'mastodon-access-token'): "
            "mentions are the bot account's notifications"
        )
    api = build_mastodon_client(
        instance, access_token=token, base_url=section.base_url, timeout=section.timeout
    )
    return collect_mastodon(
        api,
        source,
        context.cursor,
        report=context.report,
        max_posts=section.max_posts,
        backfill=section.backfill,
        max_rate_limit_wait=section.max_rate_limit_wait,
        reply_posts=section.reply_posts,
    )


SOURCE = SourceSpec(
    platform=Platform.MASTODON,
    label={"de": "Mastodon", "en": "Mastodon"},
    section="mastodon",
    settings_model=MastodonSettings,
    kinds=("mentions", "hashtag", "replies"),
    primary_key="status uri (the ActivityPub id, the same on every instance)",
    cursor="{since_id}: the newest item stored; later runs walk forward with min_id, a page at a time "
    "(hashtags from an hour below it, for late federation); replies: {account_id}, threads read again",
    secrets=(Secret("MASTODON_ACCESS_TOKEN", "mastodon-access-token", "access_token"),),
    base_url_env="PRAISE_MASTODON_BASE_URL",
    # Links point at the configured instances (settings_link_domains); no fixed domain.
    link_domains=(),
    sources=_sources,
    own_handles=_own_handles,
    normalise=_normalise,
    open=_open,
    fake="praise.fakes.mastodon:FakeMastodon",
    settings_link_domains=lambda section: tuple(section.instances()),
    env={"PRAISE_MASTODON_BASE_URL": "base_url"},
    position=30,
)
