"""Training plumbing on invented data, and one check on the real corpora when they are present."""

from datetime import date

import numpy as np
import pytest

from analysis.sentiment import SentimentModel, SentimentWeights, default_weights_path
from analysis.training import (
    TRAINING_FILES,
    HeadConfig,
    cross_fitted_f1,
    fit_head,
    held_out_rows,
    load_datasets,
    macro_f1,
    next_version,
    read_labelled_csv,
    train,
)

from .conftest import SHARED_SENTIMENT

INVENTED = [
    ("Das war ein wunderbarer Tag, danke!", "positive"),
    ("Super Service, sehr zufrieden", "positive"),
    ("Toll gemacht, ich freue mich", "positive"),
    ("Herrlich, alles klappt", "positive"),
    ("Großartige Hilfe, vielen Dank", "positive"),
    ("Der Bus fährt um acht Uhr", "neutral"),
    ("Die Sitzung beginnt morgen", "neutral"),
    ("Das Formular liegt im Rathaus", "neutral"),
    ("Am Montag ist Wartung", "neutral"),
    ("Die Straße wird gesperrt", "neutral"),
    ("Furchtbar, schon wieder kaputt", "negative"),
    ("Sehr ärgerlich und langsam", "negative"),
    ("Schlechter Service, enttäuscht", "negative"),
    ("Alles ist abgestürzt, Mist", "negative"),
    ("Katastrophe, nichts geht", "negative"),
]


@pytest.fixture
def tiny_data(tmp_path):
    lines = ["text,label,source"] + [f'"{t}",{label},invented' for t, label in INVENTED * 3]
    (tmp_path / "tiny.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_next_version_counts_up_within_a_month():
    today = date(2026, 11, 20)
    assert next_version(None, today) == "sentiment-lr-2026.11.1"
    assert next_version("sentiment-lr-2026.11.4", today) == "sentiment-lr-2026.11.5"
    assert next_version("sentiment-lr-2026.10.7", today) == "sentiment-lr-2026.11.1"


def test_read_labelled_csv_rejects_unknown_labels(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("text,label\nHallo,praise\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"c\.csv:2: unknown label 'praise'"):
        read_labelled_csv(path)


def test_macro_f1():
    assert macro_f1(["positive", "neutral", "negative"], ["positive", "neutral", "negative"]) == 1.0
    assert macro_f1(["positive", "positive"], ["negative", "negative"]) == 0.0


def test_train_with_corrections_writes_a_new_version_that_learnt_them(tiny_data, tmp_path):
    correction = ("Der Kaffeeautomat im Foyer summt", "negative")
    without = train(tiny_data, [], tmp_path / "a.npz", files=["tiny.csv"], version="sentiment-lr-2026.11.7")
    with_it = train(tiny_data, [correction] * 3, tmp_path / "b.npz", files=["tiny.csv"])
    base_version = SentimentWeights.load(default_weights_path()).version
    assert with_it.version == next_version(base_version)
    assert with_it.corrections == 3
    assert with_it.examples == len(INVENTED) * 3
    weights = SentimentWeights.load(with_it.path)
    assert weights.metadata["previous_version"] == base_version
    assert weights.metadata["non_commercial"] is False
    p_without = SentimentModel.load(without.path).predict_proba([correction[0]])[0, 2]
    p_with = SentimentModel.load(with_it.path).predict_proba([correction[0]])[0, 2]
    assert p_with > p_without


def test_train_rejects_non_sentiment_corrections(tiny_data, tmp_path):
    with pytest.raises(ValueError, match="expected one of"):
        train(tiny_data, [("Danke IT", "praise")], tmp_path / "x.npz", files=["tiny.csv"])


def test_weights_round_trip_without_pickle(tmp_path):
    weights = SentimentWeights.load(default_weights_path())
    weights.save(tmp_path / "copy.npz")
    with np.load(tmp_path / "copy.npz", allow_pickle=False) as data:
        assert "ngram_coef" in data
    texts = ["Danke!", "Kaputt.", "Um acht."]
    original = SentimentModel(weights).predict_proba(texts)
    copy = SentimentModel.load(tmp_path / "copy.npz").predict_proba(texts)
    assert np.allclose(original, copy, atol=1e-3)


def test_shipped_weights_are_small():
    assert default_weights_path().stat().st_size < 5_000_000


@pytest.mark.skipif(
    not (SHARED_SENTIMENT / "sb10k_train.csv").is_file(),
    reason=f"sentiment corpora not found in {SHARED_SENTIMENT} (they are not part of the repository)",
)
def test_head_trained_on_sb10k_train_generalises_to_sb10k_dev():
    datasets = load_datasets(SHARED_SENTIMENT, ["sb10k_train.csv", "sb10k_dev.csv"])
    base = SentimentWeights.load(default_weights_path())
    figure = cross_fitted_f1(
        datasets, "sb10k_dev.csv", ["sb10k_train.csv"], base.embedding_words, base.embedding_table
    )
    assert figure >= 0.6


def test_fit_head_without_embeddings_stores_no_table():
    weights = fit_head(
        INVENTED * 2,
        (),
        np.zeros((0, 0), np.float32),
        version="v",
        config=HeadConfig(use_embeddings=False, min_df=1),
    )
    assert weights.embedding_table.size == 0
    assert SentimentModel(weights).predict_proba(["Super, danke"]).shape == (1, 3)


def test_held_out_rows_leave_out_every_post_of_the_training_files(tmp_path):
    training = tmp_path / "sentiment"
    training.mkdir()
    for name in TRAINING_FILES:
        (training / name).write_text('text,label\n"Zug  pünktlich,\n danke",positive\n', encoding="utf-8")
    held_out = tmp_path / "praise.csv"
    held_out.write_text(
        "text,label,irony,sentiment,note\n"
        '"Zug pünktlich, danke",praise,no,positive,dev row\n'
        "Wieder Stellwerksstörung,not_praise,no,negative,train row\n"
        "Neuer Fahrplan ab Montag,not_praise,no,neutral,train row\n",
        encoding="utf-8",
    )
    rows = held_out_rows(held_out, training)
    assert rows == [("Wieder Stellwerksstörung", "negative"), ("Neuer Fahrplan ab Montag", "neutral")]


def test_a_heavier_corpus_wins_where_the_corpora_disagree(tmp_path):
    disputed = "Der Zug hält heute in Fulda"
    for name, label in (("a.csv", "positive"), ("b.csv", "negative")):
        lines = ["text,label"] + [f'"{t}",{lab}' for t, lab in INVENTED] + [f"{disputed},{label}"] * 3
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    labels = {}
    for heavy in ("a.csv", "b.csv"):
        config = HeadConfig(min_df=1, use_embeddings=False, corpus_weights=((heavy, 4.0),))
        result = train(tmp_path, [], tmp_path / f"{heavy}.npz", files=["a.csv", "b.csv"], config=config)
        probabilities = SentimentModel.load(result.path).predict_proba([disputed])[0]
        labels[heavy] = "positive" if probabilities[0] > probabilities[2] else "negative"
    assert labels == {"a.csv": "positive", "b.csv": "negative"}
