"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL, and
each of them can be undone."""

import shutil
import tempfile
from itertools import pairwise
from pathlib import Path

import pytest

from tests.conftest import make_app
from tests.support.databases import PostgresDatabase, schema_of


def test_models_and_migrations_agree(app):
    result = app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output  # Flask-Migrate exits 1 when it finds a difference


def test_the_migrations_form_one_line(app):
    """Two branches that each add a migration after the same parent leave two heads: `serve` would
    apply both in an undefined order. One head, always."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(app.extensions["migrate"].directory)
    assert len(script.get_heads()) == 1, script.get_heads()


@pytest.fixture
def fresh_app(backend):
    """An app on a database of its own, never migrated: a new SQLite file, or a private
    PostgreSQL database dropped afterwards (the session's shared ones stay at head)."""
    folder = Path(tempfile.mkdtemp(prefix="iz-migrations-", dir="/dev/shm"))
    overrides = {"IZ_DATA_DIR": str(folder)}
    database = PostgresDatabase() if backend == "postgres" else None
    if database is not None:
        overrides["IZ_DATABASE_URL"] = database.url
    application = make_app(overrides)
    yield application
    with application.app_context():
        from innovationzone.extensions import db

        db.session.remove()
        db.engine.dispose()
    if database is not None:
        database.drop()
    shutil.rmtree(folder, ignore_errors=True)


def test_every_downgrade_undoes_its_upgrade(fresh_app):
    """An operator who rolls a release back runs `db downgrade`: each step down must leave the
    schema exactly as the step up found it (no table, column or index left behind or lost), and
    upgrading again from nothing must give the schema a straight upgrade gave, the models' own."""
    from alembic.script import ScriptDirectory
    from flask_migrate import downgrade, upgrade

    from innovationzone.extensions import db

    directory = fresh_app.extensions["migrate"].directory
    revisions = [
        "base",
        *(r.revision for r in reversed(list(ScriptDirectory(directory).walk_revisions()))),
    ]
    with fresh_app.app_context():
        schemas = {"base": schema_of(db.engine)}
        for revision in revisions[1:]:
            upgrade(directory=directory, revision=revision)
            schemas[revision] = schema_of(db.engine)
        for lower, revision in reversed(list(pairwise(revisions))):
            downgrade(directory=directory, revision=lower)
            assert schema_of(db.engine) == schemas[lower], f"downgrade of {revision}"
        upgrade(directory=directory, revision="heads")
        assert schema_of(db.engine) == schemas[revisions[-1]]
    result = fresh_app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


