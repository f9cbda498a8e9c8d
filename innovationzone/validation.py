"""Small input checks shared by services, each failing with a ValidationError that says what is wrong."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

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
    """A string field of a JSON body or form, stripped and bounded; missing or too long answers a
    400 naming the field."""
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip() and strip):
        if required:
            raise ValidationError(_l("'%(name)s' is required.", name=name), field=name)
        return default
    if not isinstance(value, str):
        raise ValidationError(_l("'%(name)s' must be a string.", name=name), field=name)
    value = value.strip() if strip else value
    if len(value) > max_len:
        raise ValidationError(
            _l("'%(name)s' is longer than %(max_len)s characters.", name=name, max_len=max_len),
            field=name,
        )
    return value


def choice(
    data: Mapping[str, Any], name: str, options: tuple[str, ...], default: str | None = None
) -> str:
    """A field that must be one of `options` (or `default` when absent); anything else is a 400
    naming the field."""
    value = data.get(name, default)
    if value not in options:
        raise ValidationError(
            _l("'%(name)s' must be one of: %(options)s.", name=name, options=", ".join(options)),
            field=name,
        )
    return value


def flag(data: Mapping[str, Any], name: str, default: bool = False) -> bool:
    """A boolean field that must really be true or false: "yes" or 1 is a 400, never silently
    truthy."""
    value = data.get(name, default)
    if not isinstance(value, bool):
        raise ValidationError(_l("'%(name)s' must be true or false.", name=name), field=name)
    return value


def slug(value: str, what: str = "slug") -> str:
    """A slug safe in a URL path, or a 400 naming the field."""
    if not SLUG_RE.match(value):
        raise ValidationError(
            _l(
                "'%(name)s' must be 1-50 lowercase letters, digits or dashes, "
                "not starting or ending with a dash.",
                name=what,
            ),
            field=what,
        )
    return value


def username(value: str) -> str:
    """A username lowercased and checked against the one spelling rule, or a 400."""
    value = value.lower()
    if not USERNAME_RE.match(value):
        raise ValidationError(
            _l("Usernames are 2-32 characters: lowercase letters, digits, '.', '_' or '-'."),
            field="username",
        )
    return value


def password(value: str) -> str:
    """A password of at least 8 characters, or a 400."""
    if len(value) < 8:
        raise ValidationError(_l("Passwords need at least 8 characters."), field="password")
    return value


def email(data: Mapping[str, Any], name: str = "email") -> str | None:
    """An e-mail address, or None when left empty (no mail for this person)."""
    value = text(data, name, required=False, max_len=254)
    if not value:
        return None
    if not EMAIL_RE.fullmatch(value):
        raise ValidationError(_l("'%(name)s' is not an e-mail address.", name=name), field=name)
    return value


# --- Untrusted input, before any service sees it (HTTP bodies, query strings, paths, sockets) ---

DB_INT_MIN, DB_INT_MAX = -(2**63), 2**63 - 1  # a signed 64-bit integer: SQLite's and BIGINT's range
MAX_DEPTH = 32  # no request of ours nests deeper than a few levels; the parser's own limit is ~1000
_BAD_CHARS = re.compile("[\x00\ud800-\udfff]")


def clean_string(value: str, where: str = "text") -> str:
    """NUL and lone surrogates are refused: PostgreSQL rejects NUL in text, and a lone surrogate
    cannot be encoded as UTF-8, so either would fail later, deep in a write, as a 500."""
    if _BAD_CHARS.search(value):
        raise ValidationError(
            _l("'%(name)s' contains a NUL byte or an invalid character.", name=where), field=where
        )
    return value


def bounded_int(value: int, where: str = "number") -> int:
    """Integers the database cannot hold would overflow in the driver: a 400 here instead."""
    if not DB_INT_MIN <= value <= DB_INT_MAX:
        raise ValidationError(_l("'%(where)s' is out of range.", where=where), field=where)
    return value


def payload(value: Any, where: str = "body") -> Any:
    """Checks a decoded JSON value (HTTP body or Socket.IO event data) all the way down:
    bounded depth, integers in the database's range, strings and keys clean. Iterative, so a
    deep value cannot exhaust the stack here either. Returns the value unchanged."""
    stack: list[tuple[Any, str, int]] = [(value, where, 0)]
    while stack:
        item, name, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ValidationError(_l("'%(where)s' is nested too deeply.", where=where), field=where)
        if isinstance(item, bool) or item is None:
            continue
        if isinstance(item, float):
            if not math.isfinite(item):
                raise ValidationError(
                    _l("'%(name)s' must be a finite number.", name=name), field=name
                )
        elif isinstance(item, int):
            bounded_int(item, name)
        elif isinstance(item, str):
            clean_string(item, name)
        elif isinstance(item, dict):
            for key, child in item.items():
                key = clean_string(str(key), name)
                stack.append((child, key, depth + 1))
        elif isinstance(item, list | tuple):
            stack.extend((child, name, depth + 1) for child in item)
    return value
