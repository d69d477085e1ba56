"""Why a post came out as praise, review or not praise, in sentences a comms editor can read.

Reasons are English phrases with the post's own words in between; ``review/reasons.py`` puts the fixed
phrases into German. They never show feature names or raw scores: a probability is a percentage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.irony import IronyResult
from analysis.praise import PraiseResult
from analysis.praise_features import Addressing
from analysis.praise_model import PraiseDecision, PraiseScores

_NAMED = (
    ("f:named_name", "our name"),
    ("f:named_service", "one of our services"),
    ("f:named_mascot", "our mascot"),
    ("f:named_hashtag", "our hashtag"),
    ("f:named_account", "our account"),
)
_ADDRESSED = {
    "reply": "addressed to us: a reply to @{}",
    "profile": "addressed to us: a comment under a post of @{}",
    "tagged": "addressed to us: a post that tags @{}",
    "leading": "addressed to us: it starts with @{}",
}
_CUE_PREFIXES = ("gratitude:", "compliment:", "affection:", "spam cue:", "thanks in advance")


@dataclass(frozen=True)
class Explanation:
    """Reasons for every post, and the reasons a person reviews it for (empty when nobody needs to)."""

    reasons: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)


def _percent(probability: float) -> str:
    return f"{round(probability * 100)} %"


def explain(
    decision: PraiseDecision, model: PraiseScores, rule: PraiseResult, irony: IronyResult, address: Addressing
) -> Explanation:
    """The plain reasons for ``decision``."""
    reasons = [r for r in rule.reasons if r.startswith(_CUE_PREFIXES)]
    if address.to_us:
        kind, _, handle = address.how.partition(":")
        reasons.append(_ADDRESSED.get(kind, "addressed to us: @{}").format(handle))
    named = [label for key, label in _NAMED if model.cues.get(key)]
    if named:
        reasons.append(f"names us: {', '.join(named)}")
    if not address.to_us and not named:
        reasons.append("neither names us nor is addressed to us")
    if address.keyword_hit:
        reasons.append("found by a keyword search, not addressed to anyone")
    review: list[str] = []
    likely = _percent(model.praise)
    for why in decision.why:
        if why == "confident":
            reasons.append(f"praise: the model is sure (praise {likely})")
        elif why == "rule_and_model":
            reasons.append(
                f"praise: thanks or praise words aimed at us, and the model agrees (praise {likely})"
            )
        elif why == "unsure":
            review.append(f"unclear whether this is praise (praise {likely}): please decide")
        elif why == "rule_only":
            review.append(
                f"thanks or praise words aimed at us, but the model doubts it is praise (praise {likely}): please decide"
            )
        elif why == "irony_model":
            review.append(
                f"irony: praise or thanks words in a post that reads like sarcasm (irony {_percent(model.irony)})"
            )
        elif why == "irony_rule":
            review.extend(f"irony: {r}" for r in irony.reasons)
        elif why == "unlikely":
            reasons.append(f"not praise: the model sees little praise here (praise {likely})")
    return Explanation(reasons, review)
