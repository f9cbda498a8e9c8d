"""Passwords, tokens and sessions: stored safely, ended for real."""

from __future__ import annotations

from argon2 import PasswordHasher
from sqlalchemy import literal, select, update

from innovationzone.accounts import credential_services, services
from innovationzone.accounts.models import ApiToken, User
from innovationzone.config import load_config
from innovationzone.extensions import db
from tests.conftest import PASSWORD


def test_production_hash_meets_owasp_argon2id_minimum(tmp_path):
    params = load_config({"IZ_DATA_DIR": str(tmp_path)})["PASSWORD_HASH"]
    assert (
        params["memory_cost"] >= 19456 and params["time_cost"] >= 2 and params["parallelism"] >= 1
    )
    hashed = PasswordHasher(**params).hash("x")
    assert hashed.startswith("$argon2id$") and "m=19456" in hashed


def test_password_is_hashed_with_argon2id(ctx, make_user):
    make_user("ann")
    stored = db.session.scalar(select(User.password_hash).where(User.username == "ann"))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_token_is_stored_as_digest_and_revocable(ctx, make_user):
    make_user("ann")
    user = services.get_user("ann")
    token, secret = credential_services.create_token(user, "laptop")
    assert db.session.scalar(select(ApiToken.token_hash)) == credential_services.digest(secret)
    assert credential_services.user_for_token(secret)[0].username == "ann"
    credential_services.revoke_token(user, token.id)
    assert credential_services.user_for_token(secret) is None


def test_a_sockets_token_check_answers_ids_while_the_token_and_account_last(ctx, make_user):
    """token_ids is user_for_token's check for a socket's connect, without loading the user."""
    make_user("root", admin=True)
    user_id = make_user("ann")
    ann = services.get_user("ann")
    token, secret = credential_services.create_token(ann, "socket")
    assert credential_services.token_ids(secret) == (user_id, token.id)
    assert credential_services.token_ids(secret + "x") is None
    credential_services.revoke_token(services.get_user("ann"), token.id)
    assert credential_services.token_ids(secret) is None
    _token, other = credential_services.create_token(services.get_user("ann"), "phone")
    assert credential_services.token_ids(other) is not None
    # Inactive, whatever became of the tokens (deactivating through the services revokes them).
    db.session.execute(update(User).where(User.id == user_id).values(active=False))
    db.session.commit()
    assert credential_services.token_ids(other) is None


def test_deactivated_user_cannot_authenticate(ctx, make_user):
    make_user("root", admin=True)
    make_user("ann")
    services.set_active(services.get_user("root"), "ann", False)
    try:
        services.authenticate("ann", PASSWORD, "127.0.0.1")
    except Exception as error:  # noqa: BLE001 - the type is asserted below
        assert error.status == 401
    else:
        raise AssertionError("an inactive user signed in")


def test_usernames_are_case_insensitive(ctx, make_user):
    make_user("ann")
    assert services.authenticate("ANN", PASSWORD, "127.0.0.1").username == "ann"


def _extra(credential):  # noqa: ANN001, ANN202 - a fold: a column of the caller's own
    return credential.add_columns(literal("extra").label("extra"))


def test_folded_lookups_refuse_what_the_plain_ones_refuse(ctx, make_user):
    make_user("ann"), make_user("bob")
    ann, bob = services.get_user("ann"), services.get_user("bob")
    token, secret = credential_services.create_token(ann, "laptop")
    key = credential_services.start_login_session(ann)

    user, token_id, row = credential_services.folded_for_token(secret, _extra, {})
    assert (user.username, token_id, row.extra) == ("ann", token.id, "extra")
    user, _session_id, row = credential_services.folded_for_login_session(ann.id, key, _extra, {})
    assert (user.username, row.extra) == ("ann", "extra")
    assert credential_services.folded_for_user(ann.id, _extra, {}).extra == "extra"
    assert credential_services.folded_for_login_session(bob.id, key, _extra, {}) is None
    assert credential_services.folded_for_login_session(ann.id, "nope", _extra, {}) is None
    assert credential_services.folded_for_token("iz_nope", _extra, {}) is None

    # An inactive account is refused on the flag itself, whatever its credentials.
    db.session.execute(update(User).where(User.id == ann.id).values(active=False))
    db.session.commit()
    assert credential_services.folded_for_token(secret, _extra, {}) is None
    assert credential_services.folded_for_login_session(ann.id, key, _extra, {}) is None
    db.session.execute(update(User).where(User.id == ann.id).values(active=True))
    db.session.commit()
    credential_services.revoke_token(ann, token.id)
    assert credential_services.folded_for_token(secret, _extra, {}) is None
    assert credential_services.folded_for_login_session(ann.id, key, _extra, {}) is not None


def test_a_folded_user_is_detached_as_a_loaded_one_is(ctx, make_user):
    """The folded lookups build the user from the row: it must behave as one a session loaded
    and let go, so a write after the view (its language remembered, a merge) acts on that row."""
    from sqlalchemy import inspect

    make_user("ann")
    ann = services.get_user("ann")
    _token, secret = credential_services.create_token(ann, "laptop")
    user, _token_id, _row = credential_services.folded_for_token(secret, _extra, {})
    state = inspect(user)
    assert state.detached and state.key == inspect(ann).key
    assert not state.modified and not state.unloaded
    assert {c.key: getattr(user, c.key) for c in User.__table__.c} == {
        c.key: getattr(ann, c.key) for c in User.__table__.c
    }
    db.session.expunge_all()
    merged = db.session.merge(user, load=False)
    merged.display_name = "Ann B."
    db.session.commit()
    assert services.get_user("ann").display_name == "Ann B."
