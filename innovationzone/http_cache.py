"""What lets browsers and proxies skip work: fingerprinted static assets cached for a year,
`ETag` + `304` on every successful GET, and compressed text responses.

Why a hash of the body for the ETag: it is right for every view without each view having to
know what its page depends on (the viewer's name, notifications, CSRF tokens...); a repeated
GET still runs the view, but nothing is sent when nothing changed. Why `?v=<content hash>` on
static URLs: the URL changes whenever the file does, so the file itself may be cached forever.
"""

from __future__ import annotations

import hashlib
import os

from flask import Flask, request
from flask import Response as FlaskResponse
from flask_compress import Compress
from werkzeug.datastructures import Headers
from werkzeug.wrappers import Response

IMMUTABLE = "public, max-age=31536000, immutable"
_hashes: dict[tuple[str, int], str] = {}


def static_version(folder: str, filename: str) -> str | None:
    """A short content hash of a static file (None if there is no such file), remembered per
    modification time so an edited file gets a new URL without a restart."""
    path = os.path.join(folder, filename)
    try:
        stamp = os.stat(path).st_mtime_ns
    except (OSError, ValueError):
        return None
    key = (path, stamp)
    if key not in _hashes:
        with open(path, "rb") as file:
            _hashes[key] = hashlib.sha256(file.read()).hexdigest()[:12]
    return _hashes[key]


def add_vary(headers: Headers, name: str) -> None:
    """Adds `name` to the response's `Vary` unless it is there: what `response.vary.add` does,
    as string work on the one header instead of parsing it into a set that writes itself back
    (the session's `Vary: Cookie` on every page view cost ~1 % of a cached view that way)."""
    vary = headers.get("Vary")
    if not vary:
        headers["Vary"] = name
    elif name.lower() not in (item.strip().lower() for item in vary.split(",")):
        headers["Vary"] = f"{vary}, {name}"


def init_app(app: Flask) -> None:
    # Compress first: after_request hooks run last-registered-first, so the ETag below is
    # computed on the plain body and Flask-Compress then marks it per encoding (`"…:gzip"`).
    """Compression and ETags for every response, so repeated page loads cost a 304 instead of a
    body."""
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIN_SIZE", 1000)
    app.config["COMPRESS_REGISTER"] = False  # registered below, in the same place
    compress = Compress(app)

    @app.after_request
    def _compress(response: FlaskResponse) -> FlaskResponse:
        # Compressed already (a cached wiki page, gzipped from its kept pieces): Flask-Compress
        # would only add its Vary, after choosing an encoding for nothing (~2 % of such a view).
        if "Content-Encoding" in response.headers:
            add_vary(response.headers, "Accept-Encoding")
            return response
        return compress.after_request(response)

    @app.url_defaults
    def _fingerprint(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = static_version(app.static_folder or "", values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def _validators(response: Response) -> Response:
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if request.endpoint == "static":
            version = request.args.get("v")
            filename = (request.view_args or {}).get("filename", "")
            if version and version == static_version(app.static_folder or "", filename):
                response.headers["Cache-Control"] = IMMUTABLE
            return response
        if response.direct_passthrough or response.is_streamed or "ETag" in response.headers:
            return response
        response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
        return response.make_conditional(request)
