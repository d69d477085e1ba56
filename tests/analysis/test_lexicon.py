from analysis.lexicon import score


def test_negation_flips_polarity():
    assert score("Das ist gut").label == "positive"
    assert score("Das ist nicht gut").label == "negative"
    assert score("not bad at all").label == "positive"


def test_emoji_and_compounds_count():
    assert score("🙄").label == "negative"
    assert score("VPN-Ausfall").label == "negative"
    assert score("😍").label == "positive"
    assert score("Der Bus fährt um acht").label == "neutral"
