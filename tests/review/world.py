"""A small Beispielstadt week for the review workspace: mentions and classifier labels, no classifier."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert

from kernel.records import MentionKind, Metrics, Platform
from storage.db import writing
from storage.mentions import upsert_mentions
from storage.schema import ClassificationRow
from tests.storage.factories import mention

WEEK = "2026-W47"
# Monday of 2026-W47, 09:00 Berlin.
MONDAY = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)
OWN_HANDLES = ("StadtIT_Demo", "kater.joey.demo")


@dataclass
class Post:
    name: str
    text: str
    hours: float
    handle: str
    sentiment: str = "positive"
    praise: bool = True
    praise_score: float = 0.85
    irony: bool = False
    needs_review: bool = False
    review_reasons: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=lambda: ["helpdesk"])
    kind: MentionKind = MentionKind.POST
    platform: Platform = Platform.X
    url: str | None = None


def demo_week() -> list[Post]:
    return [
        Post(
            "vpn",
            "Danke an das IT-Referat! Der neue VPN-Zugang lief heute ab 7 Uhr stabil. #DankeStadtIT",
            2,
            "anna_k_bsp",
            praise_score=0.93,
            topics=["vpn"],
        ),
        Post(
            "helpdesk",
            "Service-Desk hat mein gesperrtes Konto in 10 Minuten freigeschaltet. Danke @StadtIT_Demo",
            26,
            "tom_schreiber_bsp",
            praise_score=0.88,
        ),
        Post(
            "irony",
            "Super, VPN schon wieder weg. Danke auch, liebe IT 🙄",
            30,
            "grummel_bsp",
            sentiment="negative",
            praise_score=0.55,
            irony=True,
            needs_review=True,
            review_reasons=["irony: 'super' with a complaint"],
            topics=["vpn"],
        ),
        Post(
            "question",
            "Weiß jemand, wann das Intranet-Update kommt? Danke schon mal!",
            50,
            "frage_bsp",
            sentiment="neutral",
            praise_score=0.52,
            topics=["intranet"],
        ),
        Post(
            "complaint",
            "Seit Tagen bricht jede Videokonferenz nach 20 Minuten ab.",
            60,
            "fr_meier_bsp",
            sentiment="negative",
            praise=False,
            praise_score=0.04,
            topics=["video_conferencing"],
        ),
        Post(
            "repost",
            "RT @anna_k_bsp: Danke an das IT-Referat! Der neue VPN-Zugang …",
            3,
            "kollege_bsp",
            kind=MentionKind.REPOST,
            topics=["vpn"],
        ),
        Post("own", "Wir sagen danke für euer Feedback! Euer IT-Referat", 70, "StadtIT_Demo"),
        Post("last_week", "Danke für die schnelle Hilfe beim Drucker!", -72, "w46_eins"),
    ]


def insert_posts(engine: Engine, posts: list[Post], *, base: datetime = MONDAY) -> dict[str, int]:
    """Store the posts with the classifier's labels; returns mention ids by post name."""
    now = datetime.now(UTC)
    mentions = [
        mention(
            n + 1,
            platform=p.platform,
            kind=p.kind,
            text=p.text,
            created_at=base + timedelta(hours=p.hours),
            author_handle=p.handle,
            author_name=None,
            url=p.url if p.url is not None else f"https://x.com/{p.handle}/status/{1_860_000_000 + n}",
            metrics=Metrics(likes=5 + n, reposts=1, replies=0, quotes=0),
            media_urls=(),
        )
        for n, p in enumerate(posts)
    ]
    with writing(engine) as conn:
        result = upsert_mentions(conn, mentions, seen_at=now, source="x:search:#DankeStadtIT")
        ids = {
            p.name: result.ids[(m.platform.value, m.external_id)]
            for p, m in zip(posts, mentions, strict=True)
        }
        for p in posts:
            conn.execute(insert(ClassificationRow).values(**_labels(ids[p.name], p, now)))
    return ids


def _labels(mention_id: int, p: Post, now: datetime) -> dict[str, Any]:
    return {
        "mention_id": mention_id,
        "language": "de",
        "sentiment": p.sentiment,
        "sentiment_score": 0.8,
        "praise": p.praise,
        "praise_score": p.praise_score,
        "irony": p.irony,
        "needs_review": p.needs_review,
        "review_reasons": p.review_reasons,
        "topics": p.topics,
        "reasons": ["praise: thanks addressed to the IT department"] if p.praise else [],
        "model_version": "test-1",
        "classified_at": now,
    }
