import pytest

from analysis.topics import DEFAULT_TOPICS, TopicMatcher


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Mein VPN-Zugang geht nicht", "vpn"),
        ("Die Videokonferenzen ruckeln", "video_conferencing"),
        ("Seit ich im Homeoffice bin", "home_office"),
        ("Im Home-Office klappt alles", "home_office"),
        ("Home Office ab Montag", "home_office"),
        ("Die neuen Laptops sind da", "devices"),
        ("Mein Dienstlaptop ist kaputt", "devices"),
        ("Danke an den Servicedesk", "helpdesk"),
        ("Neues im Intranet", "intranet"),
        ("Kater Joey erklärt Phishing", "mascot"),
        ("Das Homeoffice-Laptop-Setup", "devices"),
        ("thanks for the video call setup", "video_conferencing"),
    ],
)
def test_default_rules_handle_compounds_hyphens_and_inflection(text, topic):
    assert topic in TopicMatcher()(text)


def test_short_keywords_do_not_match_inside_other_words():
    matcher = TopicMatcher({"it": ["IT"], "devices": ["PC"]})
    assert matcher("Ich komme mit dem Fahrrad, NPCs im Spiel") == []
    assert matcher("Die IT hat meinen PC getauscht") == ["it", "devices"]


def test_configured_rules_replace_the_defaults_and_report_keywords():
    matcher = TopicMatcher({"printing": ["Drucker", "Toner"]})
    assert matcher.match("Der Tonerwechsel am Abteilungsdrucker") == {"printing": ["Drucker", "Toner"]}
    assert "vpn" not in matcher("VPN kaputt")


def test_defaults_name_the_topics_the_issue_asks_for():
    assert {"home_office", "vpn", "video_conferencing", "devices", "helpdesk", "intranet", "mascot"} <= set(
        DEFAULT_TOPICS
    )


def test_handles_and_links_name_no_topic() -> None:
    matcher = TopicMatcher()
    assert matcher("@joey_team_anna @StadtIT_Demo Perfekt, hat geklappt. Danke!") == []
    assert matcher("https://example.org/vpn-anleitung danke") == []
    assert matcher("Kater Joey erklärt das VPN") == ["vpn", "mascot"]
