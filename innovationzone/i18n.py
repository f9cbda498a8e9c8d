"""Dutch and English: the user's choice, else the browser's Accept-Language."""

from __future__ import annotations

from flask import has_request_context, request, session
from flask_login import current_user

LANGUAGES = {"en": "English", "nl": "Nederlands"}


def select_locale() -> str:
    """The reader's language: their profile's, else the session's choice, else the browser's
    Accept-Language. Outside a request (the command line, the sweeper) English: a domain error's
    lazy message is put into words there too, and there is nobody whose language to ask."""
    if not has_request_context():
        return "en"
    if getattr(current_user, "is_authenticated", False) and current_user.locale in LANGUAGES:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES)) or "en"
