"""Chat reaches the feed when a conversation starts after a quiet hour, not line by line."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from innovationzone.db import write_transaction
from innovationzone.extensions import db


def test_a_conversation_start_is_news_its_lines_are_not(ctx, make_user):
    from innovationzone.accounts.models import User
    from innovationzone.chat import room_services, services
    from innovationzone.chat.models import Message
    from innovationzone.feed.services import feed_for
    from innovationzone.zones.services import create_zone

    ids = [make_user("ann"), make_user("cor")]  # both before the first read of this session
    ann, cor = (db.session.get(User, i) for i in ids)
    create_zone(ann, {"slug": "winkels", "name": "Winkels", "visibility": "public"})
    room = room_services.create_zone_room(ann, "winkels", {"slug": "koffie", "name": "Koffie"})
    first = services.send_message(ann, room.id, "Wie heeft er tijd voor de kassa-demo?", "m1")
    services.send_message(cor, room.id, "Ik!", "m2")

    def news() -> list[tuple[str, str, str]]:
        return [(e.type, e.title, e.summary) for e in feed_for(cor, limit=10, cursor=None).items]

    assert news() == [("message", "Koffie", "Wie heeft er tijd voor de kassa-demo?")]
    with write_transaction():  # an hour and more of quiet after cor's reply
        for message in db.session.scalars(select(Message)):
            message.created_at -= timedelta(hours=2)
    services.send_message(ann, room.id, "Demo is **morgen** om `tien` uur.", "m3")
    assert [n[2] for n in news()] == [
        "Demo is morgen om tien uur.",  # what a reader sees of it, not its Markdown
        "Wie heeft er tijd voor de kassa-demo?",
    ]
    services.delete_message(ann, first.id)
    assert [n[2] for n in news()] == ["Demo is morgen om tien uur."]
    assert db.session.scalar(select(Message.id).where(Message.id == first.id)) == first.id


def test_direct_messages_never_reach_the_feed(ctx, make_user):
    from innovationzone.accounts.models import User
    from innovationzone.chat import room_services, services
    from innovationzone.feed.services import feed_for

    ids = [make_user("ann"), make_user("bob")]
    ann, bob = (db.session.get(User, i) for i in ids)
    direct = room_services.open_direct(ann, ["bob"])
    services.send_message(ann, direct.id, "Even onder ons", "d1")
    assert feed_for(bob, limit=10, cursor=None).items == []
