"""The classifier's reasons in the reader's language.

The classifier explains itself in English phrases with the post's own words in between ("gratitude:
danke") and probabilities as percentages; the workspace is German by default, so the fixed phrases are
translated and the quoted words kept. Older stored reasons ("addressed to: …", "praise score 0.49") keep
their translation too, so a mention classified before the praise model still reads sensibly.
"""

from __future__ import annotations

# Longest phrases first, so a phrase inside another is not translated on its own.
GERMAN: tuple[tuple[str, str], ...] = (
    (
        "thanks or praise words aimed at us, but the model doubts it is praise",
        "Dank- oder Lobworte an uns, aber das Modell bezweifelt, dass es Lob ist",
    ),
    (
        "praise: thanks or praise words aimed at us, and the model agrees",
        "Lob: Dank- oder Lobworte an uns, und das Modell stimmt zu",
    ),
    ("unclear whether this is praise", "Unklar, ob das Lob ist"),
    (
        "praise or thanks words in a post that reads like sarcasm",
        "Dank- oder Lobworte in einem Beitrag, der sarkastisch klingt",
    ),
    ("not praise: the model sees little praise here", "Kein Lob: Das Modell sieht hier kaum Lob"),
    ("praise: the model is sure", "Lob: Das Modell ist sich sicher"),
    ("please decide", "bitte entscheiden"),
    (
        "found by a keyword search and names none of us: whom does it thank?",
        "über eine Stichwortsuche gefunden und nennt uns nicht: Wem gilt der Dank?",
    ),
    (
        "found by a keyword search, not addressed to anyone",
        "über eine Stichwortsuche gefunden, an niemanden gerichtet",
    ),
    ("neither names us nor is addressed to us", "nennt uns nicht und ist nicht an uns gerichtet"),
    ("addressed to us: a reply to", "an uns gerichtet: Antwort an"),
    ("addressed to us: a comment under a post of", "an uns gerichtet: Kommentar unter einem Beitrag von"),
    ("addressed to us: a post that tags", "an uns gerichtet: Beitrag, der uns markiert:"),
    ("addressed to us: it starts with", "an uns gerichtet: beginnt mit"),
    ("addressed to us:", "an uns gerichtet:"),
    ("names us:", "nennt uns:"),
    ("one of our services", "einen unserer Dienste"),
    ("our name", "unseren Namen"),
    ("our mascot", "unser Maskottchen"),
    ("our hashtag", "unseren Hashtag"),
    ("our account", "unser Konto"),
    ("(praise ", "(Lob "),
    ("(irony ", "(Ironie "),
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
    ("spam cue:", "Spam-Hinweis:"),
    ("addressed to:", "erwähnt:"),
    ("just below the threshold", "knapp unter der Schwelle"),
    ("praise score", "Lob-Wert"),
    ("platform tag used", "Sprachangabe der Plattform verwendet"),
    ("platform tag", "Sprachangabe der Plattform"),
    ("overruled", "überstimmt"),
    ("too little text", "zu wenig Text"),
    ("unclear text", "unklarer Text"),
    ("detected", "erkannt"),
    ("(negative ", "(negativ "),
    ("language ", "Sprache "),
)


def reason_text(reason: str, lang: str) -> str:
    """`reason` as the classifier wrote it, with its fixed phrases in German when `lang` is "de"."""
    if lang != "de":
        return reason
    for english, german in GERMAN:
        reason = reason.replace(english, german)
    return reason
