"""The learned praise and irony decision: two logistic regressions over masked n-grams and cue features.

Inference is numpy only. The weights file (``analysis/models/praise.npz``, no pickle) holds one shared
vocabulary, a praise and an irony coefficient column, the intercepts and the decision thresholds that
cross-validation chose. See ``analysis/models/MODEL_CARD.md`` for data, licence and figures.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from analysis.organisation import Organisation
from analysis.praise_features import Context, features

DEFAULT_MODEL_NAME = "praise.npz"
FloatArray = npt.NDArray[np.float32]


class PraiseModelError(ValueError):
    """The praise weights file is missing, unreadable or of an unknown layout."""


def default_model_path() -> Path:
    """The weights file shipped inside the package."""
    return Path(str(resources.files("analysis") / "models" / DEFAULT_MODEL_NAME))


@dataclass(frozen=True)
class PraiseModelWeights:
    """Everything the weights file holds.

    ``thresholds``: ``praise`` (at or above: praise), ``review`` (between it and ``praise``: a person
    decides) and ``irony`` (at or above: the post reads as ironic).
    """

    version: str
    vocabulary: tuple[str, ...]
    coef: FloatArray
    intercept: FloatArray
    thresholds: dict[str, float]
    metadata: dict[str, Any] = field(default_factory=dict)

    def save(self, path: Path) -> None:
        """Write a compressed ``.npz`` without pickled objects."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            np.savez_compressed(
                handle,
                version=np.array(self.version),
                vocabulary=np.array(self.vocabulary),
                coef=self.coef.astype(np.float16),
                intercept=self.intercept.astype(np.float32),
                thresholds=np.array(json.dumps(self.thresholds)),
                metadata=np.array(json.dumps(self.metadata)),
            )

    @classmethod
    def load(cls, path: Path) -> PraiseModelWeights:
        """Read a weights file written by :meth:`save`.

        Raises:
            PraiseModelError: The file is missing or not a praise weights file.
        """
        try:
            with np.load(path, allow_pickle=False) as data:
                return cls(
                    version=str(data["version"]),
                    vocabulary=tuple(str(v) for v in data["vocabulary"]),
                    coef=data["coef"].astype(np.float32),
                    intercept=data["intercept"].astype(np.float32),
                    thresholds={k: float(v) for k, v in json.loads(str(data["thresholds"])).items()},
                    metadata=json.loads(str(data["metadata"])),
                )
        except (OSError, KeyError, ValueError) as exc:
            raise PraiseModelError(f"{path}: not a praise model file ({exc})") from None


@dataclass(frozen=True)
class PraiseScores:
    """The model's probabilities for one post and the cue features it saw (for the reasons)."""

    praise: float
    irony: float
    cues: dict[str, float]


def _sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, value))))


class PraiseModel:
    """Scores posts for praise and irony; build once with :meth:`load` and reuse."""

    def __init__(self, weights: PraiseModelWeights) -> None:
        self.weights = weights
        self.version = weights.version
        self.thresholds = weights.thresholds
        self._index = {name: i for i, name in enumerate(weights.vocabulary)}
        self._coef = weights.coef.astype(np.float64)
        self._intercept = weights.intercept.astype(np.float64)

    @classmethod
    def load(cls, path: Path | None = None) -> PraiseModel:
        """The shipped model, or the weights at ``path``."""
        return cls(PraiseModelWeights.load(path or default_model_path()))

    def score(
        self, text: str, context: Context, organisation: Organisation, *, masked: str | None = None
    ) -> PraiseScores:
        """Praise and irony probabilities of one post (the training code weighs features the same way).

        ``masked`` is ``organisation.mask(text)`` when the caller has it already.
        """
        grams, dense = features(text, context, organisation, masked=masked)
        index = self._index
        # The set intersection runs in C; most of a post's n-grams are not in the vocabulary.
        known = [index[g] for g in index.keys() & grams]
        total = self._intercept.copy()
        if known:
            total += self._coef[known].sum(axis=0) / math.sqrt(len(known))
        for name, value in dense.items():
            i = index.get(name)
            if i is not None and value:
                total += self._coef[i] * value
        return PraiseScores(_sigmoid(float(total[0])), _sigmoid(float(total[1])), dense)

    def score_batch(
        self, texts: Sequence[str], contexts: Sequence[Context], organisation: Organisation
    ) -> list[PraiseScores]:
        """:meth:`score` for many posts."""
        return [self.score(t, c, organisation) for t, c in zip(texts, contexts, strict=True)]


POSITIVE_CUES = ("f:gratitude", "f:compliment", "f:affection")


@dataclass(frozen=True)
class PraiseDecision:
    """Praise, not praise, or a person decides; with the irony flag and the keys of what decided it.

    ``outcome`` is ``praise``, ``review`` or ``not_praise``; ``why`` holds ``confident`` (the model is sure),
    ``rule_and_model`` (the keyword rules and a likely model score agree), ``unsure`` (between the
    thresholds), ``rule_only`` (the rules see praise, the model doubts it), ``irony_model``,
    ``irony_rule`` or ``unlikely``.
    """

    outcome: str
    irony: bool
    why: tuple[str, ...]


def decide(
    scores: PraiseScores, thresholds: dict[str, float], *, rule_praise: bool, rule_irony: bool
) -> PraiseDecision:
    """Turn the model's two probabilities and the keyword rule into praise, review or not praise.

    Training measures exactly this function (``analysis.praise_training``). The order is what
    cross-validation supported: the irony rules' explicit signals always count; the irony model needs a
    praise or thanks word, nothing fixed ("behoben", "trotzdem") and an irony score at least as high as
    the praise score (it was trained on a railway's sarcasm and overcalls a sincere "Danke an das
    IT-Referat"; the comparison cost 0.06 irony recall on the railway and gained 0.10 praise recall on
    the city sets); the keyword rule
    adds praise only where the model finds it likely, and otherwise sends the post to a person.
    """
    positive = any(scores.cues.get(c) for c in POSITIVE_CUES)
    confident = scores.praise >= thresholds["praise"]
    why: list[str] = []
    if rule_irony:
        why.append("irony_rule")
    if (
        positive
        and scores.irony >= thresholds["irony"]
        and scores.irony >= scores.praise
        and not scores.cues.get("f:resolved")
        and not confident
    ):
        why.append("irony_model")
    if why:
        return PraiseDecision("review", True, tuple(why))
    if confident:
        return PraiseDecision("praise", False, ("confident",))
    if rule_praise and scores.praise >= thresholds["rule"]:
        return PraiseDecision("praise", False, ("rule_and_model",))
    if rule_praise:
        return PraiseDecision("review", False, ("rule_only",))
    if scores.praise >= thresholds["review"]:
        return PraiseDecision("review", False, ("unsure",))
    return PraiseDecision("not_praise", False, ("unlikely",))
