"""Bad input never crashes: every route of app.url_map and every Socket.IO event, fuzzed.

Hypothesis throws generated bad values (integers beyond the database's range, ids of zero,
deep JSON, NUL bytes, lone surrogates, wrong types, huge strings) at each route and event as a
signed-in admin with CSRF satisfied. A route may refuse (400/404/405/409/413...), never 500;
an API refusal carries the contract's error body; an event acks an error, never `internal`.
Derandomized and bounded, so CI runs the same examples every time in well under a minute.
"""

from __future__ import annotations

import json
import random
import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.conftest import PASSWORD
from tests.support.clients import login, page_csrf

BIG = 2**63
HUGE_INTS = st.sampled_from([BIG, BIG - 1, 2**64, 2**70, 10**30, -BIG - 1, 0, -1])
NASTY_TEXT = st.sampled_from(
    ["a\x00b", "\x00", "\ud800", "x\udfffy", "x" * 70_000, "", " ", "../..", "%00", "1e400"]
)
SCALARS = st.one_of(
    HUGE_INTS,
    NASTY_TEXT,
    st.sampled_from([None, True, 1.5, float("inf"), [], {}, [1, [2]], {"a": {"b": 1}}]),
    st.integers(min_value=1, max_value=3),
)
# Field names the API and forms read; a fuzzed body mixes them with bad values.
FIELDS = (
    "title body slug name description visibility username password display_name department "
    "is_admin role base_revision summary revision path new_path tags status parent_id hidden "
    "usernames seq from_id to_id type id pinned owner co_owners archived ids interval_days due "
    "zone topic assignee answer_id current new email language locale section room_id"
).split()
QUERY = (
    "limit cursor before after q page from to days zone type offset owner overdue assignee "
    "status topic after_change section"
).split()
# Known-good values for path arguments, so the fuzzer also gets past the lookups.
GOOD = {
    "slug": "winkels",
    "zone": "winkels",
    "path": "Home",
    "username": "bob",
    "name": "thumbsup",
    "code": "nl",
    "tag": "kassa",
    "item_type": "page",
    "filename": "css/app.css",
}
# Ending the fuzzer's own session would only make the rest of the run unauthenticated.
SKIP = {"accounts.logout"}
ARG_RE = re.compile(r"<(?:([^<>:]*):)?(\w+)>")
DEEP_JSON = "[" * 50_000


def _quote(value: str) -> str:
    return quote(value.encode("utf-8", "surrogatepass"), safe="/")


def _url(rule, draw) -> str:  # noqa: ANN001
    def value(match: re.Match) -> str:
        converter, name = match.group(1) or "default", match.group(2)
        if converter == "int":
            return str(draw(st.one_of(HUGE_INTS, st.integers(1, 3))))
        if converter.startswith("any("):
            return draw(st.sampled_from(sorted(rule._converters[name].items)))
        return _quote(draw(st.one_of(st.just(GOOD.get(name, "x")), NASTY_TEXT)))

    url = ARG_RE.sub(value, rule.rule)
    query = draw(st.dictionaries(st.sampled_from(QUERY), st.one_of(HUGE_INTS, NASTY_TEXT)))
    if query:
        url += "?" + "&".join(f"{k}={_quote(str(v))}" for k, v in query.items())
    return url


def _body(draw) -> dict:  # noqa: ANN001
    kind = draw(st.sampled_from(["object", "deep", "scalar", "form", "form-bytes", "none"]))
    if kind == "object":
        data = draw(st.dictionaries(st.sampled_from(FIELDS), SCALARS, max_size=6))
        return {"data": json.dumps(data), "content_type": "application/json"}
    if kind == "deep":
        return {"data": DEEP_JSON, "content_type": "application/json"}
    if kind == "scalar":
        return {"data": json.dumps(draw(SCALARS)), "content_type": "application/json"}
    if kind == "form":
        form = draw(st.dictionaries(st.sampled_from(FIELDS), st.one_of(NASTY_TEXT, HUGE_INTS)))
        return {"data": "&".join(f"{k}={_quote(str(v))}" for k, v in form.items())}
    if kind == "form-bytes":  # percent-encoded invalid UTF-8 (a lone surrogate's bytes)
        return {"data": "title=%ED%A0%80&body=%C0%80", "content_type": _FORM}
    return {}


_FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def world(app, api_as):
    """An admin with a session and a token, zones, a page, a post, a comment, a room, a topic."""
    ann = api_as("ann", admin=True)
    api_as("bob")
    ann.post("zones", {"slug": "winkels", "name": "Winkels"})
    ann.post("zones", {"slug": "kassa", "name": "Kassa", "visibility": "private"})
    ann.put("zones/winkels/pages/Home", {"title": "Home", "body": "Hoi", "base_revision": None})
    post = ann.post("zones/winkels/posts", {"title": "P", "body": "b", "status": "published"})
    ann.post(f"posts/{post.json['id']}/comments", {"body": "c"})
    ann.post("zones/winkels/rooms", {"slug": "algemeen", "name": "Algemeen"})
    ann.post("topics", {"slug": "kassa", "title": "Kassa", "owner": "ann"})
    client = app.test_client()
    assert login(client, "ann", PASSWORD).status_code == 302
    csrf = page_csrf(client.get("/").get_data(as_text=True))
    return client, {"X-CSRFToken": csrf}


