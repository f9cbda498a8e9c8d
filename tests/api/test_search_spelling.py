""" "Did you mean" on both engines: a misspelt word is corrected to the closest indexed word, only
when the correction finds something the asker may read (private words never leak)."""

from __future__ import annotations


def answer(client, query: str) -> dict:
    response = client.get("search", query_string={"q": query})
    assert response.status_code == 200, response.json
    return response.json


def test_misspellings_get_a_suggestion_that_finds_something(two_zones):
    ann, bob, cor = two_zones
    for zone, path, body in [
        ("winkels", "Bezorging", "Bezorging met bakfietsen door de binnenstad"),
        ("winkels", "Retour", "Bezorging van retourpakketten"),
        ("kassa", "Overname", "Geheime overname van de concurrent"),
    ]:
        page = {"title": path, "body": body, "base_revision": None}
        assert ann.put(f"zones/{zone}/pages/{path}", page).status_code == 201
    assert answer(cor, "bezroging")["did_you_mean"] == "bezorging"
    assert answer(cor, "bakfeitsen binnestad")["did_you_mean"] == "bakfietsen binnenstad"
    assert answer(cor, "zone:winkels bezorgign")["did_you_mean"] == "zone:winkels bezorging"
    assert answer(bob, "overnme")["did_you_mean"] == "overname"
    assert "did_you_mean" not in answer(cor, "overnme")  # only in a zone cor cannot read
    assert "did_you_mean" not in answer(cor, "bezorging")  # found: nothing to correct
    assert "did_you_mean" not in answer(cor, "xylofoon")  # nothing close
