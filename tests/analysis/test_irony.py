from __future__ import annotations

import pytest

from analysis.irony import detect_irony


@pytest.mark.parametrize(
    "text",
    [
        "Klasse, schon wieder kein Netz im Bürgerbüro. Danke, IT 👏",
        "Super, wieder keine Verbindung zum Fachverfahren. Toll gemacht!",
        "Danke für den Zwangs-Neustart mitten in meinem Vortrag, wirklich großartig",
        "Love it when the mandatory update reboots my laptop in the middle of a meeting. Thanks IT!",
    ],
)
def test_compliments_about_missing_services_or_interruptions_are_irony(text: str) -> None:
    result = detect_irony(text, negative=0.2)
    assert result.irony, result
    assert result.reasons


@pytest.mark.parametrize(
    "text",
    [
        "Danke an die IT, seit dem Umzug wieder keine Probleme mit dem Drucker!",
        "Vielen Dank für die Hilfe mitten in der Nacht, ihr seid super",
        "Thanks IT, again no issues with the VPN this week!",
    ],
)
def test_good_absences_and_help_at_odd_hours_are_not_irony(text: str) -> None:
    assert not detect_irony(text, negative=0.1).irony
