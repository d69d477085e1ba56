"""Praise rules: a post that thanks, compliments or shows affection for the organisation, its staff,
its services or its mascot (who that is comes from ``[organisation]``, see :mod:`analysis.organisation`).

A praise post needs both a cue (gratitude, compliment, affection) and a target; positive sentiment
alone (a sunny day, a football result) is not praise. Gratitude with a small complaint still is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from analysis.cues import CueText, family

GRATITUDE = family(
    "gratitude",
    stems={"danke", "dankbar", "dankeschön", "dankeschoen", "bedank", "merci", "thank", "thx", "grateful",
           "appreciat", "vergelt", "gratitud"},
    exact={"dank", "ty", "tysm"},
    phrases=("vielen dank", "herzlichen dank", "besten dank", "tausend dank", "großen dank", "grossen dank"),
    symbols={"🙏"},
)  # fmt: skip
COMPLIMENT = family(
    "compliment",
    stems={"super", "toll", "klasse", "spitze", "genial", "großartig", "grossartig", "hervorragend",
           "exzellent", "ausgezeichnet", "fantastisch", "wunderbar", "perfekt", "kompliment", "respekt",
           "bravo", "kudos", "lob", "hilfsbereit", "kompetent", "geduldig", "zuverlässig", "zuverlaessig",
           "freundlich", "held", "heldin", "heroes", "hero", "rockstar", "awesome", "amazing", "brilliant",
           "excellent", "fantastic", "helpful", "beste", "besten", "best", "mega", "stark", "vorbild",
           "professionell", "blitzschnell", "unkompliziert", "gerettet", "lebensretter", "rettung"},
    exact={"top", "great", "rockt", "rocks", "gut", "schnell", "fix", "nice"},
    phrases=("hut ab", "gut gemacht", "well done", "great job", "good job", "nice work", "saubere arbeit",
             "gute arbeit", "tolle arbeit", "starke leistung", "ihr seid die besten", "you rock", "chapeau",
             "weiter so", "shout out", "shoutout", "daumen hoch"),
    symbols={"👏", "💪", "🏆", "🌟", "⭐", "👍", "🙌"},
)  # fmt: skip
AFFECTION = family(
    "affection",
    stems={"süß", "suess", "niedlich", "knuffig", "herzig", "liebling", "knuddel", "schmus", "flausch",
           "cute", "adorable", "sweet", "lovely", "awww", "schnurr", "lieblingskater"},
    # "liebe"/"lieber" alone is mostly a salutation ("Danke, liebe IT"), not affection.
    exact={"love", "loving", "lieben", "liebt", "<3", "aww"},
    phrases=("ich liebe", "wir lieben", "in love", "so cute"),
    symbols={"❤", "♥", "💙", "💚", "💛", "🧡", "💜", "🤍", "💖", "💗", "💕", "😍", "🥰", "😻", "😘", "🐱", "🐈"},
)  # fmt: skip
# Who a post can thank besides our configured names (masked into placeholders by analysis.organisation):
# roles any service organisation has. Names, services and mascots come from ``[organisation]``.
TARGET = family(
    "target",
    stems={"xorgnamex", "xorgtagx", "xorgmascotx", "xorgservicex", "@xorgaccountx", "support", "hotline",
           "kundenservice", "kundendienst", "servicedesk", "helpdesk", "mitarbeiter", "kolleg", "team",
           "administrator", "techniker", "admins", "personal"},
    exact={"admin", "service", "staff"},
    phrases=("help desk", "service desk", "social media team"),
)  # fmt: skip
POLITENESS = re.compile(
    r"\b(danke|thanks?|thx)\b[\s,]*(im voraus|vorab|schon ?mal|in advance|für (die|eure) (hilfe|antwort)\s*[!.]*\s*$)",
    re.IGNORECASE,
)
# A question that ends in a bare "Danke!" thanks for the answer to come, not for anything done.
CLOSING_THANKS = re.compile(
    r"\?\s*(?:vielen\s+|many\s+)?(?:danke|dank|thanks|thank\s+you|thx|merci)"
    r"(?:\s+(?:schon|euch|dir|im\s+voraus|vorab|in\s+advance))?\s*[!.🙏]*\s*$",
    re.IGNORECASE,
)
SPAM = family(
    "spam",
    stems={"gewinnspiel", "giveaway", "rabatt", "gutschein", "bitcoin", "krypto", "crypto", "forex",
           "follower", "casino", "promo", "onlyfans", "gratis", "verdien", "investment"},
    phrases=("link in bio", "jetzt kaufen", "buy now", "dm me", "dm for", "schreib mir", "klick hier",
             "click here", "check my profile"),
)  # fmt: skip

PRAISE_THRESHOLD = 0.5


@dataclass(frozen=True)
class PraiseResult:
    """The praise decision with its score (0..1), the cues found and why it came out as it did."""

    praise: bool
    score: float
    cues: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def _targets(text: CueText, target_handles: Iterable[str]) -> list[str]:
    found = TARGET.find(text)
    handles = {"@" + h.lower().lstrip("@") for h in target_handles}
    found.extend(w for w in text.words if w in handles and w not in found)
    return found


def detect_praise(
    text: str,
    *,
    positive: float,
    negative: float,
    target_handles: Iterable[str] = (),
    addressed: str | None = None,
) -> PraiseResult:
    """Decide by keyword rules whether ``text`` praises the organisation, its staff, services or mascot.

    Args:
        text: The post with the organisation's words masked (:meth:`analysis.organisation.Organisation.mask`).
        positive: The sentiment model's probability of positive.
        negative: The sentiment model's probability of negative.
        target_handles: Handles whose mention makes the department the addressee (own accounts).
        addressed: Set when where the post was found already addresses us (a reply to our account, a
            comment under our post): it counts as a target although the text names nobody.

    Returns:
        The decision with a score and reasons; irony and authorship are judged by the caller.
    """
    prepared = CueText.of(text)
    gratitude = GRATITUDE.find(prepared)
    polite_only = (
        bool(gratitude) and "?" in text and bool(POLITENESS.search(text) or CLOSING_THANKS.search(text))
    )
    compliments = COMPLIMENT.find(prepared)
    affection = AFFECTION.find(prepared)
    targets = _targets(prepared, target_handles)
    if addressed and not targets:
        targets = [addressed]
    spam = SPAM.find(prepared)
    reasons: list[str] = []
    cue_strength = 0.0
    if gratitude and not polite_only:
        cue_strength += 0.7
        reasons.append(f"gratitude: {', '.join(gratitude)}")
    elif polite_only:
        reasons.append("thanks in advance for an answer is politeness, not praise")
    if compliments:
        cue_strength += 0.5
        reasons.append(f"compliment: {', '.join(compliments)}")
    if affection:
        cue_strength += 0.5
        reasons.append(f"affection: {', '.join(affection)}")
    cue_strength = min(cue_strength, 1.0)
    if targets:
        reasons.append(f"addressed to: {', '.join(targets)}")
    else:
        reasons.append("no mention of us, our staff, services or mascot")
    # Gratitude outweighs a complaint ("thanks, even though the VPN was down"); a compliment alone does not.
    sentiment_term = 0.3 * positive - (0.1 if gratitude else 0.25) * negative
    score = 0.5 * cue_strength + 0.3 * (1.0 if targets else 0.0) + sentiment_term
    if spam:
        reasons.append(f"spam cue: {', '.join(spam)}")
        score -= 0.5
    score = max(0.0, min(1.0, score))
    is_praise = bool(targets) and cue_strength > 0 and not spam and score >= PRAISE_THRESHOLD
    return PraiseResult(is_praise, round(score, 4), gratitude + compliments + affection, targets, reasons)


def praise_words() -> list[str]:
    """Single-word cues, so the static embedding table covers them even when the corpora do not."""
    words: set[str] = set()
    for cue_family in (GRATITUDE, COMPLIMENT, AFFECTION, TARGET):
        words.update(
            s for s in cue_family.stems | cue_family.exact if s.isalpha() and not s.startswith("xorg")
        )
    return sorted(words)
