"""Chat services called directly: sending, idempotency, limits, edits, deletions, sync, DMs,
and the fast path that skips the renderer for plain lines."""

import threading
import time

import pytest

from innovationzone.chat.services import PLAIN_RE, _markdown
from innovationzone.errors import (
    Conflict,
    Forbidden,
    NotFound,
    RateLimited,
    TooLarge,
    ValidationError,
)
from innovationzone.extensions import db
from innovationzone.markdown import LinkContext, render_now


@pytest.fixture
def world(session_app, ctx, make_user):
    """cur curates private `kassa` with members ann and bob and its room `algemeen`; out is
    no member. Built once a session (session_app.load_once), as people and the room's id."""
    from sqlalchemy import select

    from innovationzone.accounts.models import User
    from innovationzone.chat.models import Room

    session_app.load_once("chat-world", lambda: _build_world(make_user))
    ctx.config["CHAT_RATE_LIMIT"] = (1000.0, 1000)
    people = {user.username: user for user in db.session.scalars(select(User))}
    return people, db.session.scalar(select(Room.id).where(Room.slug == "algemeen"))


def _build_world(make_user) -> None:  # noqa: ANN001 - the make_user fixture
    from innovationzone.accounts.models import User
    from innovationzone.chat import room_services
    from innovationzone.zones.services import add_member, create_zone

    ids = {name: make_user(name) for name in ("ann", "bob", "cur", "out")}
    people = {name: db.session.get(User, i) for name, i in ids.items()}
    create_zone(people["cur"], {"slug": "kassa", "name": "Kassa", "visibility": "private"})
    for name in ("ann", "bob"):
        add_member(people["cur"], "kassa", {"username": name, "role": "member"})
    room_services.create_zone_room(people["ann"], "kassa", {"slug": "algemeen", "name": "Algemeen"})


def test_send_stores_numbers_and_renders(world):
    from innovationzone.chat import services

    people, room_id = world
    first = services.send_message(people["ann"], room_id, "Hallo **team**", "c1")
    second = services.send_message(people["bob"], room_id, "Zie [[Kassa checklist]]", "c2")
    assert (first.seq, second.seq) == (1, 2)
    assert "<strong>team</strong>" in first.html
    assert 'href="/z/kassa/wiki/Kassa_checklist' in second.html


def test_same_client_msg_id_returns_the_stored_message(world):
    from innovationzone.chat import services
    from innovationzone.chat.models import Message

    people, room_id = world
    first = services.send_message(people["ann"], room_id, "een keer", "same")
    again = services.send_message(people["ann"], room_id, "een keer", "same")
    assert again.id == first.id
    assert db.session.query(Message).count() == 1
    other = services.send_message(
        people["bob"], room_id, "mijn eigen", "same"
    )  # ids are per author
    assert other.id != first.id


def test_unique_constraint_holds_without_the_lookup(world):
    from sqlalchemy.exc import IntegrityError

    from innovationzone.chat.models import Message
    from innovationzone.db import write_transaction

    people, room_id = world
    with pytest.raises(IntegrityError), write_transaction() as session:
        for seq in (1, 2):
            session.add(
                Message(
                    room_id=room_id,
                    seq=seq,
                    created_change=seq,
                    change=seq,
                    author_id=people["ann"].id,
                    client_msg_id="x",
                    body="b",
                    html="b",
                )
            )


def test_limits_and_refusals(world, ctx):
    from innovationzone.chat import room_services, services

    people, room_id = world
    with pytest.raises(TooLarge):
        services.send_message(people["ann"], room_id, "x" * 4001, "big")
    services.send_message(people["ann"], room_id, "x" * 4000, "max")
    with pytest.raises(ValidationError):
        services.send_message(people["ann"], room_id, "   ", "empty")
    with pytest.raises(NotFound):
        services.send_message(people["out"], room_id, "hoi", "o1")
    with pytest.raises(NotFound):
        services.send_message(people["ann"], 999999, "hoi", "o2")
    with pytest.raises(ValidationError):
        services.send_message(people["ann"], "1; drop", "hoi", "o3")
    other = room_services.create_zone_room(
        people["ann"], "kassa", {"slug": "tweede", "name": "Tweede"}
    )
    with pytest.raises(Conflict):  # a client id is the author's, in one room only
        services.send_message(people["ann"], other.id, "hoi", "max")


def test_rate_limit_allows_a_burst_then_refuses(world, ctx):
    from innovationzone.chat import services

    people, room_id = world
    ctx.config["CHAT_RATE_LIMIT"] = (0.5, 3)
    for n in range(3):
        services.send_message(people["bob"], room_id, f"burst {n}", f"b{n}")
    with pytest.raises(RateLimited) as refused:
        services.send_message(people["bob"], room_id, "one too many", "b3")
    assert refused.value.extra["retry_after"] > 0
    # a resend of a stored message is not a new message: never rate limited
    assert services.send_message(people["bob"], room_id, "burst 0", "b0").seq == 1


