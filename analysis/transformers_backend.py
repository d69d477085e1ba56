"""Optional sentiment back-end: a Hugging Face transformers text-classification model.

For deployments that may download models (or keep one on disk) and can afford a transformer per post.
Needs the ``transformers`` extra (transformers and torch); the default classifier never imports it.
The model is named in the configuration, e.g. a local folder or a hub name such as
``oliverguhr/german-sentiment-bert``; its labels are mapped onto positive/neutral/negative.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from analysis.sentiment import LABELS, FloatArray

_LABEL_PATTERNS: tuple[tuple[str, str], ...] = (
    ("positive", r"^pos|^positiv"),
    ("neutral", r"^neu|^neutral"),
    ("negative", r"^neg|^negativ"),
)


class TransformersBackendError(RuntimeError):
    """The transformers extra is missing or the model's labels cannot be mapped."""


def map_labels(model_labels: Sequence[str], label_map: Mapping[str, str] | None = None) -> dict[str, str]:
    """Map a model's label names onto ``positive``/``neutral``/``negative``.

    Args:
        model_labels: The names in the model's ``id2label``.
        label_map: Explicit mapping for names that do not say what they mean (``LABEL_0`` …).

    Raises:
        TransformersBackendError: A label cannot be mapped, or a sentiment label is left without a source.
    """
    mapping: dict[str, str] = {}
    for name in model_labels:
        if label_map and name in label_map:
            mapping[name] = label_map[name]
            continue
        for label, pattern in _LABEL_PATTERNS:
            if re.search(pattern, name.strip().lower()):
                mapping[name] = label
                break
        else:
            raise TransformersBackendError(f"model label {name!r} has no sentiment; pass label_map")
    unknown = set(mapping.values()) - set(LABELS)
    if unknown:
        raise TransformersBackendError(f"label_map names unknown sentiment(s): {', '.join(sorted(unknown))}")
    return mapping


class TransformersSentiment:
    """A transformers pipeline behind the same interface as :class:`analysis.sentiment.SentimentModel`.

    A model without a neutral class gives neutral probability 0; a class missing from the model stays 0.
    """

    labels: tuple[str, ...] = LABELS

    def __init__(
        self,
        model: str,
        *,
        label_map: Mapping[str, str] | None = None,
        version: str | None = None,
        local_files_only: bool = False,
        batch_size: int = 32,
        max_length: int = 256,
    ) -> None:
        """Load the model (this is where a download may happen, unless ``local_files_only``).

        Raises:
            TransformersBackendError: transformers/torch are not installed or the labels cannot be mapped.
        """
        try:
            from transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline
        except ImportError as exc:
            raise TransformersBackendError(
                "the transformers back-end needs the 'transformers' extra (pip install -e '.[transformers]')"
            ) from exc
        tokenizer = AutoTokenizer.from_pretrained(model, local_files_only=local_files_only)
        classifier = AutoModelForSequenceClassification.from_pretrained(
            model, local_files_only=local_files_only
        )
        self._pipeline: Any = pipeline(
            "text-classification", model=classifier, tokenizer=tokenizer, top_k=None, device=-1
        )
        config = self._pipeline.model.config
        self._mapping = map_labels(list((config.id2label or {}).values()), label_map)
        self.version = version or f"transformers:{getattr(config, '_name_or_path', model) or model}"
        self._batch_size = batch_size
        self._max_length = max_length

    def predict_proba(self, texts: Sequence[str]) -> FloatArray:
        """One row of probabilities per text, columns positive, neutral, negative."""
        out = np.zeros((len(texts), len(LABELS)), dtype=np.float32)
        if not texts:
            return out
        outputs = self._pipeline(
            list(texts), batch_size=self._batch_size, truncation=True, max_length=self._max_length
        )
        column = {label: i for i, label in enumerate(LABELS)}
        for row, scores in enumerate(outputs):
            for item in scores:
                out[row, column[self._mapping[item["label"]]]] += float(item["score"])
        totals = out.sum(axis=1, keepdims=True)
        normalised: FloatArray = (out / np.maximum(totals, 1e-12)).astype(np.float32)
        return normalised
