"""Every refusal of a credential, on both lookups: the plain one (ORM, the user attached to the
session: API calls, most pages) and the folded one (Core on the driver connection, the user
detached, with the view's columns: a wiki page view). The two refuse alike, each with its own
one statement."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import literal, update

from innovationzone.accounts import credential_services, services
from innovationzone.accounts.models import User
from innovationzone.extensions import db
from tests.support.statements import recorded


def _extra(credential):  # noqa: ANN001, ANN202 - a fold: a column of the caller's own
    return credential.add_columns(literal("extra").label("extra"))


def _login(folded: bool) -> Callable[[int, str], Any]:
    if folded:
        return lambda user_id, key: credential_services.folded_for_login_session(
            user_id, key, _extra, {}
        )
    return credential_services.user_for_login_session


def _token(folded: bool) -> Callable[[str], Any]:
    if folded:
        return lambda secret: credential_services.folded_for_token(secret, _extra, {})
    return credential_services.user_for_token


@pytest.fixture
def ann(ctx, make_user) -> dict:
    """ann with a token and a login session; bob exists."""
    make_user("bob")
    user_id = make_user("ann")
    token, secret = credential_services.create_token(services.get_user("ann"), "laptop")
    key = credential_services.start_login_session(services.get_user("ann"))
    return {"id": user_id, "bob": services.get_user("bob").id, "token_id": token.id,
            "secret": secret, "key": key}  # fmt: skip


def _deactivate(user_id: int) -> None:
    """The flag alone (set_active would end the credentials too): the check on the flag itself."""
    db.session.execute(update(User).where(User.id == user_id).values(active=False))
    db.session.commit()


def _one_statement(call: Callable[[], Any], folded: bool) -> Any:
    """What `call` answers; it ran one statement, with the fold's column only when folded."""
    with recorded(db.engine) as seen:
        found = call()
    assert len(seen) == 1 and (" as extra" in seen[0]) == folded, seen
    return found


@pytest.mark.parametrize("folded", [False, True], ids=["plain", "folded"])
def test_a_login_session_is_refused_unknown_ended_another_users_or_deactivated(ann, folded):
    lookup = _login(folded)
    found = _one_statement(lambda: lookup(ann["id"], ann["key"]), folded)
    assert found[0].username == "ann" and found[0].id == ann["id"]
    assert _one_statement(lambda: lookup(ann["id"], ann["key"] + "x"), folded) is None  # unknown
    assert _one_statement(lambda: lookup(ann["bob"], ann["key"]), folded) is None  # another's
    assert lookup(ann["id"], "") is None and lookup(ann["id"], None) is None  # no key: no read
    _deactivate(ann["id"])
    assert _one_statement(lambda: lookup(ann["id"], ann["key"]), folded) is None
    db.session.execute(update(User).where(User.id == ann["id"]).values(active=True))
    db.session.commit()
    assert lookup(ann["id"], ann["key"]) is not None
    credential_services.end_login_session(ann["key"])  # signed out: the key is unknown now
    assert lookup(ann["id"], ann["key"]) is None


@pytest.mark.parametrize("folded", [False, True], ids=["plain", "folded"])
def test_a_token_is_refused_unknown_revoked_or_deactivated(ann, folded):
    lookup = _token(folded)
    found = _one_statement(lambda: lookup(ann["secret"]), folded)
    assert found[0].username == "ann" and found[1] == ann["token_id"]
    assert _one_statement(lambda: lookup(ann["secret"] + "x"), folded) is None  # unknown
    _deactivate(ann["id"])
    assert _one_statement(lambda: lookup(ann["secret"]), folded) is None
    db.session.execute(update(User).where(User.id == ann["id"]).values(active=True))
    db.session.commit()
    assert lookup(ann["secret"]) is not None
    credential_services.revoke_token(services.get_user("ann"), ann["token_id"])
    assert _one_statement(lambda: lookup(ann["secret"]), folded) is None  # revoked


def test_the_plain_lookup_answers_the_sessions_user_the_folded_one_a_detached_user(ann):
    """Callers rely on it: a plain lookup's user is the session's (changes to it are saved),
    a folded one's is detached, with every column loaded and the fold's row beside it."""
    plain = credential_services.user_for_token(ann["secret"])[0]
    assert plain in db.session
    user, token_id, row = credential_services.folded_for_token(ann["secret"], _extra, {})
    assert user not in db.session and token_id == ann["token_id"] and row.extra == "extra"
    assert user.username == "ann" and user.display_name == plain.display_name
