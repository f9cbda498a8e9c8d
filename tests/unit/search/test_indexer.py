"""The outbox drain: a batch's documents are loaded in a number of queries that does not grow
with the batch, so a burst of chat messages holds the writer lock for a few statements, not one
load per message, and every drained object is indexed as its source describes it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select, text

from innovationzone.db import write_transaction
from innovationzone.extensions import db
from innovationzone.search import indexer
from innovationzone.search.models import SearchOutbox
from tests.support.statements import recorded

MODELS = {
    "page": ("innovationzone.wiki.models", "Page"),
    "post": ("innovationzone.blog.models", "Post"),
    "comment": ("innovationzone.blog.models", "Comment"),
    "message": ("innovationzone.chat.models", "Message"),
    "question": ("innovationzone.questions.models", "Question"),
}


def _ids(type_: str, n: int) -> list[int]:
    module, name = MODELS[type_]
    model = getattr(__import__(module, fromlist=[name]), name)
    return list(db.session.scalars(select(model.id).order_by(model.id).limit(n)))


def _queue(per_type: int) -> set[str]:
    """Outbox rows for the first `per_type` objects of every type (as saves leave them)."""
    keys = set()
    with write_transaction() as session:
        for type_ in MODELS:
            for object_id in _ids(type_, per_type):
                session.add(SearchOutbox(type=type_, object_id=object_id))
                keys.add(f"{type_}:{object_id}")
    return keys


def _drain_counting(app, per_type: int) -> tuple[int, set[str]]:
    keys = _queue(per_type)
    db.session.remove()  # the drain loads in its own session, as after a request
    with recorded(db.engine) as ran:
        done = indexer.drain(app)
    assert done == len(keys)
    return sum(s.lstrip().startswith(("select", "with")) for s in ran), keys


def test_draining_runs_the_same_selects_for_few_and_many_entries(demo_app, ctx):
    few, few_keys = _drain_counting(ctx, 2)
    many, many_keys = _drain_counting(ctx, 12)
    assert len(many_keys) > 3 * len(few_keys)  # the demo has enough of every type
    assert many == few  # the old drain ran one load (and its lazy loads) per entry
    assert many <= 3 + 4 * len(MODELS)  # the outbox, each type's rows and relations
    indexed = set(db.session.scalars(text("SELECT key FROM search_fts_documents")))
    assert indexed & many_keys  # what the sources describe is indexed, the rest dropped
    assert not db.session.scalar(select(db.func.count()).select_from(SearchOutbox))


def test_a_short_batch_is_the_whole_outbox_and_a_full_one_is_read_again(demo_app, ctx, monkeypatch):
    """A batch shorter than BATCH was all that was committed (a row committed later brings its
    own drain): the outbox is read once, not again to find it empty. A full batch may have left
    rows behind: they are read and indexed too."""
    db.session.remove()
    indexer.drain(ctx)  # what the demo left
    _queue(2)
    db.session.remove()
    with recorded(db.engine) as ran:
        indexer.drain(ctx)
    assert sum("from search_outbox" in s and s.startswith("select") for s in ran) == 1
    monkeypatch.setattr(indexer, "BATCH", 3)
    keys = _queue(2)
    db.session.remove()
    assert indexer.drain(ctx) == len(keys) > 3
    assert not db.session.scalar(select(db.func.count()).select_from(SearchOutbox))


def test_drained_direct_messages_are_found_by_their_members_only(ctx, make_user):
    """Direct rooms' members (the readers) come from one batch query, still per message."""
    from innovationzone.accounts.models import User
    from innovationzone.chat import room_services, services
    from innovationzone.search.services import search

    ids = {n: make_user(n) for n in ("ann", "bob", "cor", "dirk")}
    people = {n: db.session.get(User, i) for n, i in ids.items()}
    ctx.config.update(SEARCH_SYNC=False, CHAT_RATE_LIMIT=(1000.0, 1000))
    with patch_drain():
        for other, word in (("bob", "walvis"), ("cor", "zeehond")):
            room = room_services.open_direct(people["ann"], [other])
            services.send_message(people["ann"], room.id, f"geheim {word}", word)
    db.session.remove()
    indexer.drain(ctx)
    people = {n: db.session.get(User, i) for n, i in ids.items()}
    found = {
        name: {word for word in ("walvis", "zeehond") if search(people[name], word)[0].count}
        for name in people
    }
    assert found == {
        "ann": {"walvis", "zeehond"},
        "bob": {"walvis"},
        "cor": {"zeehond"},
        "dirk": set(),
    }


@contextmanager
def patch_drain() -> Iterator[None]:
    """Saves queue their outbox rows without draining, so the test drains them in one batch."""
    original = indexer._schedule
    indexer._schedule = lambda _app: None
    try:
        yield
    finally:
        indexer._schedule = original


def test_a_drain_overtaken_by_another_writes_the_newer_version(ctx, make_user, monkeypatch):
    """Documents are loaded before the writer lock: when another drain (another process)
    indexed a newer version of them meanwhile, this one must not overwrite it with its older
    copy."""
    from innovationzone.accounts.models import User
    from innovationzone.chat import room_services, services
    from innovationzone.search.services import search

    ids = {n: make_user(n) for n in ("ann", "bob")}
    ann = db.session.get(User, ids["ann"])
    ctx.config.update(SEARCH_SYNC=False, CHAT_RATE_LIMIT=(1000.0, 1000))
    with patch_drain():
        room = room_services.open_direct(ann, ["bob"])
        message = services.send_message(ann, room.id, "oude tekst", "m1")
    message_id = message.id
    load = indexer._load

    def overtaken(backend, wanted):  # noqa: ANN001, ANN202 - wraps the indexer's own
        batch = load(backend, wanted)
        monkeypatch.setattr(indexer, "_load", load)
        with patch_drain():
            services.edit_message(db.session.get(User, ids["ann"]), message_id, "nieuwe tekst")
        indexer._index_rows(list(db.session.scalars(select(SearchOutbox))))  # the other drain
        return batch

    monkeypatch.setattr(indexer, "_load", overtaken)
    db.session.remove()
    indexer.drain(ctx)
    ann = db.session.get(User, ids["ann"])
    assert search(ann, "nieuwe")[0].count == 1
    assert search(ann, "oude")[0].count == 0
