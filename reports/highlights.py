"""Highlights for the intranet editors: approved praise posts as ready-to-paste snippets.

The list holds only praise a person approved (decision "approved" and the effective label praise),
never a rejected post, a repost, or a post whose author refused consent. Posts marked as a highlight
come first and are set apart. Consent states: none (not asked), asked, granted, refused; only
"granted" allows reposting, so only then `may_repost` is true and a snippet is offered. Each carries whether and when it was
already reposted (`praise highlights --mark-reposted ID` records that).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine

from kernel.weeks import Period
from reports import strings
from reports.render import render
from reports.safety import json_text, safe_link
from storage.queries import MentionRecord, mention_records


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
    highlight: bool = False

    @property
    def may_repost(self) -> bool:
        """Reposting copies a person's words onto our intranet: only with their consent."""
        return self.consent == "granted"


@dataclass(frozen=True, slots=True)
class Highlights:
    period: str
    lang: str
    items: list[Highlight]
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))


def is_highlight(record: MentionRecord) -> bool:
    """Approved praise, and nothing that forbids showing it."""
    if record.kind == "repost" or record.consent == "refused":
        return False
    return record.decision == "approved" and record.praise


def build_highlights(
    engine: Engine, period: Period, lang: str = "de", *, now: datetime | None = None
) -> Highlights:
    """The period's highlights: the marked ones first, then oldest first.

    Raises:
        PraiseError: the language is not valid.
    """
    strings.check_lang(lang)
    records = mention_records(engine, period.start, period.end)
    chosen = sorted((r for r in records if is_highlight(r)), key=lambda r: not r.highlight)
    items = [_highlight(r) for r in chosen]
    return Highlights(period.label, lang, items, now or datetime.now(UTC))


def _highlight(record: MentionRecord) -> Highlight:
    return Highlight(
        mention_id=record.id,
        platform=record.platform,
        url=safe_link(record.url),
        author_handle=record.author_handle,
        text=record.text,
        media_urls=[link for link in (safe_link(u) for u in record.media_urls) if link],
        created_at=record.created_at,
        reposted_at=record.reposted_at,
        consent=record.consent,
        highlight=record.highlight,
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
