"""The `next` target after login: a local path only, or an open redirect hands out phishing links."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str = "/") -> str:
    """The `next` target only when it stays on this site (a path, not `//host` or a backslash trick), so a
    login link cannot redirect users to a phishing page."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return default  # browsers read `/\host` as `//host`
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
