"""Accounts: creating people, checking passwords (throttled), profiles and deactivation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from innovationzone import hooks, validation
from innovationzone.accounts import credential_services, throttle
from innovationzone.accounts.models import User
from innovationzone.accounts.passwords import dummy_verify, hash_password, verify_password
from innovationzone.db import write_transaction
from innovationzone.errors import Conflict, Forbidden, NotFound, Unauthorized
from innovationzone.extensions import db
from innovationzone.pagination import Page, keyset

LOCALES = ("en", "nl")
EMAIL_PREFS = ("off", "instant", "daily")


def get_user(username: str) -> User:
    """Looks up a username case-insensitively (usernames are stored lower-case); NotFound names
    the missing user."""
    user = db.session.scalar(select(User).where(User.username == username.lower()))
    if user is None:
        raise NotFound(_l("No user '%(username)s'.", username=username))
    return user


def admin_exists() -> bool:
    """Whether setup is done: the first-admin page and its token only work while no admin exists."""
    return db.session.scalar(select(User.id).where(User.is_admin).limit(1)) is not None


def create_user(actor: User | None, data: Mapping[str, Any]) -> User:
    """Admins create accounts; `actor=None` is the command line or first-admin setup."""
    if actor is not None and not actor.is_admin:
        raise Forbidden(_l("Only admins create accounts."))
    username = validation.username(validation.text(data, "username", max_len=32))
    password = validation.password(validation.text(data, "password", max_len=1024, strip=False))
    display_name = validation.text(data, "display_name", required=False, max_len=80) or username
    department = validation.text(data, "department", required=False, max_len=80)
    is_admin = validation.flag(data, "is_admin")
    email = validation.email(data)
    password_hash = hash_password(password)  # slow on purpose: outside the write lock
    with write_transaction() as session:
        if session.scalar(select(User.id).where(User.username == username)):
            raise Conflict(
                _l("The username '%(username)s' is taken.", username=username), code="duplicate"
            )
        user = User(
            username=username,
            display_name=display_name,
            department=department,
            is_admin=is_admin,
            email=email,
            password_hash=password_hash,
        )
        session.add(user)
        if actor is not None:
            audit(actor, "user.created", username, "admin" if is_admin else "")
    return user


def authenticate(username: str, password: str, address: str) -> User:
    """The user for a correct password; a failed attempt counts towards the throttle."""
    username = (username or "").strip().lower()
    throttle.check(username, address)
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        dummy_verify()
        ok = False
    else:
        ok = verify_password(user.password_hash, password or "")
    if user is None or not ok or not user.active:
        throttle.failed(username, address)
        raise Unauthorized(_l("Wrong username or password."), code="invalid_credentials")
    throttle.succeeded(username, address)
    return user


def update_profile(user: User, data: Mapping[str, Any]) -> User:
    """Changes the profile fields present in `data` (the profile form sends them all, the API
    only what it names), validated together and written in one transaction."""
    checks = {
        "display_name": lambda: validation.text(data, "display_name", max_len=80),
        "department": lambda: validation.text(data, "department", required=False, max_len=80),
        "email": lambda: validation.email(data),
        "email_pref": lambda: validation.choice(data, "email_pref", EMAIL_PREFS),
        "locale": lambda: validation.choice(data, "locale", LOCALES) if data["locale"] else None,
    }
    changes = {name: check() for name, check in checks.items() if name in data}
    with write_transaction():
        for name, value in changes.items():
            setattr(user, name, value)
    return user


def remember_language(user: User, code: str) -> None:
    """Keeps the language `user` was last shown the site in, which their mail follows while
    their profile names none. Written only when it changed: a form post in the same language as
    before costs no statement."""
    if user.last_locale == code:
        return
    with write_transaction(expire=False) as session:
        # On the connection, not through the ORM: no cached page shows this column, so it must
        # not count as a change to people (wiki.view_versions would re-render every page).
        session.connection().execute(
            update(User).where(User.id == user.id).values(last_locale=code)
        )
    set_committed_value(user, "last_locale", code)


def update_me(user: User, data: Mapping[str, Any]) -> User:
    """PATCH /me: only the contract's fields."""
    fields = ("display_name", "department", "email")
    return update_profile(user, {name: data[name] for name in fields if name in data})


def preferences(user: User) -> dict[str, Any]:
    """`language` is null while the browser's Accept-Language decides."""
    return {"email": user.email_pref, "language": user.locale}


def update_preferences(user: User, data: Mapping[str, Any]) -> dict[str, Any]:
    """PATCH /me/preferences, checked in the API's own words (`email`, `language`)."""
    changes: dict[str, Any] = {}
    if "email" in data:
        changes["email_pref"] = validation.choice(data, "email", EMAIL_PREFS)
    if "language" in data:
        language = data["language"]
        changes["locale"] = (
            None if language is None else validation.choice(data, "language", LOCALES)
        )
    update_profile(user, changes)
    return preferences(user)


def unsubscribe(user_id: int) -> bool:
    """The signed link in a mail: e-mail off, without signing in. False for no such person."""
    with write_transaction() as session:
        user = session.get(User, user_id)
        if user is None:
            return False
        user.email_pref = "off"
    return True


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
        raise Forbidden(_l("The current password is not right."), field="current")
    new_hash = hash_password(new)  # slow on purpose: outside the write lock
    with write_transaction():
        user.password_hash = new_hash
        credential_services.end_all_but(user, login_session_id=login_session_id, token_id=token_id)


def set_active(actor: User, username: str, active: bool) -> User:
    """Admins (de)activate accounts; deactivating also ends every session and token, so
    reactivating cannot revive a stolen credential. Audited."""
    if not actor.is_admin:
        raise Forbidden(_l("Only admins deactivate accounts."))
    user = get_user(username)
    with write_transaction():
        user.active = active
        if not active:  # every sign-in ends: reactivating must not bring back a stolen token
            credential_services.end_all_but(user)
        audit(actor, "user.activated" if active else "user.deactivated", user.username)
    return user


def audit(actor: User | None, action: str, target: str, detail: str = "") -> None:
    """Call inside the write transaction of an admin's or curator's action: the audit log
    (admin.audit answers the hook) then commits or rolls back with the action itself."""
    hooks.call("audit", actor=actor, action=action, target=target, detail=detail)


def users_page(*, limit: int, cursor: str | None = None) -> Page[User]:
    """Every account by username, a page at a time, for the admins' list of people (the view
    checks the admin right: accounts sits below permissions)."""
    return keyset(
        select(User), (User.username, User.id), limit=limit, cursor=cursor, descending=False
    )


def users_named(usernames: Iterable[str]) -> list[User]:
    """The accounts behind @mentions, matched case-insensitively; unknown names are dropped."""
    names = {name.lower() for name in usernames}
    if not names:
        return []
    return list(db.session.scalars(select(User).where(User.username.in_(names))))
