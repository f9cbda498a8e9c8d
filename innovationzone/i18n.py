"""Dutch and English: the user's choice, else the browser's Accept-Language."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from flask import has_request_context, request, session
from flask_login import current_user
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

LANGUAGES = {"en": "English", "nl": "Nederlands"}
# Parsed once: Flask-Babel parses the selector's answer on every request otherwise.
_LOCALES = {code: Locale.parse(code) for code in LANGUAGES}


def select_locale() -> str:
    """The reader's language: their profile's, else the session's choice, else the browser's
    Accept-Language. Outside a request (the command line, the sweeper) English: a domain error's
    lazy message is put into words there too, and there is nobody whose language to ask."""
    if not has_request_context():
        return "en"
    user = current_user._get_current_object()  # one proxy lookup, not three
    if getattr(user, "is_authenticated", False) and user.locale in LANGUAGES:
        return user.locale
    chosen = session.get("locale")
    if chosen in LANGUAGES:
        return chosen
    return _browser_language(request.headers.get("Accept-Language", ""))


@lru_cache(maxsize=256)
def _browser_language(header: str) -> str:
    # A browser sends the same header on every request: parsed and matched once per header value
    # (bounded: the header is the client's to choose), not on every page view.
    return parse_accept_header(header, LanguageAccept).best_match(list(LANGUAGES)) or "en"


def select_babel_locale() -> Locale:
    """Flask-Babel's locale selector: `select_locale` as one of the Locale objects parsed at
    import, which Flask-Babel takes as they are (a cached page view paid ~3 % of its CPU for
    parsing the same two codes again)."""
    return _LOCALES[select_locale()]
