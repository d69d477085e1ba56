"""Irony and sarcasm: thanks or compliments that mean a complaint.

"Danke, liebe IT, für den dritten VPN-Ausfall diese Woche 🙄" reads as thanks but is a complaint.
Such posts go to human review with a reason; they are never silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.cues import CueText, family
from analysis.praise import AFFECTION, COMPLIMENT, GRATITUDE

MARKERS = family(
    "irony marker",
    stems={"ironie", "sarkasmus", "sarcasm", "irony"},
    exact={"not", "/s"},
    phrases=("na toll", "na super", "na klasse", "na prima", "ganz toll", "ganz großes kino",
             "danke für nichts", "danke auch", "vielen dank auch", "thanks for nothing", "yeah right",
             "na danke", "wie immer toll", "hervorragend gemacht wieder", "slow clap", "applaus applaus",
             "großes kino", "grosses kino", "bravo bravo", "oh wunder", "oh wonder", "what a surprise",
             "welch überraschung", "welche überraschung", "wer hätte das gedacht"),
    symbols={"🙄", "🙃", "😒", "😏", "🤡", "🤦", "🤦\u200d♂️", "🤦\u200d♀️"},
)  # fmt: skip
COMPLAINT = family(
    "complaint",
    stems={"ausfall", "ausgefallen", "ausfälle", "kaputt", "abgestürzt", "absturz", "stürzt", "störung",
           "stoerung", "warteschleife", "offline", "crash", "outage", "broken", "lahm", "langsam", "hängt",
           "funktionslos", "unerreichbar", "nicht erreichbar", "wartezeit", "gesperrt", "verloren",
           "zwangsupdate", "neustart", "blockiert", "verschwunden", "fehlermeldung", "bluescreen"},
    exact={"down", "tot"},
    phrases=("geht nicht", "geht schon wieder nicht", "funktioniert nicht", "funktioniert wieder nicht",
             "keine verbindung", "kein netz", "kein internet", "not working", "doesn't work", "does not work",
             "stundenlang", "seit stunden", "seit tagen", "seit wochen", "nicht erreichbar", "keiner geht ran",
             "niemand geht ran", "wieder weg", "still waiting", "on hold"),
)  # fmt: skip
REPETITION = family(
    "repetition",
    stems={"dritte", "vierte", "fünfte", "zehnte", "x-te", "zigste", "hundertste", "ständig", "staendig",
           "dauernd", "jedesmal", "third", "fourth", "fifth", "nth"},
    phrases=("schon wieder", "mal wieder", "wieder mal", "wie immer", "jeden tag", "jede woche",
             "jeden morgen", "zum x-ten mal", "again", "as always", "once again", "as usual", "every day",
             "every week", "wie jedes mal"),
)  # fmt: skip
RESOLUTION = family(
    "resolution",
    stems={"behoben", "gelöst", "geloest", "repariert", "gefixt", "fixed", "resolved", "gerettet",
           "geholfen", "restored", "trotzdem", "obwohl", "trotz", "rettung", "zurück"},
    phrases=("läuft wieder", "geht wieder", "funktioniert wieder", "wieder da", "wieder online",
             "working again", "back up", "back online", "so schnell", "in minuten", "sofort"),
)  # fmt: skip

# "wieder kein WLAN", "schon wieder keine Verbindung": something missing again is a complaint that repeats.
ABSENT_AGAIN = re.compile(
    r"\b(?:wieder|schon wieder|mal wieder|again)\s+(?:kein|keine|keinen|keiner|no)\s+(\w[\w-]*)",
    re.IGNORECASE,
)
# Missing again, but a good thing: "wieder keine Probleme" is praise, not a complaint.
GOOD_ABSENCES = {"probleme", "problem", "fehler", "ausfall", "ausfälle", "störung", "störungen", "ärger",
                 "stress", "sorgen", "beschwerden", "wartezeit", "wartezeiten", "issues", "problems", "trouble",
                 "downtime", "complaints"}  # fmt: skip
# An update or restart that breaks into someone's work: "Pflicht-Update mitten in meiner Präsentation".
INTERRUPTION = re.compile(
    r"\b\S*(?:update|neustart|restart|reboot|absturz)\S*\b[^.!?]{0,40}?\b(?:mitten\s+(?:in|im)|in the middle of)\b",
    re.IGNORECASE,
)
IRONY_THRESHOLD = 0.6
# What a post thanks *for*: "Danke für den Ausfall" thanks for a complaint, "Danke trotz Ausfall" does not.
THANKED_FOR = re.compile(
    r"\b(?:danke|dank|thanks?|thank you|thx)\b[^.!?]{0,40}?\b(?:für|fuer|for)\b([^.!?]{0,60})", re.IGNORECASE
)


@dataclass(frozen=True)
class IronyResult:
    """Whether a post reads as ironic, how strongly (0..1) and why."""

    irony: bool
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class IronySignals:
    """What the irony rules found in a post, for the rule decision and for the learned model's features."""

    score: float
    reasons: list[str]
    absent: list[str]
    thanked_complaints: list[str]


