"""Accounts: creating people, checking passwords (throttled), profiles and deactivation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, func, select

from innovationzone import validation
from innovationzone.accounts import credential_services
from innovationzone.accounts.models import LoginFailure, User
from innovationzone.accounts.passwords import dummy_verify, hash_password, verify_password
from innovationzone.db import utcnow, write_transaction
from innovationzone.errors import Conflict, Forbidden, NotFound, RateLimited, Unauthorized
from innovationzone.extensions import db

LOCALES = ("en", "nl")
EMAIL_PREFS = ("off", "instant", "daily")


def get_user(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username.lower()))
    if user is None:
        raise NotFound(f"No user '{username}'.")
    return user


def admin_exists() -> bool:
    return db.session.scalar(select(func.count()).select_from(User).where(User.is_admin)) > 0


def create_user(actor: User | None, data: Mapping[str, Any]) -> User:
    """Admins create accounts; `actor=None` is the command line or first-admin setup."""
    if actor is not None and not actor.is_admin:
        raise Forbidden("Only admins create accounts.")
    username = validation.username(validation.text(data, "username", max_len=32))
    password = validation.password(validation.text(data, "password", max_len=1024, strip=False))
    display_name = validation.text(data, "display_name", required=False, max_len=80) or username
    department = validation.text(data, "department", required=False, max_len=80)
    is_admin = validation.flag(data, "is_admin")
    email = validation.email(data)
    password_hash = hash_password(password)  # slow on purpose: outside the write lock
    with write_transaction() as session:
        if session.scalar(select(User.id).where(User.username == username)):
            raise Conflict(f"The username '{username}' is taken.", code="duplicate")
        user = User(
            username=username,
            display_name=display_name,
            department=department,
            is_admin=is_admin,
            email=email,
            password_hash=password_hash,
        )
        session.add(user)
    return user


def _throttle_limits() -> dict[str, int]:
    return current_app.config["LOGIN_THROTTLE"]


def check_throttle(username: str, address: str) -> None:
    limits = _throttle_limits()
    since = utcnow() - timedelta(seconds=limits["window_seconds"])
    recent = select(func.count()).select_from(LoginFailure).where(LoginFailure.at >= since)
    by_user = db.session.scalar(recent.where(LoginFailure.username == username.lower()))
    by_address = db.session.scalar(recent.where(LoginFailure.address == address))
    if by_user >= limits["per_user"] or by_address >= limits["per_address"]:
        minutes = limits["window_seconds"] // 60
        raise RateLimited(f"Too many failed sign-in attempts. Try again in {minutes} minutes.")


def authenticate(username: str, password: str, address: str) -> User:
    """The user for a correct password; a failed attempt counts towards the throttle."""
    username = (username or "").strip().lower()
    check_throttle(username, address)
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        dummy_verify()
        ok = False
    else:
        ok = verify_password(user.password_hash, password or "")
    if not ok or not user.active:
        since = utcnow() - timedelta(seconds=_throttle_limits()["window_seconds"])
        with write_transaction() as session:
            session.execute(delete(LoginFailure).where(LoginFailure.at < since))
            session.add(LoginFailure(username=username[:64], address=address[:64]))
        raise Unauthorized("Wrong username or password.", code="invalid_credentials")
    with write_transaction() as session:
        session.execute(delete(LoginFailure).where(LoginFailure.username == username))
    return user


def update_profile(user: User, data: Mapping[str, Any]) -> User:
    display_name = validation.text(data, "display_name", max_len=80)
    department = validation.text(data, "department", required=False, max_len=80)
    locale = data.get("locale") or None
    if locale is not None:
        validation.choice(data, "locale", LOCALES)
    with write_transaction():
        user.display_name = display_name
        user.department = department
        user.locale = locale
    return user


def update_me(user: User, data: Mapping[str, Any]) -> User:
    """The API's partial profile update: only the fields present change."""
    display_name = (
        validation.text(data, "display_name", max_len=80)
        if "display_name" in data
        else user.display_name
    )
    department = (
        validation.text(data, "department", required=False, max_len=80)
        if "department" in data
        else user.department
    )
    email = validation.email(data) if "email" in data else user.email
    with write_transaction():
        user.display_name, user.department, user.email = display_name, department, email
    return user


def preferences(user: User) -> dict[str, Any]:
    """`language` is null while the browser's Accept-Language decides."""
    return {"email": user.email_pref, "language": user.locale}


def update_preferences(user: User, data: Mapping[str, Any]) -> dict[str, Any]:
    email_pref = (
        validation.choice(data, "email", EMAIL_PREFS) if "email" in data else user.email_pref
    )
    locale = user.locale
    if "language" in data:
        locale = None if data["language"] is None else validation.choice(data, "language", LOCALES)
    with write_transaction():
        user.email_pref, user.locale = email_pref, locale
    return preferences(user)


def change_password(
    user: User,
    data: Mapping[str, Any],
    *,
    login_session_id: int | None = None,
    token_id: int | None = None,
) -> None:
    """A new password resets trust: every sign-in but the one making the change ends (login
    sessions, API tokens and their sockets), so a stolen cookie or token does not survive it."""
    current = validation.text(data, "current", max_len=1024, strip=False)
    new = validation.password(validation.text(data, "new", max_len=1024, strip=False))
    if not verify_password(user.password_hash, current):
        raise Forbidden("The current password is not right.", field="current")
    new_hash = hash_password(new)  # slow on purpose: outside the write lock
    with write_transaction():
        user.password_hash = new_hash
        credential_services.end_all_but(user, login_session_id=login_session_id, token_id=token_id)


def set_active(actor: User, username: str, active: bool) -> User:
    if not actor.is_admin:
        raise Forbidden("Only admins deactivate accounts.")
    user = get_user(username)
    with write_transaction():
        user.active = active
        if not active:  # every sign-in ends: reactivating must not bring back a stolen token
            credential_services.end_all_but(user)
    return user


def users_named(usernames: Iterable[str]) -> list[User]:
    """The accounts behind @mentions, matched case-insensitively; unknown names are dropped."""
    names = {name.lower() for name in usernames}
    if not names:
        return []
    return list(db.session.scalars(select(User).where(User.username.in_(names))))
