"""One imported line: validated against the schema's limits before anything is written.

SQLite stores whatever it is given, PostgreSQL refuses a NUL, a string over its column's length or a
number beyond INTEGER; checking here makes both databases accept exactly the same lines and turns
every refusal into a message naming the field, never a database error in the middle of a batch.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from kernel.records import Mention, MentionKind, Metrics, Platform
from storage.schema import MentionRow, MentionSourceRow

DEFAULT_MAX_TEXT = 100_000
# The raw payload is kept for audits, not read: a generous cap still stops a runaway line.
MAX_RAW_CHARS = 1_000_000
INT_MAX = 2**31 - 1  # the mentions' INTEGER columns on PostgreSQL


def _length(column: str) -> int:
    length = getattr(MentionRow.__table__.c[column].type, "length", None)
    assert isinstance(length, int)
    return length


SOURCE_LENGTH: int = getattr(MentionSourceRow.__table__.c["source"].type, "length", None) or 300


# One C-speed scan per string; the loop below runs only for a string that has such a character.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """Why a string cannot be stored the same way on both databases, or None."""
    found = _UNSTORABLE.search(value)
    if found is None:
        return None
    if "\x00" in value:
        return "contains a NUL character (\\u0000), which PostgreSQL cannot store"
    code = ord(found.group())
    if 0xDC80 <= code <= 0xDCFF:
        # Put there by the decoder's surrogateescape for a byte that is not in the file's encoding.
        return (
            f"has a byte that is not valid in the file's encoding (0x{code - 0xDC00:02X}); "
            "give the file's encoding with --encoding (e.g. --encoding latin-1)"
        )
    return f"contains a lone surrogate (\\u{code:04x}), which is not valid Unicode"


def _walk_problem(value: Any) -> str | None:
    if isinstance(value, str):
        return text_problem(value)
    if isinstance(value, dict):
        for key, item in value.items():
            problem = _walk_problem(key) or _walk_problem(item)
            if problem:
                return problem
    if isinstance(value, list):
        for item in value:
            problem = _walk_problem(item)
            if problem:
                return problem
    return None


class MentionLine(BaseModel):
    """One imported mention; its validation errors become the user's per-line messages.

    Validate with `context={"max_text": N}` to apply a configured text limit (default 100,000).
    """

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)

    platform: Platform
    external_id: str = Field(min_length=1, max_length=_length("external_id"))
    kind: MentionKind = MentionKind.POST
    created_at: datetime
    text: str
    url: str | None = None
    author_id: str | None = Field(None, max_length=_length("author_id"))
    author_handle: str | None = Field(None, max_length=_length("author_handle"))
    author_name: str | None = None
    language: str | None = Field(None, max_length=_length("language"))
    likes: int | None = Field(None, ge=0, le=INT_MAX)
    reposts: int | None = Field(None, ge=0, le=INT_MAX)
    replies: int | None = Field(None, ge=0, le=INT_MAX)
    quotes: int | None = Field(None, ge=0, le=INT_MAX)
    media_urls: list[str] = Field(default_factory=list)
    parent_external_id: str | None = Field(None, max_length=_length("parent_external_id"))
    referenced_external_id: str | None = Field(None, max_length=_length("referenced_external_id"))
    sources: list[str] = Field(default_factory=list)
    first_seen_at: datetime | None = None
    last_seen_at: datetime | None = None
    raw: dict[str, Any] = Field(default_factory=dict)

    @field_validator("created_at", "first_seen_at", "last_seen_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("needs a time zone (e.g. 2026-11-17T09:00:00Z)")
        return value.astimezone(UTC) if value is not None else None

    @field_validator("text", "url", "author_name")
    @classmethod
    def _not_too_long(cls, value: str | None, info: ValidationInfo) -> str | None:
        limit = (info.context or {}).get("max_text", DEFAULT_MAX_TEXT)
        if value is not None and len(value) > limit:
            raise ValueError(f"has {len(value):,} characters, more than the limit of {limit:,}")
        return value

    @field_validator("sources")
    @classmethod
    def _source_names(cls, value: list[str]) -> list[str]:
        for name in value:
            if not name or len(name) > SOURCE_LENGTH:
                raise ValueError(f"each source name needs 1 to {SOURCE_LENGTH} characters")
        return value

    @field_validator("raw")
    @classmethod
    def _raw_size(cls, value: dict[str, Any]) -> dict[str, Any]:
        dumped = json.dumps(value, ensure_ascii=False, default=str)
        if len(dumped) > MAX_RAW_CHARS:
            raise ValueError(
                f"is {len(dumped):,} characters of JSON, more than the limit of {MAX_RAW_CHARS:,}"
            )
        # The dump shows a NUL as \u0000 and a lone surrogate as itself: walk only when one may be there.
        if "\\u0000" in dumped or _UNSTORABLE.search(dumped):
            problem = _walk_problem(value)
            if problem:
                raise ValueError(problem)
        return value

    @model_validator(mode="after")
    def _storable_text(self) -> MentionLine:
        for name in type(self).model_fields:
            if name == "raw":
                continue  # checked with its size, above
            problem = _walk_problem(getattr(self, name))
            if problem:
                raise ValueError(f"{name} {problem}")
        return self

    @property
    def key(self) -> tuple[str, str]:
        return (self.platform.value, self.external_id)

    def mention(self) -> Mention:
        return Mention(
            platform=self.platform,
            external_id=self.external_id,
            kind=self.kind,
            text=self.text,
            created_at=self.created_at,
            url=self.url,
            author_id=self.author_id,
            author_handle=self.author_handle,
            author_name=self.author_name,
            language=self.language,
            metrics=Metrics(self.likes, self.reposts, self.replies, self.quotes),
            media_urls=tuple(self.media_urls),
            parent_external_id=self.parent_external_id,
            referenced_external_id=self.referenced_external_id,
            raw=self.raw,
        )


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def merge_lines(earlier: MentionLine, later: MentionLine) -> MentionLine:
    """Two copies of one mention in a file: the later copy's values win, but an empty value never
    blanks a filled one; sources are united and the seen times widened."""
    values = earlier.model_dump()
    for name, value in later.model_dump().items():
        if not _empty(value):
            values[name] = value
    values["sources"] = sorted({*earlier.sources, *later.sources})
    firsts = [t for t in (earlier.first_seen_at, later.first_seen_at) if t is not None]
    lasts = [t for t in (earlier.last_seen_at, later.last_seen_at) if t is not None]
    values["first_seen_at"] = min(firsts) if firsts else None
    values["last_seen_at"] = max(lasts) if lasts else None
    return MentionLine.model_construct(**values)


def merge_stored(stored: dict[str, Any], line: MentionLine) -> MentionLine:
    """A copy of a mention this import already wrote in an earlier batch: fill the new copy's empty
    fields from what was stored, so the later copy never blanks the earlier one."""
    values = line.model_dump()
    for name, value in stored.items():
        if name in values and _empty(values[name]) and not _empty(value):
            values[name] = value
    return MentionLine.model_construct(**values)