def test_a_downgrade_keeps_the_rows_it_does_not_drop(fresh_app):
    """On SQLite a batch migration rebuilds a table (copy, drop, rename): dropping `zones` or
    `users` while foreign keys are enforced deleted every row referencing them, so downgrading
    below 0015 emptied every zone's memberships and pages. Down below those rebuilds and up
    again, the people, zones, memberships and pages are all still there."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from innovationzone.accounts.services import create_user
    from innovationzone.extensions import db
    from innovationzone.wiki.services import save_page
    from innovationzone.zones.services import create_zone

    directory = fresh_app.extensions["migrate"].directory
    tables = ("users", "zones", "memberships", "wiki_pages", "wiki_revisions")

    def counts() -> dict[str, int]:
        with db.engine.connect() as connection:
            return {t: connection.scalar(text(f"SELECT count(*) FROM {t}")) for t in tables}

    with fresh_app.app_context():
        upgrade(directory=directory, revision="heads")
        ann = create_user(None, {"username": "ann", "password": "correct-horse-1"})
        create_zone(ann, {"slug": "kassa", "name": "Kassa"})
        save_page(ann, "kassa", "Start", "Start", "Welkom", None)
        db.session.remove()
        before = counts()
        assert before == dict.fromkeys(tables, 1)

        downgrade(directory=directory, revision="0010_resp_topics")  # below 0011 and 0015
        assert counts() == before
        upgrade(directory=directory, revision="heads")
        assert counts() == before
        if db.engine.dialect.name == "sqlite":  # the app's connections enforce them again
            with db.engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_0017_queues_comments_and_messages_to_be_indexed_again(fresh_app):
    """Their documents no longer search their post's title or room's name: the entries the old
    way are refreshed by the server's first drain, without anyone running `search reindex`."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from innovationzone.accounts.services import create_user
    from innovationzone.blog.comment_services import add_comment
    from innovationzone.blog.services import create_post
    from innovationzone.chat.room_services import create_zone_room
    from innovationzone.chat.services import send_message
    from innovationzone.extensions import db
    from innovationzone.zones.services import create_zone

    directory = fresh_app.extensions["migrate"].directory
    with fresh_app.app_context():
        upgrade(directory=directory, revision="heads")
        ann = create_user(None, {"username": "ann", "password": "correct-horse-1"})
        create_zone(ann, {"slug": "kassa", "name": "Kassa"})
        post = create_post(
            ann, "kassa", {"title": "Retouren", "body": "Tekst", "status": "published"}
        )
        comment = add_comment(ann, post.id, {"body": "Eens"})
        room = create_zone_room(ann, "kassa", {"slug": "vloer", "name": "Vloer"})
        message = send_message(ann, room.id, "Hallo", "c1")
        downgrade(directory=directory, revision="0016_question_indexes")
        db.session.execute(text("DELETE FROM search_outbox"))
        db.session.commit()
        upgrade(directory=directory, revision="0017_search_context_titles")
        queued = db.session.execute(text("SELECT type, object_id FROM search_outbox")).all()
        assert sorted(map(tuple, queued)) == [("comment", comment.id), ("message", message.id)]


def _ann_and_bob_with_a_room(directory: str, name: str):  # noqa: ANN202
    """At head: ann and bob, ann's zone 'kassa' and its room 'vloer' called `name`."""
    from flask_migrate import upgrade

    from innovationzone.accounts.services import create_user
    from innovationzone.chat.room_services import create_zone_room
    from innovationzone.zones.services import create_zone

    upgrade(directory=directory, revision="heads")
    ann = create_user(None, {"username": "ann", "password": "correct-horse-1"})
    create_user(None, {"username": "bob", "password": "correct-horse-1"})
    create_zone(ann, {"slug": "kassa", "name": "Kassa"})
    return ann, create_zone_room(ann, "kassa", {"slug": "vloer", "name": name})


