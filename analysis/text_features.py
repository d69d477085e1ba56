"""Text normalisation and the sparse features the sentiment head reads.

Training (scikit-learn) and run time (numpy only) both call these functions, so the
features a shipped model was fitted on are exactly the features it sees in production.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"@\w+")
# Three or more repeats carry emphasis ("suuuper"); keeping two separates them from normal spelling.
_REPEATS = re.compile(r"(.)\1{2,}")
_SPACE = re.compile(r"\s+")
_EMOJI_CLASS = "\U0001f000-\U0001faff\u2600-\u27bf\u2b50\u2764"
# Words (with inner hyphens and apostrophes, so "VPN-Zugang" stays one token), single emoji and ASCII smileys.
TOKEN = re.compile(
    rf"[^\W\d_]+(?:[-'][^\W\d_]+)*|[{_EMOJI_CLASS}]|[:;]-?[()dp/]|<3",
    re.UNICODE,
)

CHAR_NGRAM_MIN = 2
CHAR_NGRAM_MAX = 5


def normalise(text: str) -> str:
    """Lower-case a post and replace links and handles by placeholders.

    Links and handles name no sentiment but would otherwise fill the n-gram vocabulary with noise.

    Args:
        text: The post as the platform sent it.

    Returns:
        The normalised text, single-spaced.
    """
    text = _URL.sub(" httpurl ", text)
    text = _HANDLE.sub(" @user ", text)
    text = _REPEATS.sub(r"\1\1", text.lower())
    return _SPACE.sub(" ", text).strip()


def tokens(normalised_text: str) -> list[str]:
    """Split normalised text into words, emoji and smileys."""
    return TOKEN.findall(normalised_text)


def ngram_counts(normalised_text: str) -> Counter[str]:
    """Count the character n-grams inside word boundaries plus word unigrams and bigrams.

    Character n-grams carry German inflection and compounds ("Ausfall", "Ausfälle", "VPN-Ausfall")
    without a stemmer; word features carry negation pairs such as "nicht gut".

    Args:
        normalised_text: Output of :func:`normalise`.

    Returns:
        Counts keyed by feature name; word features carry a ``w:`` prefix so they cannot collide.
    """
    counts: Counter[str] = Counter()
    for word in normalised_text.split(" "):
        if not word:
            continue
        padded = f" {word} "
        size = len(padded)
        for n in range(CHAR_NGRAM_MIN, min(CHAR_NGRAM_MAX, size) + 1):
            for start in range(size - n + 1):
                counts[padded[start : start + n]] += 1
    words = tokens(normalised_text)
    for word in words:
        counts["w:" + word] += 1
    for first, second in itertools.pairwise(words):
        counts["b:" + first + " " + second] += 1
    return counts


def sparse_tfidf(
    texts: Sequence[str], vocabulary: Mapping[str, int], idf: npt.NDArray[np.float32] | None
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Turn texts into L2-normalised sublinear tf-idf weights over a fixed vocabulary, as COO triplets.

    Args:
        texts: Normalised texts (output of :func:`normalise`).
        vocabulary: Feature name to column index; features outside it are dropped.
        idf: Inverse document frequency per column; ``None`` weighs every column 1.0.

    Returns:
        Row indices, column indices and weights, ready for a sparse matrix or a ``bincount`` dot product.
    """
    rows: list[int] = []
    columns: list[int] = []
    counts: list[int] = []
    for row, text in enumerate(texts):
        for feature, count in ngram_counts(text).items():
            column = vocabulary.get(feature)
            if column is not None:
                rows.append(row)
                columns.append(column)
                counts.append(count)
    row_array = np.asarray(rows, dtype=np.int64)
    column_array = np.asarray(columns, dtype=np.int64)
    weights = (1.0 + np.log(np.asarray(counts, dtype=np.float32))).astype(np.float32)
    if idf is not None:
        weights *= idf[column_array]
    norms = np.sqrt(np.bincount(row_array, weights=weights * weights, minlength=len(texts)))
    weights /= np.maximum(norms[row_array], 1e-12).astype(np.float32)
    return row_array, column_array, weights
