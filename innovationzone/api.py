"""What every feature's JSON API shares: the /api/v1 prefix, body parsing, 401 in JSON.

Error mapping for /api/ paths lives in error_handlers, once for all features.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar, overload

from flask import Blueprint, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from innovationzone import validation
from innovationzone.errors import Unauthorized, ValidationError
from innovationzone.pagination import DEFAULT_LIMIT, Page, parse_limit

PREFIX = "/api/v1"
P = ParamSpec("P")
R = TypeVar("R")


def api_blueprint(name: str, import_name: str) -> Blueprint:
    """A feature's JSON blueprint under /api/v1, so every API shares the prefix and the JSON error
    handling."""
    return Blueprint(name, import_name, url_prefix=PREFIX)


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a 400 that says why not."""
    data = request.get_json(silent=True)
    if data is None:
        raise ValidationError(
            _l("The body must be JSON (Content-Type: application/json)."), code="invalid_json"
        )
    if not isinstance(data, dict):
        raise ValidationError(_l("The body must be a JSON object."), code="invalid_json")
    return data


@overload
def query_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int: ...
@overload
def query_int(
    name: str, default: None = None, *, minimum: int = 0, maximum: int | None = None
) -> int | None: ...
def query_int(
    name: str, default: int | None = None, *, minimum: int = 0, maximum: int | None = None
) -> int | None:
    """An integer query argument within [minimum, maximum] (by default the database's range);
    with a whole-number default the caller gets a whole number back, never None."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError(
            _l("'%(name)s' must be a whole number.", name=name), field=name
        ) from None
    maximum = validation.DB_INT_MAX if maximum is None else maximum
    if not minimum <= value <= maximum:
        raise ValidationError(
            _l(
                "'%(name)s' must be between %(minimum)s and %(maximum)s.",
                name=name,
                minimum=minimum,
                maximum=maximum,
            ),
            field=name,
        )
    return value


def page_args(default: int = DEFAULT_LIMIT) -> tuple[int, str | None]:
    """`limit` and `cursor` from the query string, as every list of the API takes them."""
    return parse_limit(request.args.get("limit"), default), request.args.get("cursor") or None


def embedded(name: str, listing: Page[Any]) -> dict[str, Any]:
    """A list inside an object's answer (a zone's `members`, a topic's `items`, a question's
    `answers`, as contract v1 names them) as its first page and `<name>_next`, the cursor to go
    on with at the list's own endpoint: the object stays one bounded answer however long the
    list grows."""
    return {name: [item.to_dict() for item in listing.items], f"{name}_next": listing.next}


def signed_in(view: Callable[P, R]) -> Callable[P, R]:
    """API views answer 401 in JSON rather than redirecting to a login page."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if not current_user.is_authenticated:
            raise Unauthorized(_l("Sign in or send a valid Bearer token."))
        return view(*args, **kwargs)

    return wrapper