def test_0020_queues_the_zone_rooms_there_are_to_be_found(fresh_app):
    """Rooms made before they were search documents are found after the server's first drain,
    without anyone running `search reindex`; a direct room (named by its people) is not one."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from innovationzone.chat.room_services import open_direct
    from innovationzone.db import write_transaction
    from innovationzone.extensions import db
    from innovationzone.search import services
    from innovationzone.search.backend import get_backend
    from innovationzone.search.indexer import drain

    directory = fresh_app.extensions["migrate"].directory
    with fresh_app.app_context():
        ann, room = _ann_and_bob_with_a_room(directory, "Winkelvloer")
        open_direct(ann, ["bob"])
        downgrade(directory=directory, revision="0019_last_locale")
        with write_transaction() as session:  # an index as it was before rooms were in it
            get_backend().clear()
            session.execute(text("DELETE FROM search_outbox"))
        upgrade(directory=directory, revision="0020_room_search")
        queued = db.session.execute(text("SELECT type, object_id FROM search_outbox")).all()
        assert list(map(tuple, queued)) == [("room", room.id)]
        db.session.rollback()  # SQLite: a new read sees what the drain (its own session) wrote
        drain(fresh_app)
        total, hits = services.search(ann, "winkelvloer")
        assert (total.count, [(h.type, h.id) for h in hits]) == (1, [("room", room.id)])


def test_0018_titles_chat_mentions_sent_before_by_their_room(fresh_app):
    """A title "Ann mentioned you in Kassa" read "Ann noemde je in “Ann mentioned you in Kassa”"
    on a Dutch notification page; the notifications already sent get the room's name too."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from innovationzone.chat.room_services import open_direct
    from innovationzone.chat.services import send_message
    from innovationzone.extensions import db

    directory = fresh_app.extensions["migrate"].directory
    with fresh_app.app_context():
        ann, room = _ann_and_bob_with_a_room(directory, "Vloer")
        send_message(ann, room.id, "@bob kijk je mee?", "c1")
        send_message(ann, open_direct(ann, ["bob"]).id, "@bob hoi", "c2")
        downgrade(directory=directory, revision="0017_search_context_titles")
        # as 0017's code titled them: the zone's name, or a direct room's people
        db.session.execute(
            text(
                "UPDATE notifications SET title = 'Ann mentioned you in Kassa' WHERE title = 'Vloer'"
            )
        )
        db.session.execute(
            text(
                "UPDATE notifications SET title = 'Ann mentioned you in ' || title"
                " WHERE title = 'ann, bob'"
            )
        )
        db.session.commit()
        upgrade(directory=directory, revision="heads")
        titles = db.session.execute(
            text("SELECT title FROM notifications WHERE kind = 'mention' ORDER BY id")
        ).scalars()
        assert list(titles) == ["Vloer", "ann, bob"]


def test_0021_gives_the_feeds_entries_there_are_plain_summaries(fresh_app):
    """Entries made before 0021 showed a comment's, message's or answer's Markdown in the home
    feed; after it they show what the text reads as, as new entries do."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from innovationzone.chat.services import send_message
    from innovationzone.extensions import db

    directory = fresh_app.extensions["migrate"].directory
    with fresh_app.app_context():
        ann, room = _ann_and_bob_with_a_room(directory, "Vloer")
        send_message(ann, room.id, "De **nieuwe** kassa staat " + "x" * 400, "c1")
        downgrade(directory=directory, revision="0020_room_search")
        db.session.execute(text("UPDATE feed_entries SET summary = 'De **nieuwe** kassa'"))
        db.session.commit()
        upgrade(directory=directory, revision="heads")
        (summary,) = db.session.execute(text("SELECT summary FROM feed_entries")).scalars()
        assert summary == "De nieuwe kassa staat…"


def test_0022_derived_post_excerpts_keep_following_the_body(fresh_app):
    """A post's excerpt derived by the old rule (blocks run together) gets the new rule's, so the
    editor still sees it as derived; an excerpt its author wrote stays."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from innovationzone.blog.services import create_post
    from innovationzone.db import write_transaction
    from innovationzone.extensions import db

    directory = fresh_app.extensions["migrate"].directory
    with fresh_app.app_context():
        ann, _room = _ann_and_bob_with_a_room(directory, "Vloer")
        body = "## Retour\n\nBinnen 24 uur\n\n- in de winkel\n- per post"
        derived = create_post(ann, "kassa", {"title": "Retour", "body": body}).id
        written = create_post(ann, "kassa", {"title": "Kort", "body": body, "excerpt": "Kort."}).id
        downgrade(directory=directory, revision="0021_feed_plain_summaries")
        old = "Retour Binnen 24 uur in de winkel per post"  # what the old rule derived
        with write_transaction() as session:  # beside the post's own after-commit work
            session.execute(
                text("UPDATE blog_posts SET excerpt = :old WHERE id = :id"),
                {"old": old, "id": derived},
            )
        upgrade(directory=directory, revision="heads")
        excerpts = dict(db.session.execute(text("SELECT id, excerpt FROM blog_posts")).all())
        assert excerpts == {
            derived: "Retour · Binnen 24 uur · in de winkel · per post",
            written: "Kort.",
        }
