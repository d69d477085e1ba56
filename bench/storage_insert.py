"""Store 100,000 normalised mentions and compare with a raw sqlite3 executemany of the same rows.

Run: .venv/bin/python -m bench.storage_insert [--count N] [--page-size N]
Target (issue 2): our rate is at least half the raw rate.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kernel.records import Mention, MentionKind, Metrics, Normalised, Platform, RawPage, SourceKey
from storage.db import make_engine
from storage.ingest import store_page
from storage.mentions import mention_to_row
from storage.migrate import upgrade

START = datetime(2026, 1, 1, tzinfo=UTC)


def make_mentions(count: int) -> list[Mention]:
    return [
        Mention(
            platform=Platform.X,
            external_id=str(1_800_000_000_000_000_000 + i),
            kind=MentionKind.POST,
            text=f"Danke an das IT-Referat für den schnellen VPN-Zugang! Beitrag {i} 💙 #DankeStadtIT",
            created_at=START + timedelta(seconds=37 * i),
            url=f"https://x.com/buerger{i % 5000}/status/{1_800_000_000_000_000_000 + i}",
            author_id=str(10_000 + i % 5000),
            author_handle=f"buerger{i % 5000}",
            author_name=f"Bürger {i % 5000}",
            language="de",
            metrics=Metrics(likes=i % 50, reposts=i % 7, replies=i % 3, quotes=0),
            media_urls=(),
            raw={"id": str(1_800_000_000_000_000_000 + i), "lang": "de"},
        )
        for i in range(count)
    ]


def raw_rate(db: Path, mentions: list[Mention], schema_from: Path) -> float:
    """The floor: sqlite3.executemany of the same rows into the same table, one transaction."""
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    engine.dispose()
    now = datetime.now(UTC)
    started = time.perf_counter()
    rows = []
    for m in mentions:
        row = mention_to_row(m, now)
        rows.append(
            tuple(
                json.dumps(v)
                if isinstance(v, list | dict)
                else v.isoformat()
                if isinstance(v, datetime)
                else v
                for v in row.values()
            )
        )
    columns = ", ".join(mention_to_row(mentions[0], now))
    marks = ", ".join("?" * len(rows[0]))
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.executemany(f"INSERT INTO mentions ({columns}) VALUES ({marks})", rows)
    conn.commit()
    conn.close()
    return len(mentions) / (time.perf_counter() - started)


def our_rate(db: Path, mentions: list[Mention], page_size: int) -> float:
    """The real path: store_page per page (upsert, source link, cursor) as a collection does it."""
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    source = SourceKey(Platform.X, "search", "#DankeStadtIT")
    started = time.perf_counter()
    for offset in range(0, len(mentions), page_size):
        page = mentions[offset : offset + page_size]
        store_page(engine, RawPage(source, {}, {"since_id": page[-1].external_id}), Normalised(page))
    elapsed = time.perf_counter() - started
    engine.dispose()
    return len(mentions) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--page-size", type=int, default=1000)
    args = parser.parse_args()
    mentions = make_mentions(args.count)
    with tempfile.TemporaryDirectory() as tmp:
        raw = raw_rate(Path(tmp) / "raw.sqlite", mentions, Path(tmp))
        ours = our_rate(Path(tmp) / "ours.sqlite", mentions, args.page_size)
        ours_small = our_rate(Path(tmp) / "ours100.sqlite", mentions, 100)
    print(f"mentions: {args.count:,}")
    print(f"raw sqlite3.executemany:            {raw:>10,.0f} rows/s")
    print(f"praise store_page, pages of {args.page_size:<5}: {ours:>10,.0f} rows/s ({ours / raw:.0%} of raw)")
    print(f"praise store_page, pages of 100  : {ours_small:>10,.0f} rows/s ({ours_small / raw:.0%} of raw)")


if __name__ == "__main__":
    main()
