"""The socket events that only read outside the chat rooms (`editing` on /wiki, `watch_post` on
/chat) check the credential on every event, as chat's do: a token revoked, a browser signed
out or an account deactivated is refused at the very next event, even before the recheck that
follows would have closed the socket. And they read who is on the socket as a few columns, not
the whole account (its password hash among them)."""

from __future__ import annotations

import pytest

from tests.support.clients import submit_form
from tests.support.statements import recorded

PAGE = {"zone": "winkels", "path": "Retourproces"}


@pytest.fixture
def site(app, api_as, browser_login, monkeypatch):
    """ann curates public 'winkels' with a published post; bob and adm (admin) exist. No recheck
    runs after a credential ends, so only the event's own check can refuse."""
    from innovationzone import realtime

    monkeypatch.setattr(realtime, "_dispatch", lambda app, scope: None)
    ann = api_as("ann")
    ann.post("zones", {"slug": "winkels", "name": "Winkels"})
    post = {"title": "Zelfscan", "body": "x", "status": "published"}
    post_id = ann.post("zones/winkels/posts", post).json["id"]
    api_as("bob")
    api_as("adm", admin=True)
    clients = []
    yield {"post_id": post_id, "clients": clients, "login": browser_login}
    for client, namespace in clients:
        if client.is_connected(namespace):
            client.disconnect(namespace)


def _call(app, call):  # noqa: ANN001, ANN202
    """What `call` answered and every statement it ran."""
    from innovationzone.extensions import db

    with app.app_context():
        engine = db.engine
    with recorded(engine) as seen:
        return call(), seen


def _token(app, username: str) -> tuple[int, str]:  # noqa: ANN001
    from sqlalchemy import select

    from innovationzone.accounts.credential_services import create_token
    from innovationzone.accounts.models import User
    from innovationzone.extensions import db

    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        token, secret = create_token(user, "socket")
        return token.id, secret


def _revoke_token(app, token_id: int) -> None:  # noqa: ANN001
    from sqlalchemy import select

    from innovationzone.accounts.credential_services import revoke_token
    from innovationzone.accounts.models import User
    from innovationzone.extensions import db

    with app.app_context():
        revoke_token(db.session.scalar(select(User).where(User.username == "bob")), token_id)


def _deactivate(app) -> None:  # noqa: ANN001
    from sqlalchemy import select

    from innovationzone.accounts.models import User
    from innovationzone.accounts.services import set_active
    from innovationzone.extensions import db

    with app.app_context():
        set_active(db.session.scalar(select(User).where(User.username == "adm")), "bob", False)


EVENTS = {
    "/wiki": lambda site: ("editing", PAGE),
    "/chat": lambda site: ("watch_post", site["post_id"]),
}


@pytest.mark.parametrize("namespace", sorted(EVENTS))
@pytest.mark.parametrize("ending", ["token revoked", "signed out", "deactivated"])
def test_an_ended_credential_is_refused_at_the_next_event(app, site, namespace, ending):
    from innovationzone.extensions import socketio

    event, data = EVENTS[namespace](site)
    if ending == "signed out":
        browser = site["login"]("bob")
        sock = socketio.test_client(app, namespace=namespace, flask_test_client=browser)
    else:
        token_id, secret = _token(app, "bob")
        sock = socketio.test_client(app, namespace=namespace, auth={"token": secret})
    site["clients"].append((sock, namespace))
    first, statements = _call(
        app, lambda: sock.emit(event, data, namespace=namespace, callback=True)
    )
    assert first["ok"] is True, first
    assert statements and not any("password_hash" in s for s in statements), statements
    if ending == "token revoked":
        _revoke_token(app, token_id)
    elif ending == "signed out":
        assert submit_form(browser, "/u/bob", to="/logout").status_code == 302
    else:
        _deactivate(app)
    refused = sock.emit(event, data, namespace=namespace, callback=True)
    assert refused["ok"] is False and refused["error"] == "unauthorized", refused
