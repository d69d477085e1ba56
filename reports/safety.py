"""What keeps post text, handles and URLs inert in every output: escaping and the link policy.

Everything a post brings (text, handle, name, URLs, even topic keys) is data from strangers. HTML goes
through Jinja2's autoescape plus `html_finalize` (which also defuses `{{ }}` for intranet systems that
evaluate client-side templates); Markdown through `markdown_text`; CSV through `csv_cell`; JSON through
`json_text`. Only http(s) URLs on the platforms' own domains become links.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from markupsafe import Markup, escape

from kernel.sources import link_domains

# The page needs no script, no font, no frame and no remote image: charts are inline SVG and media are
# links, so `img-src data:` suffices and a remote tracking pixel slipped into a post cannot load.
# `style-src 'unsafe-inline'` is needed for the one inline <style> block and is harmless without scripts.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
)

# The platforms' own sites and media hosts, as the source registry declares them; subdomains count
# (www.instagram.com, pbs.twimg.com). Instances a configuration names (Mastodon) join when it is loaded.
LINK_DOMAINS = link_domains()
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f\\]")
# Characters a link target may keep; everything else (quotes, brackets, spaces) is percent-encoded,
# so no URL can close the attribute, the Markdown link or the autolink it sits in.
_URL_SAFE = "/:?#&=+%@!$,;~-._*"


def safe_link(url: object) -> str | None:
    """The URL, normalised, if it may become a link: http(s), a platform domain, no user info.

    Returns None for anything else (javascript:, data:, other hosts, look-alikes such as
    `x.com.evil.example` or `https://x.com@evil.example`), so the caller shows no link at all.
    """
    if not isinstance(url, str) or not url or len(url) > 2048 or _CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or parts.username or parts.password:
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    if not any(host == d or host.endswith("." + d) for d in link_domains()):
        return None
    netloc = host if port is None else f"{host}:{port}"
    return urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            quote(parts.path, safe=_URL_SAFE),
            quote(parts.query, safe=_URL_SAFE),
            quote(parts.fragment, safe=_URL_SAFE),
        )
    )


def html_finalize(value: Any) -> Any:
    """Jinja2 `finalize` for HTML: escape every value and also the braces of `{{ }}`/`{% %}`.

    Markup we built ourselves (the chart SVGs) passes unchanged; None prints as nothing.
    """
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    escaped = str(escape(value))
    return Markup(escaped.replace("{", "&#123;").replace("}", "&#125;"))  # noqa: S704 - escaped above


# CommonMark lets a backslash escape any ASCII punctuation. These characters can open emphasis, code,
# links, tables, maths or a template expression anywhere in a line; `:` is escaped so that no bare
# `https://…` in a post becomes an autolink to a foreign site.
_MARKDOWN_ANYWHERE = re.compile(r"([\\`*_{}\[\]()|~$:])")
# These only matter where a line starts (headings, lists, quotes, setext underlines, images).
_MARKDOWN_LINE_START = re.compile(r"^([#+\-=>!])|^(\d+)([.)])")


def markdown_text(value: object) -> str:
    """Post text for Markdown: metacharacters backslash-escaped, `<`, `>` and `&` as entities, one line.

    Line breaks become ` / `, so a post can never start a heading, list or quote of its own.
    """
    if value is None:
        return ""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_ANYWHERE.sub(r"\\\1", text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return _MARKDOWN_LINE_START.sub(_escape_line_start, " / ".join(lines))


def _escape_line_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)


def markdown_url(url: str | None) -> str | None:
    """A link target for Markdown: only what `safe_link` allows, with nothing that ends the target."""
    link = safe_link(url)
    return None if link is None else link.replace("(", "%28").replace(")", "%29")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP: prefix with a quote).

    Numbers stay numbers; text starting with = + - @ tab or CR gets a leading apostrophe.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _json_default(value: Any) -> Any:
    # Dates and times as ISO 8601 (UTC offsets kept), what any JSON reader can parse back.
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def json_text(data: Any) -> str:
    """JSON that stays inert even when pasted inside an HTML <script> or attribute.

    `<`, `>` and `&` are written as \\u escapes (as Django's json_script does); JSON readers see the
    same strings.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, default=_json_default)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
