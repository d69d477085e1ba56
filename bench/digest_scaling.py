"""Digest build time vs history size: the same week on 10,000 and on 1,000,000 stored mentions.

Run: .venv/bin/python -m bench.digest_scaling [--small 10000] [--large 1000000] [--repeat 5]
Target (reports issue): the build on the large database takes at most twice as long as on the small one,
because every report query is bounded by the period on the indexed `created_at`.

Both databases hold the identical demo week (2026-W47) and the week before it; the rest of the rows are
spread over the years 2020..2026 outside those two weeks. Rows go in through sqlite3's executemany in the
format SQLAlchemy itself stores (see storage.dialect.driver_value), classifications included.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from kernel.weeks import parse_week, previous_week
from reports.digest import build_digest, render_digest_html
from storage.db import make_engine
from storage.dialect import driver_value
from storage.migrate import upgrade

WEEK = parse_week("2026-W47")
BEFORE = previous_week(WEEK)
HISTORY_START = datetime(2020, 1, 1, tzinfo=UTC)
WEEK_POSTS = 400  # per week, W46 and W47 each
TOPICS = ["home_office", "vpn", "video_conferencing", "devices", "helpdesk", "intranet", "mascot"]
CHUNK = 50_000

MENTION_COLUMNS = (
    "id, platform, external_id, kind, url, author_id, author_handle, author_name, text, language, created_at, "
    "likes, reposts, replies, quotes, media_urls, parent_external_id, referenced_external_id, raw, "
    "first_seen_at, last_seen_at"
)
CLASSIFICATION_COLUMNS = (
    "mention_id, language, sentiment, sentiment_score, praise, praise_score, irony, needs_review, "
    "review_reasons, topics, reasons, model_version, classified_at"
)


def week_times(rng: random.Random) -> list[datetime]:
    """The fixed posts of the two compared weeks: identical in both databases."""
    seconds = int((WEEK.end - BEFORE.start).total_seconds())
    return sorted(BEFORE.start + timedelta(seconds=rng.randrange(seconds)) for _ in range(2 * WEEK_POSTS))


def history_times(count: int, rng: random.Random) -> Iterator[datetime]:
    """Background posts over six years, none inside the two compared weeks."""
    span = int((BEFORE.start - HISTORY_START).total_seconds())
    for _ in range(count):
        yield HISTORY_START + timedelta(seconds=rng.randrange(span))


def rows_for(
    n: int, created: datetime, rng: random.Random, conn_sqlite: object
) -> tuple[tuple[object, ...], tuple[object, ...]]:
    handle = f"buerger_{rng.randrange(20_000)}"
    sentiment = rng.choices(["positive", "neutral", "negative"], weights=[6, 2, 2])[0]
    praise = sentiment == "positive" and rng.random() < 0.8
    topic = rng.choice(TOPICS)
    external = str(1_700_000_000_000_000_000 + n)
    mention = (
        n,
        "x",
        external,
        "repost" if rng.random() < 0.05 else "post",
        f"https://x.com/{handle}/status/{external}",
        f"a{n % 20_000}",
        handle,
        None,
        f"Danke an das IT-Referat, {topic} läuft! Beitrag {n} #DankeStadtIT",
        "de",
        driver_value(conn_sqlite, created),  # type: ignore[arg-type]
        rng.randrange(60),
        rng.randrange(8),
        rng.randrange(4),
        0,
        "[]",
        None,
        None,
        "{}",
        driver_value(conn_sqlite, created),  # type: ignore[arg-type]
        driver_value(conn_sqlite, created),  # type: ignore[arg-type]
    )
    classification = (
        n,
        "de",
        sentiment,
        0.8,
        int(praise),
        rng.random() if praise else 0.1,
        0,
        int(rng.random() < 0.05),
        "[]",
        f'["{topic}"]',
        "[]",
        "bench-1",
        driver_value(conn_sqlite, created),  # type: ignore[arg-type]
    )
    return mention, classification


def fill(path: Path, total: int) -> Engine:
    """A SQLite database with `total` mentions, the two compared weeks identical across sizes."""
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    fixed_rng = random.Random(47)
    fixed = week_times(fixed_rng)
    background = history_times(total - len(fixed), random.Random(2026))
    mention_sql = f"INSERT INTO mentions ({MENTION_COLUMNS}) VALUES ({', '.join('?' * 21)})"
    class_sql = f"INSERT INTO classifications ({CLASSIFICATION_COLUMNS}) VALUES ({', '.join('?' * 13)})"
    with engine.begin() as conn:
        n = 0
        mentions, classes = [], []
        # The compared weeks first, from their own random stream, so their rows match in both databases.
        for created in fixed:
            n += 1
            m, c = rows_for(n, created, fixed_rng, conn)
            mentions.append(m)
            classes.append(c)
        history_rng = random.Random(7)
        for created in background:
            n += 1
            m, c = rows_for(n, created, history_rng, conn)
            mentions.append(m)
            classes.append(c)
            if len(mentions) >= CHUNK:
                conn.exec_driver_sql(mention_sql, mentions)
                conn.exec_driver_sql(class_sql, classes)
                mentions, classes = [], []
        if mentions:
            conn.exec_driver_sql(mention_sql, mentions)
            conn.exec_driver_sql(class_sql, classes)
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    return engine


def time_digest(engine: Engine, repeat: int) -> tuple[float, float, int]:
    """Median seconds to build the digest and to build and render it; plus the number of items."""
    build_digest(engine, WEEK)  # warm the page cache and the template cache
    builds, totals = [], []
    items = 0
    for _ in range(repeat):
        started = time.perf_counter()
        digest = build_digest(engine, WEEK)
        built = time.perf_counter()
        render_digest_html(digest)
        done = time.perf_counter()
        builds.append(built - started)
        totals.append(done - started)
        items = digest.item_count
    return statistics.median(builds), statistics.median(totals), items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, size in (("small", args.small), ("large", args.large)):
            started = time.perf_counter()
            engine = fill(Path(tmp) / f"{label}.sqlite", size)
            filled = time.perf_counter() - started
            build, total, items = time_digest(engine, args.repeat)
            engine.dispose()
            results[label] = (size, build, total, items)
            print(
                f"{size:>9,} mentions: filled in {filled:6.1f} s; digest {WEEK.label}: build {build * 1000:7.1f} ms, "
                f"build + render {total * 1000:7.1f} ms ({items} praise items)"
            )
    small, large = results["small"], results["large"]
    assert small[3] == large[3], "the compared week must hold the same content in both databases"
    print(
        f"ratio large/small: build {large[1] / small[1]:.2f}x, build + render {large[2] / small[2]:.2f}x "
        f"(target: at most 2x)"
    )


if __name__ == "__main__":
    main()
