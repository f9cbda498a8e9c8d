"""Domain errors, raised by services and mapped once to JSON, HTML pages and Socket.IO acks.

A message is a lazy gettext string (`_l("No user '%(name)s'.", name=...)`): it is put into words
only where it is shown, so one raise reads Dutch on a Dutch reader's page or chat and English in
the JSON API (error_handlers renders it under `force_locale("en")`).
"""

from __future__ import annotations

from typing import Any

from flask_babel import LazyString, force_locale
from flask_babel import lazy_gettext as _l


class DomainError(Exception):
    """What services raise for a refusal the user can act on; the error handlers turn it into the
    same JSON or HTML answer everywhere, with its status, never a 500."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str | LazyString, code: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.extra = extra

    def text(self) -> str:
        """The message in the current locale: what a flash, form error or chat ack shows."""
        return str(self.message)

    def payload(self) -> dict[str, Any]:
        """The error body of the API contract: a stable code, a readable message (rendered in the
        current locale) and any details (field, current revision, retry_after)."""
        return {"error": self.code, "message": self.text(), **self.extra}


class ValidationError(DomainError):
    """Bad input (400), naming the field when one is at fault."""

    status, code = 400, "invalid"


class Unauthorized(DomainError):
    """Not signed in, or wrong credentials (401)."""

    status, code = 401, "unauthorized"


class Forbidden(DomainError):
    """Signed in and allowed to see the object, but not to do this to it (403)."""

    status, code = 403, "forbidden"


class NotFound(DomainError):
    """Missing, or not readable by this user: the same 404, so existence does not leak."""

    status, code = 404, "not_found"


class Conflict(DomainError):
    """The request clashes with the current state (a taken name, an edit someone else saved
    first); 409 with what the client needs to resolve it."""

    status, code = 409, "conflict"


class TooLarge(DomainError):
    """Input above a size limit (413), with the limit in the message."""

    status, code = 413, "too_large"


class RateLimited(DomainError):
    """Too many attempts (429); retry_after tells the client when to try again."""

    status, code = 429, "rate_limited"


class Unavailable(DomainError):
    """The database is out of reach: a clear 503 at once, and the next request tries again."""

    status, code = 503, "unavailable"


DATABASE_UNAVAILABLE = _l("The database cannot be reached right now; try again in a moment.")
INTERNAL = _l("Something went wrong on our side.")


def ack_error(error: DomainError, locale: str = "en") -> dict[str, Any]:
    """The Socket.IO acknowledgement shape for a failed event, its message in `locale`: the chat
    page shows it to the person, so a browser socket passes the reader's language (see
    `socket_auth.language`); the `code` is the contract's in every language."""
    with force_locale(locale):
        return {"ok": False, **error.payload()}
