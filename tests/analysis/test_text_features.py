from analysis.text_features import ngram_counts, normalise, sparse_tfidf, tokens


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
