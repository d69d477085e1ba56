"""The X collector: one generator per source (an account's mentions or a recent-search query).

It yields each page as the API sent it, with the cursor that holds once that page is stored, and never
touches the database. X bills every post it returns, so the walk is arranged to read no post twice even
when a run dies between two pages (see ``collectors.x.cursor``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from typing import Any

from collectors.waiting import ResetWaiter
from collectors.x.budget import ReadBudget
from collectors.x.client import XApi
from collectors.x.cursor import XCursor
from collectors.x.ids import is_post_id, time_of_id
from collectors.x.page import checked_page
from collectors.x.settings import (
    EXPANSIONS,
    MEDIA_FIELDS,
    MENTIONS_PAGE_SIZE_MIN,
    PAGE_SIZE_MAX,
    SEARCH_PAGE_SIZE_MIN,
    SEARCH_WINDOW,
    SEARCH_WINDOW_MARGIN,
    TWEET_FIELDS,
    USER_FIELDS,
)
from kernel.errors import CollectorError
from kernel.records import JSON, Platform, RawPage, SourceKey, SourceReport

log = logging.getLogger(__name__)

X_KINDS = ("mentions", "search")

# One page request: (id or time window, pagination token, page size) -> the response as JSON.
Fetch = Callable[[dict[str, Any], str | None, int], JSON]


def _utcnow() -> datetime:
    return datetime.now(UTC)


def collect_x(
    client: XApi,
    source: SourceKey,
    cursor: JSON,
    *,
    budget: ReadBudget,
    report: SourceReport,
    page_size: int = PAGE_SIZE_MAX,
    max_rate_limit_wait: float = 900.0,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], datetime] = _utcnow,
) -> Generator[RawPage, None, None]:
    """Read the new posts of one X source, page by page, newest first.

    A run first finishes the gap an interrupted run left, then reads what arrived since. Every page is
    yielded, an empty one too, because its ``cursor_after`` may carry progress that must be stored.

    Args:
        client: The API client (``build_x_client``) or a double.
        source: ``x:mentions:<handle>`` or ``x:search:<query>``.
        cursor: The cursor stored after the last page of the previous run, ``{}`` the first time.
        budget: The run's read budget, shared by all X sources; each page's posts are spent from it.
        report: The source's report; rate-limit waits are added to it.
        page_size: Posts per request, at most 100; the last pages shrink to fit the budget.
        max_rate_limit_wait: Most seconds to wait for rate-limit resets in this run.
        sleep: Sleeps for the given seconds (injectable so that tests do not wait).
        clock: The current UTC time (injectable for the search window and rate-limit resets).

    Yields:
        One ``RawPage`` per API response.

    Raises:
        BudgetSpent: The budget cannot pay for another page and there is more to read. The pages yielded
            before are complete; the next run resumes after them.
        RateLimited: The rate-limit reset is further away than ``max_rate_limit_wait`` allows.
        AuthFailed: The token is refused.
        TransientError: 5xx, a time-out or a dropped connection.
        CollectorError: The source or the stored cursor is not valid for X, or the API refused the request.
    """
    if source.platform is not Platform.X or source.kind not in X_KINDS:
        raise CollectorError(f"not an X source: {source} (kinds: {', '.join(X_KINDS)})")
    state = XCursor.from_json(cursor)
    waiter = ResetWaiter("X", report, max_wait=max_rate_limit_wait, sleep=sleep, clock=clock)
    page_size = max(min(page_size, PAGE_SIZE_MAX), 1)
    if source.kind == "mentions" and state.user_id is None:
        state = replace(state, user_id=_resolve_user_id(client, source.key, waiter))
    fetch = _page_fetcher(client, source, state.user_id)
    minimum = MENTIONS_PAGE_SIZE_MIN if source.kind == "mentions" else SEARCH_PAGE_SIZE_MIN

    while True:
        if source.kind == "search":
            state = _drop_expired_gap(state, source, clock())
        resuming = state.in_walk
        newest_id = state.newest_id
        window = _window(state, source, clock())
        token: str | None = None
        while True:
            size = budget.page_size(page_size, minimum)
            # Checked inside the waiter: a rate-limit problem in a 200 reply waits like a 429 does.
            payload = waiter.call(partial(_fetch_page, fetch, window, token, size, str(source)))
            posts = _posts_in(payload)
            budget.spend(posts)
            meta = payload.get("meta")
            meta = meta if isinstance(meta, dict) else {}
            if newest_id is None and is_post_id(meta.get("newest_id")):
                newest_id = meta["newest_id"]
            next_token = meta.get("next_token")
            oldest_id = meta.get("oldest_id")
            if not isinstance(next_token, str):
                # X's own end of results (a well-formed page without a token, see ``checked_page``):
                # the walk reached since_id: everything up to its newest post is stored with this page.
                state = XCursor(user_id=state.user_id, since_id=newest_id or state.since_id)
            elif is_post_id(oldest_id):
                state = replace(state, until_id=oldest_id, newest_id=newest_id)
            # A page with a token but no posts moves nothing: the cursor stays where the last post left it.
            yield RawPage(source=source, payload=payload, cursor_after=state.to_json(), posts_read=posts)
            if not isinstance(next_token, str):
                break
            if is_post_id(oldest_id):
                # Page on by id rather than by token: exactly the request a resumed run would send.
                window, token = _window(state, source, clock()), None
            else:
                token = next_token
        if not resuming:
            return
        log.info("X %s: finished the gap an earlier run left; now reading what arrived since", source)


def _fetch_page(fetch: Fetch, window: dict[str, Any], token: str | None, size: int, what: str) -> JSON:
    return checked_page(fetch(window, token, size), what)


def _page_fetcher(client: XApi, source: SourceKey, user_id: str | None) -> Fetch:
    """Return the request for one page of this source."""
    fields: dict[str, Any] = {
        "tweet_fields": list(TWEET_FIELDS),
        "expansions": list(EXPANSIONS),
        "user_fields": list(USER_FIELDS),
        "media_fields": list(MEDIA_FIELDS),
    }
    if source.kind == "mentions":
        if user_id is None:
            raise CollectorError(f"X {source}: no user id to read mentions of")
        account: str = user_id

        def mentions(window: dict[str, Any], token: str | None, size: int) -> JSON:
            return client.get_users_mentions(
                account, **window, **fields, max_results=size, pagination_token=token
            )

        return mentions

    def search(window: dict[str, Any], token: str | None, size: int) -> JSON:
        # Recency order is what makes "older than the oldest stored post" a correct resume point.
        return client.search_recent_tweets(
            source.key, **window, **fields, max_results=size, next_token=token, sort_order="recency"
        )

    return search


def _window(state: XCursor, source: SourceKey, now: datetime) -> dict[str, Any]:
    """Return the id (or time) bounds of the next request for this cursor."""
    window: dict[str, Any] = {}
    if state.until_id is not None:
        window["until_id"] = state.until_id
    if state.since_id is not None:
        floor = now - SEARCH_WINDOW + SEARCH_WINDOW_MARGIN
        if source.kind == "search" and time_of_id(state.since_id) <= floor:
            # X answers 400 to a since_id older than the search window. Every post still searchable is
            # newer than since_id anyway, so bounding by time loses nothing that X still has.
            log.warning(
                "X %s: last stored post is older than the 7-day search window; posts between it and %s "
                "UTC are no longer searchable",
                source,
                f"{floor:%Y-%m-%d %H:%M}",
            )
            window["start_time"] = floor
        else:
            window["since_id"] = state.since_id
    return window


def _drop_expired_gap(state: XCursor, source: SourceKey, now: datetime) -> XCursor:
    """Give up a gap that has left the search window: X can no longer return it, only refuse the request."""
    if state.until_id is None or time_of_id(state.until_id) > now - SEARCH_WINDOW + SEARCH_WINDOW_MARGIN:
        return state
    log.warning(
        "X %s: the unread posts an interrupted run left (older than id %s) have left the 7-day search window",
        source,
        state.until_id,
    )
    return XCursor(user_id=state.user_id, since_id=state.newest_id)


def _posts_in(payload: JSON) -> int:
    """Count the posts a response returned: X bills expanded posts in ``includes`` as well."""
    data = payload.get("data")
    includes = payload.get("includes")
    expanded = includes.get("tweets") if isinstance(includes, dict) else None
    return (len(data) if isinstance(data, list) else 0) + (len(expanded) if isinstance(expanded, list) else 0)


def _resolve_user_id(client: XApi, handle: str, waiter: ResetWaiter) -> str:
    username = handle.removeprefix("@")
    payload = waiter.call(lambda: client.get_user(username=username, user_fields=["id", "username"]))
    data = payload.get("data")
    if isinstance(data, dict) and is_post_id(data.get("id")):
        return str(data["id"])
    errors = payload.get("errors")
    first = errors[0] if isinstance(errors, list) and errors and isinstance(errors[0], dict) else {}
    detail = str(first.get("detail", ""))
    raise CollectorError(f"X account @{username} not found{': ' + detail if detail else ''}")