def test_edit_and_delete_rights(world):
    from innovationzone.chat import services

    people, room_id = world
    message = services.send_message(people["ann"], room_id, "typo", "e1")
    with pytest.raises(Forbidden):
        services.edit_message(people["bob"], message.id, "hacked")
    with pytest.raises(Forbidden):
        services.delete_message(people["bob"], message.id)
    with pytest.raises(NotFound):
        services.delete_message(people["out"], message.id)
    edited = services.edit_message(people["ann"], message.id, "fixed")
    assert edited.body == "fixed" and edited.edited_at is not None
    deleted = services.delete_message(people["cur"], message.id)  # a curator moderates
    assert deleted.to_dict()["deleted"] and deleted.to_dict()["body"] == ""
    with pytest.raises(NotFound):
        services.edit_message(people["ann"], message.id, "again")


def test_sync_returns_new_messages_and_changes_since(world):
    from innovationzone.chat import services

    people, room_id = world
    ann = people["ann"]
    m1 = services.send_message(ann, room_id, "one", "s1")
    m2 = services.send_message(ann, room_id, "two", "s2")
    seen = services.sync(ann, room_id, m2.id)
    assert seen["messages"] == [] and not seen["has_more"]
    services.edit_message(ann, m1.id, "one, edited")
    services.delete_message(ann, m2.id)
    m3 = services.send_message(ann, room_id, "three", "s3")
    result = services.sync(ann, room_id, m2.id)
    assert [(m.id, m.body, m.deleted_at is not None) for m in result["messages"]] == [
        (m1.id, "one, edited", False),
        (m2.id, "", True),
        (m3.id, "three", False),
    ]
    after = services.sync(ann, room_id, result["after_id"], result["after_change"])
    assert after["messages"] == []
    with pytest.raises(NotFound):
        services.sync(people["out"], room_id, 0)


def test_sync_pages_through_a_long_absence(world, monkeypatch):
    from innovationzone.chat import services

    people, room_id = world
    monkeypatch.setattr(services, "SYNC_LIMIT", 3)
    sent = [services.send_message(people["ann"], room_id, f"m{n}", f"p{n}").id for n in range(7)]
    got, after_id, after_change = [], 0, None
    while True:
        page = services.sync(people["bob"], room_id, after_id, after_change)
        got += [m.id for m in page["messages"]]
        after_id, after_change = page["after_id"], page["after_change"]
        if not page["has_more"]:
            break
    assert sorted(set(got)) == sent


def test_history_cursors_ascending(world):
    from innovationzone.chat import services

    people, room_id = world
    ids = [services.send_message(people["ann"], room_id, f"h{n}", f"h{n}").id for n in range(5)]
    assert [m.id for m in services.history(people["bob"], room_id, limit=2)] == ids[3:]
    assert [m.id for m in services.history(people["bob"], room_id, before=ids[3], limit=2)] == ids[
        1:3
    ]
    assert [m.id for m in services.history(people["bob"], room_id, after=ids[0], limit=2)] == ids[
        1:3
    ]


def test_mentions_notify_members_only(world):
    from innovationzone.chat import services
    from innovationzone.notifications.services import list_for

    people, room_id = world
    services.send_message(people["ann"], room_id, "@bob en @out kijken jullie mee?", "n1")
    assert [n.kind for n in list_for(people["bob"]) if n.kind != "zone_added"] == ["mention"]
    assert list_for(people["out"]) == []  # may not read the private zone's room


def test_a_mention_notification_is_titled_by_its_room_in_no_language(world):
    """The page says "Ann noemde je in “Algemeen”" from the kind and the title; a title that
    was itself an English sentence read "Ann noemde je in “Ann mentioned you in Kassa”"."""
    from innovationzone.chat import services
    from innovationzone.notifications.services import list_for

    people, room_id = world
    services.send_message(people["ann"], room_id, "@bob kijk je mee?", "t1")
    (mention,) = [n for n in list_for(people["bob"]) if n.kind == "mention"]
    assert mention.title == "Algemeen"


def test_direct_rooms_are_private_and_unique(world):
    from innovationzone.chat import room_services, services
    from innovationzone.permissions import can

    people, _ = world
    dm = room_services.open_direct(people["ann"], ["bob"])
    assert room_services.open_direct(people["bob"], ["ann"]).id == dm.id
    assert can(people["bob"], "read", dm) and not can(people["cur"], "read", dm)
    assert not can(people["ann"], "moderate", dm)
    services.send_message(people["bob"], dm.id, "privé", "d1")
    with pytest.raises(NotFound):
        services.history(people["cur"], dm.id)
    with pytest.raises(NotFound):
        room_services.open_direct(people["ann"], ["nobody-here"])
    with pytest.raises(ValidationError):
        room_services.open_direct(people["ann"], ["ann"])
    assert [r.id for r in room_services.direct_rooms(people["ann"], limit=5).items] == [dm.id]


def test_unread_counts_follow_the_read_marker(world):
    from innovationzone.chat import room_services, services

    people, room_id = world
    room = room_services.access_room(people["bob"], room_id)
    for n in range(3):
        services.send_message(people["ann"], room_id, f"u{n}", f"u{n}")
    services.send_message(people["bob"], room_id, "own messages are never unread", "u-own")
    assert room_services.unread_counts(people["bob"], [room]) == {room_id: 3}
    room_services.mark_read(people["bob"], room_id, 2)
    room_services.mark_read(people["bob"], room_id, 1)  # never moves back
    assert room_services.unread_counts(people["bob"], [room]) == {room_id: 1}


