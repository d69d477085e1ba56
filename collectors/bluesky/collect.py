"""The Bluesky collector: one generator per source (our account's notifications, or a post search).

Both listings come newest first and page back in time with an opaque cursor. A run walks back from the
newest item until it reaches ``seen_until`` (the newest item a complete walk stored); the API's cursor
of an unfinished walk is stored after every page, so a run that stops (killed, rate-limited, out of its
``max_posts``) is continued by the next run from exactly that page, which then starts a fresh walk for
what arrived meanwhile. Items at ``seen_until`` itself are read again rather than risk losing one with the
same time (storage upserts; Bluesky does not bill reads).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, Protocol

from collectors.bluesky.settings import NOTIFICATIONS_PAGE_MAX, SEARCH_PAGE_MAX
from collectors.waiting import ResetWaiter
from kernel.errors import CollectorError
from kernel.records import JSON, Platform, RawPage, SourceKey, SourceReport

log = logging.getLogger(__name__)

KINDS = ("notifications", "search")


class Api(Protocol):
    def login(self) -> None: ...

    def notifications(self, cursor: str | None, limit: int) -> JSON: ...

    def search(self, query: str, cursor: str | None, limit: int) -> JSON: ...


def _utcnow() -> datetime:
    return datetime.now(UTC)


def collect_bluesky(
    api: Api,
    source: SourceKey,
    cursor: JSON,
    *,
    report: SourceReport,
    max_posts: int = 400,
    backfill: timedelta = timedelta(days=7),
    page_size: int | None = None,
    max_rate_limit_wait: float = 300.0,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], datetime] = _utcnow,
    rate_clock: Callable[[], datetime] = _utcnow,
) -> Generator[RawPage, None, None]:
    """Read the new items of one Bluesky source, page by page, newest first.

    Args:
        api: A ``BlueskyApi`` (not yet logged in) or a double.
        source: ``bluesky:notifications:<handle>`` or ``bluesky:search:<query>``.
        cursor: ``{"seen_until": ISO time, "walk": {"cursor", "newest"}}`` as stored, ``{}`` the first time.
        report: The source's report; rate-limit waits are added to it.
        max_posts: Most items read in this run; an unfinished walk continues next run.
        backfill: How far back the first run reads.
        page_size: Items per request (default and most: 100).
        max_rate_limit_wait: Most seconds to wait for rate-limit resets in this run.
        sleep: Sleeps for the given seconds (injectable so that tests do not wait).
        clock: The time the first run's backfill counts back from (fixed in replays of recorded data).
        rate_clock: The real UTC time, which rate-limit resets are in.

    Yields:
        One ``RawPage`` per response: ``{"kind", "items"}``.

    Raises:
        RateLimited, AuthFailed, TransientError, CollectorError: As ``collectors.bluesky.client`` says.
    """
    if source.platform is not Platform.BLUESKY or source.kind not in KINDS:
        raise CollectorError(f"not a Bluesky source: {source} (kinds: {', '.join(KINDS)})")
    seen_until, walk = _read_cursor(source, cursor)
    waiter = ResetWaiter("Bluesky", report, max_wait=max_rate_limit_wait, sleep=sleep, clock=rate_clock)
    largest = NOTIFICATIONS_PAGE_MAX if source.kind == "notifications" else SEARCH_PAGE_MAX
    size = max(min(page_size or largest, largest), 1)
    waiter.call(api.login)

    def fetch(api_cursor: str | None, limit: int) -> JSON:
        if source.kind == "notifications":
            return api.notifications(api_cursor, limit)
        return api.search(source.key, api_cursor, limit)

    read = 0
    floor = seen_until or clock() - backfill
    while True:
        resuming = walk is not None
        api_cursor = walk["cursor"] if walk else None
        newest: datetime | None = _time(walk["newest"]) if walk else None
        while True:
            limit = min(size, max_posts - read)
            if limit <= 0:
                log.info(
                    "Bluesky %s: read %d items, the most per run; the walk goes on next run", source, read
                )
                return
            reset = getattr(api, "exhausted_until", None)
            if isinstance(reset, datetime) and reset > rate_clock():
                # The last answer said nothing is left before the reset: wait rather than earn a 429.
                waiter.wait_until(reset)
            payload = waiter.call(partial(fetch, api_cursor, limit))
            items = _items(payload, source.kind)
            read += len(items)
            times = [t for t in (_item_time(i) for i in items) if t is not None]
            if times and (newest is None or max(times) > newest):
                newest = max(times)
            next_cursor = payload.get("cursor")
            reached = bool(times) and min(times) < floor
            done = reached or not isinstance(next_cursor, str) or not next_cursor or not items
            if done:
                seen_until = newest or seen_until
                state: JSON = {"seen_until": _iso(seen_until)} if seen_until else {}
            else:
                state = {"walk": {"cursor": next_cursor, "newest": _iso(newest) if newest else None}}
                if seen_until:
                    state["seen_until"] = _iso(seen_until)
            yield RawPage(
                source=source,
                payload={"kind": source.kind, "items": items},
                cursor_after=state,
                posts_read=len(items),
            )
            if done:
                break
            api_cursor = next_cursor
        if not resuming:
            return
        # The unfinished walk of an earlier run is complete; now what arrived since.
        walk = None
        floor = seen_until or floor


def _read_cursor(source: SourceKey, cursor: JSON) -> tuple[datetime | None, JSON | None]:
    def refuse() -> CollectorError:
        return CollectorError(f"Bluesky cursor of {source} is not one this collector wrote: {cursor!r}")

    if set(cursor) - {"seen_until", "walk"}:
        raise refuse()
    seen = cursor.get("seen_until")
    seen_until = _time(seen) if seen is not None else None
    if seen is not None and seen_until is None:
        raise refuse()
    walk = cursor.get("walk")
    if walk is not None and (not isinstance(walk, dict) or not isinstance(walk.get("cursor"), str)):
        raise refuse()
    return seen_until, walk


def _items(payload: JSON, kind: str) -> list[Any]:
    items = payload.get("notifications" if kind == "notifications" else "posts")
    return items if isinstance(items, list) else []


def _item_time(item: Any) -> datetime | None:
    return _time(item.get("indexedAt")) if isinstance(item, dict) else None


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else None


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
