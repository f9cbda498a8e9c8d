"""Domain errors, raised by services and mapped once to JSON, HTML pages and Socket.IO acks."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """What services raise for a refusal the user can act on; the error handlers turn it into the
    same JSON or HTML answer everywhere, with its status, never a 500."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, code: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.extra = extra

    def payload(self) -> dict[str, Any]:
        """The error body of the API contract: a stable code, a readable message and any details
        (field, current revision, retry_after)."""
        return {"error": self.code, "message": self.message, **self.extra}


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


DATABASE_UNAVAILABLE = "The database cannot be reached right now; try again in a moment."


def ack_error(error: DomainError) -> dict[str, Any]:
    """The Socket.IO acknowledgement shape for a failed event."""
    return {"ok": False, **error.payload()}
