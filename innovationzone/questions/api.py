"""JSON API for questions: ask, list (only what the caller may read), answer, accept."""

from __future__ import annotations

from typing import Any

from flask import request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from innovationzone import sweeper
from innovationzone.api import api_blueprint, embedded, json_body, page_args, signed_in
from innovationzone.questions import services
from innovationzone.questions.models import Question

bp = api_blueprint("questions_api", __name__)


@bp.post("/questions")
@signed_in
def ask() -> ResponseReturnValue:
    """Asks a question in a zone (optionally from a post or chat message); it is routed to an
    assignee at once (201)."""
    return services.ask(current_user, json_body()).to_dict(), 201


@bp.get("/questions")
@signed_in
def list_questions() -> ResponseReturnValue:
    """Questions the caller may read, filtered by assignee, status or topic; runs the overdue
    sweep first so escalations are current."""
    sweeper.maybe_sweep()
    limit, cursor = page_args()
    args = request.args
    page = services.list_questions(
        current_user,
        assignee=args.get("assignee") or None,
        status=args.get("status") or None,
        zone=args.get("zone") or None,
        topic=args.get("topic") or None,
        limit=limit,
        cursor=cursor,
    )
    return {"questions": [q.to_dict() for q in page.items], "next": page.next}


@bp.get("/questions/<int:question_id>")
@signed_in
def show(question_id: int) -> ResponseReturnValue:
    """One question the caller may read, with the first page of its answers (which one is
    accepted is on each)."""
    return _with_answers(services.get_question(current_user, question_id))


@bp.get("/questions/<int:question_id>/answers")
@signed_in
def list_answers(question_id: int) -> ResponseReturnValue:
    """A question's answers, oldest first, a page at a time (the question's own answer has the
    first page)."""
    limit, cursor = page_args()
    listing = services.answers_page(current_user, question_id, limit=limit, cursor=cursor)
    return {"answers": [answer.to_dict() for answer in listing.items], "next": listing.next}


@bp.post("/questions/<int:question_id>/answers")
@signed_in
def answer(question_id: int) -> ResponseReturnValue:
    """Answers a question in a zone the caller may write in (201); the asker is told."""
    return services.answer(current_user, question_id, json_body()).to_dict(), 201


@bp.post("/questions/<int:question_id>/accept")
@signed_in
def accept(question_id: int) -> ResponseReturnValue:
    """The asker, assignee or a curator accepts an answer, which settles the question."""
    return _with_answers(services.accept(current_user, question_id, json_body()))


def _with_answers(question: Question) -> dict[str, Any]:
    """The question with `answers` (`limit`, default 50, oldest first) and `answers_next`."""
    limit, _cursor = page_args()
    answers = services.answers_page(current_user, question.id, limit=limit, cursor=None)
    return question.to_dict() | embedded("answers", answers)
