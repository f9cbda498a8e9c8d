"""An @mention in a wiki page notifies on the revision that adds it, once, and only readers."""

from __future__ import annotations


def save(client, zone, body, base=None):  # noqa: ANN001
    response = client.put(
        f"zones/{zone}/pages/Plan", {"title": "Plan", "body": body, "base_revision": base}
    )
    assert response.status_code in (200, 201), response.json
    return response.json["revision"]


def mentions(client) -> list[tuple[str, str, str]]:  # noqa: ANN001
    return [
        (n["actor"], n["object_type"], n["title"])
        for n in client.get("notifications").json["notifications"]
        if n["kind"] == "mention"
    ]


def test_the_revision_that_adds_a_mention_notifies_once(two_zones):
    ann, bob, cor = two_zones
    first = save(ann, "winkels", "Vraag aan @bob: klopt dit?")
    assert mentions(bob) == [("ann", "page", "Plan")]
    second = save(ann, "winkels", "Vraag aan @bob: klopt dit? Ja.", first)
    third = save(ann, "winkels", "Vraag aan @Bob en @cor: klopt dit? Ja.", second)
    assert mentions(bob) == [("ann", "page", "Plan")]
    assert mentions(cor) == [("ann", "page", "Plan")]
    removed = save(ann, "winkels", "Niemand genoemd.", third)
    save(ann, "winkels", "Toch weer @bob.", removed)
    assert len(mentions(bob)) == 2  # removed and added again: a new mention


def test_a_mention_in_a_private_zone_tells_no_outsider(two_zones):
    ann, bob, cor = two_zones
    save(ann, "kassa", "@bob en @cor, kijk even.")
    assert mentions(bob) == [("ann", "page", "Plan")]
    assert mentions(cor) == []


def test_a_mentioned_watcher_gets_the_mention_not_also_the_change(two_zones):
    ann, bob, _cor = two_zones
    first = save(bob, "winkels", "Bob begint deze pagina.")  # bob watches what he starts
    save(ann, "winkels", "Bob begint deze pagina. @bob, aangevuld.", first)
    notes = bob.get("notifications").json["notifications"]
    kinds = [n["kind"] for n in notes if n["kind"] != "zone_added"]
    assert kinds == ["mention"]
