"""Small builders for records used across storage tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from kernel.records import Mention, MentionKind, Metrics, Platform

BASE_TIME = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)


def mention(n: int, **overrides: Any) -> Mention:
    values: dict[str, Any] = {
        "platform": Platform.X,
        "external_id": str(1_000_000 + n),
        "kind": MentionKind.POST,
        "text": f"Danke an die IT Nr. {n} 🙏\nzweite Zeile",
        "created_at": BASE_TIME + timedelta(minutes=n),
        "url": f"https://x.com/user{n}/status/{1_000_000 + n}",
        "author_id": str(n),
        "author_handle": f"user{n}",
        "author_name": f"User {n}",
        "language": "de",
        "metrics": Metrics(likes=n, reposts=0, replies=1, quotes=0),
        "media_urls": ("https://pbs.twimg.com/media/a.jpg",),
        "raw": {"id": str(1_000_000 + n)},
    }
    values.update(overrides)
    return Mention(**values)
