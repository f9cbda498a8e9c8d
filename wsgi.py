"""WSGI entry for tools that want an `app` object; `innovationzone serve` is the real server."""

from innovationzone.app import create_app

app = create_app()
