"""Which posts the digest shows: the best praise, with variety, and never an unchecked doubtful post.

Rules, in order:
- a repost is reach, never a praise item; a post of our own accounts is never praise of us;
- a post a person rejected is never picked, nor one whose author refused consent to be quoted;
- a post the classifier flagged (needs review, irony) is picked only once a person approved it;
- a post marked as a highlight (and approved, or praise nobody doubted) comes first, before any ranking;
- the rest are ranked by the classifier's confidence and by engagement, then picked greedily with a
  penalty for platforms and topics already picked, and at most two posts per author.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
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
    # Rank once per post: the rounds below compare every remaining post again (thousands in a busy week).
    ranks = {id(r): rank(r) for r in candidates}
    remaining = sorted(candidates, key=lambda r: (-ranks[id(r)], str(r.get("created_at")), r.get("id") or 0))
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
                ranks[id(record)]
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


# Why a post is in the digest or not (keys of the review workspace's phrases, `why_<reason>`).
IN_HIGHLIGHT = "highlight"
IN_APPROVED = "approved"
IN_UNDECIDED = "undecided"
OUT_REPOST = "repost"
OUT_OWN = "own_account"
OUT_REJECTED = "rejected"
OUT_NO_CONSENT = "no_consent"
OUT_FLAGGED = "flagged"
OUT_BELOW_THRESHOLD = "below_threshold"
OUT_NOT_PICKED = "not_picked"
SHOWN_REASONS = frozenset({IN_HIGHLIGHT, IN_APPROVED, IN_UNDECIDED})


@dataclass(frozen=True, slots=True)
class DigestChoice:
    """The posts the digest shows, in order, and for every post of the week why it is in or out."""

    highlights: list[Record]
    praise: list[Record]
    mascot: list[Record]
    why: dict[int, str] = field(default_factory=dict)

    def shown_ids(self) -> list[int]:
        return [int(r["id"]) for r in (*self.highlights, *self.praise, *self.mascot)]


def _friendly_mascot(record: Record) -> bool:
    return primary_topic(record) == MASCOT and (
        bool(record.get("praise")) or record.get("sentiment") == "positive"
    )


def is_candidate(record: Record) -> bool:
    """Praise, or a friendly post for the mascot corner: what the digest may pick at all."""
    return bool(record.get("praise")) or _friendly_mascot(record)


def is_featured(record: Record, own_handles: Iterable[str] = ()) -> bool:
    """A highlight the digest shows first: marked, allowed, and approved or undoubted praise."""
    return (
        bool(record.get("highlight"))
        and may_be_shown(record, own_handles)
        and (record.get("decision") == "approved" or is_candidate(record))
    )


def why_out(record: Record, own_handles: Iterable[str] = ()) -> str:
    """The first rule that keeps a post out of the digest (for a post that is not shown)."""
    if record.get("kind") == "repost":
        return OUT_REPOST
    handle = (record.get("author_handle") or "").lower().lstrip("@")
    own = (
        own_handles
        if isinstance(own_handles, set | frozenset)
        else {h.lower().lstrip("@") for h in own_handles}
    )
    if handle and handle in own:
        return OUT_OWN
    if record.get("decision") == "rejected":
        return OUT_REJECTED
    if record.get("consent") == "refused":
        return OUT_NO_CONSENT
    if (record.get("needs_review") or record.get("irony")) and record.get("decision") != "approved":
        return OUT_FLAGGED
    if not is_candidate(record):
        return OUT_BELOW_THRESHOLD
    return OUT_NOT_PICKED


def choose_digest(
    records: Iterable[Record], *, praise_limit: int, mascot_limit: int, own_handles: Iterable[str] = ()
) -> DigestChoice:
    """Pick the week's digest: highlights first, then the best praise, then the mascot corner."""
    own = list(own_handles)
    week = list(records)
    highlights = sorted(
        (r for r in week if is_featured(r, own)),
        key=lambda r: (-rank(r), str(r.get("created_at")), r.get("id") or 0),
    )
    featured = {id(r) for r in highlights}
    rest = [r for r in week if id(r) not in featured]
    praise = select_praise(rest, limit=praise_limit, own_handles=own)
    mascot = select_mascot(rest, limit=mascot_limit, own_handles=own)
    why: dict[int, str] = {}
    for record in highlights:
        why[int(record["id"])] = IN_HIGHLIGHT
    for record in (*praise, *mascot):
        why[int(record["id"])] = IN_APPROVED if record.get("decision") == "approved" else IN_UNDECIDED
    own_set = {h.lower().lstrip("@") for h in own}
    for record in week:
        why.setdefault(int(record["id"]), why_out(record, own_set))
    return DigestChoice(highlights, praise, mascot, why)


def why_alone(record: Record, own_handles: Iterable[str] = ()) -> str:
    """Why a post is in or out judged by its own state only, without ranking it against its week.

    Used where the whole week is not read (a card saved in place): a post the rules let through is
    reported as it would be picked; whether it loses against stronger posts shows on the next page load.
    """
    own = {h.lower().lstrip("@") for h in own_handles}
    if is_featured(record, own):
        return IN_HIGHLIGHT
    reason = why_out(record, own)
    if reason != OUT_NOT_PICKED:
        return reason
    return IN_APPROVED if record.get("decision") == "approved" else IN_UNDECIDED
