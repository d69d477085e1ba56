"""The optional transformers back-end, on a tiny model built here from a config (never downloaded)."""

import pytest

from analysis.transformers_backend import TransformersBackendError, map_labels

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "danke", "it", "vpn", "kaputt", "super", "der", "ist"]


def test_map_labels_reads_common_names_and_needs_a_map_for_opaque_ones():
    assert map_labels(["POSITIVE", "neutral", "Negative"]) == {
        "POSITIVE": "positive",
        "neutral": "neutral",
        "Negative": "negative",
    }
    with pytest.raises(TransformersBackendError, match="LABEL_0"):
        map_labels(["LABEL_0", "LABEL_1"])
    assert map_labels(["LABEL_0", "LABEL_1"], {"LABEL_0": "negative", "LABEL_1": "positive"}) == {
        "LABEL_0": "negative",
        "LABEL_1": "positive",
    }
    with pytest.raises(TransformersBackendError, match="unknown sentiment"):
        map_labels(["LABEL_0"], {"LABEL_0": "happy"})


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    transformers = pytest.importorskip("transformers", reason="the 'transformers' extra is not installed")
    pytest.importorskip("torch", reason="the 'transformers' extra is not installed")
    folder = tmp_path_factory.mktemp("tiny-bert")
    vocab = folder / "vocab.txt"
    vocab.write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(vocab))
    config = transformers.BertConfig(
        vocab_size=len(VOCAB),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        id2label={0: "negative", 1: "neutral", 2: "positive"},
        label2id={"negative": 0, "neutral": 1, "positive": 2},
    )
    model = transformers.BertForSequenceClassification(config)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def test_backend_gives_probabilities_in_the_shipped_label_order(tiny_model):
    from analysis.transformers_backend import TransformersSentiment

    backend = TransformersSentiment(str(tiny_model), local_files_only=True, version="tiny-test")
    probabilities = backend.predict_proba(["danke it", "vpn ist kaputt", "super"])
    assert probabilities.shape == (3, 3)
    assert abs(float(probabilities.sum(axis=1).min()) - 1.0) < 1e-5
    assert backend.labels == ("positive", "neutral", "negative")
    assert backend.predict_proba([]).shape == (0, 3)


def test_classifier_runs_on_the_transformers_backend(tiny_model):
    from analysis.classifier import Classifier

    classifier = Classifier.default(transformers_model=str(tiny_model))
    result = classifier.classify("Danke an die IT für die schnelle Hilfe!")
    assert result.model_version.startswith("transformers:")
    assert set(result.sentiment_scores) == {"positive", "neutral", "negative"}
    assert result.praise_score > 0
