"""The URL map remembers matches (innovationzone.routing): a remembered match answers what
matching again would, refusals are never remembered, and a request's values are its own."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect, Rule

from innovationzone.routing import MATCHES_KEPT, App, RememberingMap


def _map() -> RememberingMap:
    return RememberingMap(
        [
            Rule("/z/<zone>/wiki/<path:path>", endpoint="page", methods=["GET"]),
            Rule("/z/<zone>/wiki/<path:path>/history", endpoint="history", methods=["GET"]),
            Rule("/n/<int:number>", endpoint="number"),
            Rule("/folder/", endpoint="folder"),
        ]
    )


def test_a_path_matched_again_answers_the_same_with_values_of_its_own() -> None:
    urls = _map().bind("localhost")
    rule, values = urls.match("/z/kassa/wiki/Onboarding/Checklist", return_rule=True)
    assert (rule.endpoint, values) == ("page", {"zone": "kassa", "path": "Onboarding/Checklist"})
    values.pop("zone")  # a hook changing its request's view_args
    values["path"] = "elsewhere"
    again = urls.match("/z/kassa/wiki/Onboarding/Checklist")
    assert again == ("page", {"zone": "kassa", "path": "Onboarding/Checklist"})
    assert urls.match("/z/kassa/wiki/Onboarding/history") == (
        "history",
        {"zone": "kassa", "path": "Onboarding"},
    )
    assert urls.match("/n/42") == ("number", {"number": 42})


def test_refusals_are_worked_out_every_time() -> None:
    urls = _map().bind("localhost")
    for _ in range(2):
        with pytest.raises(NotFound):
            urls.match("/n/twelve")
        with pytest.raises(MethodNotAllowed):
            urls.match("/z/kassa/wiki/Page", method="POST")
        with pytest.raises(RequestRedirect):
            urls.match("/folder")
    assert urls.match("/z/kassa/wiki/Page", method="GET") == (
        "page",
        {"zone": "kassa", "path": "Page"},
    )


def test_a_rule_added_later_is_matched() -> None:
    url_map = _map()
    urls = url_map.bind("localhost")
    assert urls.match("/z/kassa/wiki/Page/raw")[0] == "page"
    url_map.add(Rule("/z/<zone>/wiki/<path:path>/raw", endpoint="raw"))
    assert urls.match("/z/kassa/wiki/Page/raw") == ("raw", {"zone": "kassa", "path": "Page"})


def test_the_memory_of_matches_is_bounded() -> None:
    url_map = _map()
    urls = url_map.bind("localhost")
    for number in range(MATCHES_KEPT + 100):
        urls.match(f"/z/kassa/wiki/Page{number}")
    assert url_map._matcher._remembered.cache_info().currsize == MATCHES_KEPT


def test_the_app_routes_through_the_remembering_map(app) -> None:  # noqa: ANN001
    assert isinstance(app, App)
    assert isinstance(app.url_map, RememberingMap)
    client = app.test_client()
    for _ in range(2):
        assert client.get("/healthz").status_code == 200
        assert client.get("/no/such/page").status_code == 404
