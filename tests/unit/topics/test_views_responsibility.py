"""The HTML side of responsibility: editing, following and deleting a topic through its forms,
a page's review settings and overdue badge, the review queue page, asking, answering and
accepting a question in the browser's forms, and the zone page's overdue count."""

from __future__ import annotations

from datetime import date, timedelta

from tests.support.clients import form_csrf, page_csrf, submit_form


def _setup(api_as):
    lea = api_as("lea")
    api_as("ole"), api_as("mo")
    lea.post("zones", {"slug": "winkels", "name": "Winkels"})
    lea.post("topics", {"slug": "kassa", "title": "Kassa", "owner": "ole"})
    lea.put("zones/winkels/pages/Retour", {"title": "Retour", "body": "x", "base_revision": None})
    return lea


def test_owner_edits_follows_and_deletes_a_topic_through_the_page(api_as, browser_login):
    lea = _setup(api_as)
    owner, reader = browser_login("ole"), browser_login("mo")
    assert 'id="edit-topic"' not in reader.get("/topics/kassa").get_data(as_text=True)
    page = owner.get("/topics/kassa").get_data(as_text=True)
    assert 'id="edit-topic"' in page and 'data-picker="people"' in page
    form = {
        "topic-csrf_token": form_csrf(page),
        "topic-title": "Kassa & retour",
        "topic-owner": "ole",
        "topic-co_owners": "mo, lea",
        "topic-description": "Alles",
    }
    assert owner.post("/topics/kassa/edit", data=form).status_code == 302
    shown = lea.get("topics/kassa").json
    assert shown["title"] == "Kassa & retour" and shown["co_owners"] == ["mo", "lea"]
    refused = owner.post(
        "/topics/kassa/edit", data=form | {"topic-owner": "nobody"}, follow_redirects=True
    )
    assert (
        "nobody" in refused.get_data(as_text=True)
        and lea.get("topics/kassa").json["owner"] == "ole"
    )

    submit_form(reader, "/topics/kassa", to="/topics/kassa/follow")
    assert api_as("mo").get("topics/kassa").json["following"] is True
    assert ">Unfollow<" in reader.get("/topics/kassa").get_data(as_text=True)

    deleted = owner.post("/topics/kassa/delete", data={"csrf_token": form_csrf(page)})
    assert deleted.status_code == 302 and deleted.headers["Location"].endswith("/topics")
    assert lea.get("topics/kassa").status_code == 404


def test_review_settings_badge_queue_and_zone_count(api_as, browser_login):
    lea = _setup(api_as)
    browser = browser_login("lea")
    wiki_page = browser.get("/z/winkels/wiki/Retour").get_data(as_text=True)
    assert 'id="review-settings"' in wiki_page and 'id="review-overdue"' not in wiki_page
    settings = "/z/winkels/wiki/Retour/review"
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    saved = submit_form(browser, settings, {"interval_days": "30", "owner": "", "due": yesterday})
    assert saved.status_code == 302
    wiki_page = browser.get("/z/winkels/wiki/Retour").get_data(as_text=True)
    assert 'id="review-overdue"' in wiki_page and "Lea" in wiki_page
    assert "1 page overdue for review" in browser.get("/z/winkels").get_data(as_text=True)
    queue = browser.get("/reviews").get_data(as_text=True)
    assert "Retour" in queue and "review overdue" in queue
    browser.post(
        "/z/winkels/wiki/Retour/reviewed",
        data={"csrf_token": page_csrf(queue), "next": "/reviews"},
    )
    assert lea.get("reviews?overdue=true").json["reviews"] == []
    assert "overdue for review" not in browser.get("/z/winkels").get_data(as_text=True)
    bad = submit_form(browser, settings, {"interval_days": "7", "owner": "nobody"})
    assert bad.status_code == 200 and "nobody" in bad.get_data(as_text=True)


