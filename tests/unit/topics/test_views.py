"""The topic pages: owner and department in the list, pinned items first, and the curators'
forms (CSRF, no inline script) that add, pin and remove items."""

from __future__ import annotations

import re

from tests.support.clients import form_csrf


def test_list_and_topic_page_for_curator_and_reader(api_as, browser_login):
    lea = api_as("lea", department="E-competence")
    lea.post("zones", {"slug": "winkels", "name": "Winkels"})
    lea.post("topics", {"slug": "kassa", "title": "Kassa & retour", "owner": "lea"})
    for path in ("Openen", "Sluiten"):
        lea.put(f"zones/winkels/pages/{path}", {"title": path, "body": "x", "base_revision": None})
    ids = {p: lea.get(f"zones/winkels/pages/{p}").json["id"] for p in ("Openen", "Sluiten")}
    lea.post("topics/kassa/items", {"type": "page", "id": ids["Openen"]})

    curator = browser_login("lea")
    listing = curator.get("/topics").get_data(as_text=True)
    assert (
        "Kassa &amp; retour" in listing
        and "E-competence" in listing
        and 'id="topics-link"' in listing
    )
    page = curator.get("/topics/kassa").get_data(as_text=True)
    assert 'id="add-item"' in page and "<script>" not in page
    added = curator.post(
        "/topics/kassa/items",
        data={"csrf_token": form_csrf(page), "type": "page", "id": ids["Sluiten"], "pinned": "y"},
    )
    assert added.status_code == 302
    page = curator.get("/topics/kassa").get_data(as_text=True)
    assert page.index("Sluiten") < page.index("Openen")  # pinned first
    assert re.search(r'id="pinned-items".*Sluiten', page, re.S)
    unpin = curator.post(
        f"/topics/kassa/items/page/{ids['Sluiten']}/unpin", data={"csrf_token": form_csrf(page)}
    )
    assert unpin.status_code == 302 and 'id="pinned-items"' not in curator.get(
        "/topics/kassa"
    ).get_data(as_text=True)
    curator.post(
        f"/topics/kassa/items/page/{ids['Openen']}/remove", data={"csrf_token": form_csrf(page)}
    )
    assert [i["title"] for i in lea.get("topics/kassa").json["items"]] == ["Sluiten"]

    reader = browser_login("bob")
    shown = reader.get("/topics/kassa").get_data(as_text=True)
    assert "Sluiten" in shown and 'id="add-item"' not in shown and "/remove" not in shown
    assert reader.get("/topics/nope").status_code == 404


def test_curator_creates_a_topic_with_an_owner_from_the_list_page(api_as, browser_login):
    api_as("lea").post("zones", {"slug": "winkels", "name": "Winkels"})
    curator, reader = browser_login("lea"), browser_login("bob")
    assert 'id="new-topic"' not in reader.get("/topics").get_data(as_text=True)
    page = curator.get("/topics").get_data(as_text=True)
    form = {"csrf_token": form_csrf(page), "title": "Retouren", "slug": "retour", "description": ""}
    refused = curator.post("/topics", data=form | {"owner": "nobody"}).get_data(as_text=True)
    assert "No user &#39;nobody&#39;" in refused
    created = curator.post("/topics", data=form | {"owner": "bob"})
    assert created.status_code == 302 and created.headers["Location"].endswith("/topics/retour")
    assert "Retouren" in reader.get("/topics").get_data(as_text=True)
