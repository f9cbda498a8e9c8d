"""A search that finds nothing says so in the reader's language and offers ways on: the same
words without the filters that hid a hit, other words, and asking it as a question (which a
named person must answer). On SQLite and PostgreSQL."""

from __future__ import annotations

from html import unescape


def test_a_search_that_finds_nothing_offers_a_wider_search_and_a_question(two_zones, browser_login):
    ann, _bob, _cor = two_zones
    page = {"title": "Bezorging", "body": "Bezorging met bakfietsen", "base_revision": None}
    assert ann.put("zones/winkels/pages/Bezorging", page).status_code == 201
    reader = browser_login("cor")
    dutch = {"Accept-Language": "nl"}

    filtered = reader.get("/search?q=bakfietsen&type=message", headers=dutch).get_data(as_text=True)
    assert "Niets gevonden voor “bakfietsen”." in filtered
    wider = unescape(filtered.split('id="search-empty"')[1].split("</div>")[0])
    assert 'href="/search?q=bakfietsen"' in wider
    assert 'href="/questions/new?title=bakfietsen"' in wider

    found = reader.get("/search?q=bakfietsen", headers=dutch).get_data(as_text=True)
    assert 'id="search-empty"' not in found and "/z/winkels/wiki/Bezorging" in found

    nowhere = reader.get("/search?q=xylofoon", headers=dutch).get_data(as_text=True)
    offered = nowhere.split('id="search-empty"')[1].split("</div>")[0]
    assert "/search?q=" not in offered  # no filters to drop
    assert "Stel het als vraag" in offered
