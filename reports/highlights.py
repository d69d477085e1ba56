"""Highlights for the intranet editors: approved praise posts as ready-to-paste snippets.

A highlight is a post a person approved (decision "approved") or marked as a highlight, never a
rejected post, a repost, or a post whose author refused consent. Each carries whether and when it was
already reposted (`praise highlights --mark-reposted ID` records that).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from kernel.weeks import Period
from reports import strings
from reports.render import render
from reports.safety import json_text, safe_link
from storage.queries import as_records, mention_frame


@dataclass(frozen=True, slots=True)
class Highlight:
    """One approved post; `url` and `media_urls` hold only links the link policy allows."""

    mention_id: int
    platform: str
    url: str | None
    author_handle: str | None
    text: str
    media_urls: list[str]
    created_at: datetime
    reposted_at: datetime | None
    consent: str | None


@dataclass(frozen=True, slots=True)
class Highlights:
    period: str
    lang: str
    items: list[Highlight]
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))


def is_highlight(record: dict[str, Any]) -> bool:
    """Approved or marked, and nothing that forbids showing it."""
    if record.get("kind") == "repost" or record.get("decision") == "rejected":
        return False
    if record.get("consent") == "refused":
        return False
    return record.get("decision") == "approved" or bool(record.get("highlight"))


def build_highlights(
    engine: Engine, period: Period, lang: str = "de", *, now: datetime | None = None
) -> Highlights:
    """The period's highlights, oldest first.

    Raises:
        PraiseError: the language is not valid.
    """
    strings.check_lang(lang)
    records = as_records(mention_frame(engine, period.start, period.end))
    items = [_highlight(r) for r in records if is_highlight(r)]
    return Highlights(period.label, lang, items, now or datetime.now(UTC))


def _moment(value: Any) -> datetime | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    moment: datetime = value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _highlight(record: dict[str, Any]) -> Highlight:
    created = _moment(record["created_at"])
    assert created is not None  # created_at is NOT NULL in the schema
    return Highlight(
        mention_id=int(record["id"]),
        platform=str(record.get("platform") or ""),
        url=safe_link(record.get("url")),
        author_handle=record.get("author_handle"),
        text=str(record.get("text") or ""),
        media_urls=[link for link in (safe_link(u) for u in record.get("media_urls") or []) if link],
        created_at=created,
        reposted_at=_moment(record.get("reposted_at")),
        consent=record.get("consent"),
    )


def render_highlights(highlights: Highlights, fmt: str) -> str:
    """The highlights as "md", "html" or "json".

    Raises:
        ValueError: an unknown format.
    """
    if fmt == "json":
        return json_text(asdict(highlights)) + "\n"
    if fmt in ("md", "html"):
        return render(f"highlights.{fmt}.j2", highlights=highlights, lang=highlights.lang)
    raise ValueError(f"unknown highlights format {fmt!r}")
