"""Title completion for the header box: readable pages whose title has a word starting with
what was typed, title starts first; private zones stay private; odd input is text or a 400."""

from __future__ import annotations


def titles(client, typed: str) -> list[str]:
    response = client.get("search/titles", query_string={"q": typed})
    assert response.status_code == 200, response.json
    return [hit["title"] for hit in response.json["results"]]


def test_titles_complete_by_word_start_for_readers_only(two_zones):
    ann, bob, cor = two_zones
    for zone, path, title in [
        ("winkels", "Retourproces", "Retourproces"),
        ("winkels", "Online_retouren", "Online retouren verwerken"),
        ("winkels", "Kassa_100", "Kassa 100% klaar"),
        ("kassa", "Retour_kassa", "Retour aan de kassa"),
    ]:
        page = {"title": title, "body": "Tekst", "base_revision": None}
        assert ann.put(f"zones/{zone}/pages/{path}", page).status_code == 201
    assert titles(bob, "retour") == [
        "Retourproces",
        "Retour aan de kassa",
        "Online retouren verwerken",
    ]
    assert titles(cor, "RETOUR") == ["Retourproces", "Online retouren verwerken"]
    assert titles(cor, "verw") == ["Online retouren verwerken"]
    assert titles(cor, "100%") == ["Kassa 100% klaar"]
    assert titles(cor, "%") == [] and titles(cor, "_") == []
    hit = cor.get("search/titles?q=retourp").json["results"][0]
    assert hit == {
        "title": "Retourproces",
        "url": "/z/winkels/wiki/Retourproces",
        "zone": "winkels",
    }
    for bad in ("search/titles?q=", "search/titles?q=a&limit=0", f"search/titles?q={'x' * 101}"):
        response = cor.get(bad)
        assert response.status_code == 400 and response.json["message"], bad
