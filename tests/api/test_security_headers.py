"""The low findings of issue 10, each as a user or an attacker would meet it."""

import io

import pytest

from tests.conftest import PASSWORD, make_app
from tests.support.clients import login, submit_form


@pytest.fixture
def backend() -> str:
    return "sqlite"  # headers and cookies do not depend on the database (NUL does: see below)


@pytest.fixture
def ann(browser_login, api_as):
    api_as("ann").post("zones", {"slug": "winkels", "name": "Winkels"})
    api_as("ann").put(
        "zones/winkels/pages/Plan", {"title": "Plan", "body": "Hoi", "base_revision": None}
    )
    return browser_login("ann")


def test_text_attachment_names_its_charset_once(ann):
    submit_form(
        ann,
        "/z/winkels/wiki/Plan",
        {"file": (io.BytesIO(b"a;b\n1;2\n"), "cijfers.csv")},
        to="/z/winkels/wiki/Plan/attachments",
        content_type="multipart/form-data",
    )
    response = ann.get("/z/winkels/wiki/Plan/files/cijfers.csv")
    response.close()
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_signed_in_pages_and_api_answers_are_not_cached_by_others(ann, api_as, client):
    for url in ("/", "/z/winkels/wiki/Plan", "/api/v1/me"):
        cache = ann.get(url).headers.get("Cache-Control", "")
        assert "private" in cache and "no-cache" in cache, url
    assert "private" in api_as("ann").get("zones").headers["Cache-Control"]
    assert "private" not in client.get("/login").headers.get("Cache-Control", "")


def test_a_bearer_page_gets_every_header_and_no_cookie(ann, api_as):
    """An empty session writes nothing (security.SessionInterface.save_session skips the cookie
    work), yet the page still varies on the cookie and carries every fixed header."""
    page = api_as("ann").get("/z/winkels/wiki/Plan", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200 and "Set-Cookie" not in page.headers
    assert {"Cookie", "Accept-Encoding"} <= set(page.headers["Vary"].replace(" ", "").split(","))
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options"):
        assert page.headers[name], name
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert page.headers["Cache-Control"] == "private, no-cache"
    assert _session_cookie(ann.get("/z/winkels/wiki/Plan"))  # a browser's session is kept


def test_csp_allows_websockets_to_this_origin_only(client):
    csp = client.get("/login").headers["Content-Security-Policy"]
    connect = next(d for d in csp.split("; ") if d.startswith("connect-src"))
    assert connect == "connect-src 'self'"


def _session_cookie(response) -> str:  # noqa: ANN001
    return next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))


def test_session_cookie_is_secure_over_https_only(app, make_user):
    make_user("ann")
    plain = app.test_client()
    assert "Secure" not in _session_cookie(login(plain, "ann", PASSWORD))
    app.config["PREFERRED_URL_SCHEME"] = "https"  # the test client's requests come over HTTPS
    https = app.test_client()
    https.environ_base["HTTP_REFERER"] = "https://localhost/login"  # CSRF checks it over HTTPS
    assert "; Secure" in _session_cookie(login(https, "ann", PASSWORD))


def test_https_behind_a_trusted_proxy_gets_secure_cookies(app, make_user):
    make_user("ann")
    proxied = make_app(
        {"IZ_DATA_DIR": app.config["IZ_DATA_DIR"], "IZ_TRUSTED_PROXIES": "127.0.0.1"}
    ).test_client()
    proxied.environ_base["HTTP_X_FORWARDED_PROTO"] = "https"
    proxied.environ_base["HTTP_REFERER"] = "https://localhost/login"
    assert "; Secure" in _session_cookie(login(proxied, "ann", PASSWORD))
    spoofer = make_app({"IZ_DATA_DIR": app.config["IZ_DATA_DIR"]}).test_client()
    spoofer.environ_base["HTTP_X_FORWARDED_PROTO"] = "https"  # no trusted proxy: ignored
    assert "Secure" not in _session_cookie(login(spoofer, "ann", PASSWORD))


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_nul_in_wiki_and_blog_text_is_a_400(api_as):
    """PostgreSQL refuses NUL in text; both databases answer the same clear 400 (chat: an ack,
    in test_input_limits_live)."""
    ann = api_as("ann")
    ann.post("zones", {"slug": "winkels", "name": "Winkels"})
    page = ann.put(
        "zones/winkels/pages/Plan", {"title": "Plan", "body": "a\x00b", "base_revision": None}
    )
    post = ann.post("zones/winkels/posts", {"title": "P\x00", "body": "b", "status": "published"})
    for response in (page, post):
        assert response.status_code == 400 and response.json["error"] == "invalid"
    assert ann.get("zones/winkels/pages").json["pages"] == []
