"""Questions through the API on SQLite and PostgreSQL: who they are assigned to by default,
notifications, answers, who may accept, escalation once, searchable when answered, and that
lists only ever show what the caller may read."""

from __future__ import annotations

from datetime import timedelta

import pytest


@pytest.fixture
def org(two_zones, api_as):
    """ann curates 'winkels' (public) and 'kassa' (private, bob a member); cor is outside.
    Topic 'retour' is owned by dirk."""
    ann, bob, cor = two_zones
    api_as("dirk")
    assert (
        ann.post("topics", {"slug": "retour", "title": "Retour", "owner": "dirk"}).status_code
        == 201
    )
    return ann, bob, cor, api_as("dirk")


def _ask(client, **fields):
    body = {"zone": "winkels", "title": "Hoe werkt retour?", "body": "Zonder bon?", **fields}
    return client.post("questions", body)


def _kinds(client, kind):
    return [n for n in client.get("notifications").json["notifications"] if n["kind"] == kind]


def test_assignee_defaults_chosen_then_topic_owner_then_curator(org, api_as):
    ann, bob, cor, dirk = org
    chosen = _ask(cor, assignee="bob")
    assert chosen.status_code == 201 and chosen.json["assignee"] == "bob"
    assert chosen.json["status"] == "open" and chosen.json["asker"] == "cor"
    assert _ask(cor, topic="retour").json["assignee"] == "dirk"
    assert _ask(cor).json["assignee"] == "ann"
    # the topic owner cannot read the private zone: a curator of the zone answers instead
    assert _ask(bob, zone="kassa", topic="retour").json["assignee"] == "ann"
    note = _kinds(dirk, "question_assigned")
    assert len(note) == 1 and note[0]["url"] == f"/questions/{note[0]['object_id']}"
    assert note[0]["actor"] == "cor"


def test_bad_questions_are_400_or_404(org):
    ann, bob, cor, _dirk = org
    for fields, field in (
        ({"title": ""}, "title"),
        ({"assignee": "nobody"}, "assignee"),
        ({"zone": "kassa", "assignee": "cor"}, "assignee"),
        ({"topic": "nope"}, "topic"),
    ):
        answer = _ask(bob, **fields)
        assert answer.status_code == 400 and answer.json["field"] == field, fields
    assert _ask(bob, body="").status_code == 400
    assert _ask(bob, body="x" * 20_001).status_code == 413
    assert _ask(cor, zone="kassa").status_code == 404
    assert cor.post("questions", {"title": "x", "body": "y"}).status_code == 400
    assert cor.post("questions", {"source": {"type": "post", "id": 9999}}).status_code == 404


def test_answer_notifies_the_asker_and_accept_rules(org):
    ann, bob, cor, dirk = org
    question = _ask(cor, topic="retour").json
    qid = question["id"]
    reply = bob.post(f"questions/{qid}/answers", {"body": "Met pinbon kan het."})
    assert reply.status_code == 201
    assert [n["actor"] for n in _kinds(cor, "question_answered")] == ["bob"]
    # the answerer (neither asker, assignee nor curator) may not settle it
    assert bob.post(f"questions/{qid}/accept", {"answer_id": reply.json["id"]}).status_code == 403
    other = _ask(cor).json["id"]
    wrong = cor.post(f"questions/{qid}/accept", {"answer_id": 99999})
    assert wrong.status_code == 400 and wrong.json["field"] == "answer_id"
    foreign = bob.post(f"questions/{other}/answers", {"body": "Elders"}).json["id"]
    assert cor.post(f"questions/{qid}/accept", {"answer_id": foreign}).status_code == 400
    for who in (cor, dirk, ann):  # asker, assignee, curator
        done = who.post(f"questions/{qid}/accept", {"answer_id": reply.json["id"]})
        assert done.status_code == 200 and done.json["status"] == "answered"
    shown = cor.get(f"questions/{qid}").json
    assert [(a["body"], a["accepted"]) for a in shown["answers"]] == [("Met pinbon kan het.", True)]
    # off the assignee's open queue, on the answered list
    assert dirk.get("questions?assignee=me&status=open").json["questions"] == []
    assert [
        q["id"] for q in dirk.get("questions?assignee=me&status=answered").json["questions"]
    ] == [qid]


