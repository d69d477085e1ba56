"""X (Twitter) source: an account's mentions and recent-search queries, read through the X API v2.

``collect_x`` yields raw pages with their cursors, ``normalise_x_page`` turns a page into mentions.
The names below load on first use, so that the source registry (``collectors.x.source``) can be read
without importing tweepy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collectors.x.budget import ReadBudget
    from collectors.x.client import XApi, XClient, build_x_client
    from collectors.x.collect import X_KINDS, collect_x
    from collectors.x.cursor import XCursor
    from collectors.x.normalise import normalise_x_page

_HOMES = {
    "X_KINDS": "collect",
    "ReadBudget": "budget",
    "XApi": "client",
    "XClient": "client",
    "XCursor": "cursor",
    "build_x_client": "client",
    "collect_x": "collect",
    "normalise_x_page": "normalise",
}

__all__ = [
    "X_KINDS",
    "ReadBudget",
    "XApi",
    "XClient",
    "XCursor",
    "build_x_client",
    "collect_x",
    "normalise_x_page",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"collectors.x.{_HOMES[name]}"), name)
