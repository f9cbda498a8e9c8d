"""Changing a password (POST /api/v1/me/password and the /profile form) and deactivating an
account reset trust: every other login session and every API token ends; on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.conftest import PASSWORD
from tests.support.clients import page_csrf, submit_form

NEW = "een-nieuw-wachtwoord"


def _token(client, password: str = PASSWORD) -> str:  # noqa: ANN001
    response = client.post("/api/v1/tokens", json={"username": "bob", "password": password})
    assert response.status_code == 201
    return response.json["token"]


def _me(client, token: str | None = None) -> int:  # noqa: ANN001
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get("/api/v1/me", headers=headers).status_code


def _change(browser, body: dict):  # noqa: ANN001
    csrf = page_csrf(browser.get("/profile").get_data(as_text=True))
    return browser.post("/api/v1/me/password", json=body, headers={"X-CSRFToken": csrf})


def _profile_form(browser, current: str, new: str, **options):  # noqa: ANN001
    """Sends the password form of /profile as a browser does."""
    fields = {"current": current, "new": new, "submit": "1"}
    data = {f"password-{name}": value for name, value in fields.items()}
    return submit_form(browser, "/profile", data, csrf_field="password-csrf_token", **options)


def test_change_keeps_this_browser_and_ends_every_other_session_and_token(
    app, client, browser_login
):
    here, elsewhere = browser_login("bob"), browser_login("bob")
    stolen = _token(client)
    response = _change(here, {"current": PASSWORD, "new": NEW})
    assert response.status_code == 204
    assert _me(here) == 200
    assert _me(elsewhere) == 401
    assert _me(client, stolen) == 401  # a stolen token does not survive the reset
    assert (
        client.post("/api/v1/tokens", json={"username": "bob", "password": PASSWORD}).status_code
        == 401
    )
    assert _me(client, _token(client, NEW)) == 200


def test_change_by_token_keeps_that_token_and_ends_the_others(client, browser_login):
    browser = browser_login("bob")
    mine, other = _token(client), _token(client)
    response = client.post(
        "/api/v1/me/password",
        json={"current": PASSWORD, "new": NEW},
        headers={"Authorization": f"Bearer {mine}"},
    )
    assert response.status_code == 204
    assert (_me(client, mine), _me(client, other), _me(browser)) == (200, 401, 401)


def test_wrong_current_or_weak_new_password_is_refused_and_changes_nothing(client, browser_login):
    browser = browser_login("bob")
    token = _token(client)
    wrong = _change(browser, {"current": "niet-het-goede", "new": NEW})
    assert wrong.status_code == 403
    assert wrong.json["error"] == "forbidden" and "current password" in wrong.json["message"]
    weak = _change(browser, {"current": PASSWORD, "new": "kort"})
    assert weak.status_code == 400
    assert weak.json["error"] == "invalid" and "8 characters" in weak.json["message"]
    for body in ({}, {"current": PASSWORD}, {"current": 5, "new": NEW}, {"current": None}):
        answer = _change(browser, body)
        assert answer.status_code == 400 and answer.json["error"] == "invalid", body
    assert _me(client, token) == 200 and _me(browser) == 200
    assert _token(client, PASSWORD)


def test_profile_form_changes_the_password_and_stays_signed_in(client, browser_login):
    here, elsewhere = browser_login("bob"), browser_login("bob")
    stolen = _token(client)
    response = _profile_form(here, PASSWORD, NEW, follow_redirects=True)
    assert response.status_code == 200
    assert "Password changed. Other sessions were signed out." in response.get_data(as_text=True)
    assert _me(here) == 200
    assert elsewhere.get("/profile").status_code == 302  # to the login page
    assert _me(client, stolen) == 401
    assert _me(client, _token(client, NEW)) == 200


def test_deactivating_ends_sessions_and_tokens_for_good(client, api_as, browser_login):
    admin = api_as("admin", admin=True)
    browser = browser_login("bob")
    token = _token(client)
    admin_browser = browser_login("admin")
    csrf = page_csrf(admin_browser.get("/admin/users").get_data(as_text=True))
    for active in ("0", "1"):
        admin_browser.post("/admin/users/bob/active", data={"csrf_token": csrf, "active": active})
    assert admin.get("me").status_code == 200
    assert _me(browser) == 401
    assert _me(client, token) == 401  # reactivation brings no old credential back
    assert _me(client, _token(client)) == 200


def test_profile_form_says_so_when_the_current_password_is_wrong(client, browser_login):
    browser = browser_login("bob")
    response = _profile_form(browser, "niet-het-goede", NEW)
    assert response.status_code == 200
    assert "The current password is not right." in response.get_data(as_text=True)
    assert _token(client, PASSWORD)  # unchanged