def detect_irony(text: str, *, negative: float) -> IronyResult:
    """Detect thanks or compliments that carry a complaint.

    Three signals: an explicit marker (🙄, "na toll", "#not"); a positive cue next to a complaint that
    repeats ("schon wieder", "dritten Ausfall") without anything being fixed; or a positive cue in a post the
    sentiment model reads as clearly negative, again without a fix.

    Args:
        text: The post as the platform sent it.
        negative: The sentiment model's probability of negative.

    Returns:
        The decision with a score and reasons.
    """
    signals = irony_signals(text, negative=negative)
    return IronyResult(signals.score >= IRONY_THRESHOLD, signals.score, signals.reasons)


def irony_signals(text: str, *, negative: float = 0.0) -> IronySignals:
    """The irony rules' score and reasons, with the complaints they found (see :func:`detect_irony`)."""
    prepared = CueText.of(text)
    positive_cues = GRATITUDE.find(prepared) + COMPLIMENT.find(prepared) + AFFECTION.find(prepared)
    markers = MARKERS.find(prepared)
    absent = [
        f"wieder kein {m.group(1).lower()}"
        for m in ABSENT_AGAIN.finditer(text)
        if m.group(1).lower() not in GOOD_ABSENCES
    ]
    interruptions = [m.group(0).lower() for m in INTERRUPTION.finditer(text)]
    complaints = COMPLAINT.find(prepared) + absent + interruptions
    repetition = REPETITION.find(prepared) + absent
    resolved = RESOLUTION.find(prepared)
    reasons: list[str] = []
    score = 0.0
    if markers and (positive_cues or complaints):
        score = max(score, 0.9)
        reasons.append(f"irony marker: {', '.join(markers)}")
    thanked_for = [CueText.of(m.group(1)) for m in THANKED_FOR.finditer(text)]
    thanked_complaints = [c for part in thanked_for for c in COMPLAINT.find(part)]
    thanked_complaints += [i for i in interruptions if any(i in part.raw.lower() for part in thanked_for)]
    if positive_cues and complaints and not resolved:
        if thanked_complaints:
            score = max(score, 0.8)
            reasons.append(f"thanks for a problem ({', '.join(thanked_complaints)})")
        if interruptions and not thanked_complaints:
            score = max(score, 0.75)
            reasons.append(
                f"thanks/compliment ({', '.join(positive_cues)}) next to an interruption ({', '.join(interruptions)})"
            )
        if repetition:
            score = max(score, 0.85)
            reasons.append(
                f"thanks/compliment ({', '.join(positive_cues)}) for a repeated problem "
                f"({', '.join(complaints + repetition)})"
            )
        elif negative >= 0.5 and not thanked_complaints:
            score = max(score, 0.7)
            reasons.append(
                f"thanks/compliment ({', '.join(positive_cues)}) next to a complaint "
                f"({', '.join(complaints)}) in a post read as negative ({negative:.0%})"
            )
    elif positive_cues and negative >= 0.75 and not resolved:
        score = max(score, 0.6)
        reasons.append(
            f"thanks/compliment ({', '.join(positive_cues)}) in a post read as negative ({negative:.0%})"
        )
    return IronySignals(round(score, 4), reasons, absent, thanked_complaints)
