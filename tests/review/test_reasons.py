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


def test_praise_reasons_read_as_plain_german() -> None:
    from analysis.irony import IronyResult
    from analysis.praise import PraiseResult
    from analysis.praise_features import Addressing
    from analysis.praise_model import PraiseDecision, PraiseScores
    from analysis.praise_reasons import explain

    decisions = [
        PraiseDecision("praise", False, ("confident",)),
        PraiseDecision("praise", False, ("rule_and_model",)),
        PraiseDecision("review", False, ("unsure",)),
        PraiseDecision("review", False, ("rule_only",)),
        PraiseDecision("review", True, ("irony_model",)),
        PraiseDecision("not_praise", False, ("unlikely",)),
    ]
    scores = PraiseScores(0.49, 0.61, {"f:gratitude": 1.0, "f:named_service": 1.0, "f:named_mascot": 1.0})
    rule = PraiseResult(True, 0.7, ["danke"], ["xorgservicex"], ["gratitude: danke"])
    for address in (Addressing(True, "reply:StadtIT_Demo", False, False), Addressing(False, "", True, False)):
        for decision in decisions:
            why = explain(decision, scores, rule, IronyResult(False, 0.0, []), address)
            for line in [*why.reasons, *why.review]:
                german = reason_text(line, "de")
                # No feature names, placeholders or bare scores; probabilities as percentages.
                for code in ("xorg", "f:", "0.49", "0.61", "praise", "model", "addressed", "names us"):
                    assert code not in german, german
    unsure = explain(
        decisions[2], scores, rule, IronyResult(False, 0.0, []), Addressing(True, "reply:X", False, False)
    )
    assert [reason_text(r, "de") for r in unsure.review] == [
        "Unklar, ob das Lob ist (Lob 49 %): bitte entscheiden"
    ]
