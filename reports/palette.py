"""The colours of the pages and charts, and the WCAG contrast check they must pass.

Every text colour is checked against every background it sits on (WCAG 2.1 AA: 4.5:1 for text,
3:1 for chart marks next to each other are not enough alone, so charts also carry hatches and labels).
"""

from __future__ import annotations

PAGE = {
    "background": "#fffdf8",
    "text": "#1f2328",
    "muted": "#4f5560",
    "accent": "#8a3b12",
    "link": "#0b57a4",
    "card": "#ffffff",
    "card_border": "#d8cfc0",
    "mascot_background": "#fff3dc",
    "table_head": "#f3ede2",
    "warning_background": "#fdecea",
    "warning_text": "#8c1d18",
}

SENTIMENT_COLOURS = {"positive": "#1b7a3d", "neutral": "#6b6f76", "negative": "#b3261e"}
# Hatches tell the series apart without colour (print, colour blindness).
SENTIMENT_HATCHES = {"positive": "", "neutral": "..", "negative": "//"}

# (text colour, background) pairs that occur on the pages.
TEXT_PAIRS = [
    (PAGE["text"], PAGE["background"]),
    (PAGE["muted"], PAGE["background"]),
    (PAGE["accent"], PAGE["background"]),
    (PAGE["link"], PAGE["background"]),
    (PAGE["text"], PAGE["card"]),
    (PAGE["muted"], PAGE["card"]),
    (PAGE["link"], PAGE["card"]),
    (PAGE["text"], PAGE["mascot_background"]),
    (PAGE["muted"], PAGE["mascot_background"]),
    (PAGE["link"], PAGE["mascot_background"]),
    (PAGE["accent"], PAGE["mascot_background"]),
    (PAGE["text"], PAGE["table_head"]),
    (PAGE["warning_text"], PAGE["warning_background"]),
    # Chart labels are written in the series colour on the page background.
    *((colour, PAGE["background"]) for colour in SENTIMENT_COLOURS.values()),
]


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of a `#rrggbb` colour."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
