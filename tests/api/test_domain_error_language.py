"""A service's refusal reaches a person in their language and an integrator in English.

The same domain error (a taken name, an unknown person, a wrong operator, a too-long message) is
raised once by a service; the HTML page, the flash and the chat ack show it to a Dutch reader in
Dutch, and the JSON API answers the contract's English, whatever the caller's Accept-Language."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from tests.support.clients import submit_form

NS = "/chat"
PO = Path(__file__).resolve().parents[2] / "innovationzone/translations/nl/LC_MESSAGES/messages.po"


@pytest.fixture
def dutch(app, api_as, browser_login):
    """ann (profile language nl) curates 'winkels', with the page Kassa and Lade and the room
    'vloer'; `dutch.api` is her token client, asking for Dutch in vain."""
    from innovationzone.accounts.models import User
    from innovationzone.extensions import db

    api = api_as("ann")
    assert api.post("zones", {"slug": "winkels", "name": "Winkels"}).status_code == 201
    for title in ("Kassa", "Lade"):
        page = {"title": title, "body": "Tekst.", "base_revision": None}
        assert api.put(f"zones/winkels/pages/{title}", page).status_code == 201
    room = api.post("zones/winkels/rooms", {"slug": "vloer", "name": "Vloer"})
    assert room.status_code == 201
    with app.app_context():
        db.session.scalar(select(User).where(User.username == "ann")).locale = "nl"
        db.session.commit()
    client = browser_login("ann")
    client.api = api
    client.room_id = room.json["id"]
    return client


def _post_form(client, form_path: str, post_path: str, fields: dict) -> str:
    response = submit_form(client, form_path, fields, to=post_path, follow_redirects=True)
    assert response.status_code < 500
    return html.unescape(response.get_data(as_text=True))


# (what is tried, the HTML form: (form page, post to, fields) or a GET path, the Dutch text,
#  the same through the API: (method, path, body), the English message)
CASES = [
    (
        "a zone name that is taken",
        ("/zones/new", "/zones/new", {"slug": "winkels", "name": "W", "visibility": "public"}),
        "Er bestaat al een zone 'winkels'.",
        ("post", "zones", {"slug": "winkels", "name": "W"}),
        "A zone 'winkels' exists already.",
    ),
    (
        "a room name that is taken",
        ("/z/winkels/chat", "/z/winkels/chat", {"slug": "vloer", "name": "Vloer"}),
        "Deze zone heeft al een chatruimte 'vloer'.",
        ("post", "zones/winkels/rooms", {"slug": "vloer", "name": "Vloer"}),
        "This zone has a room 'vloer' already.",
    ),
    (
        "a topic owner who does not exist",
        ("/topics", "/topics", {"slug": "kassa", "title": "Kassa", "owner": "niemand"}),
        "Er is geen gebruiker 'niemand': een onderwerp heeft een bestaande eigenaar nodig.",
        ("post", "topics", {"slug": "kassa", "title": "Kassa", "owner": "niemand"}),
        "No user 'niemand': a topic needs an existing owner.",
    ),
    (
        "a question for someone who does not exist",
        (
            "/questions/new",
            "/questions/new",
            {"zone": "winkels", "title": "Sleutel?", "body": "Waar?", "assignee": "niemand"},
        ),
        "Er is geen gebruiker 'niemand' die deze zone mag lezen.",
        (
            "post",
            "questions",
            {"zone": "winkels", "title": "Sleutel?", "body": "Waar?", "assignee": "niemand"},
        ),
        "No user 'niemand' who may read this zone.",
    ),
    (
        "a page moved onto another one",
        ("/z/winkels/wiki/Kassa", "/z/winkels/wiki/Kassa/rename", {"path": "Lade"}),
        "Er bestaat al een pagina 'Lade' (misschien verwijderd).",
        ("post", "zones/winkels/pages/Kassa/rename", {"path": "Lade"}),
        "A page 'Lade' exists already (perhaps deleted).",
    ),
    (
        "a search operator with a value it cannot take",
        "/search?q=type:video",
        "type: kan een van deze zijn: comment, message, page, post, question, room.",
        ("get", "search?q=type:video", None),
        "type: takes one of comment, message, page, post, question, room.",
    ),
    (
        "a search with nothing to look for",
        "/search?q=-kassa",
        "Zoek op minstens één woord (niet alleen op -uitgesloten woorden).",
        ("get", "search?q=-kassa", None),
        "Search for at least one word (not only -excluded ones).",
    ),
    (
        "a page section that is not there",
        "/z/winkels/wiki/Kassa/edit?section=9",
        "Deze pagina heeft zo'n sectie niet (misschien is ze gewijzigd); bewerk de hele pagina.",
        None,
        None,
    ),
]


def _pattern(translation: str) -> str:
    """A msgstr as a regular expression: each placeholder matches anything (once named)."""
    seen: set[str] = set()
    parts = []
    for piece in re.split(r"(%\(\w+\)[sd])", translation):
        name = piece[2:-2] if piece.startswith("%(") else None
        if name is None:
            parts.append(re.escape(piece))
        else:
            parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
            seen.add(name)
    return "".join(parts)


def _english_of(dutch_text: str) -> str:
    """The catalogue's English for a Dutch text: the msgid whose msgstr matches, filled in."""
    with open(PO, "rb") as handle:
        catalogue = read_po(handle)
    for message in catalogue:
        if message.id and isinstance(message.string, str) and message.string:
            found = re.fullmatch(_pattern(message.string), dutch_text)
            if found:
                return message.id % found.groupdict() if found.groupdict() else message.id
    raise AssertionError(f"no catalogue entry translates to {dutch_text!r}")


