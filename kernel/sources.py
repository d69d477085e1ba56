"""The configured sources, as source keys, in the order a collection visits them."""

from __future__ import annotations

from kernel.records import Platform, SourceKey
from kernel.settings import Settings


def configured_sources(settings: Settings) -> list[SourceKey]:
    x = settings.x
    ig = settings.instagram
    return [
        *(SourceKey(Platform.X, "mentions", a.lstrip("@")) for a in x.accounts),
        *(SourceKey(Platform.X, "search", q) for q in x.queries),
        *(SourceKey(Platform.INSTAGRAM, "profile", p.lstrip("@")) for p in ig.profiles),
        *(SourceKey(Platform.INSTAGRAM, "tagged", p.lstrip("@")) for p in ig.tagged),
        *(SourceKey(Platform.INSTAGRAM, "hashtag", h.lstrip("#")) for h in ig.hashtags),
    ]
