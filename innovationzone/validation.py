"""Small input checks shared by services, each failing with a ValidationError that says what is wrong."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from innovationzone.errors import ValidationError

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$")
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
# Deliberately loose (one @, a dot in the domain, no spaces or angle brackets): the mail server
# is the real judge, this only keeps typos and header injection out.
EMAIL_RE = re.compile(r"^[^@\s<>,;\\\"]+@[^@\s<>,;\\\"]+\.[^@\s<>,;\\\".]+$")


def text(
    data: Mapping[str, Any],
    name: str,
    *,
    required: bool = True,
    max_len: int = 200,
    default: str = "",
    strip: bool = True,
) -> str:
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip() and strip):
        if required:
            raise ValidationError(f"'{name}' is required.", field=name)
        return default
    if not isinstance(value, str):
        raise ValidationError(f"'{name}' must be a string.", field=name)
    value = value.strip() if strip else value
    if len(value) > max_len:
        raise ValidationError(f"'{name}' is longer than {max_len} characters.", field=name)
    return value


def choice(
    data: Mapping[str, Any], name: str, options: tuple[str, ...], default: str | None = None
) -> str:
    value = data.get(name, default)
    if value not in options:
        raise ValidationError(f"'{name}' must be one of: {', '.join(options)}.", field=name)
    return value


def flag(data: Mapping[str, Any], name: str, default: bool = False) -> bool:
    value = data.get(name, default)
    if not isinstance(value, bool):
        raise ValidationError(f"'{name}' must be true or false.", field=name)
    return value


def slug(value: str, what: str = "slug") -> str:
    if not SLUG_RE.match(value):
        raise ValidationError(
            f"'{what}' must be 1-50 lowercase letters, digits or dashes, not starting or ending with a dash.",
            field=what,
        )
    return value


def username(value: str) -> str:
    value = value.lower()
    if not USERNAME_RE.match(value):
        raise ValidationError(
            "Usernames are 2-32 characters: lowercase letters, digits, '.', '_' or '-'.",
            field="username",
        )
    return value


def password(value: str) -> str:
    if len(value) < 8:
        raise ValidationError("Passwords need at least 8 characters.", field="password")
    return value


def email(data: Mapping[str, Any], name: str = "email") -> str | None:
    """An e-mail address, or None when left empty (no mail for this person)."""
    value = text(data, name, required=False, max_len=254)
    if not value:
        return None
    if not EMAIL_RE.fullmatch(value):
        raise ValidationError(f"'{name}' is not an e-mail address.", field=name)
    return value
