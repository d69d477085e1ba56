"""The praise set of invented posts (tests/analysis/praise_set.csv): the acceptance figures of the issue.

praise_holdout.csv was written after the rules were frozen, in other wording; its lower bar guards
against rules that only fit the first set.
"""

import csv
from pathlib import Path

import pytest

HERE = Path(__file__).parent


def load(name):
    with (HERE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def precision_recall(rows, results):
    tp = sum(1 for row, r in zip(rows, results, strict=True) if row["label"] == "praise" and r.praise)
    fp = sum(1 for row, r in zip(rows, results, strict=True) if row["label"] != "praise" and r.praise)
    fn = sum(1 for row, r in zip(rows, results, strict=True) if row["label"] == "praise" and not r.praise)
    return tp / (tp + fp), tp / (tp + fn)


def test_praise_set_is_large_and_varied():
    rows = load("praise_set.csv")
    assert len(rows) >= 150
    assert {row["label"] for row in rows} == {"praise", "not_praise"}
    assert sum(row["irony"] == "1" for row in rows) >= 15
    assert sum(any(w in row["text"].lower() for w in ("thank", "the ", "you")) for row in rows) >= 20


@pytest.mark.parametrize(
    ("name", "min_precision", "min_recall"),
    [("praise_set.csv", 0.9, 0.8), ("praise_holdout.csv", 0.85, 0.75)],
)
def test_praise_precision_and_recall(classifier, name, min_precision, min_recall):
    rows = load(name)
    results = classifier.classify_batch([row["text"] for row in rows])
    precision, recall = precision_recall(rows, results)
    assert precision >= min_precision
    assert recall >= min_recall


@pytest.mark.parametrize("name", ["praise_set.csv", "praise_holdout.csv"])
def test_irony_goes_to_review_not_to_the_digest(classifier, name):
    rows = [row for row in load(name) if row["irony"] == "1"]
    for row, result in zip(rows, classifier.classify_batch([row["text"] for row in rows]), strict=True):
        assert result.needs_review, row["text"]
        assert result.irony, row["text"]
        assert not result.praise, row["text"]
        assert any(reason.startswith("irony") for reason in result.review_reasons)
