"""The first-admin setup link: printed by `serve` while no admin exists, valid once.

The token sits in IZ_DATA_DIR (mode 0600) rather than the database so every process on the
machine prints the same link and a restart does not invalidate one already handed out.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from flask import current_app


def _path() -> Path:
    return Path(current_app.config["IZ_DATA_DIR"]) / "setup-token"


def setup_token() -> str:
    """The one-time token of the first-admin link, created atomically (O_EXCL) so two processes
    starting together print the same link."""
    path = _path()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    token = secrets.token_urlsafe(24)
    with os.fdopen(fd, "w") as fh:
        fh.write(token)
    return token


def check_setup_token(candidate: str) -> bool:
    """Compares in constant time, so the token cannot be guessed byte by byte from response
    times."""
    path = _path()
    if not path.exists():
        return False
    return hmac.compare_digest(path.read_text().strip(), candidate or "")


def discard_setup_token() -> None:
    """Removes the token once the first admin exists: the setup link works only once."""
    _path().unlink(missing_ok=True)
