"""Demo questions: open ones waiting with a topic owner and a curator, one escalated, and an
answered one whose accepted answer search can find. Safe to run twice (matched by title)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from innovationzone.accounts.models import User
from innovationzone.db import utcnow, write_transaction
from innovationzone.extensions import db
from innovationzone.questions.models import Question
from innovationzone.questions.services import accept, answer, ask, escalate_overdue
from innovationzone.zones.models import Zone

# asker, zone, topic, title, body, assignee, answers [(author, body)], accepted index, age in days
QUESTIONS = [
    (
        "joost",
        "omnichannel",
        "click-en-collect",
        "Hoe lang bewaren we click & collect-pakketten?",
        "Een klant kwam na tien dagen; het pakket was al retour. Wat is de afspraak?",
        None,
        [
            (
                "ilse",
                "Zeven dagen, daarna gaat het terug naar het DC. De klant krijgt op dag 5 een herinnering.",
            )
        ],
        0,
        2,
    ),
    (
        "gerda",
        "omnichannel",
        "click-en-collect",
        "Kan een klant een click & collect-order door iemand anders laten ophalen?",
        "Klantenservice krijgt deze vraag elke week.",
        None,
        [],
        None,
        1,
    ),
    (
        "hugo",
        "last-mile",
        None,
        "Wie beslist over een bezorgklacht boven de 50 euro?",
        "Nu gaat het heen en weer tussen logistiek en klantenservice.",
        None,
        [],
        None,
        5,
    ),
    (
        "daan",
        "kassa-vernieuwing",
        None,
        "Werkt de nieuwe kassa offline als de verbinding wegvalt?",
        "Belangrijk voor de winkels op de Waddeneilanden.",
        "chantal",
        [("karin", "Ja, tot 48 uur; daarna moet hij synchroniseren.")],
        None,
        0,
    ),
]


def load(people: dict[str, User], zones: dict[str, Zone]) -> None:
    """Writes the demo questions that are not there yet, with their answers and accepted ones, so
    the questions page has content to show."""
    for asker, zone, topic, title, body, assignee, answers, accepted, age in QUESTIONS:
        if zone not in zones or db.session.scalar(
            select(Question.id).where(Question.title == title)
        ):
            continue
        data = {"zone": zone, "topic": topic, "title": title, "body": body, "assignee": assignee}
        question = ask(people[asker], data)
        replies = [answer(people[author], question.id, {"body": text}) for author, text in answers]
        if accepted is not None:
            accept(people[asker], question.id, {"answer_id": replies[accepted].id})
        if age:
            with write_transaction() as session:
                session.execute(
                    update(Question)
                    .where(Question.id == question.id)
                    .values(created_at=utcnow() - timedelta(days=age))
                )
    escalate_overdue()
