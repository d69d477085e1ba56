"""The Jinja2 environments: HTML with autoescape, Markdown with every value escaped for Markdown.

Post text is only ever a value passed to a template, never template source, so `{{ 7*7 }}` in a post
stays text. The filters give templates the reader's number and date formats.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from reports import formatting, strings
from reports.palette import PAGE, SENTIMENT_COLOURS
from reports.safety import CONTENT_SECURITY_POLICY, html_finalize, markdown_text, markdown_url, safe_link

TEMPLATES = Path(__file__).parent / "templates"


class MarkdownSafe(str):
    """Markdown we wrote ourselves (phrases, numbers, checked links): passes the finalizer unescaped."""

    __slots__ = ()


def _markdown_finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, MarkdownSafe):
        return value
    return markdown_text(value)


def _common(env: Environment, wrap: type[str] | None) -> Environment:
    def phrase(key: str, lang: str, **values: Any) -> str:
        result = strings.text(key, lang, **values)
        return wrap(result) if wrap else result

    env.globals.update(
        t=phrase,
        topic_label=strings.topic_label,
        platform_label=strings.platform_label,
        sentiment_label=strings.sentiment_label,
        outcome_label=strings.outcome_label,
        palette=PAGE,
        sentiment_colours=SENTIMENT_COLOURS,
        csp=CONTENT_SECURITY_POLICY,
    )
    env.filters.update(
        day=formatting.day,
        moment=formatting.moment,
        number=formatting.number,
        percent=formatting.percent,
        signed=formatting.signed,
        signed_points=formatting.signed_points,
        safe_link=safe_link,
    )
    return env


@cache
def html_environment() -> Environment:
    """Autoescaping HTML environment (`*.html.j2`); braces are escaped too (see `html_finalize`)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html.j2", "j2"), default_for_string=True),
        undefined=StrictUndefined,
        finalize=html_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return _common(env, None)


@cache
def markdown_environment() -> Environment:
    """Markdown environment (`*.md.j2`): every value is Markdown-escaped unless it is `MarkdownSafe`."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=False,  # noqa: S701 - Markdown, not HTML: the finalizer escapes every value for Markdown
        undefined=StrictUndefined,
        finalize=_markdown_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    _common(env, MarkdownSafe)
    for name in ("day", "moment", "number", "percent", "signed", "signed_points"):
        env.filters[name] = _trusted(env.filters[name])
    env.filters["md_link"] = _md_link
    return env


def _trusted(function: Any) -> Any:
    def wrapped(*args: Any, **kwargs: Any) -> MarkdownSafe:
        return MarkdownSafe(function(*args, **kwargs))

    return wrapped


def _md_link(url: str | None, label: str) -> MarkdownSafe:
    """`[label](url)` when the URL may be a link; nothing otherwise."""
    target = markdown_url(url)
    if target is None:
        return MarkdownSafe("")
    return MarkdownSafe(f"[{markdown_text(label)}]({target})")


def render(template: str, **context: Any) -> str:
    """Render a template by name; `.md.j2` names use the Markdown environment."""
    env = markdown_environment() if template.endswith(".md.j2") else html_environment()
    return env.get_template(template).render(**context)
