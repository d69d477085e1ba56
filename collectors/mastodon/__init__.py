"""Mastodon source, through Mastodon.py: mentions of our bot account and posts with our hashtags.

``collectors.mastodon.source`` declares it in the registry, ``collect`` reads raw pages with ``since_id``
cursors, ``normalise`` turns a page into mentions (HTML content to exact plain text, the HTML kept in
``raw``). Mastodon.py is imported only by ``client``, so reading the registry stays cheap.
"""
