from collections import Counter

from analysis.text_features import NgramIndexer, ngram_counts, normalise, sparse_tfidf, tokens


def test_normalise_replaces_links_and_handles_and_lowercases():
    assert normalise("Danke @StadtIT_Demo!!! https://t.co/x  Suuuuper") == "danke @user !! httpurl suuper"


def test_tokens_keep_hyphenated_compounds_emoji_and_smileys():
    assert tokens("vpn-zugang geht 🙄 :)") == ["vpn-zugang", "geht", "🙄", ":)"]


def test_ngram_counts_cover_characters_words_and_bigrams():
    counts = ngram_counts("nicht gut")
    assert counts["w:nicht"] == 1
    assert counts["b:nicht gut"] == 1
    assert counts[" gu"] == 1
    assert counts["ut "] == 1


def test_sparse_tfidf_rows_are_unit_length_and_skip_unknown_features():
    vocabulary = {"w:gut": 0, "w:schlecht": 1, " gu": 2}
    rows, columns, values = sparse_tfidf(["gut gut", "unbekannt"], vocabulary, None)
    assert set(rows.tolist()) == {0}
    assert abs(float((values**2).sum()) - 1.0) < 1e-6
    assert 1 not in columns.tolist()


def test_cached_indexer_sees_exactly_the_features_of_ngram_counts():
    texts = [
        normalise(t) for t in ("Nanana, nicht gut 🙄 @StadtIT", "gut gut :) https://x.y", "nicht gut", "")
    ]
    features = sorted({f for t in texts for f in ngram_counts(t)})
    vocabulary = {f: i for i, f in enumerate(features[::2])}  # half of them, so some are dropped
    indexer = NgramIndexer(vocabulary, cache_size=2)  # tiny: the cache is emptied on the way
    for _ in range(2):
        rows, columns = indexer.columns(texts)
        seen = [Counter[int]() for _ in texts]
        for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
            seen[row][column] += 1
        expected = [
            Counter({vocabulary[f]: n for f, n in ngram_counts(t).items() if f in vocabulary}) for t in texts
        ]
        assert seen == expected
    assert len(indexer._cache) <= 2
