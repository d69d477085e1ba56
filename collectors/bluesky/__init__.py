"""Bluesky source, through the atproto SDK: mentions, replies and quotes of our account, and searches.

``collectors.bluesky.source`` declares it in the registry, ``collect`` reads raw pages with the API's own
cursors, ``normalise`` turns a page into mentions (the record's facets kept in ``raw``). atproto takes
seconds to import, so only ``client`` imports it, and only when a Bluesky source is collected.
"""
