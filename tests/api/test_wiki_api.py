"""The wiki page API of the contract, on SQLite and PostgreSQL: saves, conflicts, merges,
history, revert, backlinks and the limits."""

from __future__ import annotations

import threading

import pytest

BODY = "# Kassa\n\nStap 1: open de kassa.\n\nStap 2: tel de lade.\n\nStap 3: start de dag.\n"


@pytest.fixture
def ann(api_as):
    client = api_as("ann")
    assert client.post("zones", {"slug": "winkels", "name": "Winkels"}).status_code == 201
    return client


def put(client, path, body, base, title="Checklist", summary=""):
    return client.put(
        f"zones/winkels/pages/{path}",
        {"title": title, "body": body, "base_revision": base, "summary": summary},
    )


def test_create_get_list_and_save(ann):
    created = put(ann, "Onboarding/Kassa/Checklist", BODY, None, summary="eerste versie")
    assert created.status_code == 201
    assert created.json["revision"] == 1 and created.json["path"] == "Onboarding/Kassa/Checklist"
    page = ann.get("zones/winkels/pages/Onboarding/Kassa/Checklist").json
    assert page["body"] == BODY and page["updated_by"] == "ann" and "<h1" in page["html"]
    assert page["updated_at"].endswith("Z")
    saved = put(ann, "Onboarding/Kassa/Checklist", BODY + "Klaar.\n", 1)
    assert (
        saved.status_code == 200 and saved.json["revision"] == 2 and saved.json["merged"] is False
    )
    listed = ann.get("zones/winkels/pages").json["pages"]
    assert [(p["path"], p["revision"]) for p in listed] == [("Onboarding/Kassa/Checklist", 2)]


def test_stale_base_merges_non_overlapping_edits(ann, api_as):
    put(ann, "Retourproces", BODY, None)
    bob = api_as("bob")
    assert (
        put(bob, "Retourproces", BODY.replace("Stap 1: open", "Stap 1: ontgrendel"), 1).status_code
        == 200
    )
    mine = put(ann, "Retourproces", BODY.replace("Stap 3: start", "Stap 3: begin"), 1)
    assert mine.status_code == 200 and mine.json["merged"] is True and mine.json["revision"] == 3
    assert "ontgrendel" in mine.json["body"] and "Stap 3: begin" in mine.json["body"]


def test_neighbouring_lines_edited_at_once_merge(ann, api_as):
    """Two neighbouring list items changed by two people at once: merged, no 409 any more."""
    body = "# Kassa\n\n- open de kassa\n- tel de lade\n- start de dag\n"
    put(ann, "Retourproces", body, None)
    bob = put(api_as("bob"), "Retourproces", body.replace("open de kassa", "ontgrendel"), 1)
    assert bob.status_code == 200
    mine = put(ann, "Retourproces", body.replace("tel de lade", "tel het wisselgeld"), 1)
    assert mine.status_code == 200 and mine.json["merged"] is True
    assert mine.json["body"] == body.replace("open de kassa", "ontgrendel").replace(
        "tel de lade", "tel het wisselgeld"
    )


def test_overlapping_edit_is_a_conflict_with_both_versions(ann, api_as):
    put(ann, "Retourproces", BODY, None)
    assert (
        put(
            api_as("bob"), "Retourproces", BODY.replace("tel de lade", "tel het geld"), 1
        ).status_code
        == 200
    )
    conflict = put(ann, "Retourproces", BODY.replace("tel de lade", "weeg de lade"), 1)
    assert conflict.status_code == 409
    data = conflict.json
    assert data["error"] == "conflict" and data["current_revision"] == 2
    assert "tel het geld" in data["current"]["body"] and "weeg de lade" in data["yours"]["body"]
    assert ann.get("zones/winkels/pages/Retourproces").json["body"].count("tel het geld") == 1
    assert (
        put(ann, "Retourproces", "nieuw", None).status_code == 409
    )  # create over an existing page


