"""The suppression list: erased authors and posts that collection and import never store again.

Entries are SHA-256 digests of a normalised value (a handle without @ in lower case, an author id,
a display name, a post id), so the list does not spell out whom it protects. A handle's digest can
still be found by hashing guessed handles: the table is as confidential as the rest of the database.

Honouring the list means two things: a post by a suppressed author (or a suppressed post) is not
stored at all, and in other people's posts a suppressed handle (`@name`), id or name is replaced by
`REDACTED`, so a reply that names the erased person cannot bring them back.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from kernel.records import Mention
from storage.dialect import dialect_insert
from storage.schema import SuppressionRow

log = logging.getLogger("praise.storage.suppression")

EVERY_PLATFORM = "*"
REDACTED = "[gelöscht]"
KINDS = ("handle", "author_id", "name", "post")
# Longer strings are post texts, not handles, ids or names: not worth hashing.
_LONGEST_KEY = 300
_AT_HANDLE = re.compile(r"@([A-Za-z0-9_.]{1,64})")
_WORD = re.compile(r"\w[\w'.-]*")
_NAME_WORDS = 4


def normalise(kind: str, value: str) -> str:
    value = value.strip()
    if kind == "handle":
        return value.lstrip("@").lower()
    if kind == "name":
        return " ".join(value.split()).casefold()
    return value


def digest(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{normalise(kind, value)}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Suppressions:
    """The loaded list; cheap to ask for every post of a page or an import batch."""

    keys: frozenset[tuple[str, str, str]] = field(default_factory=frozenset)

    def __bool__(self) -> bool:
        return bool(self.keys)

    def has(self, platform: str, kind: str, value: str | None) -> bool:
        if not value:
            return False
        key = digest(kind, value)
        return (platform, kind, key) in self.keys or (EVERY_PLATFORM, kind, key) in self.keys

    def blocks(self, platform: str, external_id: str, author_id: str | None, handle: str | None) -> bool:
        """Whether a post is itself erased: a suppressed post id, author id or handle."""
        return (
            self.has(platform, "post", external_id)
            or self.has(platform, "author_id", author_id)
            or self.has(platform, "handle", handle)
        )

    def _any(self, platform: str, value: str) -> bool:
        return any(self.has(platform, kind, value) for kind in KINDS)

    def redact_text(self, platform: str, text: str) -> str:
        """`@handle` of a suppressed author in someone else's text becomes `@[gelöscht]`, their
        display name (one to four words as written) `[gelöscht]`."""
        text = _AT_HANDLE.sub(
            lambda m: f"@{REDACTED}" if self.has(platform, "handle", m.group(1)) else m.group(0), text
        )
        if not any(kind == "name" for _, kind, _ in self.keys):
            return text
        words = list(_WORD.finditer(text))
        spans: list[tuple[int, int]] = []
        index = 0
        while index < len(words):
            for size in range(min(_NAME_WORDS, len(words) - index), 0, -1):
                start, end = words[index].start(), words[index + size - 1].end()
                if self.has(platform, "name", text[start:end]):
                    spans.append((start, end))
                    index += size
                    break
            else:
                index += 1
        for start, end in reversed(spans):
            text = text[:start] + REDACTED + text[end:]
        return text

    def redact_value(self, platform: str, value: Any) -> Any:
        """A JSON value with every suppressed handle, id or name replaced (raw payloads)."""
        if isinstance(value, str):
            if len(value) <= _LONGEST_KEY and self._any(platform, value):
                return REDACTED
            return self.redact_text(platform, value) if "@" in value else value
        if isinstance(value, dict):
            return {k: self.redact_value(platform, v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.redact_value(platform, v) for v in value]
        return value

    def clean(self, mention: Mention) -> Mention:
        """Someone else's post with every trace of a suppressed author replaced."""
        platform = mention.platform.value

        def ref(value: str | None) -> str | None:
            return None if value and self.has(platform, "post", value) else value

        return replace(
            mention,
            text=self.redact_text(platform, mention.text),
            raw=self.redact_value(platform, mention.raw),
            parent_external_id=ref(mention.parent_external_id),
            referenced_external_id=ref(mention.referenced_external_id),
        )


def load_suppressions(conn: Connection) -> Suppressions:
    rows = conn.execute(select(SuppressionRow.platform, SuppressionRow.kind, SuppressionRow.key_sha256))
    return Suppressions(frozenset((p, k, h) for p, k, h in rows))


def add_suppressions(
    conn: Connection,
    entries: Iterable[tuple[str, str, str]],
    *,
    erasure_id: int | None,
    now: datetime,
) -> int:
    """Add (platform, kind, value) entries; returns how many distinct entries were asked for."""
    rows = {
        (platform, kind, digest(kind, value)): {
            "platform": platform,
            "kind": kind,
            "key_sha256": digest(kind, value),
            "erasure_id": erasure_id,
            "created_at": now,
        }
        for platform, kind, value in entries
        if value and value.strip()
    }
    if rows:
        conn.execute(
            dialect_insert(conn, SuppressionRow.__table__).on_conflict_do_nothing(), list(rows.values())
        )
    return len(rows)


def honour(conn: Connection, mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions collection may store: erased authors' posts dropped, others' posts cleaned.

    Called inside the page's write transaction, so an erasure that commits first is always seen.
    """
    suppressions = load_suppressions(conn)
    if not suppressions:
        return list(mentions)
    kept = [
        suppressions.clean(m)
        for m in mentions
        if not suppressions.blocks(m.platform.value, m.external_id, m.author_id, m.author_handle)
    ]
    if len(kept) < len(mentions):
        # A count only: the posts belong to people who asked to be forgotten.
        log.info("skipped %d post(s) of erased authors", len(mentions) - len(kept))
    return kept
