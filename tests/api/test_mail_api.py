"""E-mail through a real SMTP server (aiosmtpd): instant mails, the daily digest, the
recipient's language, text and HTML, the unsubscribe link, privacy, and retries."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from innovationzone.mail.worker import stop, wait_idle, wake
from tests.conftest import PASSWORD
from tests.support.clients import login, page_csrf, submit_form
from tests.support.smtp import Inbox, free_port, parts
from tests.support.statements import recorded


@pytest.fixture
def inbox(app):
    server = Inbox().start()
    app.config["IZ_SMTP_URL"] = server.url
    app.config["IZ_MAIL_FROM"] = "iz@winkel.example"
    app.config["IZ_BASE_URL"] = "https://iz.winkel.example"
    yield server
    assert wait_idle(app, 15)
    server.stop()


def outbox_count(app) -> int:  # noqa: ANN001
    from innovationzone.extensions import db
    from innovationzone.mail.models import OutboxMail

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(OutboxMail))


def digests(app) -> str:  # noqa: ANN001
    result = app.test_cli_runner().invoke(args=["mail", "send-digests"])
    assert result.exit_code == 0, result.output
    return result.output


def test_instant_mention_in_dutch_with_text_html_and_unsubscribe(app, two_zones, inbox, client):
    ann, bob, _cor = two_zones
    bob.patch("me", {"email": "bob@winkel.example"})
    bob.patch("me/preferences", {"email": "instant", "language": "nl"})
    post = ann.post(
        "zones/kassa/posts", {"title": "Kassa", "body": "Hoi @bob", "status": "published"}
    )
    assert post.status_code == 201
    (mail,) = inbox.wait(1)
    assert inbox.recipients == [["bob@winkel.example"]]
    assert mail["From"] == "iz@winkel.example" and mail["To"] == "bob@winkel.example"
    assert mail["Subject"] == "Ann noemde je in “Kassa”"
    text, html = parts(mail)
    link = f"https://iz.winkel.example/z/kassa/blog/{post.json['id']}"
    assert "Hallo Bob," in text and link in text
    assert f'href="{link}"' in html and "Ann noemde je in" in html
    unsubscribe = mail["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe.startswith("https://iz.winkel.example/unsubscribe/")
    assert unsubscribe in text and mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    path = unsubscribe.removeprefix("https://iz.winkel.example")
    page = client.get(path)  # following the link only asks; a mail scanner unsubscribes nobody
    assert page.status_code == 200 and bob.get("me/preferences").json["email"] == "instant"
    assert (
        client.post(path, data={"csrf_token": page_csrf(page.get_data(as_text=True))}).status_code
        == 200
    )
    assert bob.get("me/preferences").json["email"] == "off"
    assert app.test_client().post(path[:-3] + "xyz").status_code == 404  # a forged signature

    before = outbox_count(app)
    ann.post("zones/kassa/posts", {"title": "Nog een", "body": "@bob", "status": "published"})
    assert outbox_count(app) == before  # off means off


def test_daily_digest_lists_only_what_the_reader_may_still_read(app, two_zones, inbox):
    ann, bob, cor = two_zones
    for person, address in ((bob, "bob@winkel.example"), (cor, "cor@winkel.example")):
        person.patch("me", {"email": address})
    ann.post(
        "zones/kassa/posts", {"title": "Geheim plan", "body": "@bob @cor", "status": "published"}
    )
    ann.post(
        "zones/winkels/posts", {"title": "Open plan", "body": "@bob @cor", "status": "published"}
    )
    assert outbox_count(app) == 0  # daily is the default: nothing instant
    ann.delete("zones/kassa/members/bob")  # bob may no longer read the first post
    assert "2 digests queued" in digests(app)
    mails = {m["To"]: m for m in inbox.wait(2)}
    for address in ("bob@winkel.example", "cor@winkel.example"):
        text, html = parts(mails[address])
        assert "Open plan" in text and "Open plan" in html
        assert "Geheim" not in text and "Geheim" not in html
        assert mails[address]["Subject"] == "Your day in innovationzone: 1 new"
        assert "/unsubscribe/" in text
    assert "0 digests queued" in digests(app)  # nothing is mailed twice


def last_locale(app, username: str) -> str | None:  # noqa: ANN001
    from innovationzone.accounts.models import User
    from innovationzone.extensions import db

    with app.app_context():
        return db.session.scalar(select(User.last_locale).where(User.username == username))


def test_a_digest_is_in_the_language_last_used_when_the_profile_names_none(
    app, two_zones, inbox, client
):
    ann, bob, _cor = two_zones
    bob.patch("me", {"email": "bob@winkel.example"})
    assert bob.get("me/preferences").json["language"] is None
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl-NL,nl;q=0.9,en;q=0.5"
    assert login(client, "bob", PASSWORD).status_code == 302  # a Dutch browser signs in
    assert last_locale(app, "bob") == "nl"
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert client.get("/").status_code == 200  # a page view writes nothing
    assert last_locale(app, "bob") == "nl"

    ann.post("zones/winkels/posts", {"title": "Open plan", "body": "@bob", "status": "published"})
    assert "1 digests queued" in digests(app)
    (mail,) = inbox.wait(1)
    assert mail["Subject"].startswith("Je dag in innovationzone: ")  # and being added to kassa
    text, _html = parts(mail)
    assert "Open plan" in text

    # A form posted from an English browser: later mail is English.
    response = submit_form(client, "/notifications", to="/notifications/read")
    assert response.status_code == 302
    assert last_locale(app, "bob") == "en"


def test_the_language_is_written_only_when_it_changes_and_keeps_cached_pages(app, make_user):
    from innovationzone.accounts.models import User
    from innovationzone.accounts.services import remember_language
    from innovationzone.extensions import db
    from innovationzone.wiki.view_versions import global_version

    make_user("eva")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "eva"))
        version = db.session.scalar(select(global_version()))
        with recorded(db.engine) as first:
            remember_language(user, "nl")
        with recorded(db.engine) as again:
            remember_language(user, "nl")
        assert first and again == []  # the same language again: not a statement
        assert user.last_locale == "nl"
        # No cached page shows it: people's names are unchanged, so nothing is re-rendered.
        assert db.session.scalar(select(global_version())) == version
        db.session.remove()
    assert last_locale(app, "eva") == "nl"


def test_without_smtp_nothing_is_queued_and_nothing_fails(app, two_zones):
    ann, bob, _cor = two_zones
    assert app.config["IZ_SMTP_URL"] is None
    bob.patch("me", {"email": "bob@winkel.example"})
    bob.patch("me/preferences", {"email": "instant"})
    response = ann.post(
        "zones/winkels/posts", {"title": "Hoi", "body": "@bob", "status": "published"}
    )
    assert response.status_code == 201
    assert [n["kind"] for n in bob.get("notifications").json["notifications"]].count("mention") == 1
    assert outbox_count(app) == 0
    assert "IZ_SMTP_URL is not set" in digests(app)


def test_a_mail_waits_for_a_server_that_is_down_and_is_sent_once_it_is_up(app, two_zones):
    ann, bob, _cor = two_zones
    port = free_port()
    app.config["IZ_SMTP_URL"] = f"smtp://127.0.0.1:{port}"  # nothing listens there yet
    app.config["MAIL_RETRY_SECONDS"] = 0.3
    bob.patch("me", {"email": "bob@winkel.example"})
    bob.patch("me/preferences", {"email": "instant"})
    response = ann.post(
        "zones/winkels/posts", {"title": "Hoi", "body": "@bob", "status": "published"}
    )
    assert response.status_code == 201  # the request never waits for the mail server
    server = Inbox(port).start()
    try:
        (mail,) = server.wait(1)
        assert mail["Subject"] == "Ann mentioned you in “Hoi”"
        assert wait_idle(app, 15)
    finally:
        server.stop()


def test_stopping_the_worker_keeps_an_unsent_mail_for_the_next_start(app, two_zones):
    """A test's end (or a server going down) stops the worker while it waits to retry: it ends
    at once, and the mail stays in the outbox, tried once, for whoever starts next."""
    from innovationzone.extensions import db
    from innovationzone.mail.models import OutboxMail

    ann, bob, _cor = two_zones
    app.config["IZ_SMTP_URL"] = f"smtp://127.0.0.1:{free_port()}"  # nothing listens there
    app.config["MAIL_RETRY_SECONDS"] = 600.0
    bob.patch("me", {"email": "bob@winkel.example"})
    bob.patch("me/preferences", {"email": "instant"})
    ann.post("zones/winkels/posts", {"title": "Hoi", "body": "@bob", "status": "published"})

    def tried() -> OutboxMail | None:
        with app.app_context():
            mail = db.session.scalar(select(OutboxMail))
            return mail if mail is not None and mail.last_error else None

    deadline = time.monotonic() + 15
    while tried() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert tried() is not None, "the worker never tried the mail"
    assert not wait_idle(app, 0)  # waiting ten minutes to retry
    assert stop(app, 15)
    wake(app)  # a stopped worker is not started again by a late commit
    assert wait_idle(app, 0)
    mail = tried()
    assert mail.sent_at is None and mail.attempts == 1
