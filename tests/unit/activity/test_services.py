"""Contributions per department: privacy, direct messages, what counts, the period cut-off."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from innovationzone.errors import NotFound, ValidationError
from innovationzone.extensions import db


@pytest.fixture
def world(session_app, ctx, make_user):
    """ann (Marketing) curates public `winkels` and private `kassa` (bob, IT, is a member);
    cor (Logistiek) and nod (no department) only see `winkels`. Built once a session."""
    from innovationzone.accounts.models import User

    ctx.config["CHAT_RATE_LIMIT"] = (1000.0, 1000)
    session_app.load_once("activity-world", lambda: _build_world(make_user))
    return {user.username: user for user in db.session.scalars(select(User))}


def _build_world(make_user) -> None:  # noqa: ANN001 - the make_user fixture
    from innovationzone.accounts.models import User
    from innovationzone.blog.comment_services import add_comment
    from innovationzone.blog.services import create_post
    from innovationzone.chat import room_services
    from innovationzone.chat.services import send_message
    from innovationzone.wiki.services import save_page
    from innovationzone.zones.services import add_member, create_zone

    departments = {"ann": "Marketing", "bob": "IT", "cor": "Logistiek", "nod": ""}
    ids = {name: make_user(name, department=dept) for name, dept in departments.items()}
    people = {name: db.session.get(User, user_id) for name, user_id in ids.items()}
    ann, bob, cor, nod = people.values()
    create_zone(ann, {"slug": "winkels", "name": "Winkels", "visibility": "public"})
    create_zone(ann, {"slug": "kassa", "name": "Kassa", "visibility": "private"})
    add_member(ann, "kassa", {"username": "bob"})

    save_page(ann, "winkels", "Schappen", None, "Eerste versie", None)
    save_page(ann, "winkels", "Schappen", None, "Tweede versie", 1)
    save_page(bob, "kassa", "Uitrol", None, "Geheim plan", None)
    post = create_post(
        bob, "winkels", {"title": "Nieuwe schappen", "body": "Tekst", "status": "published"}
    )
    create_post(ann, "winkels", {"title": "Concept", "body": "Nog niet af"})  # a draft: not counted
    add_comment(cor, post.id, {"body": "Mooi!"})
    shop = room_services.create_zone_room(ann, "winkels", {"slug": "algemeen", "name": "Algemeen"})
    send_message(cor, shop.id, "Hallo", "c1")
    send_message(nod, shop.id, "Hoi", "n1")
    till = room_services.create_zone_room(ann, "kassa", {"slug": "team", "name": "Team"})
    send_message(bob, till.id, "Alleen voor leden", "b1")
    direct = room_services.open_direct(ann, ["cor"])
    for number in range(3):
        send_message(cor, direct.id, f"privé {number}", f"dm{number}")


def table(result) -> dict:  # noqa: ANN001
    return {
        row.department: (row.page_revisions, row.posts, row.comments, row.messages)
        for row in result.departments
    }


def test_outsider_counts_public_zones_only_and_never_direct_messages(world):
    from innovationzone.activity.services import activity

    assert table(activity(world["cor"])) == {
        "Marketing": (2, 0, 0, 0),
        "IT": (0, 1, 0, 0),
        "Logistiek": (0, 0, 1, 1),
        None: (0, 0, 0, 1),
    }


def test_member_sees_the_private_zone_counted(world):
    from innovationzone.activity.services import activity

    result = activity(world["bob"])
    assert table(result)["IT"] == (1, 1, 0, 1)
    assert [zone.slug for zone, _totals in result.zones] == ["kassa", "winkels"]
    assert dict(result.zones)[next(z for z, _ in result.zones if z.slug == "kassa")] == {"IT": 2}


def test_direct_messages_count_for_nobody_not_even_their_members(world):
    from innovationzone.activity.services import activity

    for viewer in ("ann", "cor"):
        assert table(activity(world[viewer]))["Logistiek"][3] == 1


def test_busiest_department_first_and_totals(world):
    from innovationzone.activity.services import activity

    rows = activity(world["cor"]).departments
    assert [row.total for row in rows] == [2, 2, 1, 1]
    assert rows[-1].department is None  # ties: named departments before people without one


def test_one_zone_and_a_private_zone_is_not_found_for_outsiders(world):
    from innovationzone.activity.services import activity

    assert table(activity(world["bob"], zone_slug="kassa")) == {"IT": (1, 0, 0, 1)}
    with pytest.raises(NotFound):
        activity(world["cor"], zone_slug="kassa")
    with pytest.raises(NotFound):
        activity(world["cor"], zone_slug="bestaat-niet")


def test_period_cut_off(world):
    from innovationzone.activity.services import activity
    from innovationzone.db import utcnow, write_transaction
    from innovationzone.wiki.models import Revision

    with write_transaction() as session:
        session.execute(
            update(Revision)
            .where(Revision.number == 1)
            .values(created_at=utcnow() - timedelta(days=31))
        )
    assert table(activity(world["bob"]))["Marketing"][0] == 1  # default: the last 30 days
    assert table(activity(world["bob"], days=None))["Marketing"][0] == 2  # all time
    assert table(activity(world["bob"], days=40))["Marketing"][0] == 2
    assert activity(world["bob"], days=None).since is None


def test_removed_content_does_not_count(world):
    from innovationzone.activity.services import activity
    from innovationzone.blog.comment_services import delete_comment
    from innovationzone.blog.models import Comment
    from innovationzone.chat.models import Message
    from innovationzone.chat.services import delete_message

    cor = world["cor"]
    delete_comment(cor, db.session.query(Comment).one().id)
    delete_message(cor, db.session.query(Message).filter_by(client_msg_id="c1").one().id)
    assert "Logistiek" not in table(activity(cor))


@pytest.mark.parametrize(
    ("raw", "days"), [(None, 30), ("", 30), ("7", 7), ("all", None), ("3650", 3650)]
)
def test_period_days_parses(raw, days):
    from innovationzone.activity.services import period_days

    assert period_days(raw) == days


@pytest.mark.parametrize("raw", ["0", "-3", "3651", "abc", "1.5", "ALL"])
def test_period_days_refuses(raw):
    from innovationzone.activity.services import period_days

    with pytest.raises(ValidationError):
        period_days(raw)
