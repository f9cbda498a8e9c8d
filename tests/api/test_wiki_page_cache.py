"""Wiki pages served from the page cache (wiki/page_cache.py) stay right: every write shows at
once, in this process and in another app on the same database; each reader sees their own name,
CSRF token, unread count and "What links here"; an unchanged page answers 304."""

from __future__ import annotations

import gzip
import re

import pytest

from tests.conftest import PASSWORD, make_app
from tests.support.clients import ApiClient, page_csrf
from tests.support.statements import recorded

URL = "/z/winkels/wiki/Kassa"


@pytest.fixture
def ann(api_as):
    client = api_as("ann")
    assert client.post("zones", {"slug": "winkels", "name": "Winkels"}).status_code == 201
    assert save(client, "Kassa", "Open de **kassa** om negen uur.", None).status_code == 201
    return client


def save(client, path: str, body: str, base: int | None, zone: str = "winkels"):  # noqa: ANN001
    title = path.rsplit("/", 1)[-1]
    return client.put(
        f"zones/{zone}/pages/{path}", {"title": title, "body": body, "base_revision": base}
    )


def html_of(client, url: str = URL) -> str:  # noqa: ANN001
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


@pytest.fixture
def second_app(app):  # noqa: ANN001
    """Another process's app on the same database, with a page cache of its own."""
    from innovationzone.extensions import db

    other = make_app(
        {
            "IZ_DATA_DIR": app.config["IZ_DATA_DIR"],
            "IZ_DATABASE_URL": app.config["IZ_DATABASE_URL"],
            "IZ_SEARCH_BACKEND": app.config["IZ_SEARCH_BACKEND"],
        }
    )
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def test_edits_renames_deletes_show_at_once_here_and_in_another_app(ann, second_app):
    other = ApiClient(second_app.test_client(), ann.token)
    for reader in (ann, other):
        assert "negen uur" in html_of(reader) and "negen uur" in html_of(reader)  # now cached

    assert save(other, "Kassa", "Open de kassa om tien uur.", 1).status_code == 200
    for reader in (ann, other):
        page = html_of(reader)
        assert "tien uur" in page and "negen uur" not in page

    assert other.post("zones/winkels/pages/Kassa/rename", {"path": "Winkel/Kassa"}).status_code
    moved = ann.get(URL)
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/Winkel/Kassa")
    assert "tien uur" in html_of(ann, "/z/winkels/wiki/Winkel/Kassa")

    assert other.delete("zones/winkels/pages/Winkel/Kassa").status_code == 204
    assert ann.get("/z/winkels/wiki/Winkel/Kassa").status_code == 404


def test_a_member_removed_from_a_private_zone_gets_404_at_once_in_every_app(api_as, second_app):
    ann, bob = api_as("ann"), api_as("bob")
    ann.post("zones", {"slug": "kassa", "name": "Kassa", "visibility": "private"})
    ann.post("zones/kassa/members", {"username": "bob"})
    assert save(ann, "Geheim", "Alleen voor leden.", None, zone="kassa").status_code == 201
    other = ApiClient(second_app.test_client(), bob.token)
    for reader in (bob, other):
        assert "Alleen voor leden" in html_of(reader, "/z/kassa/wiki/Geheim")

    assert ann.delete("zones/kassa/members/bob").status_code == 204
    for reader in (bob, other):
        assert reader.get("/z/kassa/wiki/Geheim").status_code == 404


def test_readers_never_see_each_others_name_token_or_unread_count(app, ann, browser_login):
    dirk, eva = browser_login("dirk"), browser_login("eva")
    save(ann, "Kassa", "Vraag het @dirk.", 1)  # a mention: dirk has one unread notification
    pages = {name: html_of(client) for name, client in (("dirk", dirk), ("eva", eva))}
    for name, page in pages.items():
        other = "Eva" if name == "dirk" else "Dirk"
        assert f"<summary>{name.title()} " in page and f"<summary>{other} " not in page
        assert set(re.findall(r'name="csrf_token" value="([^"]+)"', page)) == {page_csrf(page)}
    assert page_csrf(pages["dirk"]) != page_csrf(pages["eva"])
    assert re.search(r'id="notif-count" class="badge">1<', pages["dirk"])
    assert re.search(r'id="notif-count" class="badge" hidden>0<', pages["eva"])
    # Each token is the one its own session accepts: watching through the page's form works.
    form = {"csrf_token": page_csrf(pages["eva"])}
    assert eva.post(URL + "/watch", data=form).status_code == 302
    assert ">Unwatch<" in html_of(eva) and ">Watch<" in html_of(dirk)


