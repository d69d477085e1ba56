"""Which posts of a week go to a person, and which of them still need a decision.

The queue holds every post the digest could pick (praise, and friendly posts in the mascot corner),
everything the classifier flagged (irony, uncertain), and whatever a person already touched, so a
post never vanishes from the page after a correction. Reposts and our own accounts' posts never
appear: the digest never shows them either.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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
