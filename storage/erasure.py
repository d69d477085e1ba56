"""Erasure (GDPR art. 17): every trace of an author or of one post leaves the database.

One transaction removes the posts with their source links, labels, editors' labels, reviews and
notes; anonymises their audit entries (who did what and when stays, the details go); deletes
quarantined payloads that hold them; redacts their handle, name, ids and post ids in everything that
remains (other people's replies and raw payloads, other audit details, the run log); adds them to the
suppression list so collection and import never store them again; and records the erasure itself
with counts, weeks and file paths, never with the handle, name or text it erased.

Files outside the database (digest drafts and published copies) are rewritten by the caller, who
records them with `record_files`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, String, Text, cast, delete, func, insert, or_, select, update

from kernel.errors import PraiseError
from kernel.weeks import week_label
from storage.db import writing
from storage.schema import (
    AuditRow,
    ClassificationRow,
    CollectionRunRow,
    EditorLabelRow,
    ErasureRow,
    MentionRow,
    MentionSourceRow,
    PublicationRow,
    QuarantineRow,
    ReviewRow,
)
from storage.suppression import EVERY_PLATFORM, REDACTED, add_suppressions

REQUEST = "request"
DELETED_UPSTREAM = "deleted_upstream"
_IN_CHUNK = 500
# Shorter ids (test data, tiny platforms) would match numbers in any text: not searched for.
MIN_ID = 4


class NothingToErase(PraiseError):
    """An erasure named no author and no post, or a post that does not exist."""


@dataclass(frozen=True, slots=True)
class Terms:
    """What identifies the erased person or post; held in memory only, never stored."""

    handles: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()

    def patterns(self) -> list[re.Pattern[str]]:
        found = []
        for handle in self.handles:
            # A handle as a word, with or without @, also inside URLs (x.com/handle/status/…).
            found.append(re.compile(rf"(?<![\w.])(?P<at>@?){re.escape(handle)}(?![\w])", re.IGNORECASE))
        for name in self.names:
            found.append(re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE))
        for value in self.ids:
            if len(value) < MIN_ID:
                continue
            found.append(re.compile(rf"(?<![\w]){re.escape(value)}(?![\w])"))
        return found

    def needles(self) -> list[str]:
        """Substrings for a coarse SQL pre-filter, as stored text and as ASCII-escaped JSON."""
        words = {*self.handles, *self.names, *(i for i in self.ids if len(i) >= MIN_ID)}
        return sorted({w for word in words for w in (word, json.dumps(word)[1:-1]) if len(w) >= 2})


@dataclass(slots=True)
class ErasureResult:
    erasure_id: int
    scope: str
    removed: dict[str, int] = field(default_factory=dict)
    redacted: dict[str, int] = field(default_factory=dict)
    weeks: list[str] = field(default_factory=list)
    suppressed: int = 0
    dry_run: bool = False
    # For finding the person in files; never written anywhere.
    terms: Terms = field(default_factory=Terms)

    @property
    def mentions(self) -> int:
        return self.removed.get("mentions", 0)


class _DryRun(Exception):
    pass


def erase_author(
    engine: Engine,
    handle: str,
    *,
    platform: str | None = None,
    actor: str,
    reason: str = REQUEST,
    dry_run: bool = False,
    now: datetime | None = None,
) -> ErasureResult:
    """Erase every post of `handle` (on `platform`, or on every platform) and every trace of them.

    Posts by the same author id under an earlier handle go too. The author is suppressed even when
    nothing of theirs is stored yet, so a request before their first collected post still holds.
    """
    cleaned = handle.strip().lstrip("@")
    if not cleaned:
        raise NothingToErase("--author needs a handle")
    return _erase(engine, "author", cleaned, None, platform, actor, reason, dry_run, now)


def erase_mention(
    engine: Engine,
    mention: int | tuple[str, str],
    *,
    actor: str,
    reason: str = REQUEST,
    dry_run: bool = False,
    now: datetime | None = None,
) -> ErasureResult:
    """Erase one post, by its row id or by (platform, external id), and every trace of it."""
    return _erase(engine, "mention", None, mention, None, actor, reason, dry_run, now)


def _erase(
    engine: Engine,
    scope: str,
    handle: str | None,
    mention: int | tuple[str, str] | None,
    platform: str | None,
    actor: str,
    reason: str,
    dry_run: bool,
    now: datetime | None,
) -> ErasureResult:
    moment = now or datetime.now(UTC)
    outcome: ErasureResult | None = None
    try:
        with writing(engine) as conn:
            outcome = _erase_in(conn, scope, handle, mention, platform, actor, reason, moment)
            outcome.dry_run = dry_run
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    assert outcome is not None
    return outcome


def _erase_in(
    conn: Connection,
    scope: str,
    handle: str | None,
    mention: int | tuple[str, str] | None,
    platform: str | None,
    actor: str,
    reason: str,
    moment: datetime,
) -> ErasureResult:
    m = MentionRow
    columns = (m.id, m.platform, m.external_id, m.author_id, m.author_handle, m.author_name, m.created_at)
    if handle is not None:
        where = [func.lower(m.author_handle) == handle.lower()]
        if platform:
            where.append(m.platform == platform)
        targets = list(conn.execute(select(*columns).where(*where)))
        # The same person under an earlier handle: their stable author id.
        by_author = {(r.platform, r.author_id) for r in targets if r.author_id}
        for plat, author_id in by_author:
            targets += conn.execute(
                select(*columns).where(
                    m.platform == plat, m.author_id == author_id, m.id.notin_([r.id for r in targets])
                )
            ).all()
    else:
        if isinstance(mention, int):
            stmt = select(*columns).where(m.id == mention)
        else:
            assert mention is not None
            stmt = select(*columns).where(m.platform == mention[0], m.external_id == mention[1])
        targets = list(conn.execute(stmt))
        if not targets:
            raise NothingToErase(f"no stored post {_show(mention)}")
    ids = [r.id for r in targets]
    if scope == "author":
        assert handle is not None
        handles = {handle.lower()} | {r.author_handle.lower() for r in targets if r.author_handle}
        names = {r.author_name.strip() for r in targets if r.author_name and len(r.author_name.strip()) >= 3}
        author_ids = {r.author_id for r in targets if r.author_id}
        terms = Terms(
            frozenset(handles), frozenset(names), frozenset({*author_ids, *(r.external_id for r in targets)})
        )
    else:
        terms = Terms(ids=frozenset(r.external_id for r in targets))
    erasure_id = conn.execute(
        insert(ErasureRow)
        .values(
            at=moment,
            actor=actor,
            reason=reason,
            scope=scope,
            platform=platform or (targets[0].platform if scope == "mention" else None),
            details={},
        )
        .returning(ErasureRow.id)
    ).scalar_one()
    result = ErasureResult(erasure_id, scope, terms=terms)
    result.weeks = sorted({week_label(r.created_at) for r in targets})
    result.redacted["audit_log (anonymised)"] = anonymise_audit(conn, ids, erasure_id)
    for table in (MentionSourceRow, ClassificationRow, EditorLabelRow, ReviewRow):
        result.removed[table.__tablename__] = _delete_in(conn, table, ids)
    result.removed["mentions"] = _delete_in(conn, MentionRow, ids, column="id")
    patterns = terms.patterns()
    needles = terms.needles()
    result.removed["quarantine"] = _drop_quarantine(conn, patterns, needles)
    result.redacted["mentions"] = _redact_mentions(conn, patterns, needles, {r.external_id for r in targets})
    result.redacted["reviews"] = _redact_rows(conn, ReviewRow, "note", patterns, needles, key="mention_id")
    result.redacted["audit_log"] = _redact_rows(conn, AuditRow, "details", patterns, needles)
    result.redacted["collection_runs"] = _redact_rows(conn, CollectionRunRow, "error", patterns, needles)
    result.redacted["publications"] = _redact_rows(conn, PublicationRow, "error", patterns, needles)
    entries: list[tuple[str, str, str]] = [(r.platform, "post", r.external_id) for r in targets]
    if scope == "author":
        entries += [(platform or EVERY_PLATFORM, "handle", h) for h in terms.handles]
        entries += [(r.platform, "author_id", r.author_id) for r in targets if r.author_id]
        entries += [(r.platform, "name", r.author_name) for r in targets if r.author_name]
    result.suppressed = add_suppressions(conn, entries, erasure_id=erasure_id, now=moment)
    for week in result.weeks:
        conn.execute(
            insert(AuditRow).values(
                at=moment,
                actor=actor,
                action="erasure",
                mention_id=None,
                week=week,
                details={"erasure": erasure_id},
            )
        )
    conn.execute(update(ErasureRow).where(ErasureRow.id == erasure_id).values(details=_details(result)))
    return result


def _show(mention: int | tuple[str, str] | None) -> str:
    return f"{mention[0]}:{mention[1]}" if isinstance(mention, tuple) else f"with id {mention}"


def _details(result: ErasureResult) -> dict[str, Any]:
    return {
        "removed": result.removed,
        "redacted": result.redacted,
        "weeks": result.weeks,
        "suppression_entries": result.suppressed,
    }


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _IN_CHUNK):
        yield values[start : start + _IN_CHUNK]


def _delete_in(conn: Connection, table: Any, ids: Sequence[int], column: str = "mention_id") -> int:
    count = 0
    for chunk in _chunks(ids):
        count += conn.execute(delete(table).where(table.__table__.c[column].in_(chunk))).rowcount or 0
    return count


def anonymise_audit(conn: Connection, ids: Sequence[int], erasure_id: int | None) -> int:
    """Audit entries of erased posts keep who did what and when; their details (notes!) go."""
    count = 0
    for chunk in _chunks(ids):
        count += (
            conn.execute(
                update(AuditRow)
                .where(AuditRow.mention_id.in_(chunk))
                .values(mention_id=None, details={"erased": erasure_id} if erasure_id else {"expired": True})
            ).rowcount
            or 0
        )
    return count


def redact(value: Any, patterns: Sequence[re.Pattern[str]]) -> Any:
    """A JSON value or string with every match of `patterns` replaced by the redaction mark."""
    if isinstance(value, str):
        for pattern in patterns:
            value = pattern.sub(_mark, value)
        return value
    if isinstance(value, dict):
        return {k: redact(v, patterns) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v, patterns) for v in value]
    return value


def _mark(match: re.Match[str]) -> str:
    # "@anna" becomes "@[gelöscht]": the reader still sees that someone was addressed.
    return (match.groupdict().get("at") or "") + REDACTED


def _matching(column: Any, needles: Sequence[str]) -> Any:
    as_text = cast(column, Text) if not isinstance(column.type, String | Text) else column
    return or_(*[as_text.ilike(f"%{_escape_like(n)}%", escape="\\") for n in needles])


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _drop_quarantine(conn: Connection, patterns: Sequence[re.Pattern[str]], needles: Sequence[str]) -> int:
    """A quarantined payload that holds the person is evidence of nothing we need: it goes."""
    if not needles:
        return 0
    rows = conn.execute(
        select(QuarantineRow.id, QuarantineRow.payload).where(_matching(QuarantineRow.payload, needles))
    )
    doomed = [r.id for r in rows if redact(r.payload, patterns) != r.payload]
    return _delete_in(conn, QuarantineRow, doomed, column="id")


def _redact_mentions(
    conn: Connection, patterns: Sequence[re.Pattern[str]], needles: Sequence[str], erased_posts: set[str]
) -> int:
    """Other people's posts that name the person or answer an erased post."""
    m = MentionRow
    filters = (
        [_matching(m.text, needles), _matching(m.raw, needles), _matching(m.url, needles)] if needles else []
    )
    posts = sorted(erased_posts)
    for chunk in _chunks(posts):
        filters += [m.parent_external_id.in_(chunk), m.referenced_external_id.in_(chunk)]
    if not filters:
        return 0
    stmt = select(m.id, m.text, m.raw, m.url, m.parent_external_id, m.referenced_external_id).where(
        or_(*filters)
    )
    count = 0
    for row in conn.execute(stmt).all():
        values = {
            "text": redact(row.text, patterns),
            "raw": redact(row.raw, patterns),
            "url": redact(row.url, patterns) if row.url else row.url,
            "parent_external_id": None if row.parent_external_id in erased_posts else row.parent_external_id,
            "referenced_external_id": None
            if row.referenced_external_id in erased_posts
            else row.referenced_external_id,
        }
        before = {k: getattr(row, k) for k in values}
        if values != before:
            conn.execute(update(m).where(m.id == row.id).values(values))
            count += 1
    return count


