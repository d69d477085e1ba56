"""The Mastodon collector: one generator per source (the bot's mentions, or a hashtag on an instance).

Mastodon lists newest first and pages with ``max_id`` (older) and ``min_id`` (the posts right after an
id). After the first run a source walks forward from its cursor with ``min_id``, oldest page first, so
each stored page moves ``since_id`` up and a run killed between pages resumes exactly after the last
stored page. The first run has no cursor and reads back ``backfill`` posts from the newest; its pages
carry no cursor until the last, because reading them again costs nothing (reads are free, storage upserts).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, Protocol

from collectors.mastodon.client import exhausted_until, translated
from collectors.mastodon.settings import PAGE_SIZE_MAX
from collectors.waiting import ResetWaiter
from kernel.errors import CollectorError
from kernel.records import JSON, Platform, RawPage, SourceKey, SourceReport

log = logging.getLogger(__name__)

KINDS = ("mentions", "hashtag", "replies")
# Mastodon gives a status from another server an id made from its publication time, so one delivered
# late sorts below posts stored already; hashtag walks therefore start this far below the cursor.
FEDERATION_LAG = timedelta(hours=1)

# One page: (min_id, max_id, limit) -> the items as JSON.
Fetch = Callable[[str | None, str | None, int], list[Any]]


class MastodonApi(Protocol):
    """The Mastodon.py calls the collector makes (``mastodon.Mastodon`` provides them)."""

    def notifications(self, **params: Any) -> Any: ...

    def timeline_hashtag(self, hashtag: str, **params: Any) -> Any: ...


def _utcnow() -> datetime:
    return datetime.now(UTC)


def collect_mastodon(
    api: Any,
    source: SourceKey,
    cursor: JSON,
    *,
    report: SourceReport,
    max_posts: int = 400,
    backfill: int = 200,
    page_size: int = PAGE_SIZE_MAX,
    max_rate_limit_wait: float = 300.0,
    reply_posts: int = 20,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], datetime] = _utcnow,
) -> Generator[RawPage, None, None]:
    """Read the new items of one Mastodon source, page by page.

    Args:
        api: A ``mastodon.Mastodon`` client for the source's instance.
        source: ``mastodon:mentions:<instance>``, ``mastodon:hashtag:<instance>/<tag>`` or
            ``mastodon:replies:<instance>/<our account>``.
        cursor: ``{"since_id": ...}`` stored after the last page (``{"account_id": ...}`` for replies),
            ``{}`` the first time.
        report: The source's report; rate-limit waits are added to it.
        max_posts: Most items read in this run; the rest waits for the next run.
        backfill: Items read back from the newest on the first run.
        page_size: Items per request, at most 40.
        max_rate_limit_wait: Most seconds to wait for rate-limit resets in this run.
        reply_posts: For ``replies`` sources: how many of our latest posts have their threads read.
        sleep: Sleeps for the given seconds (injectable so that tests do not wait).
        clock: The real UTC time, which Mastodon's reset times are in.

    Yields:
        One ``RawPage`` per response: ``{"instance", "kind", "items"}``.

    Raises:
        RateLimited: The reset is further away than ``max_rate_limit_wait`` allows.
        AuthFailed: The token is missing, refused or lacks the read scope.
        TransientError: 5xx, a time-out, a dropped connection.
        CollectorError: The source or stored cursor is not valid, or the instance refused the request.
    """
    if source.platform is Platform.MASTODON and source.kind == "replies":
        yield from _collect_replies(
            api,
            source,
            cursor,
            report=report,
            max_rate_limit_wait=max_rate_limit_wait,
            sleep=sleep,
            clock=clock,
        )
        return
    instance, kind, fetch = _fetcher(api, source)
    since = cursor.get("since_id")
    if set(cursor) - {"since_id"} or (since is not None and not _is_id(since)):
        raise CollectorError(f"Mastodon cursor of {source} is not one this collector wrote: {cursor!r}")
    waiter = ResetWaiter("Mastodon", report, max_wait=max_rate_limit_wait, sleep=sleep, clock=clock)
    size = max(min(page_size, PAGE_SIZE_MAX), 1)

    def page(min_id: str | None, max_id: str | None, limit: int) -> list[Any]:
        reset = exhausted_until(api, clock())
        if reset is not None:
            # The last response said nothing is left before the reset: wait rather than earn a 429.
            waiter.wait_until(reset)
        items = waiter.call(lambda: translated(api, str(source), lambda: fetch(min_id, max_id, limit)))
        return [_plain(i) for i in items]

    def raw(items: list[Any], cursor_after: JSON) -> RawPage:
        payload = {"instance": instance, "kind": kind, "items": items}
        return RawPage(source=source, payload=payload, cursor_after=cursor_after, posts_read=len(items))

    read = 0
    if since is None:
        newest: str | None = None
        max_id: str | None = None
        while True:
            limit = min(size, backfill - read)
            items = page(None, max_id, limit) if limit > 0 else []
            ids = _ids(items)
            newest = newest or (max(ids, key=int) if ids else None)
            read += len(items)
            last = not ids or len(items) < limit or read >= backfill
            yield raw(items, {"since_id": newest} if last and newest else {})
            if last:
                return
            max_id = min(ids, key=int)
    # The walk's position and the stored cursor part where a hashtag walk starts below the cursor.
    position = _lagged(since) if source.kind == "hashtag" else since
    while read < max_posts:
        limit = min(size, max_posts - read)
        items = page(position, None, limit)
        ids = _ids(items)
        if ids:
            position = max(ids, key=int)
            since = max(since, position, key=int)
        read += len(items)
        yield raw(items, {"since_id": since})
        if not ids or len(items) < limit:
            return
    log.info("Mastodon %s: read %d items, the most per run; the rest follows next run", source, read)


def _lagged(since: str) -> str:
    """The id ``FEDERATION_LAG`` before ``since`` (ids are milliseconds shifted left 16 bits)."""
    lag = int(FEDERATION_LAG.total_seconds() * 1000) << 16
    return str(max(int(since) - lag, 0))


def _collect_replies(
    api: Any,
    source: SourceKey,
    cursor: JSON,
    *,
    report: SourceReport,
    max_rate_limit_wait: float,
    sleep: Callable[[float], None],
    clock: Callable[[], datetime],
    own_posts: int = 20,
) -> Generator[RawPage, None, None]:
    """The replies under our account's latest posts: one page per post, its thread's descendants.

    A reply need not mention us (people remove the mention), so the notifications miss some. Each run
    reads the threads of the latest ``own_posts`` posts again (storage upserts): a reply that arrives
    late, from a server whose ids sort it among older posts, is found all the same.
    """
    instance, _, account = source.key.partition("/")
    if not account or set(cursor) - {"account_id"}:
        raise CollectorError(f"Mastodon replies source or cursor not valid: {source} {cursor!r}")
    waiter = ResetWaiter("Mastodon", report, max_wait=max_rate_limit_wait, sleep=sleep, clock=clock)

    def call(what: str, request: Callable[[], Any]) -> Any:
        reset = exhausted_until(api, clock())
        if reset is not None:
            waiter.wait_until(reset)
        return _plain(waiter.call(lambda: translated(api, what, request)))

    account_id = cursor.get("account_id")
    if not _is_id(account_id):
        found = call(f"account lookup {account}", lambda: api.account_lookup(account))
        account_id = found.get("id") if isinstance(found, dict) else None
        if not _is_id(account_id):
            raise CollectorError(f"Mastodon account {account} not found on {instance}")
    state = {"account_id": account_id}
    ours = call(str(source), lambda: api.account_statuses(account_id, exclude_reblogs=True, limit=own_posts))
    posts = [p for p in ours if isinstance(p, dict) and _is_id(p.get("id"))] if isinstance(ours, list) else []
    if not posts:
        yield RawPage(
            source=source, payload={"instance": instance, "kind": "statuses", "items": []}, cursor_after=state
        )
    for post in posts:
        context = call(f"{source} thread {post['id']}", partial(api.status_context, post["id"]))
        replies = context.get("descendants") if isinstance(context, dict) else None
        items = replies if isinstance(replies, list) else []
        payload = {"instance": instance, "kind": "statuses", "items": items}
        yield RawPage(source=source, payload=payload, cursor_after=state, posts_read=len(items))


def _fetcher(api: Any, source: SourceKey) -> tuple[str, str, Fetch]:
    if source.platform is not Platform.MASTODON or source.kind not in KINDS:
        raise CollectorError(f"not a Mastodon source: {source} (kinds: {', '.join(KINDS)})")
    if source.kind == "mentions":
        instance = source.key

        def mentions(min_id: str | None, max_id: str | None, limit: int) -> list[Any]:
            return list(api.notifications(types=["mention"], min_id=min_id, max_id=max_id, limit=limit))

        return instance, "notifications", mentions
    instance, _, tag = source.key.partition("/")
    if not tag:
        raise CollectorError(f"Mastodon hashtag source needs <instance>/<tag>: {source}")

    def hashtag(min_id: str | None, max_id: str | None, limit: int) -> list[Any]:
        return list(api.timeline_hashtag(tag.lstrip("#"), min_id=min_id, max_id=max_id, limit=limit))

    return instance, "statuses", hashtag


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and value.isdigit()


def _ids(items: list[Any]) -> list[str]:
    """The ids of the readable items; the normaliser quarantines the rest."""
    ids: list[str] = []
    for item in items:
        value = item.get("id") if isinstance(item, dict) else None
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.isdigit():
            ids.append(value)
    return ids


def _plain(value: Any) -> Any:
    """Mastodon.py's typed entities back to the JSON the instance sent (times as ISO text, ids as text)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        # Mastodon.py's id type is a str subclass; JSON and the cursor want the plain text.
        return str.__str__(value)
    return value
