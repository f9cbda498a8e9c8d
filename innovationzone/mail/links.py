"""Absolute links for mails, and the signed unsubscribe link every mail carries."""

from __future__ import annotations

from flask import current_app, has_request_context, request
from itsdangerous import BadSignature, URLSafeSerializer

_SALT = "iz-unsubscribe"


def base_url() -> str:
    """IZ_BASE_URL, else the origin of the request being served (a mail is composed in the
    request that caused it), else localhost for the command line."""
    configured = current_app.config.get("IZ_BASE_URL")
    if configured:
        return configured
    if has_request_context():
        return request.host_url.rstrip("/")
    return "http://127.0.0.1:5000"


def absolute(path: str) -> str:
    """A full URL for a path, since links in a mail are opened outside the site."""
    return base_url() + (path if path.startswith("/") else "/" + path)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def unsubscribe_token(user_id: int) -> str:
    """Signed, so nobody unsubscribes someone else by guessing; without expiry, because a mail
    is read (and its link followed) long after it was sent."""
    return _serializer().dumps(user_id)


def user_id_from_token(token: str) -> int | None:
    """The user an unsubscribe link was signed for, or None for a forged or mangled link."""
    try:
        value = _serializer().loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def unsubscribe_url(user_id: int) -> str:
    """A signed one-click unsubscribe link that works without signing in."""
    return absolute(f"/unsubscribe/{unsubscribe_token(user_id)}")
