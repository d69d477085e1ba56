"""The weekly praise digest: the data (`Digest`), how it is built, and its three renderings.

`build_digest` reads two weeks of mentions (the week and the one before) and the week's collection runs,
so its cost follows the week, not the history. `write_digest` writes `digest.html`, `digest.md` and
`digest.json`; the JSON holds exactly the content the pages show.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from kernel.weeks import BERLIN, Period, parse_week, previous_week
from reports import strings
from reports.charts import stacked_sentiment_bars
from reports.coverage import Coverage, coverage_for
from reports.formatting import number
from reports.render import render
from reports.safety import json_text, safe_link
from reports.selection import choose_digest, primary_topic
from storage.queries import mention_records

PRAISE_ITEMS = 10
MASCOT_ITEMS = 4
# The highlights' heading lives here rather than in reports.strings, which another change reworks.
HIGHLIGHTS_HEADING = {"de": "Highlights der Woche", "en": "Highlights of the week"}


@dataclass(frozen=True, slots=True)
class PostItem:
    """One quoted post. `url` and `media_urls` hold only links the link policy allows."""

    mention_id: int
    platform: str
    author_handle: str | None
    author_name: str | None
    text: str
    url: str | None
    media_urls: list[str]
    created_at: datetime
    likes: int
    reposts: int
    topic: str
    approved: bool


@dataclass(frozen=True, slots=True)
class TopicGroup:
    topic: str
    label: str
    items: list[PostItem]


@dataclass(frozen=True, slots=True)
class WeekNumbers:
    """Aggregates of one week; reposts count as reach, not as posts."""

    week: str
    mentions: int
    praise: int
    authors: int
    reposts: int
    positive: int
    neutral: int
    negative: int
    share_positive: float | None
    share_negative: float | None


@dataclass(frozen=True, slots=True)
class Digest:
    """Everything the digest shows, in the reader's language."""

    week: str
    lang: str
    first_day: date
    last_day: date
    groups: list[TopicGroup]
    mascot: list[PostItem]
    # The editors' highlights, shown first (before the topic groups).
    highlights: list[PostItem]
    this_week: WeekNumbers
    last_week: WeekNumbers
    coverage: Coverage
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def item_count(self) -> int:
        return len(self.highlights) + sum(len(g.items) for g in self.groups)


def build_digest(
    engine: Engine,
    week: str | Period,
    lang: str = "de",
    *,
    own_handles: Iterable[str] = (),
    now: datetime | None = None,
) -> Digest:
    """Build one week's digest from the database.

    Args:
        engine: the database.
        week: an ISO week such as "2026-W47" (Europe/Berlin) or a Period from `kernel.weeks`.
        lang: "de" or "en".
        own_handles: our own accounts; their posts are never picked as praise.
        now: the generation time shown on the page (default: now).

    Raises:
        PraiseError: the week or language is not valid.
    """
    strings.check_lang(lang)
    period = parse_week(week) if isinstance(week, str) else week
    before = previous_week(period)
    # Typed records straight from storage: no detour through pandas, whose NaN and Timestamps we undid.
    records = [r.as_dict() for r in mention_records(engine, period.start, period.end)]
    earlier = [r.as_dict() for r in mention_records(engine, before.start, before.end)]
    choice = choose_digest(
        records, praise_limit=PRAISE_ITEMS, mascot_limit=MASCOT_ITEMS, own_handles=list(own_handles)
    )
    this_week = week_numbers(period.label, records)
    return Digest(
        week=period.label,
        lang=lang,
        first_day=period.start.astimezone(BERLIN).date(),
        last_day=(period.end.astimezone(BERLIN) - timedelta(days=1)).date(),
        groups=_groups([_item(r) for r in choice.praise], lang),
        mascot=[_item(r) for r in choice.mascot],
        highlights=[_item(r) for r in choice.highlights],
        this_week=this_week,
        last_week=week_numbers(before.label, earlier),
        coverage=coverage_for(engine, period, posts_stored=len(records)),
        generated_at=now or datetime.now(UTC),
    )


