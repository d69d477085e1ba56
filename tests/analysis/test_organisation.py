"""Masking the organisation's words: the model reads placeholders, never names."""

from analysis.organisation import ACCOUNT, HASHTAG, MASCOT, NAME, OTHER_HANDLE, SERVICE, Organisation

CITY = Organisation.of(
    names=["IT-Referat", "Stadt-IT", "IT"],
    hashtags=["#DankeStadtIT", "ITforMuc"],
    mascots=["Kater Joey", "Joey"],
    services=["Helpdesk", "Intranet"],
    accounts=["@StadtIT_Demo", "kater.joey.demo"],
)
RAILWAY = Organisation.of(names=["Deutsche Bahn", "DB", "Bahn"], services=["ICE"], accounts=["DB_Bahn"])


def test_names_services_mascots_and_handles_become_placeholders():
    masked = CITY.mask("@StadtIT_Demo Danke ans IT-Referat und den Helpdesk, Kater Joey! cc @someone")
    assert ACCOUNT in masked
    assert OTHER_HANDLE in masked
    assert NAME in masked
    assert SERVICE in masked
    assert MASCOT in masked
    for word in ("StadtIT_Demo", "Referat", "Helpdesk", "Joey", "someone"):
        assert word not in masked


def test_short_capital_names_match_only_in_capitals():
    assert NAME in CITY.mask("Die IT ist super")
    assert NAME not in CITY.mask("I love it, it works")
    assert NAME in RAILWAY.mask("Die DB hat's geschafft")
    assert NAME not in RAILWAY.mask("Lautstärke in db gemessen")


def test_hashtags_own_or_with_a_name_inside():
    assert f"#{HASHTAG}" in CITY.mask("#ITforMuc rockt")
    masked = CITY.mask("Super! #DankeKaterJoey")
    assert f"#{MASCOT}" in masked
    assert "#danke" in masked


def test_stretched_names_and_other_organisations():
    assert MASCOT in CITY.mask("Joeyyy 😻")
    assert CITY.mask("Danke, liebe Bahn") == "Danke, liebe Bahn"
    assert NAME in RAILWAY.mask("Danke, liebe Bahn")
    assert RAILWAY.is_ours("@db_bahn")
    assert not RAILWAY.is_ours("StadtIT_Demo")
