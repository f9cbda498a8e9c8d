"""X-Forwarded-* believed only from the proxies named in IZ_TRUSTED_PROXIES.

Behind the proxy the README recommends, every request comes from the proxy's address: the
login throttle would count everyone as one source, and request.is_secure would never be true.
Werkzeug's ProxyFix takes the client address and scheme from the headers the proxy adds, but
only when the direct peer is a trusted proxy; anyone else sending X-Forwarded-For is ignored,
so a client cannot pick the address it is counted under.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import TYPE_CHECKING

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse(value: str | Iterable[str] | None) -> list[Network]:
    """ "10.0.0.1, 10.1.0.0/16" -> networks; a wrong entry fails at start, not per request."""
    if not value:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [ipaddress.ip_network(item.strip(), strict=False) for item in items if item.strip()]


class TrustedProxies:
    """WSGI middleware: ProxyFix (one hop) for requests whose peer is a trusted proxy."""

    def __init__(self, app: WSGIApplication, networks: list[Network]) -> None:
        self.app, self.networks = app, networks
        self.fixed = ProxyFix(app, x_for=1, x_proto=1, x_host=1, x_port=1)

    def _trusted(self, peer: str | None) -> bool:
        try:
            address = ipaddress.ip_address(peer or "")
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Believes X-Forwarded-* only from a trusted proxy's address; anyone else's headers are
        ignored, so a client cannot spoof its IP (the login throttle counts per address)."""
        if self._trusted(environ.get("REMOTE_ADDR")):
            return self.fixed(environ, start_response)
        return self.app(environ, start_response)


def init_app(app: Flask) -> None:
    """Wraps the outermost WSGI app (Socket.IO's included), so sockets see the same client."""
    networks = app.config["IZ_TRUSTED_PROXIES"]
    if networks:
        app.wsgi_app = TrustedProxies(app.wsgi_app, networks)  # type: ignore[method-assign]  # Flask's middleware idiom
