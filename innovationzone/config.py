"""Configuration from the IZ_* environment variables of shared/CONTRACT.md, and nothing else.

Tests and embedders pass a mapping to create_app(); it overrides what the environment says.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from innovationzone import proxies

ASYNC_MODES = ("eventlet", "threading")
SEARCH_BACKENDS = ("sqlite", "whoosh", "postgres")


def normalise_database_url(url: str) -> str:
    """Plain `postgresql://` URLs must work; SQLAlchemy would pick psycopg2, we ship psycopg 3."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _secret_key(data_dir: Path) -> str:
    """Generated once and kept, so sessions survive restarts without anyone configuring a key."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def load_config(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The configuration from the IZ_* environment variables of the contract, with `overrides`
    (tests) winning; paths resolved once."""
    env = os.environ
    overrides = dict(overrides or {})
    data_dir = Path(overrides.pop("IZ_DATA_DIR", None) or env.get("IZ_DATA_DIR") or "instance")
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)

    database_url = normalise_database_url(
        overrides.pop("IZ_DATABASE_URL", None)
        or env.get("IZ_DATABASE_URL")
        or f"sqlite:///{data_dir / 'innovationzone.db'}"
    )
    is_postgres = database_url.startswith("postgresql")
    async_mode = overrides.pop("IZ_ASYNC_MODE", None) or env.get("IZ_ASYNC_MODE") or "eventlet"
    if async_mode not in ASYNC_MODES:
        raise ValueError(f"IZ_ASYNC_MODE must be one of {ASYNC_MODES}, not {async_mode!r}")
    search_backend = (
        overrides.pop("IZ_SEARCH_BACKEND", None)
        or env.get("IZ_SEARCH_BACKEND")
        or ("postgres" if is_postgres else "sqlite")
    )
    if search_backend not in SEARCH_BACKENDS:
        raise ValueError(f"IZ_SEARCH_BACKEND must be one of {SEARCH_BACKENDS}")
    if search_backend == "sqlite" and is_postgres:
        raise ValueError(
            "IZ_SEARCH_BACKEND=sqlite keeps its index in the SQLite database: use postgres"
        )
    origins = overrides.pop("IZ_ALLOWED_ORIGINS", None) or env.get("IZ_ALLOWED_ORIGINS")
    if isinstance(origins, str):
        origins = [o.strip().rstrip("/") for o in origins.split(",") if o.strip()]

    smtp_url = overrides.pop("IZ_SMTP_URL", None) or env.get("IZ_SMTP_URL") or None
    if smtp_url is not None and not smtp_url.startswith(("smtp://", "smtps://")):
        raise ValueError("IZ_SMTP_URL must start with smtp:// or smtps://")
    base_url = overrides.pop("IZ_BASE_URL", None) or env.get("IZ_BASE_URL") or None

    config: dict[str, Any] = {
        "IZ_DATA_DIR": str(data_dir),
        # None: no mail at all (nothing queued, nothing fails).
        "IZ_SMTP_URL": smtp_url,
        "IZ_MAIL_FROM": overrides.pop("IZ_MAIL_FROM", None)
        or env.get("IZ_MAIL_FROM")
        or "innovationzone@localhost",
        # None: the origin of the request being served (mails composed outside one say localhost).
        "IZ_BASE_URL": base_url.rstrip("/") if base_url else None,
        "IZ_DATABASE_URL": database_url,
        "IZ_MESSAGE_QUEUE": overrides.pop("IZ_MESSAGE_QUEUE", None) or env.get("IZ_MESSAGE_QUEUE"),
        # Peers whose X-Forwarded-For/-Proto are believed (addresses or networks); none by default.
        "IZ_TRUSTED_PROXIES": proxies.parse(
            overrides.pop("IZ_TRUSTED_PROXIES", None) or env.get("IZ_TRUSTED_PROXIES")
        ),
        "IZ_SEARCH_BACKEND": search_backend,
        "IZ_ASYNC_MODE": async_mode,
        # None means "the server's own origin" (Engine.IO compares Origin with Host).
        "IZ_ALLOWED_ORIGINS": origins or None,
        "SECRET_KEY": overrides.pop("IZ_SECRET_KEY", None)
        or env.get("IZ_SECRET_KEY")
        or _secret_key(data_dir),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # CSRF is enforced in app.py for cookie-authenticated writes only (Bearer tokens are exempt).
        "WTF_CSRF_CHECK_DEFAULT": False,
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "en",
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        # argon2id at OWASP's minimum or above; tests may lower it through overrides.
        "PASSWORD_HASH": {"time_cost": 2, "memory_cost": 19456, "parallelism": 1},
        # Failed sign-ins per (account, address): slow down, then refuse; and per address.
        "LOGIN_THROTTLE": {"pair": "5 per minute; 20 per hour", "address": "100 per hour"},
        "MARKDOWN_TIMEOUT": 2.0,
        "MARKDOWN_MAX_CHARS": 1_000_000,
        # An open question nobody answered escalates to the topic owner and curators after this.
        "QUESTION_ESCALATION_DAYS": 3,
        # A mail the SMTP server refused is tried again after 30 s, 1, 2, 4 ... minutes, at most
        # an hour apart, MAIL_MAX_ATTEMPTS times in all (then it stays in the outbox, with why).
        "MAIL_RETRY_SECONDS": 30.0,
        "MAIL_MAX_ATTEMPTS": 12,
    }
    config.update(overrides)
    return config
