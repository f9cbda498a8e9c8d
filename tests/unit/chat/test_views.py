"""The chat HTML pages: room lists with unread counts, a room page, starting a conversation."""

from tests.support.clients import form_csrf, submit_form


def _zone_with_room(app, api_as):
    cur = api_as("cur")
    cur.post("zones", {"slug": "winkels", "name": "Winkels"})
    return cur.post("zones/winkels/rooms", {"slug": "vloer", "name": "Winkelvloer"}).json["id"]


def test_zone_chat_tab_lists_rooms_and_creates_one(app, api_as, browser_login):
    room_id = _zone_with_room(app, api_as)
    ann = browser_login("ann")
    page = ann.get("/z/winkels/chat").get_data(as_text=True)
    assert "Winkelvloer" in page and f"/chat/{room_id}" in page and ">Chat</a>" in page
    created = ann.post(
        "/z/winkels/chat", data={"csrf_token": form_csrf(page), "name": "Kassa", "slug": "kassa"}
    )
    assert created.status_code == 302 and "/chat/" in created.location


def test_room_page_and_unread_badge(app, api_as, browser_login):
    from sqlalchemy import select

    from innovationzone.accounts.models import User
    from innovationzone.chat.services import send_message
    from innovationzone.extensions import db

    room_id = _zone_with_room(app, api_as)
    ann = browser_login("ann")
    with app.app_context():
        send_message(
            db.session.scalar(select(User).where(User.username == "cur")), room_id, "Hoi", "v1"
        )
    assert 'class="badge unread"' in ann.get("/chat").get_data(as_text=True)
    room = ann.get(f"/chat/{room_id}").get_data(as_text=True)
    assert 'id="composer"' in room and "socket.io.min.js" in room and "js/chat.js" in room
    assert ann.get("/chat/99999").status_code == 404


def test_start_a_direct_conversation(app, browser_login, make_user):
    make_user("bob")
    ann = browser_login("ann")
    started = submit_form(ann, "/chat", {"usernames": "bob"})
    assert started.status_code == 302
    assert "Bob" in ann.get(started.location).get_data(as_text=True)
    assert browser_login("eve").get(started.location).status_code == 404
