"""Search operators on both engines — zone:, type:, by:, tag:, in:title — parsed by our code and
filtered inside the engine (honest totals), and malformed input answered with results or a 400,
never a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.search_engines import every_engine

pytestmark = every_engine


@pytest.fixture
def content(two_zones, api_as):
    ann, bob, cor = two_zones
    page = {"title": "Retourproces", "body": "Retouren in de winkel", "base_revision": None}
    assert ann.put("zones/winkels/pages/Retourproces", page).status_code == 201
    secret = {"title": "Kassa retouren", "body": "Bonnen scannen", "base_revision": None}
    assert ann.put("zones/kassa/pages/Kassa_retouren", secret).status_code == 201
    post = bob.post(
        "zones/winkels/posts",
        {
            "title": "Na de actie",
            "body": "Retouren na de uitverkoop",
            "tags": ["Black Friday", "retour"],
            "status": "published",
        },
    ).json
    comment = {"body": "Meer retouren dan ooit"}
    assert cor.post(f"posts/{post['id']}/comments", comment).status_code == 201
    return ann, bob, cor


def titles(client, query: str, **params) -> list[str]:
    response = client.get("search", query_string={"q": query, **params})
    assert response.status_code == 200, response.json
    assert response.json["total"] == len(response.json["results"])
    return sorted(f"{hit['type']}:{hit['title']}" for hit in response.json["results"])


def test_zone_and_type(content):
    ann, bob, cor = content
    assert titles(bob, "zone:kassa retouren") == ["page:Kassa retouren"]
    assert titles(cor, "zone:kassa retouren") == []  # a private zone stays private
    assert titles(cor, "zone:winkels type:post retouren") == ["post:Na de actie"]
    assert titles(cor, "type:comments retouren") == ["comment:Na de actie"]
    assert titles(cor, "type:page retouren", type="post") == []  # contradicting types


def test_by_tag_and_in_title(content):
    ann, bob, cor = content
    assert titles(ann, "by:bob retouren") == ["post:Na de actie"]
    assert titles(ann, "by:@cor retouren") == ["comment:Na de actie"]
    assert titles(ann, "by:niemand retouren") == []
    assert titles(cor, 'tag:"black friday"') == ["post:Na de actie"]
    assert titles(cor, "tag:retour retouren") == ["post:Na de actie"]
    assert titles(ann, "in:title retouren") == ["page:Kassa retouren"]
    assert titles(cor, "in:title retouren") == []


def test_operators_alone_list_what_they_select(content):
    ann, _bob, _cor = content
    assert titles(ann, "by:ann") == ["page:Kassa retouren", "page:Retourproces"]
    assert titles(ann, "zone:winkels type:page") == ["page:Retourproces"]


@pytest.mark.parametrize("query", ["type:video retour", "in:body retour", "-retour", "   "])
def test_malformed_queries_get_a_400_with_a_message(content, query):
    response = content[0].get("search", query_string={"q": query})
    assert response.status_code == 400
    assert response.json["error"] and response.json["message"]


PIECES = list("ab:\"-*()'\\&|!<>~@# \x00é") + ["zone:", "type:", "in:", "by:", "tag:"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(PIECES), max_size=20).map("".join))
def test_any_input_gets_results_or_a_400(content, text):
    response = content[0].get("search", query_string={"q": text})
    assert response.status_code in (200, 400), (text, response.status_code)
