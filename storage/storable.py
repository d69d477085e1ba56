"""Making a post's strings storable in both databases, and keeping the original where it can be read.

Platforms send text that a database refuses: a lone UTF-16 surrogate (half an emoji cut off) cannot be
encoded as UTF-8 by either driver, and PostgreSQL refuses a NUL character in text and in JSONB. One such
post used to fail its whole page on every run. Both are replaced by U+FFFD on both databases, so that
SQLite and PostgreSQL hold the same data; the unchanged original is kept in quarantine as escaped JSON
(``json.dumps`` writes both as ``\\uXXXX`` escapes, which every database stores).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields, replace
from typing import Any

from kernel.records import Mention, Metrics, Quarantined

REPLACEMENT = "\ufffd"
# Python strings hold a valid surrogate pair as one code point, so any surrogate left is a lone one.
_UNSTORABLE = re.compile("[\ud800-\udfff\x00]")


@dataclass(frozen=True, slots=True)
class Repair:
    """A mention made storable, and the quarantine entry that keeps its original."""

    mention: Mention
    original: Quarantined | None


def has_unstorable(value: Any) -> bool:
    """Whether a string, or any string in a JSON value (keys too), holds a lone surrogate or a NUL."""
    if isinstance(value, str):
        return _UNSTORABLE.search(value) is not None
    if isinstance(value, dict):
        return any(has_unstorable(k) or has_unstorable(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_unstorable(v) for v in value)
    return False


def storable(value: Any) -> Any:
    """The value with every lone surrogate and NUL replaced by U+FFFD, in strings at any depth."""
    if isinstance(value, str):
        return _UNSTORABLE.sub(REPLACEMENT, value)
    if isinstance(value, dict):
        return {storable(k): storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [storable(v) for v in value]
    if isinstance(value, tuple):
        return tuple(storable(v) for v in value)
    return value


def escaped_json(value: Any) -> str:
    """The value as JSON text with every non-ASCII character escaped: storable whatever it holds."""
    return json.dumps(value, ensure_ascii=True, default=str)


def repair_mention(mention: Mention, max_text: int | None = None) -> Repair:
    """Return the mention with storable strings, and the original for quarantine if anything changed.

    A text longer than `max_text` characters (`max_text_length` of praise.toml, as for import) is cut
    to that length; the whole original is kept in quarantine, so nothing a platform sent is lost.
    """
    values = {f.name: getattr(mention, f.name) for f in fields(mention) if f.name != "metrics"}
    cut_to = max_text if max_text is not None and len(mention.text) > max_text else None
    if cut_to is None and not has_unstorable(values):
        return Repair(mention, None)
    changed = {name: storable(value) for name, value in values.items() if has_unstorable(value)}
    reasons = []
    if changed:
        what = sorted(_kinds(values))
        reasons.append(
            f"made storable: {' and '.join(what)} replaced by U+FFFD in {', '.join(sorted(changed))}"
        )
    if cut_to is not None:
        reasons.append(f"text cut from {len(mention.text):,} to {cut_to:,} characters")
        changed["text"] = storable(mention.text[:cut_to])
        # The raw payload repeats the text; the quarantined original keeps it whole.
        changed["raw"] = _cut(storable(mention.raw), cut_to)
    original = {name: values[name] for name in changed}
    reason = "; ".join(reasons)
    repaired = replace(mention, **changed)
    kept = Quarantined(
        mention.platform,
        reason,
        {"repaired": True, "original_json": escaped_json(original)},
        storable(mention.external_id),
    )
    return Repair(repaired, kept)


def _cut(value: Any, limit: int) -> Any:
    """The JSON value with every string longer than `limit` characters cut to `limit`."""
    if isinstance(value, str):
        return value[:limit]
    if isinstance(value, dict):
        return {k: _cut(v, limit) for k, v in value.items()}
    if isinstance(value, list):
        return [_cut(v, limit) for v in value]
    return value


def storable_quarantine(item: Quarantined) -> Quarantined:
    """A quarantine entry whose payload every database stores: escaped JSON if it holds what they refuse."""
    if not has_unstorable([item.reason, item.external_id, item.payload]):
        return item
    return Quarantined(
        item.platform,
        storable(item.reason),
        {"original_json": escaped_json(item.payload)},
        storable(item.external_id),
    )


def unstorable_post(mention: Mention, reason: str) -> Quarantined:
    """A quarantine entry for a post the database refused even after repair, with its original."""
    fields_json = {f.name: getattr(mention, f.name) for f in fields(mention) if f.name != "metrics"}
    metrics: Metrics = mention.metrics
    fields_json["metrics"] = {f.name: getattr(metrics, f.name) for f in fields(metrics)}
    return Quarantined(
        mention.platform, reason, {"original_json": escaped_json(fields_json)}, storable(mention.external_id)
    )


def _kinds(value: Any) -> set[str]:
    if isinstance(value, str):
        return {"NUL" if c == "\x00" else "lone surrogate" for c in _UNSTORABLE.findall(value)}
    if isinstance(value, dict):
        return set().union(*(_kinds(k) | _kinds(v) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return set().union(*(_kinds(v) for v in value))
    return set()
