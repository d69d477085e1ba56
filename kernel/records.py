"""Record types shared by collectors, storage, analysis callers and reports.

They are plain frozen dataclasses so that collectors and normalisers stay free of any database code:
storage maps them to rows, reports read them back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

JSON = dict[str, Any]


class Platform(StrEnum):
    """Where a mention comes from: a registered platform (`kernel.sources`), or "import" for files.

    The members name the platforms this repository ships. A platform added later as a package under
    ``collectors/`` needs no member here: its registered name is accepted by `Platform(name)` like these,
    so records, storage, import and the command line take it without a change to the kernel.
    """

    X = "x"
    INSTAGRAM = "instagram"
    MASTODON = "mastodon"
    BLUESKY = "bluesky"
    IMPORT = "import"

    @classmethod
    def _missing_(cls, value: object) -> Platform | None:
        from kernel.sources import platform_names  # reads names only: no platform module is imported

        if not isinstance(value, str) or value not in platform_names():
            return None
        # A member made on first use, kept so that the same name always gives the same member.
        member = str.__new__(cls, value)
        member._name_ = value.upper()
        member._value_ = value
        found = cls._value2member_map_.setdefault(value, member)
        return found if isinstance(found, cls) else None


class MentionKind(StrEnum):
    POST = "post"
    REPLY = "reply"
    QUOTE = "quote"
    COMMENT = "comment"
    # A repost (retweet) repeats another post: it counts as reach, never as new praise.
    REPOST = "repost"


class RunOutcome(StrEnum):
    OK = "ok"
    RATE_LIMITED = "rate_limited"
    BUDGET_SPENT = "budget_spent"
    AUTH_FAILED = "auth_failed"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class SourceKey:
    """One thing we collect from: an account's mentions, a search query, a profile, a hashtag.

    ``kind`` is one of ``mentions``, ``search`` (X) or ``profile``, ``tagged``, ``hashtag`` (Instagram).
    """

    platform: Platform
    kind: str
    key: str

    def __str__(self) -> str:
        return f"{self.platform.value}:{self.kind}:{self.key}"

    @classmethod
    def parse(cls, text: str) -> SourceKey:
        platform, kind, key = text.split(":", 2)
        return cls(Platform(platform), kind, key)


@dataclass(frozen=True, slots=True)
class Metrics:
    likes: int | None = None
    reposts: int | None = None
    replies: int | None = None
    quotes: int | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """One public post, reply or comment, normalised from a platform payload.

    A field the platform did not send stays ``None``; it is never filled with a guess.
    ``created_at`` is timezone-aware UTC.
    """

    platform: Platform
    external_id: str
    kind: MentionKind
    text: str
    created_at: datetime
    url: str | None = None
    author_id: str | None = None
    author_handle: str | None = None
    author_name: str | None = None
    language: str | None = None
    metrics: Metrics = field(default_factory=Metrics)
    media_urls: tuple[str, ...] = ()
    # The post a reply answers or a comment sits under.
    parent_external_id: str | None = None
    # The post a quote or repost repeats.
    referenced_external_id: str | None = None
    raw: JSON = field(default_factory=dict)
    # The handle a reply answers or a comment sits under: a reply to one of our accounts addresses us.
    reply_to_handle: str | None = None


@dataclass(frozen=True, slots=True)
class Quarantined:
    """A payload that could not be normalised, kept with its reason instead of being dropped."""

    platform: Platform
    reason: str
    payload: JSON
    external_id: str | None = None


@dataclass(frozen=True, slots=True)
class Normalised:
    """What a normaliser makes of one raw page: the records and what it could not read."""

    mentions: list[Mention] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RawPage:
    """One page a collector read, and the cursor that holds once that page is stored.

    Storage writes the page's mentions and ``cursor_after`` in one transaction, so a run that dies
    between pages resumes exactly after the last stored page.
    """

    source: SourceKey
    payload: JSON
    cursor_after: JSON
    # How many posts this page cost against the read budget (X bills per post read).
    posts_read: int = 0


@dataclass(slots=True)
class SourceReport:
    """What one collection run of one source did; storage keeps one row per run and source."""

    source: SourceKey
    outcome: RunOutcome = RunOutcome.OK
    read: int = 0
    new: int = 0
    updated: int = 0
    quarantined: int = 0
    rate_limit_waits: int = 0
    rate_limit_wait_seconds: float = 0.0
    retry_after: datetime | None = None
    error: str | None = None
