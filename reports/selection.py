"""Which posts the digest shows: the best praise, with variety, and never an unchecked doubtful post.

Rules, in order:
- a repost is reach, never a praise item; a post of our own accounts is never praise of us;
- a post a person rejected is never picked, nor one whose author refused consent to be quoted;
- a post the classifier flagged (needs review, irony) is picked only once a person approved it;
- the rest are ranked by the classifier's confidence and by engagement, then picked greedily with a
  penalty for platforms and topics already picked, and at most two posts per author.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from typing import Any

MASCOT = "mascot"
OTHER = "other"
MAX_PER_AUTHOR = 2
PLATFORM_PENALTY = 0.12
TOPIC_PENALTY = 0.2
ENGAGEMENT_WEIGHT = 0.1

Record = dict[str, Any]


def primary_topic(record: Record) -> str:
    """The topic a post is grouped under: its first topic other than the mascot, else mascot/other."""
    topics = [t for t in record.get("topics") or [] if isinstance(t, str)]
    for topic in topics:
        if topic != MASCOT:
            return topic
    return MASCOT if MASCOT in topics else OTHER


def engagement(record: Record) -> int:
    """Likes plus replies, with reposts and quotes counted double: they carry the post further."""

    def n(key: str) -> int:
        value = record.get(key)
        return int(value) if isinstance(value, int | float) and not math.isnan(value) else 0

    return n("likes") + n("replies") + 2 * n("reposts") + 2 * n("quotes")


def may_be_shown(record: Record, own_handles: Iterable[str] = ()) -> bool:
    """Whether a post may appear at all (before asking whether it is praise)."""
    if record.get("kind") == "repost":
        return False
    decision = record.get("decision")
    if decision == "rejected" or record.get("consent") == "refused":
        return False
    handle = (record.get("author_handle") or "").lower().lstrip("@")
    if handle and handle in {h.lower().lstrip("@") for h in own_handles}:
        return False
    doubtful = bool(record.get("needs_review")) or bool(record.get("irony"))
    return not doubtful or decision == "approved"


def confidence(record: Record) -> float:
    """How sure we are that the post is praise: a person's label is certain, else the model's score."""
    if record.get("praise_by_editor") or record.get("decision") == "approved":
        return 1.0
    score = record.get("praise_score")
    return float(score) if isinstance(score, int | float) and not math.isnan(score) else 0.5


def rank(record: Record) -> float:
    return confidence(record) + ENGAGEMENT_WEIGHT * math.log1p(engagement(record))


def select_praise(
    records: Iterable[Record], *, limit: int = 10, own_handles: Iterable[str] = ()
) -> list[Record]:
    """The week's best praise posts, outside the mascot corner, most deserving first."""
    own = list(own_handles)
    candidates = [
        r for r in records if r.get("praise") and may_be_shown(r, own) and primary_topic(r) != MASCOT
    ]
    return pick_with_variety(candidates, limit)


def select_mascot(
    records: Iterable[Record], *, limit: int = 4, own_handles: Iterable[str] = ()
) -> list[Record]:
    """Friendly posts about Kater Joey for his corner: praise or positive, never negative."""
    own = list(own_handles)
    candidates = [
        r
        for r in records
        if primary_topic(r) == MASCOT
        and may_be_shown(r, own)
        and (r.get("praise") or r.get("sentiment") == "positive")
    ]
    return pick_with_variety(candidates, limit)


def pick_with_variety(candidates: list[Record], limit: int) -> list[Record]:
    """Greedy choice: each round takes the best rank after penalties for what was already picked."""
    remaining = sorted(candidates, key=lambda r: (-rank(r), str(r.get("created_at")), r.get("id") or 0))
    picked: list[Record] = []
    platforms: Counter[str] = Counter()
    topics: Counter[str] = Counter()
    authors: Counter[str] = Counter()
    while remaining and len(picked) < limit:
        best_index, best_value = -1, -math.inf
        for index, record in enumerate(remaining):
            author = (record.get("author_handle") or "").lower()
            if author and authors[author] >= MAX_PER_AUTHOR:
                continue
            value = (
                rank(record)
                - PLATFORM_PENALTY * platforms[record.get("platform") or ""]
                - TOPIC_PENALTY * topics[primary_topic(record)]
            )
            if value > best_value:
                best_index, best_value = index, value
        if best_index < 0:
            break
        chosen = remaining.pop(best_index)
        picked.append(chosen)
        platforms[chosen.get("platform") or ""] += 1
        topics[primary_topic(chosen)] += 1
        author = (chosen.get("author_handle") or "").lower()
        if author:
            authors[author] += 1
    return picked