def test_answered_questions_are_searchable_with_the_accepted_answer(org):
    ann, bob, cor, _dirk = org
    qid = _ask(cor, title="Retour zonder bon", body="Kan dat?").json["id"]
    reply = bob.post(f"questions/{qid}/answers", {"body": "Alleen met de pinbon erbij."}).json
    assert cor.get("search?q=pinbon&type=question").json["total"] == 0  # not yet answered
    cor.post(f"questions/{qid}/accept", {"answer_id": reply["id"]})
    hits = cor.get("search?q=pinbon").json["results"]
    assert [(h["type"], h["url"]) for h in hits] == [("question", f"/questions/{qid}")]
    for who in ("cor", "bob"):  # the asker and the one whose answer was accepted
        assert cor.get(f"search?q=pinbon by:{who}").json["total"] == 1, who
    assert cor.get("search?q=pinbon by:ann").json["total"] == 0
    secret = _ask(bob, zone="kassa", title="Kassalade klemt", body="Wat nu?").json["id"]
    answer = ann.post(f"questions/{secret}/answers", {"body": "Schroevendraaier."}).json
    bob.post(f"questions/{secret}/accept", {"answer_id": answer["id"]})
    assert bob.get("search?q=schroevendraaier").json["total"] == 1
    assert cor.get("search?q=schroevendraaier").json["total"] == 0


def test_lists_only_show_what_the_caller_may_read(org):
    ann, bob, cor, _dirk = org
    public = _ask(cor).json["id"]
    secret = _ask(bob, zone="kassa", assignee="ann").json["id"]
    assert {q["id"] for q in bob.get("questions").json["questions"]} == {public, secret}
    assert [q["id"] for q in cor.get("questions").json["questions"]] == [public]
    assert [q["id"] for q in cor.get("questions?assignee=ann").json["questions"]] == [public]
    assert cor.get(f"questions/{secret}").status_code == 404
    assert cor.post(f"questions/{secret}/answers", {"body": "x"}).status_code == 404
    assert cor.get("questions?zone=kassa").status_code == 404
    page = bob.get("questions?limit=1").json
    assert [q["id"] for q in page["questions"]] == [secret] and page["next"]
    assert [
        q["id"] for q in bob.get(f"questions?limit=1&cursor={page['next']}").json["questions"]
    ] == [public]
    assert bob.get("questions?status=closed").status_code == 400


def _chat(app, username, room_id, body):
    from sqlalchemy import select

    from innovationzone.accounts.models import User
    from innovationzone.chat.services import send_message
    from innovationzone.extensions import db

    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        return send_message(user, room_id, body, "q-1").id


def test_turn_a_post_or_chat_message_into_a_question(app, org):
    ann, bob, cor, _dirk = org
    post = cor.post(
        "zones/winkels/posts",
        {"title": "Retourbeleid?", "body": "Wie weet het?", "status": "published"},
    ).json["id"]
    asked = bob.post("questions", {"source": {"type": "post", "id": post}})
    assert asked.status_code == 201, asked.json
    assert asked.json["title"] == "Retourbeleid?" and asked.json["zone"] == "winkels"
    assert asked.json["source"] == {"type": "post", "id": post}
    room = ann.post("zones/kassa/rooms", {"slug": "team", "name": "Team"}).json["id"]
    message = _chat(app, "ann", room, "Waar liggen de bonrollen?")
    assert cor.post("questions", {"source": {"type": "message", "id": message}}).status_code == 404
    from_chat = bob.post("questions", {"source": {"type": "message", "id": message}})
    assert from_chat.status_code == 201 and from_chat.json["zone"] == "kassa"
    assert from_chat.json["title"] == "Waar liggen de bonrollen?"


