"""HTML flows with Flask's test client: login, CSRF, logout, profile, zones, security headers."""

from tests.support.clients import login, page_csrf, submit_form


def test_pages_require_login_and_redirect_back(client):
    response = client.get("/z/omni")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/z/omni")


def test_login_rejects_foreign_next_and_wrong_password(client, make_user):
    make_user("ann")
    wrong = submit_form(client, "/login", {"username": "ann", "password": "nope-nope"})
    assert wrong.status_code == 401 and "Wrong username or password" in wrong.get_data(as_text=True)
    from tests.conftest import PASSWORD

    fields = {"username": "ann", "password": PASSWORD}
    response = submit_form(client, "/login", fields, to="/login?next=//evil.example/x")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_forms_without_csrf_are_refused(client, make_user):
    make_user("ann")
    from tests.conftest import PASSWORD

    response = client.post("/login", data={"username": "ann", "password": PASSWORD})
    assert response.status_code == 200  # the form is shown again, nobody is signed in
    assert client.get("/").status_code == 302


def test_session_cookie_flags(client, make_user):
    make_user("ann")
    from tests.conftest import PASSWORD

    response = login(client, "ann", PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_create_zone_in_the_browser_flow(browser_login):
    client = browser_login("ann")
    response = submit_form(
        client,
        "/zones/new",
        {
            "name": "Last mile",
            "slug": "last-mile",
            "description": "Bezorging",
            "visibility": "private",
        },
    )
    assert response.status_code == 302 and response.headers["Location"] == "/z/last-mile"
    page = client.get("/z/last-mile").get_data(as_text=True)
    assert "Last mile" in page and "curator" in page
    assert "Last mile" in client.get("/").get_data(as_text=True)


def test_cookie_api_writes_need_csrf_header(browser_login):
    client = browser_login("ann")
    html = client.get("/").get_data(as_text=True)
    without = client.post("/api/v1/zones", json={"slug": "x", "name": "X"})
    assert without.status_code == 400 and without.json["error"] == "csrf"
    with_header = client.post(
        "/api/v1/zones", json={"slug": "x", "name": "X"}, headers={"X-CSRFToken": page_csrf(html)}
    )
    assert with_header.status_code == 201


def test_logout_ends_the_session_for_a_replayed_cookie(browser_login):
    client = browser_login("ann")
    cookie = client.get_cookie("session").value
    assert submit_form(client, "/", to="/logout").status_code == 302
    replay = client.application.test_client()
    replay.set_cookie("session", cookie)
    assert replay.get("/").status_code == 302  # the old cookie no longer signs anyone in


def test_profile_update_and_token_revocation(browser_login):
    client = browser_login("ann")
    submit_form(
        client,
        "/profile",
        {
            "profile-display_name": "Ann de Vries",
            "profile-department": "Klantenservice",
            "profile-locale": "nl",
            "profile-submit": "1",
        },
        csrf_field="profile-csrf_token",
    )
    page = client.get("/profile").get_data(as_text=True)
    assert "Ann de Vries" in page and "Klantenservice" in page
    assert 'lang="nl"' in page  # the UI now speaks Dutch for her
    created = submit_form(
        client,
        "/profile",
        {"token-name": "script", "token-submit": "1"},
        csrf_field="token-csrf_token",
    ).get_data(as_text=True)
    secret = created.split('id="new-token">')[1].split("<")[0]
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    )


def test_language_follows_accept_language_for_visitors(client):
    page = client.get("/login", headers={"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.5"})
    assert 'lang="nl"' in page.get_data(as_text=True)
    page = client.get("/login", headers={"Accept-Language": "en-GB"})
    assert 'lang="en"' in page.get_data(as_text=True)


def test_security_headers(client):
    headers = client.get("/login").headers
    csp = headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "frame-ancestors 'none'" in csp
        and "unsafe-inline" not in csp
    )
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_html_errors_are_pages(browser_login):
    client = browser_login("ann")
    response = client.get("/z/does-not-exist")
    assert response.status_code == 404 and "<html" in response.get_data(as_text=True)


def test_making_a_member_curator_says_so_not_added(two_zones, browser_login):
    """Choosing 'curator' for someone already in the zone flashed 'bob toegevoegd.' (added),
    by username, though nobody was added; the message says what they are now, by name."""
    from tests.support.clients import submit_form

    ann = browser_login("ann")
    headers = {"Accept-Language": "nl"}
    for username, role, said in (("bob", "curator", "curator"), ("cor", "member", "lid")):
        data = {"username": username, "role": role}
        submit_form(ann, "/z/kassa", data, to="/z/kassa/members", headers=headers)
        page = ann.get("/z/kassa", headers=headers).get_data(as_text=True)
        assert f"is nu {said} van deze zone." in page and "toegevoegd" not in page
