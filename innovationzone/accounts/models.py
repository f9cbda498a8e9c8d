from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from innovationzone.db import utcnow
from innovationzone.extensions import Model


class User(UserMixin, Model):
    """A person who signs in; deactivation keeps their content and authorship but refuses every
    sign-in."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    department: Mapped[str] = mapped_column(String(80), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(8), nullable=True)
    # The language the site was last shown in to this person without a profile choice (their
    # browser's, or this browser's switch): mail follows it while `locale` is empty. Set on
    # sign-in and form posts when it changes (accounts.services.remember_language).
    last_locale: Mapped[str | None] = mapped_column(String(8), nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    # off | instant | daily: how notifications reach this person by e-mail (daily by default,
    # so someone who is not signed in still hears of a mention without being flooded).
    email_pref: Mapped[str] = mapped_column(String(10), default="daily", server_default="daily")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        """Flask-Login refuses inactive users, so a deactivated account's old sessions stop
        working."""
        return self.active

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session, as text."""
        return str(self.id)

    def to_dict(self) -> dict:
        """The user as the API shows it to signed-in colleagues; never the password hash."""
        return {
            "username": self.username,
            "display_name": self.display_name,
            "department": self.department,
            "is_admin": self.is_admin,
            "email": self.email,
        }


class LoginSession(Model):
    """A browser login kept server-side, so logging out really ends it (and its sockets)."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(255), default="")

    user: Mapped[User] = relationship()


class ApiToken(Model):
    """A bearer token; only its SHA-256 is stored, so a database leak leaks no credentials."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    user: Mapped[User] = relationship()
