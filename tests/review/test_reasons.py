from __future__ import annotations

from review.reasons import reason_text


def test_fixed_phrases_are_german_and_the_posts_words_stay() -> None:
    assert reason_text("gratitude: danke, merci", "de") == "Dank: danke, merci"
    assert (
        reason_text("irony: thanks for a problem (vpn-ausfall)", "de")
        == "Ironie: Dank für ein Problem (vpn-ausfall)"
    )
    assert reason_text("language de: detected; platform tag en overruled", "de") == (
        "Sprache de: erkannt; Sprachangabe der Plattform en überstimmt"
    )
    assert reason_text("gratitude: danke", "en") == "gratitude: danke"
