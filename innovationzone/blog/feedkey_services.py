"""Feed keys: feed readers cannot sign in, so a private feed carries a secret in its URL.

One key per person opens every feed they may read; only its SHA-256 is stored, and making a
new one (or turning feeds off) revokes every URL handed out before.
"""

from __future__ import annotations

import secrets

from sqlalchemy import delete, select

from innovationzone.accounts.credential_services import digest
from innovationzone.accounts.models import User
from innovationzone.blog.models import FeedKey
from innovationzone.db import write_transaction
from innovationzone.extensions import db

PREFIX = "izf_"


def new_feed_key(user: User) -> str:
    """Replaces the person's key; the secret is shown once."""
    secret = PREFIX + secrets.token_urlsafe(24)
    with write_transaction() as session:
        session.execute(delete(FeedKey).where(FeedKey.user_id == user.id))
        session.add(FeedKey(user_id=user.id, key_hash=digest(secret)))
    return secret


def revoke_feed_key(user: User) -> None:
    """Deletes the person's feed key, so every feed link carrying it stops working."""
    with write_transaction() as session:
        session.execute(delete(FeedKey).where(FeedKey.user_id == user.id))


def has_feed_key(user: User) -> bool:
    """Whether the person page should offer 'revoke'; the secret itself is never kept."""
    return db.session.get(FeedKey, user.id) is not None


def user_for_feed_key(secret: str) -> User | None:
    """The active owner of a feed key, or None: a deactivated person's feed links stop working
    too."""
    key = db.session.scalar(select(FeedKey).where(FeedKey.key_hash == digest(secret)))
    if key is None:
        return None
    user = db.session.get(User, key.user_id)
    return user if user is not None and user.active else None
