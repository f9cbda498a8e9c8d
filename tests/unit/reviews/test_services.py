"""Review duties as the services see them: who owns a new review by default, and that the due
check tells nobody about a deleted page."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from innovationzone.accounts.models import User
from innovationzone.accounts.services import set_active
from innovationzone.extensions import db
from innovationzone.notifications.models import Notification
from innovationzone.reviews.services import notify_due, set_page_review
from innovationzone.wiki.manage_services import delete_page
from innovationzone.wiki.services import save_page
from innovationzone.zones.services import create_zone


def _u(name: str) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def _setup(make_user) -> None:
    for name in ("cur", "writer", "setter"):
        make_user(name)
    make_user("root", admin=True)
    create_zone(_u("cur"), {"slug": "winkels", "name": "Winkels"})
    save_page(_u("writer"), "winkels", "Retour", "Retour", "x", None)


def test_owner_defaults_to_the_creator_while_active_else_the_setter(ctx, make_user):
    _setup(make_user)
    assert (
        set_page_review(_u("setter"), "winkels", "Retour", {"interval_days": 7}).to_dict()["owner"]
        == "writer"
    )
    save_page(_u("writer"), "winkels", "Nieuw", "Nieuw", "x", None)
    set_active(_u("root"), "writer", False)
    view = set_page_review(_u("setter"), "winkels", "Nieuw", {"interval_days": 7})
    assert view.to_dict()["owner"] == "setter"


def test_the_due_check_skips_deleted_pages(ctx, make_user):
    _setup(make_user)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    set_page_review(_u("cur"), "winkels", "Retour", {"interval_days": 7, "due": yesterday})
    delete_page(_u("cur"), "winkels", "Retour")
    assert notify_due() == 0
    told = db.session.scalars(select(Notification).where(Notification.kind == "review_due"))
    assert list(told) == []
