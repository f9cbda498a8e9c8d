"""One gate for untrusted HTTP input, app-wide, so no route can forget it.

Three mechanisms instead of per-route patches: the `int` URL converter only matches numbers the
database can hold (a bigger id is a 404, as for any id that does not exist); the JSON loader
bounds size and depth (a parser limit, not a RecursionError) and refuses out-of-range integers,
non-finite numbers, NUL and lone surrogates; a before-request check refuses NUL in the path,
query string and form fields. Each refusal is a 400/413 in the contract's error shape.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter, Map

from innovationzone import validation
from innovationzone.errors import TooLarge, ValidationError

JSON_MAX_BYTES = 8 * 1024 * 1024  # a 1,000,000-character wiki page escaped, with room to spare


class BoundedIntConverter(IntegerConverter):
    """`<int:id>` that matches only ids a database column can hold (0 matches: no row has it)."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:  # noqa: A002
        kwargs.setdefault("max", validation.DB_INT_MAX)
        super().__init__(map, *args, **kwargs)


def _finite(text: str) -> float:
    value = float(text)
    return validation.payload(value, "number")


def _refuse_constant(name: str) -> Any:
    raise ValidationError(_l("'%(name)s' is not valid JSON.", name=name), code="invalid_json")


def loads(data: str | bytes, **kwargs: Any) -> Any:
    """json.loads with the limits every request body needs; raises ValidationError/TooLarge."""
    if len(data) > JSON_MAX_BYTES:
        raise TooLarge(
            _l("The JSON body is larger than %(max)s bytes.", max=JSON_MAX_BYTES),
            max=JSON_MAX_BYTES,
        )
    kwargs.setdefault("parse_float", _finite)
    kwargs.setdefault("parse_constant", _refuse_constant)
    try:
        value = json.loads(data, **kwargs)
    except RecursionError:
        raise ValidationError(
            _l("The JSON body is nested too deeply."), code="invalid_json"
        ) from None
    except ValueError as error:  # JSONDecodeError, UnicodeDecodeError
        raise ValidationError(
            _l("The body is not valid JSON: %(error)s", error=error), code="invalid_json"
        ) from None
    return validation.payload(value)


class GuardedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, reading through `loads` above (request.get_json, forms posted as JSON)."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """Every JSON body Flask parses goes through the guarded loads, so no route can read an
        unbounded or malformed body."""
        return loads(s, **kwargs)


def _check_request() -> None:
    # The WSGI environment is asked first whether there is a body, a query string or a content
    # type at all: a page view has none of them, and parsing nothing cost ~2 % of a cached view.
    environ = request.environ
    if "CONTENT_LENGTH" in environ and request.content_length and request.is_json:
        # Parsed (and checked) here once, for the API and for forms Flask-WTF fills from JSON.
        if not isinstance(request.get_json(), dict):
            raise ValidationError(_l("The body must be a JSON object."), code="invalid_json")
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str):
            validation.clean_string(value, name)
    sources = [request.args] if environ.get("QUERY_STRING") else []
    if environ.get("CONTENT_TYPE") and request.mimetype in _FORMS:
        sources.append(request.form)
    for source in sources:
        for name, values in source.lists():
            validation.clean_string(name, "field name")
            for value in values:
                validation.clean_string(value, name)


_FORMS = {"application/x-www-form-urlencoded", "multipart/form-data"}


def init_app(app: Flask) -> None:
    """Installs the converter (before any blueprint adds a rule), the loader and the check."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.json = GuardedJSONProvider(app)
    app.before_request(_check_request)