def test_transcript_quotes_authors_and_times(world):
    from innovationzone.chat import services
    from innovationzone.chat.transcript import transcript_markdown

    people, room_id = world
    a = services.send_message(people["ann"], room_id, "Kassa 3 valt uit\nna 17:00", "t1")
    gone = services.send_message(people["bob"], room_id, "oeps", "t2")
    services.delete_message(people["bob"], gone.id)
    b = services.send_message(people["bob"], room_id, "Herstart lost het op", "t3")
    title, markdown = transcript_markdown(people["cur"], room_id, b.id, a.id)
    assert title.startswith("Chat Algemeen ")
    assert "> **Ann** (@ann) · " in markdown and "> Kassa 3 valt uit\n> na 17:00" in markdown
    assert "> Herstart lost het op" in markdown and "oeps" not in markdown
    assert markdown.index("Kassa 3") < markdown.index("Herstart")
    with pytest.raises(NotFound):
        transcript_markdown(people["out"], room_id, a.id, b.id)
    with pytest.raises(ValidationError):
        transcript_markdown(people["ann"], room_id, "1", b.id)


def test_bracket_floods_are_shown_escaped_not_rendered(world):
    from innovationzone.chat import services

    people, room_id = world
    flood = services.send_message(
        people["ann"], room_id, "[a" * 1500 + "<script>x</script>", "flood"
    )
    assert flood.html.startswith('<pre class="render-fallback">') and "<script>" not in flood.html
    links = services.send_message(people["ann"], room_id, "[[Kassa]] en [[Retour]]", "links")
    assert links.html.count('class="wikilink') == 2


def _drained() -> None:
    """Wait until the background indexer emptied the outbox."""
    from sqlalchemy import func, select

    from innovationzone.search.models import SearchOutbox

    for _ in range(600):
        db.session.rollback()  # a fresh snapshot each look
        if not db.session.scalar(select(func.count()).select_from(SearchOutbox)):
            return
        time.sleep(0.05)
    raise AssertionError("the outbox was not drained")


def test_a_burst_of_messages_is_indexed_in_one_search_commit(world, ctx, monkeypatch):
    """A busy room must not cost one index write per message (profiled: the biggest cost of
    a send after the message's own commit); every message is still found.

    The batching window is held open by the test instead of waited out: the indexer's sleep
    returns when the test has sent the burst, so the test costs no seconds and cannot miss
    the window on a loaded machine."""
    from innovationzone.chat import services
    from innovationzone.search import indexer
    from innovationzone.search.fts5_backend import Fts5Backend
    from innovationzone.search.services import search

    writes = []
    write = Fts5Backend.write  # what every index write, prepared or not, goes through
    monkeypatch.setattr(
        Fts5Backend, "write", lambda self, *args: writes.append(1) or write(self, *args)
    )
    window = threading.Event()
    window.set()  # open for the first message: its drain may start at once
    monkeypatch.setattr(indexer.socketio, "sleep", lambda _seconds: window.wait(30))
    people, room_id = world
    ctx.config.update(SEARCH_SYNC=False, SEARCH_BATCH_SECONDS=60)
    services.send_message(people["ann"], room_id, "eerste bericht", "b0")
    _drained()
    before = len(writes)
    window.clear()  # the next drain waits inside its window until the burst is queued
    for n, word in enumerate(("appel", "banaan", "citroen"), 1):
        services.send_message(people["ann"], room_id, f"fruit {word}", f"b{n}")
    window.set()
    _drained()
    assert len(writes) == before + 1  # the old code wrote the index once per message
    for word in ("appel", "banaan", "citroen"):
        assert search(people["bob"], word)[0].count == 1


# The renderer's fast path for plain lines must give the renderer's own HTML.
PLAIN = [
    "bench 123.456 7",
    "Hallo allemaal, de kassa is weer open!",
    "Wie heeft de sleutel?",
    "Zie je 'm morgen",
    "Café open (tot 18:00)",
    'Hij zei "ja" - tot straks',
    "x: y; z/w",
]
NOT_PLAIN = [
    "a_b_c",
    "- lijst",
    "1. lijst",
    "# kop",
    "x *y*",
    "@ann kijk",
    "[[Kassa]]",
    "<b>x</b>",
    "x &amp; y",
    "regel\nregel",
    "`code`",
    "zie https://x.nl/?a=1&b=2",
    "x | y",
    "!!! note",
]


@pytest.mark.parametrize("body", PLAIN)
def test_plain_chat_lines_skip_the_renderer_with_the_same_html(ctx, body):
    assert PLAIN_RE.fullmatch(body)
    assert _markdown(body, LinkContext()) == render_now(body, LinkContext())


@pytest.mark.parametrize("body", NOT_PLAIN)
def test_lines_with_markdown_syntax_still_go_through_the_renderer(body):
    assert not PLAIN_RE.fullmatch(body)
