"""Managing a topic through the API, on SQLite and PostgreSQL: who may edit, archive and delete
it (owner, co-owners, curators, admins), that the owner can change but never vanish, and
following."""

from __future__ import annotations

import pytest


@pytest.fixture
def topic(api_as):
    """lea curates 'winkels' and creates topic 'kassa' owned by ole; mo is a plain user."""
    lea = api_as("lea")
    api_as("ole"), api_as("mo"), api_as("co")
    assert lea.post("zones", {"slug": "winkels", "name": "Winkels"}).status_code == 201
    created = lea.post("topics", {"slug": "kassa", "title": "Kassa", "owner": "ole"})
    assert created.status_code == 201
    return lea


def test_owner_edits_and_hands_over_but_a_topic_keeps_an_owner(topic, api_as):
    ole = api_as("ole")
    changed = ole.patch(
        "topics/kassa", {"title": "Kassa 2.0", "description": "Nieuw", "co_owners": ["co"]}
    )
    assert changed.status_code == 200, changed.json
    assert changed.json["title"] == "Kassa 2.0" and changed.json["co_owners"] == ["co"]
    for bad in ({"owner": ""}, {"owner": None}, {"owner": "nobody"}):
        answer = ole.patch("topics/kassa", bad)
        assert answer.status_code == 400 and answer.json["field"] == "owner", bad
    assert ole.patch("topics/kassa", {"owner": "mo"}).json["owner"] == "mo"
    assert api_as("ole").get("topics/kassa").json["owner"] == "mo"


@pytest.mark.parametrize("who", ["ole", "co", "lea", "root"])
def test_owner_co_owner_curator_and_admin_may_archive_and_delete(topic, api_as, who):
    api_as("root", admin=True)
    assert api_as("ole").patch("topics/kassa", {"co_owners": ["co"]}).status_code == 200
    client = api_as(who)
    archived = client.patch("topics/kassa", {"archived": True})
    assert archived.status_code == 200 and archived.json["archived"] is True
    assert client.get("topics").json["topics"] == []
    assert [t["slug"] for t in client.get("topics?archived=true").json["topics"]] == ["kassa"]
    assert client.delete("topics/kassa").status_code == 204
    assert client.get("topics/kassa").status_code == 404


def test_others_may_not_edit_archive_or_delete(topic, api_as):
    mo = api_as("mo")
    assert mo.patch("topics/kassa", {"title": "Van mij"}).status_code == 403
    assert mo.patch("topics/kassa", {"archived": True}).status_code == 403
    assert mo.delete("topics/kassa").status_code == 403
    assert mo.get("topics/kassa").json["title"] == "Kassa"
    # a former co-owner loses the say
    ole = api_as("ole")
    ole.patch("topics/kassa", {"co_owners": ["mo"]})
    assert mo.patch("topics/kassa", {"title": "Mee"}).status_code == 200
    ole.patch("topics/kassa", {"co_owners": []})
    assert mo.patch("topics/kassa", {"title": "Weer"}).status_code == 403


def test_bad_patches_are_400_and_change_nothing(topic, api_as):
    ole = api_as("ole")
    for bad, field in (
        ({"title": ""}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"co_owners": "co"}, "co_owners"),
        ({"co_owners": ["nobody"]}, "co_owners"),
        ({"archived": "yes"}, "archived"),
        ({"title": "Goed", "co_owners": ["nobody"]}, "co_owners"),
    ):
        answer = ole.patch("topics/kassa", bad)
        assert answer.status_code == 400 and answer.json["field"] == field, bad
    assert ole.get("topics/kassa").json["title"] == "Kassa"
    assert ole.patch("topics/nope", {"title": "x"}).status_code == 404


def test_follow_and_unfollow_are_idempotent(topic, api_as):
    mo = api_as("mo")
    assert mo.get("topics/kassa").json["following"] is False
    assert mo.put("topics/kassa/follow").status_code == 204
    assert mo.put("topics/kassa/follow").status_code == 204
    assert mo.get("topics/kassa").json["following"] is True
    assert api_as("ole").get("topics/kassa").json["following"] is False
    assert mo.delete("topics/kassa/follow").status_code == 204
    assert mo.delete("topics/kassa/follow").status_code == 204
    assert mo.get("topics/kassa").json["following"] is False
    assert mo.put("topics/nope/follow").status_code == 404
