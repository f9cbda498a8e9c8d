"""JSON API: tokens, /me, users (admin)."""

from __future__ import annotations

from flask import g, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from innovationzone.accounts import credential_services, services
from innovationzone.api import api_blueprint, json_body, signed_in
from innovationzone.errors import ValidationError

bp = api_blueprint("accounts_api", __name__)


@bp.post("/tokens")
def create_token() -> ResponseReturnValue:
    """Trades a username and password for an API token once, so scripts never store the password;
    the secret is shown only in this answer (only its digest is kept)."""
    data = json_body()
    username, password = data.get("username"), data.get("password")
    if (
        not isinstance(username, str)
        or not isinstance(password, str)
        or not username
        or not password
    ):
        raise ValidationError(_l("'username' and 'password' are required strings."))
    user = services.authenticate(username, password, request.remote_addr or "")
    name = data.get("name")
    if not isinstance(name, str):
        name = "API"
    _token, secret = credential_services.create_token(user, name)
    return {"token": secret}, 201


@bp.get("/me")
@signed_in
def me() -> ResponseReturnValue:
    """Who the token or session belongs to, so a client can show its user without knowing the
    username in advance."""
    return current_user.to_dict()


@bp.patch("/me")
@signed_in
def update_me() -> ResponseReturnValue:
    """The API's profile edit: only the fields named in the body change (a PATCH), validated as
    the profile form is."""
    return services.update_me(current_user, json_body()).to_dict()


@bp.get("/me/preferences")
@signed_in
def preferences() -> ResponseReturnValue:
    """The signed-in user's mail choice and language (null: the browser decides), as the
    profile page shows them."""
    return services.preferences(current_user)


@bp.patch("/me/preferences")
@signed_in
def update_preferences() -> ResponseReturnValue:
    """Changes only the preferences named (`email`, `language`); a value outside the choices is
    a 400 naming the field."""
    return services.update_preferences(current_user, json_body())


@bp.post("/me/password")
@signed_in
def change_password() -> ResponseReturnValue:
    """The credential making the change stays; every other one of the user ends."""
    services.change_password(
        current_user._get_current_object(),
        json_body(),
        login_session_id=g.get("iz_login_session_id"),
        token_id=g.get("iz_token_id"),
    )
    return "", 204


@bp.post("/users")
@signed_in
def create_user() -> ResponseReturnValue:
    """Admins add accounts over the API (201 with the new user); anyone else gets 403 from the
    service."""
    user = services.create_user(current_user, json_body())
    return user.to_dict(), 201
