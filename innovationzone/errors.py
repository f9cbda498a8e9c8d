"""Domain errors, raised by services and mapped once to JSON, HTML pages and Socket.IO acks."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, code: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.extra = extra

    def payload(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, **self.extra}


class ValidationError(DomainError):
    status, code = 400, "invalid"


class Unauthorized(DomainError):
    status, code = 401, "unauthorized"


class Forbidden(DomainError):
    status, code = 403, "forbidden"


class NotFound(DomainError):
    status, code = 404, "not_found"


class Conflict(DomainError):
    status, code = 409, "conflict"


class TooLarge(DomainError):
    status, code = 413, "too_large"


class RateLimited(DomainError):
    status, code = 429, "rate_limited"


class Unavailable(DomainError):
    """The database is out of reach: a clear 503 at once, and the next request tries again."""

    status, code = 503, "unavailable"


DATABASE_UNAVAILABLE = "The database cannot be reached right now; try again in a moment."


def ack_error(error: DomainError) -> dict[str, Any]:
    """The Socket.IO acknowledgement shape for a failed event."""
    return {"ok": False, **error.payload()}