def test_what_links_here_shows_each_reader_only_zones_they_may_read(app, ann, api_as):
    bob = api_as("bob")
    ann.post("zones", {"slug": "kassa", "name": "Kassa", "visibility": "private"})
    save(ann, "Geheim", "Zie [[winkels:Kassa]].", None, zone="kassa")
    save(ann, "Open", "Zie [[Kassa]].", None)
    assert "/z/kassa/wiki/Geheim" in html_of(ann)
    shown = html_of(bob)
    assert "/z/winkels/wiki/Open" in shown and "/z/kassa/wiki/Geheim" not in shown
    ann.post("zones/kassa/members", {"username": "bob"})
    assert "/z/kassa/wiki/Geheim" in html_of(bob)
    save(ann, "Geheim", "Geen link meer.", 1, zone="kassa")  # a write in the other zone
    assert "/z/kassa/wiki/Geheim" not in html_of(bob)


def test_an_unchanged_page_is_a_304_and_an_edited_one_a_200(ann, browser_login):
    dirk = browser_login("dirk")
    for headers in ({}, {"Accept-Encoding": "gzip"}):
        first = dirk.get(URL, headers=headers)
        tag = first.headers["ETag"]
        again = dirk.get(URL, headers={**headers, "If-None-Match": tag})
        assert again.status_code == 304 and not again.data
    zipped = dirk.get(URL, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == dirk.get(URL).data
    save(ann, "Kassa", "Open de kassa om elf uur.", 1)
    edited = dirk.get(URL, headers={"If-None-Match": tag, "Accept-Encoding": "gzip"})
    assert edited.status_code == 200 and b"elf uur" in gzip.decompress(edited.data)


def test_the_language_and_the_moderators_buttons_are_part_of_the_key(ann, api_as):
    bob = api_as("bob")
    assert ">History<" in html_of(bob)
    dutch = bob.get(URL, headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert ">Geschiedenis<" in dutch
    assert "Deleted pages" in html_of(ann) and "Deleted pages" not in html_of(bob)


def test_watching_a_page_is_told_apart_from_the_same_path_in_another_zone(ann, api_as):
    bob = api_as("bob")
    ann.post("zones", {"slug": "kassa", "name": "Kassa"})
    save(ann, "Kassa", "Zelfde pad, andere zone.", None, zone="kassa")
    assert bob.put("zones/kassa/pages/Kassa/watch").json == {"watching": True}
    assert ">Unwatch<" in html_of(bob, "/z/kassa/wiki/Kassa")
    assert ">Watch<" in html_of(bob)  # winkels/Kassa: not watched


def test_only_the_review_owner_and_moderators_get_the_mark_reviewed_button(app, ann, browser_login):
    bob, dirk = browser_login("bob"), browser_login("dirk")  # members signed in in a browser
    assert "mark-reviewed" not in html_of(ann)  # no review yet
    review = {"interval_days": 30, "owner": "bob"}
    assert ann.put("zones/winkels/pages/Kassa/review", review).status_code == 200
    for reader, shown in ((dirk, False), (bob, True), (ann, True), (dirk, False)):
        html = html_of(reader)
        assert "Review due" in html
        assert ('id="mark-reviewed"' in html) is shown
    html = html_of(bob)  # the button's form carries the reader's own CSRF token
    assert (
        f'name="csrf_token" value="{page_csrf(html)}"><button class="link" type="submit" id="mark-reviewed"'
        in html
    )
    seen, response = statements_of(app, lambda: bob.get(URL))  # still one statement a view
    assert response.status_code == 200 and 'id="mark-reviewed"' in response.get_data(as_text=True)
    assert len(seen) == 1, seen
    # A new owner: the button moves with the review at once.
    assert (
        ann.put("zones/winkels/pages/Kassa/review", {**review, "owner": "dirk"}).status_code == 200
    )
    assert 'id="mark-reviewed"' in html_of(dirk) and 'id="mark-reviewed"' not in html_of(bob)


def statements_of(app, call) -> tuple[list[str], object]:  # noqa: ANN001
    """The SQL statements one request runs, and its response."""
    from innovationzone.extensions import db

    with app.app_context():
        engine = db.engine
    with recorded(engine) as seen:
        response = call()
    return seen, response


def test_a_cached_view_is_one_statement_with_a_token_or_a_session(app, ann, browser_login):
    dirk = browser_login("dirk")
    for reader in (ann, dirk):
        html_of(reader)  # the first view renders and keeps the page
        seen, response = statements_of(app, lambda r=reader: r.get(URL))
        assert response.status_code == 200
        assert len(seen) == 1, seen  # the credential, the zone, the role, versions, unread, watch


def test_the_readers_row_from_the_driver_is_what_sqlalchemy_reads(app, ann):
    """A cached view reads its one statement straight from the driver (db.read_row): the same
    values of the same types as SQLAlchemy's own result (datetimes, booleans), and a failing
    statement raises SQLAlchemy's error (which the error handlers answer)."""
    from sqlalchemy import exc, text

    from innovationzone.accounts import credential_services
    from innovationzone.db import read_row
    from innovationzone.extensions import db
    from innovationzone.wiki.page_cache import visit_columns

    html_of(ann)
    params = {
        "slug": "winkels",
        "path": "Kassa",
        "token_hash": credential_services.digest(ann.token),
    }
    statement = visit_columns(credential_services._FOLD_BASES["token"])
    with app.app_context():
        with db.engine.connect() as connection:
            expected = connection.execute(statement, params).one()
        row = read_row(statement, params)
        assert tuple(row) == tuple(expected)
        assert [type(value) for value in row] == [type(value) for value in expected]
        assert row.created_at == expected.created_at and row.watching is True  # the author watches
        assert read_row(statement, {**params, "token_hash": "unknown"}) is None
        with pytest.raises(exc.DBAPIError):
            read_row(statement.where(text("no_such_column = 1")), params)
        assert html_of(ann)  # the connection went back to the pool in working order


def test_an_ended_credential_or_account_loses_a_cached_page_at_once(
    app, ann, browser_login, make_user
):
    from innovationzone.accounts import credential_services, services

    signed_out = browser_login("dirk")
    html = html_of(signed_out)
    html_of(signed_out)  # kept for dirk's class of reader
    assert signed_out.post("/logout", data={"csrf_token": page_csrf(html)}).status_code == 302
    assert signed_out.get(URL).headers["Location"].startswith("/login")

    fresh = ann.post("tokens", {"username": "ann", "password": PASSWORD}).json["token"]
    ended = ApiClient(app.test_client(), fresh)
    html_of(ended)
    change = {"current": PASSWORD, "new": "Another-password-1"}
    assert ann.post("me/password", change).status_code == 204
    assert ended.get(URL).status_code == 302  # the other token ended with the password change
    assert "negen uur" in html_of(ann)  # the token that changed it lasts

    make_user("root", admin=True), make_user("eva")
    with app.app_context():
        secret = credential_services.create_token(services.get_user("eva"), "t")[1]
    deactivated = [browser_login("eva"), ApiClient(app.test_client(), secret)]
    for reader in deactivated:
        html_of(reader)
    with app.app_context():
        services.set_active(services.get_user("root"), "eva", False)
    for reader in deactivated:
        assert reader.get(URL).status_code == 302


def test_a_write_after_cached_views_still_rolls_back_as_a_whole(app, ann):
    """The reader's statement runs without a transaction on PostgreSQL (AUTOCOMMIT for that one
    read); the pool must hand the connection on transactional again."""
    from sqlalchemy import select, update

    from innovationzone.db import write_transaction
    from innovationzone.extensions import db
    from innovationzone.zones.models import Zone

    for _ in range(3):
        html_of(ann), html_of(ann)
        with app.app_context():
            with pytest.raises(RuntimeError), write_transaction() as session:
                session.execute(update(Zone).where(Zone.slug == "winkels").values(name="Weg"))
                session.flush()
                raise RuntimeError("undo")
            assert db.session.scalar(select(Zone.name).where(Zone.slug == "winkels")) == "Winkels"
