"""What counts as a page of posts, and which error a reply that is not one stands for.

X answers some failures with HTTP 200 and a body of only ``{"errors": [...]}``: no ``data``, no ``meta``.
Read as a page, such a reply looks like the end of the walk (no ``next_token``) and would move the cursor
past every post not yet read. So a walk trusts only a well-formed page: ``meta`` with its
``result_count``, posts with ids, and the page's newest and oldest id when it holds posts. Anything else
is an error of the kind X's problem type names, so that the flow retries it or records it; the cursor
stays after the last page that was stored.
"""

from __future__ import annotations

from typing import Any

from collectors.x.ids import is_post_id
from kernel.errors import AuthFailed, BudgetSpent, CollectorError, RateLimited, TransientError
from kernel.records import JSON

# The last path segment of X's problem types (https://api.twitter.com/2/problems/<name>).
AUTH_PROBLEMS = frozenset({"not-authorized-for-resource", "client-forbidden", "unsupported-authentication"})
REFUSED_PROBLEMS = frozenset(
    {"invalid-request", "resource-not-found", "resource-unavailable", "disallowed-resource"}
)
MESSAGE_LIMIT = 300


def checked_page(payload: Any, what: str) -> JSON:
    """Return ``payload`` if it is a well-formed page of posts, else raise the error it stands for.

    Args:
        payload: The decoded body of a 200 reply to a mentions or search request.
        what: The source, for the message.

    Returns:
        The payload, unchanged.

    Raises:
        AuthFailed: X's problem says the token may not read this resource.
        BudgetSpent: X's problem says the account's usage cap is reached.
        RateLimited: X's problem says the rate limit is exceeded.
        CollectorError: X refused the request (invalid, or the account or resource is gone).
        TransientError: Any other reply that is not a page, such as an operational error or a body that
            lacks ``meta``; a later attempt may get the page.
    """
    if not isinstance(payload, dict):
        raise TransientError(f"X {what}: the reply is {type(payload).__name__}, not a page of posts")
    problem = _problem_in(payload, what)
    meta = payload.get("meta")
    meta = meta if isinstance(meta, dict) else {}
    count = meta.get("result_count")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        if problem is not None:
            raise problem
        raise TransientError(f"X {what}: the reply has no result count; it is not a page of posts")
    data = payload.get("data", [])
    if not isinstance(data, list) or not all(isinstance(p, dict) and is_post_id(p.get("id")) for p in data):
        raise TransientError(f"X {what}: the reply's posts are not a list of posts with ids")
    if count > 0 and not data:
        raise TransientError(f"X {what}: the reply counts {count} posts but holds none")
    if data and not (is_post_id(meta.get("newest_id")) and is_post_id(meta.get("oldest_id"))):
        raise TransientError(f"X {what}: the reply holds posts but not its newest and oldest id")
    token = meta.get("next_token")
    if token is not None and (not isinstance(token, str) or not token):
        raise TransientError(f"X {what}: the reply's next_token is not a token")
    return payload


def _problem_in(payload: JSON, what: str) -> CollectorError | None:
    """The error the reply's first problem stands for, or ``None`` if it names none."""
    errors = payload.get("errors")
    if not isinstance(errors, list) or not errors:
        return None
    first = errors[0] if isinstance(errors[0], dict) else {}
    kind = str(first.get("type") or "").rstrip("/").rsplit("/", 1)[-1]
    detail = " ".join(str(first.get(k) or "") for k in ("title", "detail") if first.get(k)).strip()
    # X's detail names the resource (an id or a handle), never a post's text; still, keep it one short line.
    message = f"X {what}: reply without posts: {detail or kind or 'an error without detail'}"
    message = " ".join(message.split())[:MESSAGE_LIMIT]
    if kind in AUTH_PROBLEMS:
        return AuthFailed(message)
    if kind == "usage-capped":
        return BudgetSpent(message)
    if kind == "rate-limit-exceeded":
        return RateLimited(message)
    if kind in REFUSED_PROBLEMS:
        return CollectorError(message)
    return TransientError(message)
