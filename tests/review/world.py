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


def insert_posts(
    engine: Engine, posts: list[Post], *, base: datetime = MONDAY, first_number: int = 1
) -> dict[str, int]:
    """Store the posts with the classifier's labels; returns mention ids by post name."""
    now = datetime.now(UTC)
    mentions = [
        mention(
            n + first_number,
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


PRAISE_TEXTS = (
    "Danke an das IT-Referat, der {thing} läuft endlich wieder! #{n}",
    "Großes Lob an den Service-Desk: {thing} in fünf Minuten gelöst. Nr. {n}",
    "Kater Joey ist der beste Kollege im Rathaus 🐈 #{n}",
    "Super Arbeit beim {thing}, vielen Dank! ({n})",
)
OTHER_TEXTS = (
    "Weiß jemand, wann der {thing} wieder geht? #{n}",
    "Der {thing} ist seit heute morgen langsam. Nr. {n}",
    "Termin zum {thing} verschoben, Info folgt. ({n})",
    "Super, {thing} schon wieder weg. Danke auch 🙄 #{n}",
)
THINGS = ("VPN-Zugang", "Drucker", "Intranet", "Laptop-Tausch", "Videocall", "Passwort-Reset")
TOPIC_OF = {
    "VPN-Zugang": "vpn",
    "Drucker": "devices",
    "Intranet": "intranet",
    "Laptop-Tausch": "devices",
    "Videocall": "video_conferencing",
    "Passwort-Reset": "helpdesk",
}


def busy_week(count: int, *, seed: int = 10, praise_share: float = 0.22, prefix: str = "p") -> list[Post]:
    """A week of `count` made-up mentions shaped like a busy real one: about a quarter praise
    candidates, some flagged for irony or doubt, a few reposts and our own posts, the rest noise."""
    import random

    rng = random.Random(seed)
    posts: list[Post] = []
    for n in range(count):
        thing = rng.choice(THINGS)
        hours = rng.uniform(0, 158)  # Monday 09:00 to Sunday 23:00, Berlin
        handle = f"person_{rng.randrange(count // 2 + 1)}"
        platform = Platform.INSTAGRAM if rng.random() < 0.3 else Platform.X
        roll = rng.random()
        if roll < praise_share:
            text = rng.choice(PRAISE_TEXTS).format(thing=thing, n=n)
            mascot = "Kater Joey" in text
            post = Post(
                f"{prefix}{n}",
                text,
                hours,
                handle,
                praise_score=round(rng.uniform(0.6, 0.99), 2),
                topics=["mascot"] if mascot else [TOPIC_OF[thing]],
                platform=platform,
            )
        elif roll < praise_share + 0.06:
            text = OTHER_TEXTS[3].format(thing=thing, n=n)
            post = Post(
                f"{prefix}{n}",
                text,
                hours,
                handle,
                sentiment="negative",
                praise_score=0.55,
                irony=True,
                needs_review=True,
                review_reasons=["irony: 'super' with a complaint"],
                topics=[TOPIC_OF[thing]],
                platform=platform,
            )
        elif roll < praise_share + 0.09:
            post = Post(
                f"{prefix}{n}",
                f"RT @anna_k_bsp: Danke an das IT-Referat! ({n})",
                hours,
                handle,
                kind=MentionKind.REPOST,
            )
        elif roll < praise_share + 0.10:
            post = Post(f"{prefix}{n}", f"Wir sagen danke für euer Feedback! ({n})", hours, OWN_HANDLES[0])
        else:
            text = rng.choice(OTHER_TEXTS[:3]).format(thing=thing, n=n)
            post = Post(
                f"{prefix}{n}",
                text,
                hours,
                handle,
                sentiment=rng.choice(("neutral", "negative")),
                praise=False,
                praise_score=round(rng.uniform(0.01, 0.4), 2),
                topics=[TOPIC_OF[thing]],
                platform=platform,
            )
        posts.append(post)
    return posts