def week_numbers(label: str, records: list[dict[str, Any]]) -> WeekNumbers:
    """Counts and shares of one week; shares rest on classified posts only."""
    posts = [r for r in records if r.get("kind") != "repost"]
    sentiments = [r.get("sentiment") for r in posts if r.get("sentiment")]
    counts = {s: sentiments.count(s) for s in ("positive", "neutral", "negative")}
    classified = len(sentiments)
    return WeekNumbers(
        week=label,
        mentions=len(posts),
        praise=sum(1 for r in posts if r.get("praise")),
        authors=len({(r.get("platform"), r.get("author_handle")) for r in posts if r.get("author_handle")}),
        reposts=len(records) - len(posts),
        positive=counts["positive"],
        neutral=counts["neutral"],
        negative=counts["negative"],
        share_positive=counts["positive"] / classified if classified else None,
        share_negative=counts["negative"] / classified if classified else None,
    )


def _int(value: Any) -> int:
    return int(value) if isinstance(value, int | float) and not math.isnan(value) else 0


def _item(record: dict[str, Any]) -> PostItem:
    media = [link for link in (safe_link(u) for u in record.get("media_urls") or []) if link]
    created = record["created_at"]
    if isinstance(created, datetime) and created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return PostItem(
        mention_id=int(record["id"]),
        platform=str(record.get("platform") or ""),
        author_handle=record.get("author_handle"),
        author_name=record.get("author_name"),
        text=str(record.get("text") or ""),
        url=safe_link(record.get("url")),
        media_urls=media,
        created_at=created.to_pydatetime() if hasattr(created, "to_pydatetime") else created,
        likes=_int(record.get("likes")),
        reposts=_int(record.get("reposts")),
        topic=primary_topic(record),
        approved=record.get("decision") == "approved",
    )


def _groups(items: list[PostItem], lang: str) -> list[TopicGroup]:
    """Items grouped by topic: the topic with the most praise first, "other" last, best item first within."""
    grouped: dict[str, list[PostItem]] = {}
    for item in items:
        grouped.setdefault(item.topic, []).append(item)
    # dicts keep insertion order, so among equally large groups the one holding the best item leads.
    first_seen = {topic: n for n, topic in enumerate(grouped)}
    order = sorted(grouped, key=lambda t: (t == "other", -len(grouped[t]), first_seen[t]))
    return [TopicGroup(t, strings.topic_label(t, lang), grouped[t]) for t in order]


def digest_data(digest: Digest) -> dict[str, Any]:
    """The digest as plain data (what `digest.json` holds)."""
    data = asdict(digest)
    data["item_count"] = digest.item_count
    return data


def render_digest_html(digest: Digest) -> str:
    lang = digest.lang
    labels = {k: strings.sentiment_label(k, lang) for k in ("positive", "neutral", "negative")}
    weeks = [digest.last_week, digest.this_week]
    chart = stacked_sentiment_bars(
        strings.text("chart_volume", lang),
        strings.text(
            "chart_summary_volume",
            lang,
            weeks=2,
            total=number(sum(w.positive + w.neutral + w.negative for w in weeks), lang),
            positive=number(sum(w.positive for w in weeks), lang),
            negative=number(sum(w.negative for w in weeks), lang),
        ),
        [_week_short(w.week, lang) for w in weeks],
        {k: [getattr(w, k) for w in weeks] for k in labels},
        labels,
    )
    return render(
        "digest.html.j2",
        digest=digest,
        lang=lang,
        chart=chart,
        week_short=_week_short,
        highlights_heading=HIGHLIGHTS_HEADING[lang],
    )


def render_digest_markdown(digest: Digest) -> str:
    return render(
        "digest.md.j2",
        digest=digest,
        lang=digest.lang,
        week_short=_week_short,
        highlights_heading=HIGHLIGHTS_HEADING[digest.lang],
    )


def render_digest_json(digest: Digest) -> str:
    return json_text(digest_data(digest)) + "\n"


def _week_short(label: str, lang: str) -> str:
    """`2026-W47` → `KW 47/2026` (German) or `week 47/2026`."""
    year, week = label.split("-W")
    return f"{strings.text('week_short', lang)} {int(week)}/{year}"


def write_digest(digest: Digest, out_dir: Path) -> list[Path]:
    """Write digest.html, digest.md and digest.json into `out_dir` (created if missing).

    Returns:
        The three paths, in that order.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = {
        "digest.html": render_digest_html(digest),
        "digest.md": render_digest_markdown(digest),
        "digest.json": render_digest_json(digest),
    }
    paths = []
    for name, content in outputs.items():
        path = out_dir / name
        path.write_text(content, encoding="utf-8")
        paths.append(path)
    return paths


def default_out_dir(week: str) -> Path:
    return Path("out") / f"digest-{week}"
