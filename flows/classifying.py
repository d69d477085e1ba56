"""Classifying stored mentions: the analysis package's labels written through storage, in batches."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from analysis.classifier import Classification, Classifier, Post
from analysis.organisation import Organisation
from kernel.settings import Settings
from storage.classifications import pending, save_classifications


def organisation_of(settings: Settings) -> Organisation:
    """``[organisation]`` with every account of ours, as the classifier needs it."""
    table = settings.organisation
    return Organisation.of(
        names=table.names,
        hashtags=table.hashtags,
        mascots=table.mascots,
        services=table.services,
        accounts=settings.own_handles,
    )


def build_classifier(settings: Settings) -> Classifier:
    """The shipped classifier with the configured organisation, topic rules, own and staff accounts."""
    return Classifier.default(
        topics=settings.analysis.topics or None,
        own_handles=settings.own_handles,
        staff_handles=settings.analysis.staff_accounts,
        weights=settings.analysis.weights,
        organisation=organisation_of(settings),
        praise_weights=settings.analysis.praise_weights,
    )


def classification_row(mention_id: int, result: Classification, at: datetime) -> dict[str, Any]:
    return {
        "mention_id": mention_id,
        "language": result.language,
        "sentiment": result.sentiment,
        "sentiment_score": float(result.sentiment_score),
        "praise": bool(result.praise),
        "praise_score": float(result.praise_score),
        "irony": bool(result.irony),
        "needs_review": bool(result.needs_review),
        "review_reasons": list(result.review_reasons),
        "topics": list(result.topics),
        "reasons": list(result.reasons),
        "model_version": result.model_version,
        "classified_at": at,
    }


def classify_stored(
    engine: Engine,
    classifier: Classifier,
    *,
    everything: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Classify mentions without labels (or all with `everything`); returns how many were classified.

    Each batch is written in its own transaction, so an interrupted run keeps what it finished and the
    next run carries on with the rest.
    """
    done = 0
    for batch in pending(engine, everything=everything):
        results = classifier.classify_batch(
            Post(m.text, m.author_handle, m.platform_language, m.platform, m.source, m.reply_to_handle)
            for m in batch
        )
        now = datetime.now(UTC)
        save_classifications(
            engine, [classification_row(m.mention_id, r, now) for m, r in zip(batch, results, strict=True)]
        )
        done += len(batch)
        if progress is not None:
            progress(done)
    return done
