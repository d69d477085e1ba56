"""The features the learned praise and irony model reads: masked n-grams, cues and where a post was found.

Training (scikit-learn) and run time (numpy only) both call :func:`features`, so a shipped model sees
exactly what it was fitted on. The organisation's own words are masked first (see
:mod:`analysis.organisation`), so no name of Deutsche Bahn or of the city ends up in the weights.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from analysis.cues import CueText
from analysis.irony import COMPLAINT, MARKERS, REPETITION, RESOLUTION, irony_signals
from analysis.organisation import ACCOUNT, HASHTAG, MASCOT, NAME, SERVICE, Organisation
from analysis.praise import AFFECTION, CLOSING_THANKS, COMPLIMENT, GRATITUDE, POLITENESS, SPAM

_URL = re.compile(r"https?://\S+|www\.\S+")
_REPEATS = re.compile(r"(.)\1{2,}")
_SPACE = re.compile(r"\s+")
_EMOJI_CLASS = "\U0001f000-\U0001faff\u2600-\u27bf\u2b50\u2764"
_TOKEN = re.compile(rf"[@#]?[^\W\d_]+(?:[-'][^\W\d_]+)*|[{_EMOJI_CLASS}]|[:;]-?[()dp/]|<3", re.UNICODE)
_LEADING_HANDLES = re.compile(r"^(?:\s*(?:RT\s+)?@\w[\w.]*:?)+", re.IGNORECASE)
_RETWEET = re.compile(r"^\s*RT\s+@(\w+)", re.IGNORECASE)
# Thanks followed by a "but", a new problem or a question: politeness or irony rather than praise.
_THANKS_THEN_CONTRAST = re.compile(
    r"\b(?:danke|dank|thanks?|thx)\b.{0,120}?\b(?:aber|allerdings|leider|jedoch|trotzdem|immer noch|noch immer|"
    r"schon wieder|wieder|but|still)\b",
    re.IGNORECASE,
)
_THANKS_THEN_QUESTION = re.compile(r"\b(?:danke|dank|thanks?|thx)\b[^?]*\?", re.IGNORECASE)
_QUESTION_THEN_THANKS = re.compile(r"\?[^?]*\b(?:danke|dank|thanks?|thx)\b", re.IGNORECASE)
_THANKS_FIRST = re.compile(
    r"^(?:\s*@\w+)*[\s,.:]*(?:vielen |herzlichen |tausend |besten )?(?:danke|dank|thanks?|thx)", re.IGNORECASE
)
# Waiting is the complaint of every service: "40 Minuten", "2 Std.", "verspätet", "verpasst".
_WAITING = re.compile(
    r"\b\d+\s*(?:min|minuten|std|stunden|h)\b|verspät|verpass|ausgefallen|fällt aus|gestrichen|defekt|"
    r"überfüllt|warte|stornier|beschwer|kein(?:e|en)? (?:ahnung|info|antwort|durchsage)",
    re.IGNORECASE,
)
CHAR_MIN = 3
CHAR_MAX = 4
# The comment sections of these sources sit under our own posts: whoever writes there talks to us.
_ADDRESSING_SOURCE_KINDS = {"mentions", "profile", "tagged"}
_KEYWORD_SOURCE_KINDS = {"search", "hashtag"}


@dataclass(frozen=True)
class Context:
    """What collection knows about a post besides its text.

    Attributes:
        platform: ``x``, ``instagram``, ... (``None`` when unknown, e.g. a bare text).
        source: The source that found it, ``platform:kind:key`` (``x:mentions:StadtIT``).
        reply_to: The handle the post replies to or comments under.
        author: The author's handle.
    """

    platform: str | None = None
    source: str | None = None
    reply_to: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Addressing:
    """Whom a post is addressed to, as far as text and context tell."""

    to_us: bool
    how: str
    keyword_hit: bool
    retweet_of_us: bool


def source_parts(source: str | None) -> tuple[str, str]:
    """``(kind, key)`` of a source string ``platform:kind:key``; empty strings when unknown."""
    if not source or source.count(":") < 2:
        return "", ""
    _, kind, key = source.split(":", 2)
    return kind, key


def addressing(text: str, context: Context, organisation: Organisation) -> Addressing:
    """Decide whether the post talks to us: a reply or comment to our account, or our handle up front."""
    kind, key = source_parts(context.source)
    retweet = _RETWEET.match(text)
    retweet_of_us = bool(retweet) and organisation.is_ours(retweet.group(1) if retweet else None)
    how = ""
    if organisation.is_ours(context.reply_to):
        how = f"reply:{context.reply_to}"
    elif kind in _ADDRESSING_SOURCE_KINDS and kind != "mentions" and organisation.is_ours(key):
        how = f"{kind}:{key}"
    else:
        leading = _LEADING_HANDLES.match(text)
        if leading and not retweet:
            handles = re.findall(r"@(\w[\w.]*)", leading.group(0))
            ours = [h for h in handles if organisation.is_ours(h)]
            if ours:
                how = f"leading:{ours[0]}"
    return Addressing(bool(how), how, kind in _KEYWORD_SOURCE_KINDS and not how, retweet_of_us)


def normalise(masked: str) -> str:
    """Lower-case, replace links, shorten letter repeats ("suuuper" to "suuper") and single-space."""
    text = _URL.sub(" xurlx ", masked)
    text = _REPEATS.sub(r"\1\1", text.lower())
    return _SPACE.sub(" ", text).strip()


def ngrams(normalised_text: str) -> set[str]:
    """Character 3-5-grams inside word boundaries, words and word pairs, as a set (presence, not counts)."""
    found: set[str] = set()
    for word in normalised_text.split(" "):
        padded = f" {word} "
        size = len(padded)
        for n in range(CHAR_MIN, min(CHAR_MAX, size) + 1):
            found.update(padded[i : i + n] for i in range(size - n + 1))
    words = _TOKEN.findall(normalised_text)
    found.update("w:" + w for w in words)
    found.update("b:" + a + " " + b for a, b in itertools.pairwise(words))
    return found


def cue_features(masked: str, address: Addressing) -> dict[str, float]:
    """Dense features: gratitude, compliment, irony cues, whether we are named or addressed, and pairs."""
    prepared = CueText.of(masked)
    gratitude = bool(GRATITUDE.find(prepared))
    compliment = bool(COMPLIMENT.find(prepared))
    affection = bool(AFFECTION.find(prepared))
    question = "?" in masked
    polite = gratitude and question and bool(POLITENESS.search(masked) or CLOSING_THANKS.search(masked))
    words = set(prepared.words)
    named = {
        "name": NAME in words or any(NAME in t for t in prepared.hashtags),
        "service": SERVICE in words,
        "mascot": MASCOT in words or any(MASCOT in t for t in prepared.hashtags),
        "hashtag": HASHTAG in prepared.hashtags,
        "account": ACCOUNT in words,
    }
    us = any(named.values()) or address.to_us
    signals = irony_signals(masked)
    positive = gratitude or compliment or affection
    out: dict[str, float] = {f"f:named_{k}": 1.0 for k, v in named.items() if v}
    flags = {
        "addressed": address.to_us,
        "retweet": bool(_RETWEET.match(masked)) or masked.lstrip().lower().startswith("rt "),
        "retweet_of_us": address.retweet_of_us,
        "us": us,
        "gratitude": gratitude,
        "compliment": compliment,
        "affection": affection,
        "question": question,
        "polite": polite,
        "spam": bool(SPAM.find(prepared)),
        "irony_marker": bool(MARKERS.find(prepared)),
        "complaint": bool(COMPLAINT.find(prepared)) or bool(signals.absent),
        "repetition": bool(REPETITION.find(prepared)),
        "thanked_problem": bool(signals.thanked_complaints),
        "resolved": bool(RESOLUTION.find(prepared)),
        "link": "http" in masked or "www." in masked,
        "exclaim": "!" in masked,
        "short": len(masked) < 60,
        "us_positive": us and positive,
        "addressed_gratitude": address.to_us and gratitude,
        "addressed_gratitude_statement": address.to_us and gratitude and not question,
        "addressed_positive": address.to_us and positive,
        "positive_complaint": positive and (bool(COMPLAINT.find(prepared)) or bool(signals.absent)),
        "positive_marker": positive and bool(MARKERS.find(prepared)),
        "positive_no_us": positive and not us,
    }
    out.update({f"f:{k}": 1.0 for k, v in flags.items() if v})
    out["f:irony_rule"] = signals.score
    waiting = bool(_WAITING.search(masked))
    extra = {
        "waiting": waiting,
        "positive_waiting": positive and waiting,
        "thanks_contrast": bool(_THANKS_THEN_CONTRAST.search(masked)),
        "thanks_question": bool(_THANKS_THEN_QUESTION.search(masked)),
        "question_thanks": bool(_QUESTION_THEN_THANKS.search(masked)),
        "thanks_first": bool(_THANKS_FIRST.match(masked)),
        "addressed_thanks_first": address.to_us and bool(_THANKS_FIRST.match(masked)),
        "addressed_short_thanks": address.to_us and gratitude and len(masked) < 80 and not question,
    }
    out.update({f"f:{k}": 1.0 for k, v in extra.items() if v})
    return out


def features(
    text: str, context: Context, organisation: Organisation, *, masked: str | None = None
) -> tuple[set[str], dict[str, float]]:
    """The sparse n-gram features and the dense cue features of one post (``masked``: if already masked)."""
    masked = organisation.mask(text) if masked is None else masked
    address = addressing(text, context, organisation)
    return ngrams(normalise(masked)), cue_features(masked, address)


def group_key(text: str) -> str:
    """The text without retweet prefix, links and punctuation: near-duplicates share it (for CV folds)."""
    text = re.sub(r"^\s*RT\s+@\w+:?", "", text)
    text = _URL.sub("", text)
    return re.sub(r"[\W_]+", "", text.lower())
