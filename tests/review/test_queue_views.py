"""The queue's server side: filters, counts, paging, one form per card, bulk decisions."""

from __future__ import annotations

from sqlalchemy import select

from storage.schema import ReviewRow
from tests.review.conftest import sign_in
from tests.review.world import WEEK, busy_week, insert_posts


def _review(engine, mention_id):
    with engine.connect() as conn:
        return conn.execute(select(ReviewRow).where(ReviewRow.mention_id == mention_id)).one_or_none()


def test_one_form_saves_the_decision_and_everything_typed_with_it(make_client, world, engine):
    client = make_client()
    token = sign_in(client, "ed")
    data = {
        "csrf_token": token,
        "decision": "approved",
        "highlight_field": "1",
        "highlight": "1",
        "note": "Schön, bitte teilen",
        "consent": "asked",
        "sentiment": "positive",
        "praise": "praise",
        "back": f"/weeks/{WEEK}/queue?kind=praise",
    }
    response = client.post(f"/posts/{world['vpn']}/save", data=data, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 200, response.text
    assert "Gespeichert." in response.text
    assert "im Digest: Highlight, steht zuerst" in response.text
    row = _review(engine, world["vpn"])
    assert (row.decision, row.highlight, row.note, row.consent) == (
        "approved",
        True,
        "Schön, bitte teilen",
        "asked",
    )

    plain = client.post(f"/posts/{world['helpdesk']}/save", data={**data, "decision": "rejected"})
    assert plain.status_code == 303
    assert plain.headers["location"].startswith(f"/weeks/{WEEK}/queue?kind=praise&msg=saved&saved=")
    foreign = client.post(f"/posts/{world['helpdesk']}/save", data={**data, "back": "https://evil.example/"})
    assert foreign.headers["location"].startswith(f"/weeks/{WEEK}/queue?")


def test_filters_counts_paging_and_bulk(make_client, engine):
    ids = insert_posts(engine, busy_week(400))
    client = make_client()
    token = sign_in(client, "ed")
    page = client.get(f"/weeks/{WEEK}/queue?kind=praise&state=open")
    assert page.status_code == 200
    assert "Seite 1 von" in page.text
    assert page.text.count('class="post') <= 50
    searched = client.get(f"/weeks/{WEEK}/queue?state=all&q=Kater+Joey").text
    assert "Kater Joey ist der beste Kollege" in searched
    assert "Drucker" not in searched.split("<article", 1)[1]

    chosen = [ids["p0"], ids["p1"]]
    response = client.post(
        f"/weeks/{WEEK}/bulk",
        data={"csrf_token": token, "action": "rejected", "ids": chosen, "back": f"/weeks/{WEEK}/queue"},
    )
    assert response.status_code == 303
    assert all(_review(engine, i).decision == "rejected" for i in chosen)

    # "Approve the page" asks first; nothing changes until it is confirmed.
    page_ids = [ids["p2"], ids["p3"]]
    ask = client.post(
        f"/weeks/{WEEK}/bulk", data={"csrf_token": token, "action": "approve_page", "page_ids": page_ids}
    )
    assert ask.status_code == 200
    assert "2 offene Lob-Kandidaten werden" in ask.text
    assert all(_review(engine, i) is None for i in page_ids)
    done = client.post(
        f"/weeks/{WEEK}/bulk",
        data={"csrf_token": token, "action": "approve_page", "page_ids": page_ids, "confirmed": "1"},
    )
    assert done.status_code == 303
    assert "msg=bulk_approved" in done.headers["location"]
    assert all(_review(engine, i).decision == "approved" for i in page_ids)
