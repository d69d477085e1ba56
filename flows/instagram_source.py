"""Wiring of the Instagram collectors: a loader from the settings, then the generator for a source."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import requests

from collectors.instagram import collect_hashtag, collect_profile, collect_tagged, make_loader
from kernel.errors import CollectorError
from kernel.records import RawPage, SourceKey, SourceReport
from kernel.settings import Settings

COLLECTORS = {"profile": collect_profile, "tagged": collect_tagged, "hashtag": collect_hashtag}


def _routing_session(base_url: str) -> requests.Session:
    # Instagram's hosts are fixed inside instaloader; an adapter reroutes them (PRAISE_INSTAGRAM_BASE_URL).
    from praise.fakes.instagram import HOSTS, LoopbackAdapter

    session = requests.Session()
    adapter = LoopbackAdapter(base_url)
    for host in HOSTS:
        session.mount(f"https://{host}/", adapter)
    return session


def open_instagram_collector(
    settings: Settings,
    source: SourceKey,
    cursor: dict[str, Any],
    report: SourceReport,
    *,
    now: datetime | None = None,
) -> Iterator[RawPage]:
    collect = COLLECTORS.get(source.kind)
    if collect is None:
        raise CollectorError(f"not an Instagram source: {source} (kinds: {', '.join(COLLECTORS)})")
    rerouted = settings.instagram_base_url is not None
    loader = make_loader(
        settings.instagram_username,
        settings.instagram_sessionfile,
        session=_routing_session(settings.instagram_base_url) if settings.instagram_base_url else None,
        # instaloader's random pause protects a real account; a test double needs none.
        pause_between_requests=not rerouted,
    )
    clock: Callable[[], datetime] = (lambda: now) if now else (lambda: datetime.now(UTC))
    return collect(
        loader,
        source.key,
        cursor,
        max_posts=settings.instagram.max_posts,
        comments=settings.instagram.comments,
        report=report,
        now=clock,
    )
