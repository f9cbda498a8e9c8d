"""Maps DomainError and HTTP errors once: JSON below /api/, an HTML page everywhere else."""

from __future__ import annotations

import logging
import math

from flask import Flask, Response, g, jsonify, make_response, render_template
from flask.typing import ResponseReturnValue
from flask_babel import LazyString, force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from innovationzone.accounts.auth import wants_json
from innovationzone.db import discard_failed_transaction
from innovationzone.errors import DATABASE_UNAVAILABLE, INTERNAL, DomainError
from innovationzone.extensions import login_manager

log = logging.getLogger(__name__)

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
    503: "unavailable",
}
# HTML pages say it in the reader's language; werkzeug's descriptions are English prose. The JSON
# API keeps its English messages for integrators, and domain errors keep theirs everywhere.
PAGE_MESSAGES = {
    400: _l("The request was not understood."),
    401: _l("Sign in to see this page."),
    403: _l("You are not allowed to do this."),
    404: _l("This page does not exist, or you cannot see it."),
    405: _l("That is not possible here."),
    413: _l("That is too large."),
    429: _l("Too many attempts: wait a moment and try again."),
    503: _l("The service is briefly unavailable; try again in a moment."),
}

# Statuses whose domain message says nothing the page's own wording does not (a 400 or 409
# explains what to fix, and is shown as it is).
GENERIC = {401, 403, 404, 413, 429}


def _respond(
    status: int,
    code: str,
    message: str | LazyString,
    extra: dict | None = None,
    page_message: LazyString | None = None,
) -> Response:
    if wants_json():
        # The site's own pages call the API too (an image pasted into the editor) and show its
        # refusal to a person: `user_message` says it in their language. Werkzeug's English
        # prose has no translation; the page's wording for its status stands in for it.
        shown = str(message if isinstance(message, LazyString) else page_message or message)
        with force_locale("en"):  # a lazy message renders as its English source
            response = jsonify(
                {"error": code, "message": str(message), "user_message": shown, **(extra or {})}
            )
        response.status_code = status
        return response
    page = render_template("errors/error.html", status=status, message=str(page_message or message))
    return make_response(page, status)


def _forget_database_state() -> None:
    """Nothing more may touch the database in this request: drop the failed transaction and
    answer as an anonymous visitor (loading the user would fail again)."""
    discard_failed_transaction()
    g._login_user = login_manager.anonymous_user()


def register(app: Flask) -> None:
    """Map domain errors once to HTML pages, JSON bodies (`{error, message}`) and status codes, so
    no handler formats its own."""

    @app.errorhandler(DomainError)
    def _domain(error: DomainError) -> ResponseReturnValue:
        # "Not found." and friends are the API's English; a page says it in the reader's language
        response = make_response(
            _respond(
                error.status,
                error.code,
                error.message,
                error.extra,
                page_message=PAGE_MESSAGES.get(error.status) if error.status in GENERIC else None,
            )
        )
        retry_after = error.extra.get("retry_after")
        if retry_after is not None:  # RFC 9110: whole seconds, so clients need not read the body
            response.headers["Retry-After"] = str(max(1, math.ceil(retry_after)))
        return response

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> ResponseReturnValue:
        return _respond(
            400,
            "csrf",
            _l("The form expired or was not sent from this site; reload and try again."),
        )

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> ResponseReturnValue:
        status = error.code or 500
        return _respond(
            status,
            HTTP_CODES.get(status, "error"),
            error.description or error.name,
            page_message=PAGE_MESSAGES.get(status),
        )

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def _database_unavailable(error: Exception) -> ResponseReturnValue:
        # The pool drops the broken connections (db.install_postgres_ping checks idle ones), so the
        # service recovers by itself once the database is back.
        log.warning("database unavailable: %s", error)
        _forget_database_state()
        if wants_json():
            response = _respond(503, "unavailable", DATABASE_UNAVAILABLE)
        else:
            page = render_template("errors/unavailable.html", message=PAGE_MESSAGES[503])
            response = make_response(page, 503)
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> ResponseReturnValue:
        log.exception("unhandled error")
        return _respond(500, "internal", INTERNAL)
