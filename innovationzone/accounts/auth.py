"""Who is asking: a browser session (server-side login session) or a Bearer token.

CSRF applies to writes that carry the session cookie: a Bearer token is not sent by browsers
on their own, and a request without the cookie has no ambient credential to abuse (HTML
forms without a session, such as login, still check CSRF through Flask-WTF).
"""

from __future__ import annotations

from typing import Any

from flask import (
    Flask,
    Request,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response as BaseResponse

from innovationzone.accounts import credential_services, services
from innovationzone.accounts.credential_services import Fold
from innovationzone.accounts.models import User
from innovationzone.db import DriverRow
from innovationzone.extensions import csrf, login_manager
from innovationzone.i18n import browser_locale

SESSION_KEY = "iz_login"
# What a view asks to be read with the credential (signed_in_reading), and what was read.
_FOLD, _FOLDED = "iz_fold", "iz_folded"
# The signed CSRF token kept beside the session's raw one (Flask-WTF's "csrf_token").
CSRF_PAIR = "iz_csrf"


def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer` header, or None: API clients send it instead of a
    session cookie, and a bearer request needs no CSRF token."""
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return None


def page_csrf_token() -> str:
    """The CSRF token a page's forms carry. One per session (Flask-WTF would sign it anew each
    second), so an unchanged page renders the same bytes and a second GET is a 304; none for a
    Bearer client, whose writes need none, so it is not handed a session cookie either."""
    if bearer_token():
        return ""
    return generate_csrf()


def wants_json() -> bool:
    """Whether a 401 should answer in JSON (the API) rather than redirect to the login page
    (HTML)."""
    return request.path.startswith("/api/")


def sign_in(user: User) -> None:
    """Starts a server-side login session (revocable, listed on the profile) in a fresh cookie
    session, so a session id planted before login is worthless."""
    key = credential_services.start_login_session(user, request.user_agent.string or "")
    session.clear()  # a fresh session on login: no fixation
    session[SESSION_KEY] = key
    session.permanent = True
    login_user(user)
    services.remember_language(user, browser_locale())  # for their mail, if no profile language


def sign_out() -> None:
    """Ends the login session on the server too, so a copied cookie stops working, and forgets
    the cookie session."""
    credential_services.end_login_session(session.get(SESSION_KEY))
    logout_user()
    session.clear()


def signed_in_reading(fold: Fold, params: dict[str, Any]) -> tuple[User, DriverRow]:
    """As `@login_required`, for a view that wants `fold`'s columns read in the same statement
    as the reader's credential: one round trip for who is asking and what the page needs.

    The user is still loaded by Flask-Login, in its order and with its rules (session
    protection, the session's user id, the remember cookie, else a Bearer token), through the
    loaders below, which refuse an ended credential or a deactivated account as always; only
    their statement carries more columns. Nobody signed in: Flask-Login's unauthorized answer
    (a redirect to sign in, or a 401 under /api/). A user loaded earlier in this request (no
    statement left to fold into) gets the columns in a statement by their id.
    """
    setattr(g, _FOLD, (fold, params))
    try:
        user = current_user._get_current_object()
    finally:
        g.pop(_FOLD, None)
    row = g.pop(_FOLDED, None)
    if not user.is_authenticated:
        abort(login_manager.unauthorized())
    if row is None:
        row = credential_services.folded_for_user(user.id, fold, params)
    return user, row


@login_manager.user_loader
def _load_from_session(user_id: str) -> User | None:
    if bearer_token():  # an explicit token wins over an ambient cookie
        return None
    key, fold = session.get(SESSION_KEY), g.get(_FOLD)
    try:
        if fold is None:
            found = credential_services.user_for_login_session(int(user_id), key)
        else:
            found = _folded(credential_services.folded_for_login_session(int(user_id), key, *fold))
    except ValueError:
        return None
    if found is None:
        return None
    user, g.iz_login_session_id = found
    return user


@login_manager.request_loader
def _load_from_token(_request: Request) -> User | None:
    secret, fold = bearer_token(), g.get(_FOLD)
    if not secret:
        return None
    if fold is None:
        found = credential_services.user_for_token(secret)
    else:
        found = _folded(credential_services.folded_for_token(secret, *fold))
    if found is None:
        return None
    user, g.iz_token_id = found
    return user


def _folded(found: tuple[User, int, DriverRow] | None) -> tuple[User, int] | None:
    """Keeps a folded statement's row for signed_in_reading; answers (user, credential id)."""
    if found is None:
        return None
    user, credential_id, g.iz_folded = found
    return user, credential_id


@login_manager.unauthorized_handler
def _unauthorized() -> BaseResponse:
    if wants_json():
        response = jsonify(error="unauthorized", message="Sign in or send a valid Bearer token.")
        response.status_code = 401
        return response
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def _csrf_field() -> str:
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")


def init_app(app: Flask) -> None:
    """Wires who is asking into the app: CSRF for every cookie-authenticated write, the user in
    templates, and session or bearer-token loading for Flask-Login."""
    login_manager.login_view = "accounts.login"

    @app.before_request
    def _cookie_writes() -> None:
        # A browser's form posts and other writes: never a page view, never a Bearer client.
        if request.method in ("GET", "HEAD", "OPTIONS") or bearer_token():
            return
        if app.config["SESSION_COOKIE_NAME"] not in request.cookies:
            return
        csrf.protect()
        # Remember the language they write in, for their mail: not on a page view, whose hot
        # path it would cost a statement; not for a Bearer client, whose Accept-Language is a
        # script's. Before the view: the user was just read with the credential, so comparing
        # costs nothing.
        user = current_user._get_current_object()
        if user.is_authenticated:
            services.remember_language(user, browser_locale())

    @app.before_request
    def _reuse_csrf_token() -> None:
        pair = session.get(CSRF_PAIR)
        if pair and pair[0] == session.get(_csrf_field()):
            setattr(g, _csrf_field(), pair[1])  # where generate_csrf looks first

    @app.after_request
    def _keep_csrf_token(response: Response) -> Response:
        token, raw = g.get(_csrf_field()), session.get(_csrf_field())
        if token and raw and session.get(CSRF_PAIR) != [raw, token]:
            session[CSRF_PAIR] = [raw, token]
        return response

    @app.context_processor
    def _inject_user() -> dict[str, Any]:
        return {"current_user": current_user}
