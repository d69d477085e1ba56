"""Checks on rendered HTML: well-formed as XML, nothing active, accessible structure."""

from __future__ import annotations

import itertools

import html5lib
from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"


def parse_xml(text: str) -> etree._Element:
    """Parse the page with lxml's strict XML parser: it must be well-formed XHTML-compatible markup."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
    return etree.fromstring(text.encode("utf-8"), parser)


def parse_html5(text: str) -> etree._Element:
    """Parse as a browser would (HTML5 algorithm), strictly: any parse error fails."""
    parser = html5lib.HTMLParser(
        tree=html5lib.getTreeBuilder("lxml"), strict=True, namespaceHTMLElements=False
    )
    return parser.parse(text).getroot()


def local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def active_content(root: etree._Element) -> list[str]:
    """Everything that could run or load something: scripts, handlers, javascript: URLs, embeds."""
    found = []
    for element in root.iter():
        name = local(element.tag).lower()
        if name in ("script", "iframe", "object", "embed", "base", "form", "link", "foreignobject", "math"):
            found.append(f"<{name}>")
        if name == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append("meta refresh")
        for attribute, value in element.attrib.items():
            attr = local(attribute).lower()
            if attr.startswith("on"):
                found.append(f"{name} {attr}=")
            if attr in ("href", "src", "action", "formaction", "xlink:href", "cite", "data", "srcset"):
                target = "".join(value.split()).lower()
                if target.startswith(("javascript:", "vbscript:", "data:text")):
                    found.append(f"{name} {attr}={value}")
            if attr == "style" and ("expression(" in value or ("url(" in value and "url(#" not in value)):
                found.append(f"{name} style={value}")
    return found


def external_links(root: etree._Element) -> list[str]:
    return [e.get("href") or "" for e in root.iter() if local(e.tag) == "a" and e.get("href")]


def headings(root: etree._Element) -> list[int]:
    return [int(local(e.tag)[1]) for e in root.iter() if local(e.tag) in ("h1", "h2", "h3", "h4", "h5", "h6")]


def heading_problems(root: etree._Element) -> list[str]:
    """One h1 first, and no level skipped on the way down."""
    levels = headings(root)
    problems = []
    if levels.count(1) != 1 or not levels or levels[0] != 1:
        problems.append(f"expected exactly one h1 first, got {levels}")
    for before, after in itertools.pairwise(levels):
        if after > before + 1:
            problems.append(f"h{before} followed by h{after}")
    return problems


def text_of(root: etree._Element) -> str:
    return "".join(root.itertext())
