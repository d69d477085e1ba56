"""X's declaration in the source registry: settings, secrets, kinds, cursor, budget, links and label.

Light on purpose: the registry imports this module whenever settings load, so tweepy is imported only
when an X source is collected.
"""

from __future__ import annotations

from collections.abc import Iterator

from kernel.errors import AuthFailed
from kernel.records import JSON, Normalised, Platform, RawPage, SourceKey
from kernel.settings import XSettings
from kernel.sources import CollectContext, Secret, SourceSpec


def _sources(section: XSettings) -> list[SourceKey]:
    return [
        *(SourceKey(Platform.X, "mentions", a.lstrip("@")) for a in section.accounts),
        *(SourceKey(Platform.X, "search", q) for q in section.queries),
    ]


def _normalise(payload: JSON) -> Normalised:
    from collectors.x.normalise import normalise_x_page

    return normalise_x_page(payload)


def _open(context: CollectContext) -> Iterator[RawPage]:
    from collectors.x.budget import ReadBudget
    from collectors.x.client import build_x_client
    from collectors.x.collect import collect_x

    settings = context.settings
    if settings.x_bearer_token is None:
        raise AuthFailed("X_BEARER_TOKEN is not set (environment or Prefect Secret block 'x-bearer-token')")
    client = build_x_client(
        settings.x_bearer_token.get_secret_value(),
        base_url=settings.x_api_base_url,
        timeout=settings.x.timeout,
    )
    return collect_x(
        client,
        context.source,
        context.cursor,
        budget=ReadBudget(context.read_budget or settings.x.read_budget),
        report=context.report,
        max_rate_limit_wait=settings.x.max_rate_limit_wait,
        clock=context.clock(),
    )


SOURCE = SourceSpec(
    platform=Platform.X,
    label={"de": "X", "en": "X"},
    section="x",
    settings_model=XSettings,
    kinds=("mentions", "search"),
    primary_key="post id (decimal string)",
    cursor="the unread id window {since_id, until_id, newest_id}; pages by id, never by token",
    secrets=(Secret("X_BEARER_TOKEN", "x-bearer-token", "x_bearer_token"),),
    base_url_env="PRAISE_X_API_BASE_URL",
    link_domains=("x.com", "twitter.com", "twimg.com"),
    sources=_sources,
    own_handles=lambda section: list(section.accounts),
    normalise=_normalise,
    open=_open,
    fake="praise.fakes.x_api:FakeXApi",
    read_budget=lambda section: int(section.read_budget),
    position=10,
)
