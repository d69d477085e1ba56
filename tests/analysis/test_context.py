"""Where a post was found changes what it means: the classifier reads collection's context."""

import pytest

from analysis.classifier import Classifier, Post
from analysis.organisation import Organisation

MASCOT_POST = "instagram:profile:kater.joey.demo"


def outcome(result):
    return "praise" if result.praise else ("review" if result.needs_review else "not_praise")


def test_a_comment_under_the_mascots_post_a_reply_and_a_keyword_hit_differ(classifier):
    text = "Joeyyy 😻❤️"
    under_mascot = classifier.classify(
        text, platform="instagram", source=MASCOT_POST, reply_to="kater.joey.demo", author_handle="fan_1"
    )
    keyword_hit = classifier.classify(
        text, platform="instagram", source="instagram:hashtag:katzenliebe", author_handle="fan_1"
    )
    assert outcome(under_mascot) == "praise"
    # Other cats are called Joey too: found by a hashtag search, a person decides.
    assert outcome(keyword_hit) == "review"
    assert any("addressed to us" in r for r in under_mascot.reasons)
    assert any("keyword search" in r for r in keyword_hit.reasons)


def test_a_reply_to_our_account_is_addressed_to_us_and_a_search_hit_is_not(classifier):
    text = "Danke für eure Geduld mit uns Technik-Dinos!"
    reply = classifier.classify(text, platform="x", source="x:mentions:StadtIT_Demo", reply_to="StadtIT_Demo")
    search = classifier.classify(text, platform="x", source="x:search:Geduld")
    assert reply.praise
    assert not search.praise
    assert search.needs_review, "a post that could be praise but names nobody goes to a person"
    assert any("a reply to @StadtIT_Demo" in r for r in reply.reasons)
    assert any("names none of us" in r or "unclear" in r for r in search.review_reasons)


def test_our_own_comment_under_our_post_is_never_praise(classifier):
    result = classifier.classify(
        "Danke euch allen, ihr seid super! 😻",
        source=MASCOT_POST,
        reply_to="kater.joey.demo",
        author_handle="kater.joey.demo",
    )
    assert not result.praise


@pytest.fixture(scope="module")
def railway(classifier):
    db = Organisation.of(
        names=["Deutsche Bahn", "DB", "Bahn"], services=["ICE", "S-Bahn"], accounts=["DB_Bahn"]
    )
    return Classifier(
        classifier.sentiment,
        classifier.languages,
        classifier.topics,
        own_handles=["DB_Bahn"],
        organisation=db,
        praise_model=classifier.praise_model,
    )


def test_another_organisation_is_configuration_not_code(classifier, railway):
    text = "Großes Dankeschön an die Zugbegleiterin der Deutschen Bahn im ICE heute, super freundlich!"
    assert railway.classify(text).praise
    # The city does not own the railway: the same post names none of us there.
    assert not classifier.classify(text).praise
    reply = railway.classify("@DB_Bahn Super, das hilft mir weiter. Vielen Dank!")
    assert reply.praise
    assert any("@DB_Bahn" in r for r in reply.reasons)


def test_post_carries_the_context_fields():
    post = Post("x", "a", None, "x", "x:search:q", "b")
    assert (post.platform, post.source, post.reply_to) == ("x", "x:search:q", "b")
