import pytest

from analysis.language import REFINE_BELOW_CHARACTERS, LanguageIdentifier


@pytest.fixture(scope="module")
def identifier():
    return LanguageIdentifier()


def test_detects_german_and_english(identifier):
    assert identifier.detect("Danke an die IT für die schnelle Hilfe mit dem Drucker").code == "de"
    assert identifier.detect("Thanks to the helpdesk for fixing my laptop so quickly").code == "en"


def test_text_beats_a_wrong_platform_tag(identifier):
    guess = identifier.detect("Vielen Dank für die Unterstützung bei der Umstellung heute", hint="en")
    assert guess.code == "de"
    assert "overruled" in guess.reason


def test_platform_tag_decides_when_text_is_too_short(identifier):
    assert identifier.detect("😻😻", hint="de").code == "de"
    assert identifier.detect("😻😻").code == "und"


def test_rejects_unsupported_languages():
    with pytest.raises(ValueError, match="xx"):
        LanguageIdentifier(["de", "xx"])


def test_long_posts_take_the_fast_mode_and_still_tell_languages_apart(identifier):
    german = "Vielen Dank an das Team für die schnelle Hilfe beim neuen Laptop, alles läuft wieder."
    english = "Many thanks to the team for the quick help with the new laptop, everything works again."
    assert min(len(german), len(english)) >= REFINE_BELOW_CHARACTERS
    guesses = identifier.detect_batch([german, "Danke!", english], [None, "de", None])
    assert [g.code for g in guesses] == ["de", "de", "en"]
