"""Which posts of a week go to a person, and which of them still need a decision.

The queue holds every post the digest could pick (praise, and friendly posts in the mascot corner),
everything the classifier flagged (irony, uncertain), and whatever a person already touched, so a
post never vanishes from the page after a correction. Reposts and our own accounts' posts never
appear: the digest never shows them either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

MASCOT = "mascot"

Record = dict[str, Any]


def _own(record: Record, own_handles: set[str]) -> bool:
    return (record.get("author_handle") or "").lower().lstrip("@") in own_handles


def _could_be_shown(record: Record) -> bool:
    """What the digest may show once nothing forbids it: praise, or a friendly mascot post."""
    topics = record.get("topics") or []
    return bool(record.get("praise")) or (MASCOT in topics and record.get("sentiment") == "positive")


def flagged(record: Record) -> bool:
    return bool(record.get("needs_review")) or bool(record.get("irony"))


def in_queue(record: Record, own_handles: Iterable[str] = ()) -> bool:
    own = {h.lower().lstrip("@") for h in own_handles}
    if record.get("kind") == "repost" or _own(record, own):
        return False
    touched = (
        record.get("decision") is not None
        or record.get("praise_by_editor")
        or record.get("sentiment_by_editor")
    )
    return _could_be_shown(record) or flagged(record) or bool(touched)


def needs_decision(record: Record) -> bool:
    """A post the digest would show without anyone having decided: the publisher must not approve yet.

    Flagged posts without a decision stay out of the digest anyway, as do posts whose author refused.
    """
    return (
        record.get("decision") is None
        and _could_be_shown(record)
        and not flagged(record)
        and record.get("consent") != "refused"
    )


def queue_of(records: Iterable[Record], own_handles: Iterable[str] = ()) -> list[Record]:
    """The week's queue in the order the posts were written (a stable order keeps keyboard focus sane)."""
    own = list(own_handles)
    return [r for r in records if in_queue(r, own)]


def undecided(queue: Iterable[Record]) -> int:
    return sum(1 for r in queue if needs_decision(r))


STATES = ("open", "approved", "rejected", "all")
KINDS = ("all", "praise", "flagged")
SORTS = ("default", "newest", "oldest", "score", "engagement")
PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class QueueView:
    """What the queue page shows: a filter, its page of posts, and counts for every state."""

    state: str = "open"
    kind: str = "all"
    platform: str = ""
    topic: str = ""
    q: str = ""
    sort: str = "default"
    page: int = 1

    def query(self, **changes: object) -> str:
        """The URL query for this view with some fields changed (the page resets unless given)."""
        values = {name: getattr(self, name) for name in self.__slots__}
        values.update({"page": 1, **changes})
        defaults = QueueView()
        kept = {k: v for k, v in values.items() if v != getattr(defaults, k)}
        return "?" + urlencode(kept) if kept else "?"


@dataclass(frozen=True, slots=True)
class QueuePage:
    posts: list[Record]
    matching: int
    pages: int
    counts: dict[str, int]
    platforms: list[str]
    topics: list[str]


def is_open(record: Record) -> bool:
    return record.get("decision") is None


def _matches(record: Record, view: QueueView, needle: str) -> bool:
    decision = record.get("decision")
    if view.state == "open" and decision is not None:
        return False
    if view.state in ("approved", "rejected") and decision != view.state:
        return False
    if view.kind == "praise" and not _could_be_shown(record):
        return False
    if view.kind == "flagged" and not flagged(record):
        return False
    if view.platform and record.get("platform") != view.platform:
        return False
    if view.topic and view.topic not in (record.get("topics") or []):
        return False
    if needle:
        haystack = f"{record.get('text') or ''} {record.get('author_handle') or ''}".casefold()
        if needle not in haystack:
            return False
    return True


def _engagement(record: Record) -> int:
    return sum(int(record.get(k) or 0) for k in ("likes", "replies", "reposts", "quotes"))


def _sort_key(sort: str) -> Callable[[Record], Any]:
    if sort == "newest":
        return lambda r: (-r["created_at"].timestamp(), -int(r["id"]))
    if sort == "oldest":
        return lambda r: (r["created_at"], int(r["id"]))
    if sort == "score":
        return lambda r: (-(r.get("praise_score") or 0.0), r["created_at"], int(r["id"]))
    if sort == "engagement":
        return lambda r: (-_engagement(r), r["created_at"], int(r["id"]))
    # Default: open posts first, praise candidates first, the model's most confident praise first.
    return lambda r: (
        not is_open(r),
        not _could_be_shown(r),
        -(r.get("praise_score") or 0.0),
        r["created_at"],
        int(r["id"]),
    )


def view_queue(queue: list[Record], view: QueueView, page_size: int = PAGE_SIZE) -> QueuePage:
    """Filter, count, sort and cut one page out of the week's queue."""
    needle = view.q.strip().casefold()
    matching = [r for r in queue if _matches(r, view, needle)]
    matching.sort(key=_sort_key(view.sort))
    pages = max(1, -(-len(matching) // page_size))
    page = min(max(1, view.page), pages)
    counts = {
        "all": len(queue),
        "open": sum(1 for r in queue if is_open(r)),
        "approved": sum(1 for r in queue if r.get("decision") == "approved"),
        "rejected": sum(1 for r in queue if r.get("decision") == "rejected"),
        "flagged": sum(1 for r in queue if flagged(r)),
        "praise": sum(1 for r in queue if _could_be_shown(r)),
        "needs_decision": undecided(queue),
    }
    return QueuePage(
        posts=matching[(page - 1) * page_size : page * page_size],
        matching=len(matching),
        pages=pages,
        counts=counts,
        platforms=sorted({str(r.get("platform")) for r in queue if r.get("platform")}),
        topics=sorted({t for r in queue for t in r.get("topics") or [] if isinstance(t, str)}),
    )
