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
    token = form_csrf(client.get("/login").get_data(as_text=True))
    return client.post(
        "/login", data={"csrf_token": token, "username": username, "password": password}
    )
