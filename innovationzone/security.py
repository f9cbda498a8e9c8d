"""Headers every response carries: no inline script, no framing, no MIME sniffing."""

from __future__ import annotations

from flask import Flask, Request, Response, has_request_context, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from flask_login import current_user

from innovationzone.http_cache import add_vary

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        # 'self' covers same-origin ws:/wss: too (CSP 3): no WebSocket to any other host.
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# Pages and API answers for a signed-in person hold what others may not see: no shared cache may
# keep them, and the browser asks again each time (its ETag makes that cheap).
PRIVATE = "private, no-cache"

# Added to every response that does not set its own.
FIXED_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
)

_FIXED = tuple((name.lower(), name, value) for name, value in FIXED_HEADERS)


class SessionInterface(SecureCookieSessionInterface):
    """The session cookie is `Secure` whenever the request came over HTTPS (directly or through a
    trusted proxy's X-Forwarded-Proto), without a setting to forget; plain HTTP still works."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Marks the session cookie Secure whenever the request came over HTTPS (behind a trusted
        proxy too), even if the config did not say so."""
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """A request without the session cookie (an API client's Bearer request, a health check)
        starts with an empty session at once: building the signing serializer to read nothing
        cost about 2 % of a cached page view's CPU."""
        if app.secret_key and self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """An empty session nobody emptied (a Bearer request, a page for someone signed out)
        writes nothing: only the `Vary: Cookie` Flask adds is added, without first working out
        the seven cookie settings it would not use (~3 % of a cached page view's CPU)."""
        if not session and not session.modified:
            if session.accessed:
                add_vary(response.headers, "Cookie")
            return
        super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    """Security headers (CSP without inline script, no framing, no sniffing) and the server-side
    session interface."""
    app.session_interface = SessionInterface()

    @app.after_request
    def _headers(response: Response) -> Response:
        # The names present, read once: four setdefault calls scanned the headers four times.
        headers = response.headers
        present = {name.lower() for name, _value in headers}
        for lowered, name, value in _FIXED:
            if lowered not in present:
                headers.add(name, value)  # one by one: Headers.extend costs more for so few
        if "cache-control" not in present and request.endpoint != "static":
            if current_user.is_authenticated:
                headers.add("Cache-Control", PRIVATE)
        return response
