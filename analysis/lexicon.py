"""A small German/English sentiment lexicon with negation and emoji rules.

It is the baseline the shipped model is compared with (see MODEL_CARD.md) and a second opinion for
short English posts, where the German-trained head has seen little data. Entries are stems matched
at the start of a word, so "enttäusch" covers "enttäuscht", "Enttäuschung" and "enttäuschend".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from analysis.text_features import normalise, tokens

POSITIVE_STEMS: frozenset[str] = frozenset(
    {
        # German
        "danke", "dank", "bedank", "super", "toll", "klasse", "spitze", "prima", "genial", "großartig",
        "grossartig", "wunderbar", "wundervoll", "perfekt", "hervorragend", "exzellent", "ausgezeichnet",
        "fantastisch", "phantastisch", "schön", "schoen", "gut", "bestens", "beste", "freu", "froh", "glücklich",
        "lieb", "liebe", "herzlich", "lob", "gelob", "kompliment", "respekt", "hilfreich", "hilfsbereit",
        "freundlich", "geduldig", "kompetent", "schnell", "zuverlässig", "begeister", "empfehl", "mega",
        "cool", "stark", "gelungen", "geschafft", "gerettet", "erleichter", "zufrieden", "juhu", "yay",
        "endlich", "süß", "suess", "niedlich", "knuffig", "herzig", "held", "heldin", "heldinnen", "rock",
        "gewonnen", "sieg", "feier", "glückwunsch", "gratul", "liebling", "traum", "beeindruck",
        # English
        "thank", "thanks", "thx", "great", "awesome", "amazing", "excellent", "wonderful", "fantastic",
        "love", "lovely", "nice", "good", "best", "brilliant", "helpful", "kind", "happy", "glad", "perfect",
        "cute", "adorable", "hero", "heroes", "kudos", "appreciat", "grateful", "well", "fast", "quick",
        "impress", "enjoy", "fun", "win", "congrat",
    }
)  # fmt: skip

NEGATIVE_STEMS: frozenset[str] = frozenset(
    {
        # German
        "schlecht", "mies", "furchtbar", "schrecklich", "katastroph", "ärger", "aerger", "ärgerlich",
        "nervig", "nerv", "genervt", "kaputt", "defekt", "ausfall", "ausgefallen", "absturz", "abgestürzt",
        "stürzt", "störung", "stoerung", "fehler", "problem", "langsam", "lahm", "warte", "wartezeit",
        "warteschleife", "enttäusch", "enttaeusch", "frust", "frech", "unfreundlich", "unverschämt",
        "unzumutbar", "peinlich", "chaos", "versag", "scheiß", "scheiss", "mist", "doof", "blöd", "bloed",
        "dumm", "traurig", "schade", "leider", "wütend", "wuetend", "wut", "sauer", "hass", "hasse",
        "schlimm", "verspät", "verspaet", "ausgefall", "streik", "unmöglich", "umständlich", "verloren",
        "gesperrt", "nutzlos", "sinnlos", "teuer", "angst", "sorge", "krank", "tot", "tod", "opfer",
        "beschwer", "kritik", "skandal", "müll", "muell",
        # English
        "bad", "worst", "terrible", "awful", "horrible", "broken", "crash", "down", "outage", "slow",
        "hate", "annoy", "angry", "sad", "fail", "useless", "disappoint", "issue", "bug",
        "error", "wait", "waiting", "stuck", "lost", "sucks", "poor", "rude", "ridiculous", "again",
    }
)  # fmt: skip

NEGATORS: frozenset[str] = frozenset(
    {"nicht", "kein", "keine", "keinen", "keiner", "keinem", "nie", "niemals", "nichts", "ohne", "kaum",
     "not", "no", "never", "nothing", "without", "isn't", "doesn't", "don't", "didn't", "wasn't", "won't",
     "can't", "cannot"}
)  # fmt: skip

POSITIVE_EMOJI: frozenset[str] = frozenset(
    "😀😃😄😁😆😊🙂😍🥰😘😻😺😸❤💙💚💛🧡💜🤍💖💗💕👍👏🙏🎉🥳✨🌟⭐💪🤩😎☺♥🏆🌞🌈"
)
NEGATIVE_EMOJI: frozenset[str] = frozenset("😠😡🤬😤😒🙄😞😟😢😭😩😫😖😣💩👎😱🤦😕😔☹🤮")
# Scope of a negation in tokens: German puts "nicht" after the verb, so a short window both ways would
# misfire; forward only, three tokens, matches the common "nicht (so) gut" pattern.
NEGATION_WINDOW = 3
_SMILEYS_POSITIVE = frozenset({":)", ":-)", ";)", ";-)", ":d", ":-d", "<3", ":p"})
_SMILEYS_NEGATIVE = frozenset({":(", ":-(", ":/", ":-/"})


@dataclass(frozen=True)
class LexiconScore:
    """Counts of positive and negative evidence after negation, and the label they imply."""

    positive: float
    negative: float

    @property
    def label(self) -> str:
        """``positive``, ``negative`` or ``neutral`` (no evidence or a tie)."""
        if self.positive > self.negative:
            return "positive"
        if self.negative > self.positive:
            return "negative"
        return "neutral"

    @property
    def polarity(self) -> float:
        """Between -1 and 1; 0 without evidence."""
        total = self.positive + self.negative
        return 0.0 if total == 0 else (self.positive - self.negative) / total


# Tokens repeat across posts; remembering a bounded number of verdicts saves the stem scan.
@lru_cache(maxsize=65_536)
def _polarity_of(token: str) -> int:
    if token in POSITIVE_EMOJI or token in _SMILEYS_POSITIVE:
        return 1
    if token in NEGATIVE_EMOJI or token in _SMILEYS_NEGATIVE:
        return -1
    # Hyphenated compounds ("VPN-Ausfall") carry their sentiment in the last part.
    head = token.rsplit("-", 1)[-1]
    for candidate in (token, head):
        for end in range(len(candidate), 2, -1):
            stem = candidate[:end]
            if stem in POSITIVE_STEMS:
                return 1
            if stem in NEGATIVE_STEMS:
                return -1
    return 0


def score(text: str) -> LexiconScore:
    """Score a post with the lexicon; a negator flips the next ``NEGATION_WINDOW`` tokens.

    Args:
        text: The post as the platform sent it.

    Returns:
        Positive and negative evidence.
    """
    return score_normalised(normalise(text))


def score_normalised(normalised_text: str) -> LexiconScore:
    """:func:`score` of a text already passed through :func:`analysis.text_features.normalise`."""
    return score_tokens(tokens(normalised_text))


def score_tokens(text_tokens: Sequence[str]) -> LexiconScore:
    """:func:`score` of a normalised text's :func:`analysis.text_features.tokens`."""
    positive = negative = 0.0
    negated_until = -1
    for position, token in enumerate(text_tokens):
        if token in NEGATORS:
            negated_until = position + NEGATION_WINDOW
            continue
        polarity = _polarity_of(token)
        if polarity and position <= negated_until:
            polarity = -polarity
        if polarity > 0:
            positive += 1
        elif polarity < 0:
            negative += 1
    return LexiconScore(positive, negative)


def lexicon_words() -> list[str]:
    """All stems, so the static embedding table covers them even when the corpora do not."""
    return sorted(POSITIVE_STEMS | NEGATIVE_STEMS)
