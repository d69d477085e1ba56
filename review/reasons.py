"""The classifier's reasons in the reader's language.

The classifier explains itself in English phrases with the post's own words in between ("gratitude:
danke"); the workspace is German by default, so the fixed phrases are translated and the quoted words kept.
"""

from __future__ import annotations

# Longest phrases first, so a phrase inside another is not translated on its own.
GERMAN: tuple[tuple[str, str], ...] = (
    (
        "no mention of the IT department, its staff, services, intranet or Kater Joey",
        "kein Bezug auf das IT-Referat, seine Leute, Dienste, das Intranet oder Kater Joey",
    ),
    (
        "thanks in advance for an answer is politeness, not praise",
        "„Danke im Voraus“ für eine Antwort ist Höflichkeit, kein Lob",
    ),
    (
        "sentiment: positive and negative swapped because the post reads as ironic",
        "Stimmung: positiv und negativ getauscht, weil der Beitrag ironisch wirkt",
    ),
    (
        "sentiment: model trained on German; less reliable for this language",
        "Stimmung: Modell auf Deutsch trainiert, für diese Sprache weniger verlässlich",
    ),
    ("sentiment: model blended with the lexicon", "Stimmung: Modell mit dem Lexikon gemischt"),
    ("praise mixed with a complaint", "Lob gemischt mit einer Beschwerde"),
    ("just below the threshold", "knapp unter der Schwelle"),
    ("praise score", "Lob-Wert"),
    ("in a post read as negative", "in einem als negativ gelesenen Beitrag"),
    ("for a repeated problem", "für ein wiederkehrendes Problem"),
    ("next to an interruption", "neben einer Unterbrechung"),
    ("next to a complaint", "neben einer Beschwerde"),
    ("thanks for a problem", "Dank für ein Problem"),
    ("thanks/compliment", "Dank/Lob"),
    ("never praise of ourselves", "nie Eigenlob"),
    ("posted by our own account", "von unserem eigenen Konto"),
    ("posted by staff account", "vom Konto einer Mitarbeiterin oder eines Mitarbeiters"),
    ("irony marker:", "Ironie-Zeichen:"),
    ("irony:", "Ironie:"),
    ("gratitude:", "Dank:"),
    ("compliment:", "Lob:"),
    ("affection:", "Zuneigung:"),
    ("addressed to:", "gerichtet an:"),
    ("spam cue:", "Spam-Hinweis:"),
    ("platform tag used", "Sprachangabe der Plattform verwendet"),
    ("platform tag", "Sprachangabe der Plattform"),
    ("overruled", "überstimmt"),
    ("too little text", "zu wenig Text"),
    ("unclear text", "unklarer Text"),
    ("detected", "erkannt"),
    ("negative", "negativ"),
    ("language ", "Sprache "),
)


def reason_text(reason: str, lang: str) -> str:
    """`reason` as the classifier wrote it, with its fixed phrases in German when `lang` is "de"."""
    if lang != "de":
        return reason
    for english, german in GERMAN:
        reason = reason.replace(english, german)
    return reason
