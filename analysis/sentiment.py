"""The shipped sentiment model: a linear head on tf-idf n-grams and a static word-embedding table.

Inference is numpy only, so the run time needs neither scikit-learn nor an encoder. The weights file
is a plain ``.npz`` (no pickle): vocabulary, idf, coefficients, the embedding table and metadata.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from analysis import lexicon
from analysis.text_features import NgramIndexer, normalise, sparse_tfidf, tokens

LABELS: tuple[str, ...] = ("positive", "neutral", "negative")
DEFAULT_WEIGHTS_NAME = "sentiment.npz"

FloatArray = npt.NDArray[np.float32]


class SentimentPredictor(Protocol):
    """What the classifier needs of a sentiment back-end (the shipped model or a transformers pipeline)."""

    labels: tuple[str, ...]
    version: str

    def predict_proba(self, texts: Sequence[str]) -> FloatArray:
        """One row of probabilities per text, columns in the order of ``labels``."""


class ModelFileError(ValueError):
    """A weights file is missing, unreadable or of an unknown layout."""


def default_weights_path() -> Path:
    """Return the path of the weights file shipped inside the package."""
    return Path(str(resources.files("analysis") / "models" / DEFAULT_WEIGHTS_NAME))


@dataclass(frozen=True)
class SentimentWeights:
    """Everything a weights file holds, in memory.

    ``embedding_table`` rows are already centred, so the mean of a post's rows is its static embedding.
    """

    version: str
    labels: tuple[str, ...]
    ngram_vocabulary: tuple[str, ...]
    idf: FloatArray
    ngram_coef: FloatArray
    embedding_words: tuple[str, ...]
    embedding_table: FloatArray
    embedding_coef: FloatArray
    embedding_scale: float
    intercept: FloatArray
    metadata: dict[str, Any]
    # Weights of the lexicon evidence (see :func:`lexicon_features`); empty when the head does not use it.
    lexicon_coef: FloatArray = field(default_factory=lambda: np.zeros((0, len(LABELS)), dtype=np.float32))

    def save(self, path: Path) -> None:
        """Write the weights as a compressed ``.npz`` without pickled objects."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            np.savez_compressed(
                handle,
                version=np.array(self.version),
                labels=np.array(self.labels),
                ngram_vocabulary=np.array(self.ngram_vocabulary),
                idf=self.idf.astype(np.float32),
                ngram_coef=self.ngram_coef.astype(np.float16),
                embedding_words=np.array(self.embedding_words),
                embedding_table=self.embedding_table.astype(np.float16),
                embedding_coef=self.embedding_coef.astype(np.float32),
                embedding_scale=np.array(self.embedding_scale, dtype=np.float32),
                intercept=self.intercept.astype(np.float32),
                metadata=np.array(json.dumps(self.metadata, sort_keys=True)),
                lexicon_coef=self.lexicon_coef.astype(np.float32),
            )

    @classmethod
    def load(cls, path: Path) -> SentimentWeights:
        """Read a weights file written by :meth:`save`.

        Raises:
            ModelFileError: The file is missing or lacks an expected array.
        """
        try:
            with np.load(path, allow_pickle=False) as data:
                return cls(
                    version=str(data["version"]),
                    labels=tuple(str(x) for x in data["labels"]),
                    ngram_vocabulary=tuple(str(x) for x in data["ngram_vocabulary"]),
                    idf=data["idf"].astype(np.float32),
                    ngram_coef=data["ngram_coef"].astype(np.float32),
                    embedding_words=tuple(str(x) for x in data["embedding_words"]),
                    embedding_table=data["embedding_table"].astype(np.float32),
                    embedding_coef=data["embedding_coef"].astype(np.float32),
                    embedding_scale=float(data["embedding_scale"]),
                    intercept=data["intercept"].astype(np.float32),
                    metadata=json.loads(str(data["metadata"])),
                    lexicon_coef=(
                        data["lexicon_coef"].astype(np.float32)
                        if "lexicon_coef" in data.files
                        else np.zeros((0, len(LABELS)), dtype=np.float32)
                    ),
                )
        except (OSError, KeyError, ValueError) as exc:
            raise ModelFileError(f"cannot read sentiment weights {path}: {exc}") from None


def embed_static(
    normalised_texts: Sequence[str],
    index: dict[str, int],
    table: FloatArray,
    scale: float,
    token_lists: Sequence[list[str]] | None = None,
) -> FloatArray:
    """Average each text's word vectors and scale the mean to length ``scale``.

    Words outside the table are skipped; a text without any known word gets the zero vector.
    ``token_lists`` are the texts' tokens, when the caller has them already.
    """
    out = np.zeros((len(normalised_texts), table.shape[1]), dtype=np.float32)
    for row, text in enumerate(normalised_texts):
        words = tokens(text) if token_lists is None else token_lists[row]
        ids = [index[w] for w in words if w in index]
        if ids:
            mean = table[ids].mean(axis=0)
            norm = float(np.linalg.norm(mean))
            if norm > 0:
                out[row] = mean * (scale / norm)
    return out


def lexicon_features(texts: Sequence[str], token_lists: Sequence[list[str]] | None = None) -> FloatArray:
    """Positive and negative lexicon evidence per text (after negation), damped by ``log1p``.

    The head learns how much to trust the lexicon; emoticons and negation generalise beyond the corpora.
    ``token_lists`` are the normalised texts' tokens, when the caller has them already.
    """
    out = np.zeros((len(texts), 2), dtype=np.float32)
    for row, text in enumerate(texts):
        evidence = lexicon.score(text) if token_lists is None else lexicon.score_tokens(token_lists[row])
        out[row] = (np.log1p(evidence.positive), np.log1p(evidence.negative))
    return out


class SentimentModel:
    """Predicts positive/neutral/negative probabilities with the shipped linear head."""

    def __init__(self, weights: SentimentWeights) -> None:
        self.weights = weights
        self.labels = weights.labels
        self.version = weights.version
        self._vocabulary = {feature: i for i, feature in enumerate(weights.ngram_vocabulary)}
        self._indexer = NgramIndexer(self._vocabulary)
        self._embedding_index = {word: i for i, word in enumerate(weights.embedding_words)}

    @classmethod
    def load(cls, path: Path | None = None) -> SentimentModel:
        """Load a weights file (the shipped one by default)."""
        return cls(SentimentWeights.load(path or default_weights_path()))

    def predict_proba(self, texts: Sequence[str]) -> FloatArray:
        """Return one row of class probabilities per text, columns in the order of :attr:`labels`."""
        if not texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        normalised = [normalise(t) for t in texts]
        token_lists = [tokens(t) for t in normalised]
        w = self.weights
        rows, columns, values = sparse_tfidf(normalised, self._vocabulary, w.idf, self._indexer, token_lists)
        logits = np.tile(w.intercept, (len(texts), 1))
        contributions = w.ngram_coef[columns] * values[:, None]
        for k in range(len(self.labels)):
            logits[:, k] += np.bincount(rows, weights=contributions[:, k], minlength=len(texts))
        if w.embedding_table.size:
            dense = embed_static(
                normalised, self._embedding_index, w.embedding_table, w.embedding_scale, token_lists
            )
            logits += dense @ w.embedding_coef
        if w.lexicon_coef.size:
            logits += lexicon_features(texts, token_lists) @ w.lexicon_coef
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        probabilities: FloatArray = (exp / exp.sum(axis=1, keepdims=True)).astype(np.float32)
        return probabilities