def test_a_question_made_from_a_post_or_message_leads_back_to_it(app, org, browser_login):
    """The question's page said nothing of the post or chat message it was made from: its
    asker, assignee and readers had no way to the conversation that raised it. It links there,
    as long as the source is there to read."""
    ann, bob, _cor, _dirk = org
    post = bob.post(
        "zones/winkels/posts",
        {"title": "Retourbeleid?", "body": "Wie weet het?", "status": "published"},
    ).json["id"]
    from_post = bob.post("questions", {"source": {"type": "post", "id": post}}).json["id"]
    room = ann.post("zones/kassa/rooms", {"slug": "team", "name": "Teamoverleg"}).json["id"]
    message = _chat(app, "ann", room, "Waar liggen de bonrollen?")
    from_chat = bob.post("questions", {"source": {"type": "message", "id": message}}).json["id"]
    reader = browser_login("bob")
    page = reader.get(f"/questions/{from_post}", headers={"Accept-Language": "nl"})
    assert f'href="/z/winkels/blog/{post}"' in page.get_data(as_text=True)
    assert "Retourbeleid?" in page.get_data(as_text=True).split('id="question-source"')[1]
    page = reader.get(f"/questions/{from_chat}", headers={"Accept-Language": "nl"})
    html = page.get_data(as_text=True)
    assert f'href="/chat/{room}#m{message}"' in html and "Teamoverleg" in html
    assert bob.delete(f"posts/{post}").status_code == 204
    gone = reader.get(f"/questions/{from_post}").get_data(as_text=True)
    assert 'id="question-source"' not in gone


def test_unanswered_questions_escalate_once(app, org):
    from innovationzone.questions.services import escalate_overdue

    ann, bob, cor, dirk = org
    qid = _ask(cor, topic="retour").json["id"]
    answered = _ask(cor, topic="retour").json["id"]
    reply = dirk.post(f"questions/{answered}/answers", {"body": "Zo."}).json["id"]
    cor.post(f"questions/{answered}/accept", {"answer_id": reply})
    with app.app_context():
        from innovationzone.db import utcnow

        assert escalate_overdue(utcnow() + timedelta(days=1), days=3) == 0
        assert escalate_overdue(utcnow() + timedelta(days=4), days=3) == 1
        assert escalate_overdue(utcnow() + timedelta(days=9), days=3) == 0
    for who in (dirk, ann):
        notes = _kinds(who, "question_escalated")
        assert [n["object_id"] for n in notes] == [qid]
    assert _kinds(cor, "question_escalated") == []
    assert cor.get(f"questions/{qid}").json["escalated"] is True


def test_escalation_runs_when_a_queue_is_read_after_the_configured_days(app, org):
    ann, _bob, cor, dirk = org
    app.config.update(SWEEP_ALWAYS=True, QUESTION_ESCALATION_DAYS=0)
    qid = _ask(cor, topic="retour").json["id"]
    dirk.get("questions?assignee=me")
    dirk.get("questions")
    assert [n["object_id"] for n in _kinds(ann, "question_escalated")] == [qid]
    assert [n["object_id"] for n in _kinds(dirk, "question_escalated")] == [qid]


def test_deleting_a_topic_keeps_its_questions_and_drops_its_review(org):
    ann, _bob, cor, dirk = org
    qid = _ask(cor, topic="retour").json["id"]
    assert dirk.put("topics/retour/review", {"interval_days": 30}).status_code == 200
    assert dirk.delete("topics/retour").status_code == 204
    kept = cor.get(f"questions/{qid}").json
    assert kept["topic"] is None and kept["assignee"] == "dirk"
    assert dirk.get("reviews").json["reviews"] == []