def test_two_simultaneous_saves_on_one_base_exactly_one_wins(ann, api_as, backend):
    put(ann, "Retourproces", BODY, None)
    clients = [api_as("bob"), api_as("carla"), api_as("dirk"), api_as("eva")]
    barrier, results = threading.Barrier(len(clients)), []

    def save(client, n):
        barrier.wait()
        results.append(
            put(client, "Retourproces", BODY.replace("tel de lade", f"versie {n}"), 1).status_code
        )

    threads = [threading.Thread(target=save, args=(c, n)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [200, 409, 409, 409]
    assert ann.get("zones/winkels/pages/Retourproces").json["revision"] == 2


def test_simultaneous_creates_exactly_one_wins(ann, api_as):
    clients = [api_as("bob"), api_as("carla"), api_as("dirk")]
    barrier, results = threading.Barrier(len(clients)), []

    def create(client):
        barrier.wait()
        results.append(put(client, "Nieuw", "inhoud", None).status_code)

    threads = [threading.Thread(target=create, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [201, 409, 409]


def test_revisions_revision_and_revert(ann):
    put(ann, "Retourproces", "een", None, summary="start")
    put(ann, "Retourproces", "twee", 1, title="Retouren")
    history = ann.get("zones/winkels/pages/Retourproces/revisions").json["revisions"]
    assert [(r["revision"], r["author"], r["summary"]) for r in history] == [
        (2, "ann", ""),
        (1, "ann", "start"),
    ]
    assert ann.get("zones/winkels/pages/Retourproces/revisions/1").json["body"] == "een"
    assert ann.get("zones/winkels/pages/Retourproces/revisions/9").status_code == 404
    reverted = ann.post("zones/winkels/pages/Retourproces/revert", {"revision": 1})
    assert reverted.status_code == 200
    assert (reverted.json["revision"], reverted.json["body"], reverted.json["title"]) == (
        3,
        "een",
        "Checklist",
    )
    assert ann.post("zones/winkels/pages/Retourproces/revert", {"revision": "x"}).status_code == 400


def test_backlinks_and_missing_links_become_existing(ann):
    put(ann, "Start", "Zie [[Retourproces]] en [[Onboarding/Kassa/Checklist|de checklist]].", None)
    html = ann.get("zones/winkels/pages/Start").json["html"]
    assert 'class="wikilink missing"' in html and "/z/winkels/wiki/Retourproces/edit" in html
    put(ann, "Retourproces", "De retouren.", None)
    html = ann.get("zones/winkels/pages/Start").json["html"]
    assert 'href="/z/winkels/wiki/Retourproces"' in html
    links = ann.get("zones/winkels/pages/Retourproces/backlinks").json["backlinks"]
    assert [link["path"] for link in links] == ["Start"]


def test_limits_and_private_zones(ann, api_as):
    assert put(ann, "Groot", "x" * 1_000_001, None).status_code == 413
    for bad in ("..%2Fetc", "_intern", "a/edit", "a/b/" + "x" * 300, "a%3Fb", "a%3Cb%3E"):
        response = put(ann, bad, "x", None)
        assert response.status_code == 400 and response.json["message"], bad
    assert ann.put("zones/winkels/pages/Ok", {"body": 5, "base_revision": None}).status_code == 400
    assert put(ann, "Ok", "x", "1").status_code == 400
    assert (
        ann.post("zones", {"slug": "geheim", "name": "Geheim", "visibility": "private"}).status_code
        == 201
    )
    assert (
        ann.put(
            "zones/geheim/pages/Plan", {"title": "Plan", "body": "x", "base_revision": None}
        ).status_code
        == 201
    )
    outsider = api_as("olaf")
    assert outsider.get("zones/geheim/pages/Plan").status_code == 404
    assert outsider.get("zones/geheim/pages").status_code == 404
    assert (
        outsider.put(
            "zones/geheim/pages/Plan", {"title": "x", "body": "y", "base_revision": 1}
        ).status_code
        == 404
    )
    assert outsider.get("zones/winkels/pages/Nope").status_code == 404


def test_rename_delete_restore_watch(ann, api_as):
    put(ann, "Oud", "inhoud", None)
    bob = api_as("bob")
    assert bob.put("zones/winkels/pages/Oud/watch").json == {"watching": True}
    renamed = ann.post("zones/winkels/pages/Oud/rename", {"path": "Nieuw/Pad"})
    assert renamed.status_code == 200 and renamed.json["path"] == "Nieuw/Pad"
    assert ann.get("zones/winkels/pages/Oud").json["path"] == "Nieuw/Pad"
    put(ann, "Nieuw/Pad", "inhoud 2", 1)
    assert [n["kind"] for n in bob.get("notifications").json["notifications"]] == ["page_changed"]
    assert bob.delete("zones/winkels/pages/Nieuw/Pad").status_code == 204
    assert ann.get("zones/winkels/pages/Nieuw/Pad").status_code == 404
    assert bob.post("zones/winkels/pages/Nieuw/Pad/restore").status_code == 404  # curators only
    assert ann.post("zones/winkels/pages/Nieuw/Pad/restore").status_code == 200
    assert ann.get("zones/winkels/pages/Nieuw/Pad").json["revision"] == 2


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360f8cfc0f01f0005000201a5f6d8b30000000049454e44ae426082"
)


def test_an_image_pasted_in_the_editor_becomes_an_attachment(ann, api_as):
    import io

    put(ann, "Retourproces", BODY, None)
    url = "zones/winkels/pages/Retourproces/attachments"
    sent = ann.post(url, None, data={"file": (io.BytesIO(PNG), "plak.png")})
    assert sent.status_code == 201
    assert sent.json["markdown"] == "![](plak.png)" and sent.json["size"] == len(PNG)
    image = ann.get(sent.json["url"])
    assert image.status_code == 200 and image.data == PNG
    image.close()
    fake = ann.post(url, None, data={"file": (io.BytesIO(b"<svg onload=x>"), "x.png")})
    assert fake.status_code == 400 and fake.json["error"] == "invalid"
    missing = ann.post(url, None, data={})
    assert missing.status_code == 400 and missing.json["error"] == "invalid"
    assert (
        ann.post(
            "zones/winkels/pages/Nergens/attachments",
            None,
            data={"file": (io.BytesIO(PNG), "a.png")},
        ).status_code
        == 404
    )
