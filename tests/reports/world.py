"""A filled test database for the reports: three weeks of Beispielstadt (2026-W45 to W47).

Rows are inserted directly (mentions through storage's upsert, classifications, reviews and runs as
rows), so the tests need neither collectors nor the classifier.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert

from kernel.records import Mention, MentionKind, Metrics, Platform
from storage.db import writing
from storage.mentions import upsert_mentions
from storage.schema import ClassificationRow, CollectionRunRow, ReviewRow

# Monday of 2026-W47, 09:00 Berlin (08:00 UTC).
W47_MONDAY = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)


@dataclass
class Post:
    """One post with the labels the classifier and the editors gave it."""

    name: str
    text: str
    days: float
    platform: str = "x"
    handle: str = "buerger_anna"
    author_name: str | None = None
    kind: str = "post"
    sentiment: str = "positive"
    praise: bool = True
    praise_score: float = 0.85
    topics: list[str] = field(default_factory=lambda: ["helpdesk"])
    irony: bool = False
    needs_review: bool = False
    review_reasons: list[str] = field(default_factory=list)
    decision: str | None = None
    highlight: bool = False
    consent: str | None = None
    reposted_at: datetime | None = None
    likes: int = 3
    reposts: int = 0
    url: str | None = None
    media_urls: tuple[str, ...] = ()
    classified: bool = True


def _x(handle: str, n: int) -> str:
    return f"https://x.com/{handle}/status/{1_860_000_000_000_000_000 + n}"


def _ig(code: str) -> str:
    return f"https://www.instagram.com/p/{code}/"


def week_posts() -> list[Post]:
    """The demo week W47 and the weeks before: a realistic mix for the pages."""
    return [
        Post(
            "vpn_anna",
            "Danke an das IT-Referat! Der neue VPN-Zugang lief heute ab 7 Uhr stabil – endlich "
            "keine Abbrüche mehr im Homeoffice. #DankeStadtIT",
            0.1,
            handle="anna_k_bsp",
            author_name="Anna K.",
            topics=["vpn", "home_office"],
            likes=42,
            reposts=6,
            decision="approved",
            highlight=True,
            url=_x("anna_k_bsp", 1),
        ),
        Post(
            "helpdesk_tom",
            "Service-Desk hat mir in 10 Minuten mein gesperrtes Konto wieder freigeschaltet. "
            "Freundlich und schnell! @StadtIT_Demo",
            0.4,
            handle="tom_schreiber_bsp",
            author_name="Tom Schreiber",
            topics=["helpdesk"],
            likes=18,
            reposts=2,
            decision="approved",
            url=_x("tom_schreiber_bsp", 2),
        ),
        Post(
            "video_lena",
            "Die Videokonferenz mit 80 Leuten im Bürgeramt lief ohne Ruckeln. Großes Lob an die "
            "Kolleginnen und Kollegen der IT 👏",
            1.2,
            handle="lena_from_buergeramt",
            topics=["video_conferencing"],
            likes=25,
            url=_x("lena_from_buergeramt", 3),
        ),
        Post(
            "devices_ig",
            "Neue Laptops für die Stadtbibliothek sind da – alles vorinstalliert, danke IT-Referat!",
            2.0,
            platform="instagram",
            handle="stadtbibliothek.bsp",
            topics=["devices"],
            likes=61,
            url=_ig("DbSp1a2"),
            media_urls=("https://scontent.cdninstagram.com/v/laptops.jpg",),
            decision="approved",
        ),
        Post(
            "intranet_max",
            "Das neue Intranet ist wirklich übersichtlich. Ich finde endlich die Formulare! #DankeStadtIT",
            2.5,
            handle="max_m_bsp",
            topics=["intranet"],
            likes=9,
            url=_x("max_m_bsp", 4),
        ),
        Post(
            "helpdesk_jana",
            "Kurzer Anruf beim Service-Desk, Drucker läuft wieder. Danke!",
            3.0,
            handle="jana_w_bsp",
            topics=["helpdesk"],
            likes=4,
            praise_score=0.7,
            url=_x("jana_w_bsp", 5),
        ),
        Post(
            "joey_fan1",
            "Kater Joey erklärt Passwörter besser als jede Schulung 😻 #katerjoey",
            1.5,
            platform="instagram",
            handle="miri.katzenliebe",
            topics=["mascot"],
            likes=120,
            url=_ig("DbSpJ01"),
            media_urls=("https://scontent.cdninstagram.com/v/joey.jpg",),
        ),
        Post(
            "joey_fan2",
            "Joey auf dem Monitor, ich kann nicht mehr 😂 Bester Schulungskater!",
            3.5,
            platform="instagram",
            handle="ole_aus_bsp",
            topics=["mascot"],
            likes=77,
            url=_ig("DbSpJ02"),
            sentiment="positive",
            praise=False,
        ),
        Post(
            "irony_vpn",
            "Super, VPN schon wieder weg. Danke auch, liebe IT 🙄",
            0.8,
            handle="grummel_bsp",
            sentiment="negative",
            praise=True,
            praise_score=0.55,
            irony=True,
            needs_review=True,
            review_reasons=["irony"],
            topics=["vpn"],
            likes=30,
            url=_x("grummel_bsp", 6),
        ),
        Post(
            "irony_approved",
            "Ich sag's ja ungern, aber: das neue Ticketsystem ist echt gut. Danke!",
            4.0,
            handle="skeptiker_bsp",
            praise_score=0.6,
            needs_review=True,
            review_reasons=["uncertain"],
            decision="approved",
            topics=["helpdesk"],
            likes=7,
            url=_x("skeptiker_bsp", 7),
        ),
        Post(
            "rejected",
            "Danke IT, mein Nachbar hat jetzt auch WLAN 🙃 (Spam-Link im Profil)",
            2.2,
            handle="spam_bot_bsp",
            decision="rejected",
            praise_score=0.95,
            likes=500,
            topics=["devices"],
            url=_x("spam_bot_bsp", 8),
        ),
        Post(
            "complaint_video",
            "Seit Tagen bricht jede Videokonferenz nach 20 Minuten ab. Bitte kümmert euch!",
            1.0,
            handle="fr_meier_bsp",
            sentiment="negative",
            praise=False,
            praise_score=0.05,
            topics=["video_conferencing"],
            likes=12,
            url=_x("fr_meier_bsp", 9),
        ),
        Post(
            "complaint_vpn",
            "VPN am Montagmorgen: 30 Minuten Warteschlange. Das geht besser.",
            0.05,
            handle="pendler_bsp",
            sentiment="negative",
            praise=False,
            praise_score=0.05,
            topics=["vpn"],
            url=_x("pendler_bsp", 10),
        ),
        Post(
            "neutral_q",
            "Weiß jemand, wann das Intranet-Update kommt? @StadtIT_Demo",
            5.0,
            handle="frage_bsp",
            sentiment="neutral",
            praise=False,
            praise_score=0.1,
            topics=["intranet"],
            url=_x("frage_bsp", 11),
        ),
        Post(
            "repost_vpn",
            "RT @anna_k_bsp: Danke an das IT-Referat! Der neue VPN-Zugang …",
            0.3,
            handle="kollege_bsp",
            kind="repost",
            topics=["vpn"],
            likes=0,
            url=_x("kollege_bsp", 12),
        ),
        Post(
            "own_post",
            "Wir sagen danke für euer Feedback! Euer IT-Referat",
            4.5,
            handle="StadtIT_Demo",
            praise_score=0.9,
            topics=["helpdesk"],
            url=_x("StadtIT_Demo", 13),
        ),
        Post(
            "refused",
            "Tolles Team im IT-Referat, danke für die Hilfe beim Umzug!",
            5.5,
            handle="privat_bsp",
            consent="refused",
            decision="approved",
            topics=["devices"],
            likes=15,
            url=_x("privat_bsp", 14),
        ),
        Post(
            "unclassified",
            "Gerade erst gepostet, noch nicht eingeordnet.",
            6.5,
            handle="neu_bsp",
            classified=False,
            url=_x("neu_bsp", 15),
        ),
        # The week before (W46) and the one before that (W45), for the comparisons and the trends.
        Post(
            "w46_a",
            "Danke für die schnelle Hilfe beim Drucker!",
            -3.0,
            handle="w46_eins",
            topics=["helpdesk"],
        ),
        Post(
            "w46_b",
            "VPN ging heute gar nicht. Ärgerlich.",
            -4.0,
            handle="w46_zwei",
            sentiment="negative",
            praise=False,
            topics=["vpn"],
        ),
        Post(
            "w46_c",
            "Homeoffice klappt super mit den neuen Headsets, danke!",
            -5.0,
            handle="w46_drei",
            topics=["home_office", "devices"],
        ),
        Post(
            "w46_d",
            "Joey ist der Star der Schulung #katerjoey",
            -2.0,
            platform="instagram",
            handle="w46_vier",
            topics=["mascot"],
        ),
        Post(
            "w45_a",
            "Intranet lädt seit gestern sehr langsam.",
            -10.0,
            handle="w45_eins",
            sentiment="negative",
            praise=False,
            topics=["intranet"],
        ),
        Post("w45_b", "Danke, Service-Desk!", -11.0, handle="w45_zwei", topics=["helpdesk"]),
    ]


def insert_posts(engine: Engine, posts: list[Post], *, base: datetime = W47_MONDAY) -> dict[str, int]:
    """Store the posts with classifications and reviews; returns mention ids by post name."""
    now = datetime.now(UTC)
    mentions = []
    for index, post in enumerate(posts):
        external_id = f"{zlib.crc32(post.name.encode())}{index:03d}"
        mentions.append(
            Mention(
                platform=Platform(post.platform),
                external_id=external_id,
                kind=MentionKind(post.kind),
                text=post.text,
                created_at=base + timedelta(days=post.days),
                url=post.url,
                author_id=f"a-{post.handle}"[:64],
                author_handle=post.handle,
                author_name=post.author_name,
                language="de",
                metrics=Metrics(likes=post.likes, reposts=post.reposts, replies=1, quotes=0),
                media_urls=post.media_urls,
            )
        )
    with writing(engine) as conn:
        result = upsert_mentions(conn, mentions, seen_at=now, source="x:search:#DankeStadtIT")
        ids = {
            p.name: result.ids[(m.platform.value, m.external_id)]
            for p, m in zip(posts, mentions, strict=True)
        }
        for post in posts:
            if post.classified:
                conn.execute(insert(ClassificationRow).values(**_classification(ids[post.name], post, now)))
            if post.decision or post.highlight or post.consent or post.reposted_at:
                conn.execute(
                    insert(ReviewRow).values(
                        mention_id=ids[post.name],
                        decision=post.decision,
                        highlight=post.highlight,
                        reposted_at=post.reposted_at,
                        consent=post.consent,
                        note=None,
                        updated_by="redaktion",
                        updated_at=now,
                    )
                )
    return ids


def _classification(mention_id: int, post: Post, now: datetime) -> dict[str, Any]:
    return {
        "mention_id": mention_id,
        "language": "de",
        "sentiment": post.sentiment,
        "sentiment_score": 0.8,
        "praise": post.praise,
        "praise_score": post.praise_score,
        "irony": post.irony,
        "needs_review": post.needs_review,
        "review_reasons": post.review_reasons,
        "topics": post.topics,
        "reasons": [],
        "model_version": "test-1",
        "classified_at": now,
    }


def insert_runs(engine: Engine, *, base: datetime = W47_MONDAY) -> None:
    """Collection runs of the demo week: most complete, one rate-limited, one failed, one waited."""
    rows = [
        ("x:search:#DankeStadtIT", 0.2, "ok", 40, 12, 0, None, None),
        ("x:search:#DankeStadtIT", 3.2, "ok", 25, 8, 1, None, None),
        ("x:mentions:StadtIT_Demo", 0.2, "ok", 18, 5, 0, None, None),
        ("x:mentions:StadtIT_Demo", 3.2, "rate_limited", 7, 2, 1, base + timedelta(days=3, hours=1), None),
        ("instagram:profile:kater.joey.demo", 1.2, "ok", 30, 9, 0, None, None),
        ("instagram:hashtag:katerjoey", 2.2, "failed", 0, 0, 0, None, "Instagram answered 401: log in again"),
    ]
    with writing(engine) as conn:
        for n, (source, days, outcome, read, new, waits, retry_after, error) in enumerate(rows):
            started = base + timedelta(days=days)
            conn.execute(
                insert(CollectionRunRow).values(
                    run_id=f"run-{n}",
                    source=source,
                    started_at=started,
                    finished_at=started + timedelta(minutes=3),
                    outcome=outcome,
                    read=read,
                    new=new,
                    updated=0,
                    quarantined=0,
                    rate_limit_waits=waits,
                    rate_limit_wait_seconds=60.0 * waits,
                    retry_after=retry_after,
                    error=error,
                )
            )


def fill_world(engine: Engine) -> dict[str, int]:
    """The demo weeks with runs; returns mention ids by post name."""
    ids = insert_posts(engine, week_posts())
    insert_runs(engine)
    return ids
