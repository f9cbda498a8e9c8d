"""Maps DomainError and HTTP errors once: JSON below /api/, an HTML page everywhere else."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .auth import wants_json
from .errors import DomainError

log = logging.getLogger(__name__)

HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
    429: "rate_limited",
}


def _respond(status: int, code: str, message: str, extra: dict | None = None):
    if wants_json():
        response = jsonify({"error": code, "message": message, **(extra or {})})
        response.status_code = status
        return response
    return render_template("errors/error.html", status=status, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(error: DomainError):
        return _respond(error.status, error.code, error.message, error.extra)

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        return _respond(400, "csrf", "The form expired or was not sent from this site; reload and try again.")

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        status = error.code or 500
        return _respond(status, HTTP_CODES.get(status, "error"), error.description or error.name)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("unhandled error")
        return _respond(500, "internal", "Something went wrong on our side.")