def test_ask_answer_and_accept_in_the_browser(api_as, browser_login):
    _setup(api_as)
    asker, owner = browser_login("mo"), browser_login("ole")
    form_page = asker.get("/questions/new?topic=kassa&zone=winkels").get_data(as_text=True)
    assert 'value="kassa"' in form_page
    asked = asker.post(
        "/questions/new",
        data={
            "csrf_token": form_csrf(form_page),
            "zone": "winkels",
            "topic": "kassa",
            "title": "Hoe open ik de lade?",
            "body": "Hij klemt.",
            "assignee": "",
        },
    )
    assert asked.status_code == 302
    url = asked.headers["Location"]
    queue = owner.get("/questions").get_data(as_text=True)
    assert "Hoe open ik de lade?" in queue.split('id="recent-questions"')[0]
    assert "Hoe open ik de lade?" in owner.get("/topics/kassa").get_data(as_text=True)
    submit_form(owner, url, {"body": "Met de sleutel."}, to=f"{url}/answers")
    question = asker.get(url).get_data(as_text=True)
    assert "Met de sleutel." in question and "Accept this answer" in question
    answer_id = api_as("mo").get("questions?status=open").json["questions"][0]["id"]
    answers = api_as("mo").get(f"questions/{answer_id}").json["answers"]
    asker.post(f"{url}/accept/{answers[0]['id']}", data={"csrf_token": form_csrf(question)})
    shown = asker.get(url).get_data(as_text=True)
    assert "Accepted answer" in shown and 'id="question-status"' in shown
    assert "No open questions." in owner.get("/topics/kassa").get_data(as_text=True)


def test_topic_review_from_the_topic_page(api_as, browser_login):
    lea = _setup(api_as)
    owner, reader = browser_login("ole"), browser_login("mo")
    page = owner.get("/topics/kassa").get_data(as_text=True)
    assert page.count('id="owner"') == 0 and 'id="topic-owner"' in page
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    saved = owner.post(
        "/topics/kassa/review",
        data={
            "review-csrf_token": form_csrf(page),
            "review-interval_days": "30",
            "review-due": yesterday,
        },
    )
    assert saved.status_code == 302
    assert lea.get("reviews?owner=ole&overdue=true").json["reviews"][0]["topic"] == "kassa"
    reader_page = reader.get("/topics/kassa").get_data(as_text=True)
    assert 'id="topic-reviewed"' not in reader_page and 'id="topic-review-form"' not in reader_page
    refused = reader.post(
        "/topics/kassa/review",
        data={"review-csrf_token": form_csrf(reader_page), "review-interval_days": "5"},
    )
    assert refused.status_code == 302
    assert lea.get("reviews?owner=ole").json["reviews"][0]["interval_days"] == 30
    submit_form(owner, "/topics/kassa", to="/topics/kassa/reviewed")
    assert lea.get("reviews?owner=ole&overdue=true").json["reviews"] == []


def test_notifications_page_names_the_new_kinds(api_as, browser_login):
    _setup(api_as)
    api_as("mo").post(
        "questions", {"zone": "winkels", "topic": "kassa", "title": "Lade klemt", "body": "Hulp"}
    )
    html = browser_login("ole").get("/notifications").get_data(as_text=True)
    assert "Mo asked you: “Lade klemt”" in html


def test_a_chat_message_becomes_a_question_through_the_form(app, api_as, browser_login):
    lea = _setup(api_as)
    room = lea.post("zones/winkels/rooms", {"slug": "team", "name": "Team"}).json["id"]
    with app.app_context():
        from sqlalchemy import select

        from innovationzone.accounts.models import User
        from innovationzone.chat.services import send_message
        from innovationzone.extensions import db

        author = db.session.scalar(select(User).where(User.username == "lea"))
        message = send_message(author, room, "Waar ligt de sleutel?", "m-1").id
    browser = browser_login("mo")
    chat = browser.get(f"/chat/{room}").get_data(as_text=True)
    assert "data-question-url=" in chat and "source_type=message" in chat
    asked = submit_form(
        browser,
        f"/questions/new?zone=winkels&source_type=message&source_id={message}&title=Waar+ligt+de+sleutel%3F",
        {
            "zone": "winkels",
            "title": "Waar ligt de sleutel?",
            "body": "",
            "source_type": "message",
            "source_id": str(message),
        },
        to="/questions/new",
    )
    assert asked.status_code == 302, asked.get_data(as_text=True)
    question = api_as("mo").get("questions").json["questions"][0]
    assert question["source"] == {"type": "message", "id": message}
    assert question["body"] == "Waar ligt de sleutel?" and question["assignee"] == "lea"
