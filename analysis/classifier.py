"""The classifier the pipeline calls: language, sentiment, praise, irony and topics for each post.

Pure: text and a few facts about the author in, labels, scores and reasons out. Storage, reports and
flows call it; it calls none of them. A label an editor stored overrides these results (the caller's job).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from analysis import lexicon
from analysis.irony import detect_irony
from analysis.language import LanguageIdentifier
from analysis.praise import PRAISE_THRESHOLD, detect_praise
from analysis.sentiment import SentimentModel, SentimentPredictor
from analysis.topics import TopicMatcher

# Bumped whenever the praise, irony or topic rules change, so stored results show which rules made them.
RULES_VERSION = "rules.3"
# The head learnt German; for English the lexicon adds evidence the German corpora could not give.
LEXICON_WEIGHT: dict[str, float] = {"en": 0.5}
# Praise scores this close below the threshold go to a person instead of silently out of the digest.
BORDERLINE_MARGIN = 0.08
BATCH_SIZE = 512


@dataclass(frozen=True)
class Post:
    """One post to classify, with what the platform told us about it."""

    text: str
    author_handle: str | None = None
    platform_language: str | None = None


@dataclass(frozen=True)
class Classification:
    """Everything the classifier says about one post.

    ``sentiment_scores`` maps each sentiment label to its probability; ``sentiment_score`` is the
    probability of the chosen label. ``needs_review`` posts go to a person with ``review_reasons``.
    """

    language: str
    language_confidence: float
    sentiment: str
    sentiment_score: float
    sentiment_scores: dict[str, float]
    praise: bool
    praise_score: float
    irony: bool
    needs_review: bool
    review_reasons: list[str]
    topics: list[str]
    reasons: list[str]
    model_version: str
    irony_score: float = 0.0
    topic_keywords: dict[str, list[str]] = field(default_factory=dict)


def _handle(value: str) -> str:
    return value.strip().lower().lstrip("@")


def _lexicon_distribution(text: str) -> np.ndarray | None:
    score = lexicon.score(text)
    if score.positive == score.negative == 0:
        return None
    strength = min(1.0, (score.positive + score.negative) / 2)
    polarity = score.polarity
    positive = max(polarity, 0.0) * strength
    negative = max(-polarity, 0.0) * strength
    return np.array([positive, 1.0 - positive - negative, negative], dtype=np.float32)


class Classifier:
    """Classifies posts; build it once (loading the model takes a moment) and reuse it."""

    def __init__(
        self,
        sentiment: SentimentPredictor,
        languages: LanguageIdentifier,
        topics: TopicMatcher,
        *,
        own_handles: Iterable[str] = (),
        staff_handles: Iterable[str] = (),
    ) -> None:
        """Combine the parts; most callers want :meth:`default`."""
        self.sentiment = sentiment
        self.languages = languages
        self.topics = topics
        self.own_handles = frozenset(_handle(h) for h in own_handles)
        self.staff_handles = frozenset(_handle(h) for h in staff_handles)
        self.model_version = f"{sentiment.version}+{RULES_VERSION}"

    @classmethod
    def default(
        cls,
        topics: Mapping[str, Sequence[str]] | None = None,
        own_handles: Iterable[str] = (),
        staff_handles: Iterable[str] = (),
        *,
        weights: Path | None = None,
        transformers_model: str | None = None,
    ) -> Classifier:
        """The shipped model with the given topic rules and accounts.

        Args:
            topics: ``[analysis.topics]`` from ``praise.toml``; ``None`` or empty uses the shipped defaults.
            own_handles: The department's own accounts (their posts are never praise, and mentioning them
                addresses the department).
            staff_handles: Accounts of IT staff (their posts are never praise of ourselves).
            weights: Another weights file, e.g. one written by ``praise train``.
            transformers_model: A Hugging Face text-classification model (hub name or folder) to use
                instead of the shipped head; needs the ``transformers`` extra and may download.

        Raises:
            analysis.sentiment.ModelFileError: The weights file cannot be read.
            analysis.transformers_backend.TransformersBackendError: The transformers model cannot be used.
        """
        sentiment: SentimentPredictor
        if transformers_model:
            from analysis.transformers_backend import TransformersSentiment  # optional extra

            sentiment = TransformersSentiment(transformers_model)
        else:
            sentiment = SentimentModel.load(weights)
        return cls(
            sentiment,
            LanguageIdentifier(),
            TopicMatcher(topics or None),
            own_handles=own_handles,
            staff_handles=staff_handles,
        )

    def classify(
        self, text: str, *, author_handle: str | None = None, platform_language: str | None = None
    ) -> Classification:
        """Classify one post.

        Args:
            text: The post as the platform sent it.
            author_handle: Who wrote it (with or without ``@``).
            platform_language: The platform's language tag, a hint only.

        Returns:
            The labels, scores and reasons for the post.
        """
        return self.classify_batch([Post(text, author_handle, platform_language)])[0]

    def classify_batch(self, items: Iterable[Post | str]) -> list[Classification]:
        """Classify many posts at once; results keep the order of ``items``.

        Work is done in chunks of ``BATCH_SIZE``, so a generator over a whole table of stored mentions
        can be passed without holding every text twice.
        """
        results: list[Classification] = []
        chunk: list[Post] = []
        for item in items:
            chunk.append(item if isinstance(item, Post) else Post(item))
            if len(chunk) >= BATCH_SIZE:
                results.extend(self._classify_chunk(chunk))
                chunk = []
        if chunk:
            results.extend(self._classify_chunk(chunk))
        return results

    def _classify_chunk(self, posts: Sequence[Post]) -> list[Classification]:
        texts = [p.text for p in posts]
        guesses = self.languages.detect_batch(texts, [p.platform_language for p in posts])
        probabilities = self.sentiment.predict_proba(texts)
        return [
            self._one(post, guess.code, guess.confidence, guess.reason, row)
            for post, guess, row in zip(posts, guesses, probabilities, strict=True)
        ]

    def _one(
        self, post: Post, language: str, language_confidence: float, language_reason: str, row: np.ndarray
    ) -> Classification:
        reasons = [f"language {language}: {language_reason}"]
        review: list[str] = []
        weight = LEXICON_WEIGHT.get(language, 0.0)
        if weight:
            lexical = _lexicon_distribution(post.text)
            if lexical is not None:
                row = (1 - weight) * row + weight * lexical
                reasons.append("sentiment: model blended with the lexicon")
        if language not in ("de", "en", "und"):
            reasons.append("sentiment: model trained on German; less reliable for this language")
        labels = self.sentiment.labels
        scores = {label: round(float(p), 4) for label, p in zip(labels, row, strict=True)}
        best = int(np.argmax(row))
        positive, negative = scores["positive"], scores["negative"]

        praise = detect_praise(
            post.text, positive=positive, negative=negative, target_handles=self.own_handles
        )
        irony = detect_irony(post.text, negative=negative)
        reasons.extend(praise.reasons)
        is_praise = praise.praise
        author = _handle(post.author_handle) if post.author_handle else None
        if author and author in self.own_handles:
            is_praise = False
            reasons.append(f"posted by our own account @{author}: never praise of ourselves")
        elif author and author in self.staff_handles:
            is_praise = False
            reasons.append(f"posted by staff account @{author}: never praise of ourselves")
        elif irony.irony:
            review.extend(f"irony: {r}" for r in irony.reasons)
            is_praise = False
        elif is_praise and negative >= 0.5:
            review.append(f"praise mixed with a complaint (negative {negative:.2f})")
        elif (
            not is_praise
            and praise.targets
            and praise.cues
            and praise.score >= PRAISE_THRESHOLD - BORDERLINE_MARGIN
        ):
            review.append(f"praise score {praise.score:.2f} just below the threshold {PRAISE_THRESHOLD}")
        if irony.irony and scores["positive"] > scores["negative"]:
            # Sarcastic thanks are complaints: the leadership's trend must count them as negative.
            scores["positive"], scores["negative"] = scores["negative"], scores["positive"]
            best = labels.index("negative")
            reasons.append("sentiment: positive and negative swapped because the post reads as ironic")
        matched = self.topics.match(post.text)
        return Classification(
            language=language,
            language_confidence=language_confidence,
            sentiment=labels[best],
            sentiment_score=scores[labels[best]],
            sentiment_scores=scores,
            praise=is_praise,
            praise_score=praise.score,
            irony=irony.irony,
            needs_review=bool(review),
            review_reasons=review,
            topics=list(matched),
            reasons=reasons,
            model_version=self.model_version,
            irony_score=irony.score,
            topic_keywords=matched,
        )
