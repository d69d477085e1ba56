"""Measuring the classifier on a labelled CSV: per-class precision, recall, F1, macro-F1, confusion, speed."""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.classifier import Classification, Classifier, Post
from analysis.sentiment import LABELS as SENTIMENT_LABELS

PRAISE_LABELS: tuple[str, ...] = ("praise", "not_praise")


class EvaluationInputError(ValueError):
    """The evaluation file is missing, lacks a column or holds an unknown label (one-line message)."""


@dataclass(frozen=True)
class LabelledSet:
    """Texts with gold labels for one task (``sentiment`` or ``praise``)."""

    task: str
    labels: tuple[str, ...]
    texts: list[str]
    gold: list[str]
    # What collection would know, from the optional columns platform, source, reply_to and author.
    posts: list[Post] = field(default_factory=list)


@dataclass(frozen=True)
class ClassScores:
    """Precision, recall and F1 of one class, with its number of gold examples."""

    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class EvaluationReport:
    """The figures ``praise eval`` prints."""

    task: str
    labels: tuple[str, ...]
    per_class: dict[str, ClassScores]
    macro_f1: float
    accuracy: float
    confusion: list[list[int]]
    texts: int
    texts_per_second: float

    def as_json(self) -> dict[str, Any]:
        """The report as one JSON-ready object (keys ``macro_f1``, ``accuracy``, ``texts_per_second``, ...)."""
        return {
            "task": self.task,
            "texts": self.texts,
            "macro_f1": round(self.macro_f1, 4),
            "accuracy": round(self.accuracy, 4),
            "texts_per_second": round(self.texts_per_second, 1),
            "per_class": {
                label: {
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                    "support": s.support,
                }
                for label, s in self.per_class.items()
            },
            "confusion": {"labels": list(self.labels), "rows_gold_columns_predicted": self.confusion},
        }


def read_labelled_set(path: Path) -> LabelledSet:
    """Read a ``text,label`` CSV for sentiment (positive/neutral/negative) or praise (praise/not_praise).

    Optional columns ``platform``, ``source``, ``reply_to`` and ``author`` are what collection would know
    about each post (an empty cell: unknown); they reach the classifier as in the collect flow. Other
    columns are ignored.

    Raises:
        EvaluationInputError: The file is missing or unreadable, a column is missing, a label is unknown,
            labels of both tasks are mixed, or the file has no rows.
    """
    if not path.is_file():
        raise EvaluationInputError(f"{path}: no such file")
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in ("text", "label") if c not in (reader.fieldnames or ())]
            if missing:
                raise EvaluationInputError(f"{path}: missing column(s): {', '.join(missing)}")
            texts: list[str] = []
            gold: list[str] = []
            posts: list[Post] = []
            for line, row in enumerate(reader, start=2):
                label = (row.get("label") or "").strip()
                if label not in SENTIMENT_LABELS and label not in PRAISE_LABELS:
                    raise EvaluationInputError(
                        f"{path}:{line}: unknown label {label!r} "
                        f"(expected {'/'.join(SENTIMENT_LABELS)} or {'/'.join(PRAISE_LABELS)})"
                    )
                text = row.get("text") or ""
                texts.append(text)
                gold.append(label)
                posts.append(
                    Post(
                        text,
                        author_handle=_cell(row, "author"),
                        platform=_cell(row, "platform"),
                        source=_source(path, line, _cell(row, "source")),
                        reply_to=_cell(row, "reply_to"),
                    )
                )
    except (UnicodeDecodeError, csv.Error) as exc:
        raise EvaluationInputError(f"{path}: not a readable UTF-8 CSV file ({exc})") from None
    if not gold:
        raise EvaluationInputError(f"{path}: no rows")
    tasks = {"sentiment" if g in SENTIMENT_LABELS else "praise" for g in gold}
    if len(tasks) > 1:
        raise EvaluationInputError(f"{path}: mixes sentiment and praise labels")
    task = tasks.pop()
    return LabelledSet(task, SENTIMENT_LABELS if task == "sentiment" else PRAISE_LABELS, texts, gold, posts)


def _cell(row: dict[str, str | None], column: str) -> str | None:
    value = (row.get(column) or "").strip()
    return value or None


def _source(path: Path, line: int, value: str | None) -> str | None:
    # A source is platform:kind:key, as collection records it; anything else is a typo worth a message.
    if value is not None and value.count(":") < 2:
        raise EvaluationInputError(
            f"{path}:{line}: source {value!r} is not platform:kind:key (e.g. x:mentions:StadtIT_Demo)"
        )
    return value


def scores(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict[str, ClassScores]:
    """Per-class precision, recall and F1 (0.0 where undefined)."""
    out: dict[str, ClassScores] = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        predicted_n = sum(1 for p in predicted if p == label)
        support = sum(1 for g in gold if g == label)
        precision = tp / predicted_n if predicted_n else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[label] = ClassScores(precision, recall, f1, support)
    return out


def predicted_label(task: str, result: Classification) -> str:
    """The label a classification gives for ``task``."""
    if task == "praise":
        return "praise" if result.praise else "not_praise"
    return result.sentiment


def evaluate(
    classifier: Classifier, data: LabelledSet, *, clock: Callable[[], float] = time.perf_counter
) -> EvaluationReport:
    """Classify every text of ``data`` and compare with its gold labels.

    Returns:
        Per-class scores, macro-F1, accuracy, the confusion matrix (rows gold, columns predicted) and
        the throughput of the classification itself.
    """
    # Language models load on first use: warm up so the figure is the steady-state throughput.
    classifier.classify_batch(data.texts[:1])
    start = clock()
    results = classifier.classify_batch(data.posts or [Post(t) for t in data.texts])
    elapsed = max(clock() - start, 1e-9)
    predicted = [predicted_label(data.task, r) for r in results]
    per_class = scores(data.gold, predicted, data.labels)
    index = {label: i for i, label in enumerate(data.labels)}
    confusion = [[0] * len(data.labels) for _ in data.labels]
    for g, p in zip(data.gold, predicted, strict=True):
        confusion[index[g]][index[p]] += 1
    correct = sum(1 for g, p in zip(data.gold, predicted, strict=True) if g == p)
    return EvaluationReport(
        task=data.task,
        labels=data.labels,
        per_class=per_class,
        macro_f1=sum(s.f1 for s in per_class.values()) / len(per_class),
        accuracy=correct / len(data.gold),
        confusion=confusion,
        texts=len(data.gold),
        texts_per_second=len(data.gold) / elapsed,
    )
