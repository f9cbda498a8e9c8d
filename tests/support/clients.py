"""Helpers that act like a user: a JSON API client with a token, and a signed-in browser session."""

from __future__ import annotations

import re
from typing import Any

CSRF_RE = re.compile(r'name="csrf-token" content="([^"]+)"')
FORM_CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


class ApiClient:
    """Flask test client calls with a Bearer token, JSON in and out."""

    def __init__(self, client, token: str | None = None) -> None:  # noqa: ANN001
        self.client = client
        self.token = token

    def _headers(self, headers: dict | None) -> dict:
        result = dict(headers or {})
        if self.token:
            result["Authorization"] = f"Bearer {self.token}"
        return result

    def request(self, method: str, path: str, json: Any = None, headers: dict | None = None, **kw):
        url = path if path.startswith("/") else f"/api/v1/{path}"
        return self.client.open(url, method=method, json=json, headers=self._headers(headers), **kw)

    def get(self, path: str, **kw):
        return self.request("GET", path, **kw)

    def post(self, path: str, json: Any = None, **kw):
        return self.request("POST", path, json=json, **kw)

    def put(self, path: str, json: Any = None, **kw):
        return self.request("PUT", path, json=json, **kw)

    def patch(self, path: str, json: Any = None, **kw):
        return self.request("PATCH", path, json=json, **kw)

    def delete(self, path: str, **kw):
        return self.request("DELETE", path, **kw)


def form_csrf(html: str) -> str:
    match = FORM_CSRF_RE.search(html)
    assert match, "page has no CSRF field"
    return match.group(1)


def page_csrf(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "page has no csrf-token meta tag"
    return match.group(1)


def login(client, username: str, password: str):  # noqa: ANN001
    """Signs in through the real login form, CSRF included; returns the response."""
    return submit_form(client, "/login", {"username": username, "password": password})


def submit_form(
    client,  # noqa: ANN001
    page: str,
    data: dict | None = None,
    *,
    to: str | None = None,
    csrf_field: str = "csrf_token",
    **options: Any,
):
    """Sends a form as a person does: opens `page`, takes the CSRF token it carries (every page
    has it in its csrf-token meta tag) and posts `data` with it as `csrf_field` to `to` (default:
    the page itself). A form with a Flask-WTF prefix names its field: csrf_field="profile-
    csrf_token". `options` go to the post (files, content_type, follow_redirects, headers ...;
    a requests `timeout` to the get too). Takes a Flask test client or a requests.Session;
    returns the post's response."""
    response = client.get(page, **{k: v for k, v in options.items() if k == "timeout"})
    html = response.get_data(as_text=True) if hasattr(response, "get_data") else response.text
    return client.post(to or page, data={csrf_field: page_csrf(html), **(data or {})}, **options)
