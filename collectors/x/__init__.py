"""X (Twitter) source: an account's mentions and recent-search queries, read through the X API v2.

``collect_x`` yields raw pages with their cursors, ``normalise_x_page`` turns a page into mentions.
"""

from collectors.x.budget import ReadBudget
from collectors.x.client import XApi, XClient, build_x_client
from collectors.x.collect import X_KINDS, collect_x
from collectors.x.cursor import XCursor
from collectors.x.normalise import normalise_x_page

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
