"""The Dutch catalogue is complete and compiled, and the pages really speak Dutch.

The completeness test extracts the messages afresh from the sources (as the README's command
does), so a string someone wraps in _() without translating it fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "innovationzone" / "translations" / "nl" / "LC_MESSAGES"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}  # as `pybabel extract -k ...`


def _extracted_ids() -> set[str]:
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(ROOT / "babel.cfg"))
    found = extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords=KEYWORDS,
        # Babel's default skips folders starting with "_", which would miss templates/_partials.
        directory_filter=lambda path: not Path(path).name.startswith((".", "__pycache__")),
    )
    return {_key(message) for _file, _line, message, *_rest in found}


def _po():
    with open(CATALOGUE / "messages.po", "rb") as handle:
        return read_po(handle)


def _tuple(value) -> tuple:  # noqa: ANN001
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def _key(message_id) -> str:  # noqa: ANN001 - a msgid, or (singular, plural) for ngettext
    return message_id[0] if isinstance(message_id, (list, tuple)) else message_id


def test_every_extracted_message_has_a_dutch_translation():
    translated = {}
    for message in _po():
        if message.id and not message.fuzzy:
            strings = _tuple(message.string)
            if all(s.strip() for s in strings):
                translated[_key(message.id)] = strings
    extracted = _extracted_ids()
    assert {"Overview", "%(num)d comment", "Sign in"} <= extracted  # partials, ngettext, _l
    missing = sorted(extracted - set(translated))
    assert not missing, f"untranslated (see README, Translations): {missing}"


def test_translations_keep_their_placeholders():
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for message in _po():
        if not message.id:
            continue
        ids, strings = _tuple(message.id), _tuple(message.string)
        expected = set(placeholder.findall(ids[-1]))
        for string in strings:
            assert set(placeholder.findall(string)) == expected, (message.id, string)


def test_compiled_catalogue_matches_the_po_file():
    def pairs(catalogue) -> dict:  # noqa: ANN001 - .mo gives lists where .po gives tuples
        return {_tuple(m.id): _tuple(m.string) for m in catalogue if m.id and not m.fuzzy}

    with open(CATALOGUE / "messages.mo", "rb") as handle:
        compiled = pairs(read_mo(handle))
    assert compiled == pairs(_po()), "run: pybabel compile -d innovationzone/translations"


def test_login_page_follows_accept_language(client):
    page = client.get("/login", headers={"Accept-Language": "nl-NL,nl;q=0.9"}).get_data(
        as_text=True
    )
    assert "Inloggen" in page and "Gebruikersnaam" in page and "Wachtwoord" in page
    assert "Inloggen" not in client.get("/login", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )


def test_wrong_password_and_form_errors_are_dutch(client):
    from tests.support.clients import submit_form

    dutch = {"Accept-Language": "nl"}
    wrong = submit_form(client, "/login", {"username": "nobody", "password": ""}, headers=dutch)
    assert "Dit veld is vereist" in wrong.get_data(as_text=True)  # WTForms' own Dutch


@pytest.fixture
def dutch(app, session_app, browser_login, api_as):
    """ann, signed in with locale nl, in a zone with a wiki page, a blog post and a chat room
    (made once a session)."""
    from innovationzone.blog.models import Post
    from innovationzone.chat.models import Room
    from innovationzone.extensions import db

    session_app.load_once("dutch", lambda: _dutch_zone(app, api_as))
    client = browser_login("ann")
    with app.app_context():
        client.ids = {
            "post": db.session.scalar(select(Post.id)),
            "room": db.session.scalar(select(Room.id)),
        }
    return client


def _dutch_zone(app, api_as) -> None:  # noqa: ANN001 - the app and api_as fixtures
    from innovationzone.accounts.models import User
    from innovationzone.extensions import db

    api = api_as("ann")
    assert (
        api.post(
            "zones", {"slug": "winkels", "name": "Winkels", "visibility": "public"}
        ).status_code
        == 201
    )
    assert (
        api.put(
            "zones/winkels/pages/Kassa",
            {"title": "Kassa", "body": "# Kassa\n\nOpen de lade.", "base_revision": None},
        ).status_code
        == 201
    )
    post = api.post(
        "zones/winkels/posts",
        {"title": "Nieuwe schappen", "body": "Ze staan er.", "status": "published"},
    )
    room = api.post("zones/winkels/rooms", {"slug": "vloer", "name": "Winkelvloer"})
    assert post.status_code == room.status_code == 201
    with app.app_context():
        db.session.scalar(select(User).where(User.username == "ann")).locale = "nl"
        db.session.commit()
        db.session.remove()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/zones", ["Innovatiezones", "Nieuwe zone"]),
        (
            "/",
            [
                "Wat is er nieuw",
                "Noemde jou",
                "Nieuwe zone",
                "Meldingen",
                "Uitloggen",
                "Zoek in wiki, blogs en chat",
            ],
        ),
        ("/z/winkels", ["Leden", "Overzicht", "Afdelingen in deze zone"]),
        ("/z/winkels/wiki/Kassa", ["Geschiedenis", "Bewerken", "Bijlagen", "Wat linkt hierheen"]),
        (
            "/z/winkels/wiki/Kassa/history",
            ["Geschiedenis van Kassa", "Geselecteerde versies vergelijken"],
        ),
        ("/z/winkels/blog", ["Bericht schrijven", "0 reacties", "Atom-feed"]),
        ("/post", ["Reactie plaatsen", "Bericht verwijderen", "0 reacties"]),
        ("/z/winkels/chat", ["Chatruimtes", "Nieuwe chatruimte", "Naam van de chatruimte"]),
        (
            "/room",
            ["Verbinden…", "Versturen", 'data-t-offline="Offline: berichten worden verstuurd'],
        ),
        ("/notifications", ["Meldingen", "Nog niets."]),
        ("/search?q=lade", ["Zoeken", "Alle zones"]),
    ],
)
def test_signed_in_dutch_user_sees_dutch(dutch, path, expected):
    path = {
        "/post": f"/z/winkels/blog/{dutch.ids['post']}",
        "/room": f"/chat/{dutch.ids['room']}",
    }.get(path, path)
    response = dutch.get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'lang="nl"' in page
    for text in expected:
        assert text in page, (path, text)


def test_error_pages_speak_dutch_but_the_api_stays_english(dutch):
    page = dutch.get("/z/nergens")
    assert page.status_code == 404 and "Terug naar de zones" in page.get_data(as_text=True)
    assert "Deze pagina bestaat niet" in dutch.get("/no/such/page").get_data(as_text=True)
    api = dutch.get("/api/v1/no/such/thing", headers={"Accept": "application/json"})
    assert api.status_code == 404 and "not found" in api.json["message"].lower()
    form = dutch.post("/notifications/read")  # a cookie write without its CSRF token
    assert form.status_code == 400 and "Het formulier is verlopen" in form.get_data(as_text=True)
    api = dutch.post("/api/v1/zones", json={"slug": "x", "name": "X"})
    assert api.status_code == 400 and api.json["message"].startswith("The form expired")


def test_a_curator_is_never_called_an_admin_in_dutch():
    """Curators moderate a zone; admins ("beheerders") run the whole site. A Dutch text that
    calls a curator a "beheerder" sends people to the wrong person (the ask form's "who should
    answer" said the question goes to "een beheerder")."""
    mixed = []
    for message in _po():
        english = " ".join(_tuple(message.id)).lower()
        dutch = " ".join(_tuple(message.string)).lower()
        if "curator" in english and "admin" not in english and "beheerder" in dutch:
            mixed.append(message.id)
    assert mixed == []