@pytest.mark.parametrize(
    ("form", "nl", "api", "en"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_the_html_page_says_it_in_dutch_and_the_api_in_english(dutch, form, nl, api, en):
    if isinstance(form, tuple):
        page = _post_form(dutch, *form)
    else:
        response = dutch.get(form)
        assert response.status_code < 500
        page = html.unescape(response.get_data(as_text=True))
    assert nl in page
    assert _english_of(nl) not in page
    if api is None:
        return
    method, path, body = api
    response = getattr(dutch.api, method)(path, json=body, headers={"Accept-Language": "nl"})
    assert 400 <= response.status_code < 500
    assert response.json["message"] == en


def test_every_catalogue_message_has_a_dutch_translation_that_is_not_fuzzy():
    with open(PO, "rb") as handle:
        catalogue = read_po(handle)
    bad = [
        message.id
        for message in catalogue
        if message.id
        and (
            message.fuzzy
            or not all(
                s.strip() for s in (message.string if message.pluralizable else [message.string])
            )
        )
    ]
    assert len(catalogue) > 600 and bad == []


def test_a_chat_refusal_is_acked_in_the_socket_users_language(app, dutch, api_as):
    from innovationzone.accounts.credential_services import create_token
    from innovationzone.accounts.models import User
    from innovationzone.chat.services import MAX_BODY
    from innovationzone.extensions import db, socketio

    app.config["CHAT_RATE_LIMIT"] = (1000.0, 1000)
    too_long = {"room_id": dutch.room_id, "body": "x" * (MAX_BODY + 1), "client_msg_id": "a1"}
    browser = socketio.test_client(app, namespace=NS, flask_test_client=dutch)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "ann"))
        token = create_token(user, "socket")[1]
    integrator = socketio.test_client(
        app, namespace=NS, auth={"token": token}, headers={"Accept-Language": "nl"}
    )
    try:
        for client in (browser, integrator):
            assert client.emit("join", dutch.room_id, namespace=NS, callback=True)["ok"]
        ack = browser.emit("send", too_long, namespace=NS, callback=True)
        assert ack["ok"] is False and ack["error"] == "too_large"
        assert ack["message"] == f"Berichten zijn hoogstens {MAX_BODY} tekens lang."
        # A token client (an integrator's script) has no profile session: the contract's English.
        ack = integrator.emit("send", too_long, namespace=NS, callback=True)
        assert ack["error"] == "too_large"
        assert ack["message"] == f"Messages are at most {MAX_BODY} characters."
    finally:
        for client in (browser, integrator):
            if client.is_connected(NS):
                client.disconnect(NS)


def test_an_api_refusal_also_carries_it_in_the_readers_language(dutch, api_as):
    """The site's own pages call the API too (an image pasted into the editor, a preview): they
    show `user_message`, in the reader's language, where `message` stays the contract's English."""
    for client, shown in (
        (dutch.api, "Bestanden van dit type kun je niet bijvoegen."),
        (api_as("eve"), "Files of this type cannot be attached."),
    ):
        response = client.post(
            "zones/winkels/pages/Kassa/attachments",
            data={"file": (io.BytesIO(b"MZ\x90\x00"), "kassa.exe")},
            content_type="multipart/form-data",
        )
        assert response.status_code == 400
        assert response.json["message"].startswith("Files of this type cannot be attached.")
        assert response.json["user_message"].startswith(shown)