def _routes(app) -> list:  # noqa: ANN001
    rules = [r for r in app.url_map.iter_rules() if r.endpoint not in SKIP]
    # Destructive calls last, so the reads and edits meet the objects they look for.
    return sorted(rules, key=lambda r: ("DELETE" in r.methods or "delete" in r.rule, r.rule))


FUZZ = settings(
    max_examples=3,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the failing example is small enough
    suppress_health_check=list(HealthCheck),
)


def _probe(client, headers: dict, rule, method: str):  # noqa: ANN001
    @FUZZ
    @given(st.data())
    def probe(data) -> None:  # noqa: ANN001
        # Hypothesis seeds `random` alike for every example; Whoosh names its index segments
        # with it, and two equal names would break the index. Fresh entropy for the server side.
        random.seed()
        url = _url(rule, data.draw)
        body = _body(data.draw) if method != "GET" else {}
        response = client.open(url, method=method, headers=headers, **body)
        response.close()  # static files are streamed from an open file
        where = f"{method} {url[:200]} {str(body)[:200]} -> {response.status_code}"
        assert response.status_code < 500, where
        if url.startswith("/api/") and response.status_code >= 400:
            error = response.get_json(silent=True) or {}
            assert {"error", "message"} <= error.keys(), where

    return probe


def test_no_route_answers_500_to_bad_input(app, world):
    client, headers = world
    failures = []
    for rule in _routes(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            try:
                _probe(client, headers, rule, method)()
            except AssertionError as error:
                failures.append(str(error).splitlines()[0])
    assert not failures, "\n".join(failures)


EVENTS = {
    "/chat": ("join", "leave", "send", "sync", "typing", "edit", "delete", "read", "watch_post"),
    "/wiki": ("editing", "stop_editing"),
}
EVENT_FIELDS = (
    "room_id body client_msg_id after_id after_change message_id seq zone path post_id".split()
)


def _event_data(draw, room_id: int):  # noqa: ANN001
    kind = draw(st.sampled_from(["bare", "object", "deep"]))
    if kind == "bare":
        return draw(st.one_of(SCALARS, st.just(room_id)))
    if kind == "deep":
        deep: list = [room_id]
        for _ in range(60):
            deep = [deep]
        return {"room_id": deep, "body": deep}
    data = draw(st.dictionaries(st.sampled_from(EVENT_FIELDS), SCALARS, max_size=5))
    data.setdefault("room_id", room_id)
    return data


def _event_probe(sio, namespace: str, name: str, room_id: int):  # noqa: ANN001
    @FUZZ
    @given(st.data())
    def probe(data) -> None:  # noqa: ANN001
        random.seed()
        payload = _event_data(data.draw, room_id)
        ack = sio.emit(name, payload, namespace=namespace, callback=True)
        where = f"{namespace} {name} {str(payload)[:200]} -> {str(ack)[:200]}"
        assert sio.is_connected(namespace), where
        if isinstance(ack, dict) and not ack.get("ok"):
            assert ack.get("error") not in (None, "internal"), where
            assert "message" in ack, where

    return probe


def test_no_socket_event_acks_internal_to_bad_input(app, world):
    from sqlalchemy import select

    from innovationzone.accounts.credential_services import create_token
    from innovationzone.accounts.models import User
    from innovationzone.chat.models import Room
    from innovationzone.extensions import db, socketio

    with app.app_context():
        token = create_token(db.session.scalar(select(User).where(User.username == "ann")))[1]
        room_id = db.session.scalar(select(Room.id))
    app.config["CHAT_RATE_LIMIT"] = (1000.0, 1000)
    failures = []
    for namespace, names in EVENTS.items():
        sio = socketio.test_client(app, namespace=namespace, auth={"token": token})
        for name in names:
            try:
                _event_probe(sio, namespace, name, room_id)()
            except AssertionError as error:
                failures.append(str(error).splitlines()[0])
        sio.disconnect(namespace)
    assert not failures, "\n".join(failures)


def test_the_reported_crashers_are_clear_refusals(app, world, api_as):
    """The exact inputs of issue 10's report, as plain regression checks."""
    client, headers = world
    ann = api_as("ann")
    assert ann.get("posts/99999999999999999999").status_code == 404
    assert ann.get("posts/0").status_code == 404
    listed = ann.get("zones/winkels/posts?before=99999999999999999999")
    assert listed.status_code == 400 and listed.json["error"] == "invalid"
    save = ann.put("zones/winkels/pages/Home", {"title": "H", "body": "b", "base_revision": 2**70})
    assert save.status_code == 400 and save.json["message"]
    for path in ("zones", "zones/winkels/posts", "topics"):
        deep = ann.post(path, data=DEEP_JSON, headers={"Content-Type": "application/json"})
        assert deep.status_code == 400 and deep.json["error"] == "invalid_json", path
    huge = ann.post("zones", data='"' + "x" * 9_000_000 + '"', content_type="application/json")
    assert huge.status_code == 413 and huge.json["error"] == "too_large"
    form = client.post("/zones/new", data={"slug": "a\x00b", "name": "x"}, headers=headers)
    assert form.status_code == 400
