"""Mastodon sends a post's content as HTML; readers and the classifier need the exact plain text.

The rules follow what Mastodon itself shows: a paragraph break is a blank line, ``<br>`` a line break,
entities are decoded, and a shortened link's hidden parts (``<span class="invisible">``) are kept, so a
URL comes back whole. Nothing else is added or dropped; the HTML stays in the mention's ``raw``.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.paragraphs = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "p":
            if self.paragraphs:
                self.parts.append("\n\n")
            self.paragraphs += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(content: str) -> str:
    """Return the plain text of a Mastodon post's HTML ``content``.

    Args:
        content: The ``content`` field as the API sent it.

    Returns:
        The text, with paragraphs separated by a blank line and line breaks kept.
    """
    parser = _Text()
    parser.feed(content)
    parser.close()
    return "".join(parser.parts).strip()
