import re

import pytest

from analysis.classifier import Classification, Post


def test_issue_example_is_a_complaint_sent_to_review(classifier):
    result = classifier.classify("Danke, liebe IT, für den dritten VPN-Ausfall diese Woche 🙄")
    assert result.praise is False
    assert result.irony is True
    assert result.needs_review is True
    assert any("irony" in r for r in result.review_reasons)
    assert result.sentiment == "negative"
    assert "vpn" in result.topics


def test_plain_thanks_to_the_helpdesk_is_praise(classifier):
    result = classifier.classify("Vielen Dank an den Helpdesk für die schnelle Hilfe mit meinem Laptop!")
    assert result.praise is True
    assert result.praise_score >= 0.5
    assert result.needs_review is False
    assert result.language == "de"
    assert {"helpdesk", "devices"} <= set(result.topics)


def test_positive_but_off_topic_is_not_praise(classifier):
    result = classifier.classify("Was für ein herrlicher Sonnentag, danke an alle fürs Mitfeiern!")
    assert result.sentiment == "positive"
    assert result.praise is False


@pytest.mark.parametrize("author", ["StadtIT_Demo", "@stadtit_demo", "kater.joey.demo", "anna_admin_demo"])
def test_own_and_staff_accounts_never_praise_themselves(classifier, author):
    result = classifier.classify("Danke an unser tolles Helpdesk-Team! 👏", author_handle=author)
    assert result.praise is False
    assert any("never praise of ourselves" in r for r in result.reasons)


def test_mentioning_the_own_account_addresses_the_department(classifier):
    result = classifier.classify("Danke @StadtIT_Demo, ihr seid spitze!")
    assert result.praise is True


def test_model_version_is_recorded(classifier):
    result = classifier.classify("Neue Schulung im Intranet")
    assert re.fullmatch(
        r"sentiment-lr-\d{4}\.\d{2}\.\d+\+praise-lr-\d{4}\.\d{2}\.\d+\+rules\.\d+", result.model_version
    )


def test_scores_are_probabilities(classifier):
    result = classifier.classify("Der Drucker ist kaputt und niemand hilft. Furchtbar.")
    assert set(result.sentiment_scores) == {"positive", "neutral", "negative"}
    assert abs(sum(result.sentiment_scores.values()) - 1.0) < 1e-3
    assert result.sentiment == "negative"
    assert result.sentiment_score == max(result.sentiment_scores.values())


def test_batch_keeps_order_and_matches_single_calls(classifier):
    texts = ["Danke IT!", "VPN kaputt", "Thanks for the great support, helpdesk!", "Wann ist Wartung?"] * 200
    batch = classifier.classify_batch(Post(t) for t in texts)
    assert len(batch) == len(texts)
    assert all(isinstance(r, Classification) for r in batch)
    for text, result in zip(texts[:4], batch[:4], strict=True):
        single = classifier.classify(text)
        assert single.praise == result.praise
        assert single.sentiment_scores == result.sentiment_scores


def test_platform_language_is_only_a_hint(classifier):
    assert (
        classifier.classify("Vielen Dank für die Hilfe beim Einrichten", platform_language="en").language
        == "de"
    )
    assert classifier.classify("👍👍", platform_language="de").language == "de"


def test_english_sentiment_uses_the_lexicon_as_well(classifier):
    assert classifier.classify("The VPN is broken again, this is terrible").sentiment == "negative"
    assert classifier.classify("Thanks, the helpdesk was wonderful and fast").sentiment == "positive"


def test_configured_topics_replace_the_defaults():
    from analysis.classifier import Classifier

    custom = Classifier.default(topics={"printing": ["Drucker"]})
    assert custom.classify("Die Drucker im VPN").topics == ["printing"]


@pytest.mark.parametrize(
    "text",
    [
        "Weiß jemand, ob der Helpdesk heute offen hat? Danke!",
        "Can the IT team reset my password? Thanks in advance",
    ],
)
def test_thanks_closing_a_question_is_politeness_not_praise(classifier, text):
    result = classifier.classify(text)
    assert result.praise is False
    assert any("politeness" in r for r in result.reasons)


def test_thanks_after_an_answered_question_is_still_praise(classifier):
    assert classifier.classify("Ist das VPN wieder da? Ja! Danke an die IT, super schnell!").praise is True


def test_spam_naming_the_department_is_not_praise(classifier):
    result = classifier.classify("Danke IT! Gratis Gutschein für alle, Link in Bio")
    assert result.praise is False
    assert any("spam" in r for r in result.reasons)