def _redact_rows(
    conn: Connection,
    table: Any,
    column: str,
    patterns: Sequence[re.Pattern[str]],
    needles: Sequence[str],
    key: str = "id",
) -> int:
    if not needles:
        return 0
    col, key_col = table.__table__.c[column], table.__table__.c[key]
    count = 0
    for row in conn.execute(select(key_col, col).where(_matching(col, needles))).all():
        cleaned = redact(row[1], patterns)
        if cleaned != row[1]:
            conn.execute(update(table).where(key_col == row[0]).values({column: cleaned}))
            count += 1
    return count


def record_files(engine: Engine, erasure_id: int, files: dict[str, Any]) -> None:
    """Add what happened to files (rewritten drafts and published copies, copies sent elsewhere)."""
    with writing(engine) as conn:
        details = conn.execute(select(ErasureRow.details).where(ErasureRow.id == erasure_id)).scalar_one()
        conn.execute(
            update(ErasureRow).where(ErasureRow.id == erasure_id).values(details={**details, "files": files})
        )


def sent_elsewhere(engine: Engine, weeks: Sequence[str]) -> list[dict[str, str]]:
    """Digests of these weeks delivered to targets the pipeline cannot rewrite (e-mail, webhook)."""
    if not weeks:
        return []
    stmt = select(PublicationRow.period, PublicationRow.target).where(
        PublicationRow.product == "digest",
        PublicationRow.period.in_(list(weeks)),
        PublicationRow.status == "sent",
        ~PublicationRow.target.startswith("folder:"),
    )
    with engine.connect() as conn:
        return [{"week": period, "target": target.split(":", 1)[0]} for period, target in conn.execute(stmt)]


@dataclass(frozen=True, slots=True)
class Erasure:
    id: int
    at: datetime
    actor: str
    reason: str
    scope: str
    platform: str | None
    details: dict[str, Any]


def erasures(engine: Engine) -> list[Erasure]:
    """The erasure record, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(ErasureRow.__table__).order_by(ErasureRow.id))
        return [Erasure(r.id, r.at, r.actor, r.reason, r.scope, r.platform, dict(r.details)) for r in rows]
