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
from analysis.organisation import Organisation, demo_organisation
from analysis.praise import detect_praise
from analysis.praise_features import Context, addressing
from analysis.praise_model import PraiseModel, decide
from analysis.praise_reasons import explain
from analysis.sentiment import SentimentModel, SentimentPredictor
from analysis.topics import TopicMatcher

# Bumped whenever the praise, irony or topic rules change, so stored results show which rules made them.
RULES_VERSION = "rules.4"
# The head learnt German; for English the lexicon adds evidence the German corpora could not give.
LEXICON_WEIGHT: dict[str, float] = {"en": 0.5}
BATCH_SIZE = 512


@dataclass(frozen=True)
class Post:
    """One post to classify, with what the platform and collection told us about it.

    ``source`` is the source that found it (``x:mentions:ACCOUNT``, ``x:search:QUERY``,
    ``instagram:profile:NAME``, ``instagram:tagged:NAME``, ``instagram:hashtag:TAG``); ``reply_to`` the
    handle it replies to or comments under. Both decide whether the post is addressed to us.
    """

    text: str
    author_handle: str | None = None
    platform_language: str | None = None
    platform: str | None = None
    source: str | None = None
    reply_to: str | None = None


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


def _named_beyond_mascot(cues: Mapping[str, float]) -> bool:
    return any(cues.get(f"f:named_{kind}") for kind in ("name", "service", "hashtag", "account"))


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
        organisation: Organisation | None = None,
        praise_model: PraiseModel | None = None,
    ) -> None:
        """Combine the parts; most callers want :meth:`default`.

        ``organisation`` without accounts gets ``own_handles`` as its accounts; ``None`` means the
        demo city of :mod:`analysis.organisation` with ``own_handles``.
        """
        self.sentiment = sentiment
        self.languages = languages
        self.topics = topics
        self.own_handles = frozenset(_handle(h) for h in own_handles)
        self.staff_handles = frozenset(_handle(h) for h in staff_handles)
        base = organisation if organisation is not None else demo_organisation()
        self.organisation = (
            base
            if base.accounts
            else Organisation.of(
                names=base.names,
                hashtags=base.hashtags,
                mascots=base.mascots,
                services=base.services,
                accounts=self.own_handles,
            )
        )
        self.praise_model = praise_model or PraiseModel.load()
        self.model_version = f"{sentiment.version}+{self.praise_model.version}+{RULES_VERSION}"

    @classmethod
    def default(
        cls,
        topics: Mapping[str, Sequence[str]] | None = None,
        own_handles: Iterable[str] = (),
        staff_handles: Iterable[str] = (),
        *,
        weights: Path | None = None,
        transformers_model: str | None = None,
        organisation: Organisation | None = None,
        praise_weights: Path | None = None,
    ) -> Classifier:
        """The shipped model with the given topic rules and accounts.

        Args:
            topics: ``[analysis.topics]`` from ``praise.toml``; ``None`` or empty uses the shipped defaults.
            own_handles: The department's own accounts (their posts are never praise, and mentioning them
                addresses the department).
            staff_handles: Accounts of IT staff (their posts are never praise of ourselves).
            weights: Another weights file, e.g. one written by ``praise train``.
            organisation: Our names, hashtags, mascots and services (``[organisation]``); default the demo city.
            praise_weights: Another praise and irony weights file (``python -m analysis.praise_training``).
            transformers_model: A Hugging Face text-classification model (hub name or folder) to use
                instead of the shipped head; needs the ``transformers`` extra and may download.

        Raises:
            analysis.sentiment.ModelFileError: The weights file cannot be read.
            analysis.transformers_backend.TransformersBackendError: The transformers model cannot be used.
            analysis.praise_model.PraiseModelError: The praise weights file cannot be read.
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
            organisation=organisation,
            praise_model=PraiseModel.load(praise_weights),
        )

    def classify(
        self,
        text: str,
        *,
        author_handle: str | None = None,
        platform_language: str | None = None,
        platform: str | None = None,
        source: str | None = None,
        reply_to: str | None = None,
    ) -> Classification:
        """Classify one post.

        Args:
            text: The post as the platform sent it.
            author_handle: Who wrote it (with or without ``@``).
            platform_language: The platform's language tag, a hint only.
            platform: ``x``, ``instagram``, ...
            source: The source that found it (``x:search:#DankeStadtIT``).
            reply_to: The handle the post replies to or comments under.

        Returns:
            The labels, scores and reasons for the post.
        """
        post = Post(text, author_handle, platform_language, platform, source, reply_to)
        return self.classify_batch([post])[0]

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

        organisation = self.organisation
        context = Context(post.platform, post.source, post.reply_to, post.author_handle)
        masked = organisation.mask(post.text)
        address = addressing(post.text, context, organisation)
        rule = detect_praise(masked, positive=positive, negative=negative, addressed=address.how or None)
        irony_rule = detect_irony(masked, negative=negative)
        model = self.praise_model.score(post.text, context, organisation, masked=masked)
        decision = decide(
            model, self.praise_model.thresholds, rule_praise=rule.praise, rule_irony=irony_rule.irony
        )
        author = _handle(post.author_handle) if post.author_handle else None
        why = explain(decision, model, rule, irony_rule, address)
        reasons.extend(why.reasons)
        is_praise = decision.outcome == "praise"
        is_irony = decision.irony
        if author and author in self.own_handles:
            is_praise = False
            reasons.append(f"posted by our own account @{author}: never praise of ourselves")
        elif author and author in self.staff_handles:
            is_praise = False
            reasons.append(f"posted by staff account @{author}: never praise of ourselves")
        elif decision.outcome == "review":
            review.extend(why.review)
        elif is_praise and address.keyword_hit and not _named_beyond_mascot(model.cues):
            # A keyword hit addresses nobody until its text names us, and a mascot's name ("Joey") is
            # shared by other cats and people: a person checks whom it thanks.
            is_praise = False
            review.append("found by a keyword search and names none of us: whom does it thank?")
        elif is_praise and negative >= 0.5:
            review.append(f"praise mixed with a complaint (negative {negative:.0%})")
        irony_score = max(model.irony, irony_rule.score)
        if is_irony and scores["positive"] > scores["negative"]:
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
            praise_score=round(model.praise, 4),
            irony=is_irony,
            needs_review=bool(review),
            review_reasons=review,
            topics=list(matched),
            reasons=reasons,
            model_version=self.model_version,
            irony_score=round(irony_score, 4),
            topic_keywords=matched,
        )
