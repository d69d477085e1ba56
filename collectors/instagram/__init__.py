"""Instagram source: a profile's posts with comments, posts tagged with a profile, and hashtags, via instaloader.

``collect_profile``/``collect_tagged``/``collect_hashtag`` yield raw pages with their cursors,
``normalise_instagram_page`` turns a page into mentions. The names below load on first use, so that the
source registry (``collectors.instagram.source``) can be read without importing instaloader.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collectors.instagram.collect import (
        collect_hashtag,
        collect_profile,
        collect_tagged,
        login_and_save,
        make_loader,
        translate_error,
    )
    from collectors.instagram.normalise import normalise_instagram_page
    from collectors.instagram.rate_limit import FlowRateController

_HOMES = {
    "FlowRateController": "rate_limit",
    "collect_hashtag": "collect",
    "collect_profile": "collect",
    "collect_tagged": "collect",
    "login_and_save": "collect",
    "make_loader": "collect",
    "normalise_instagram_page": "normalise",
    "translate_error": "collect",
}

__all__ = [
    "FlowRateController",
    "collect_hashtag",
    "collect_profile",
    "collect_tagged",
    "login_and_save",
    "make_loader",
    "normalise_instagram_page",
    "translate_error",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"collectors.instagram.{_HOMES[name]}"), name)
