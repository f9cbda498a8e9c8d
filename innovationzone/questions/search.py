"""Answered questions as search documents: the question with its accepted answer, so the next
person with the same question finds the answer. Open questions are not indexed: nothing to find."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from innovationzone.questions.models import ANSWERED, Question
from innovationzone.search.documents import SearchDocument, register_model_source


def _document(question: Question | None) -> SearchDocument | None:
    if question is None or question.status != ANSWERED:
        return None
    accepted = question.accepted_answer
    return SearchDocument(
        type="question",
        id=question.id,
        title=question.title,
        body=f"{question.body}\n\n{accepted.body if accepted else ''}",
        url=question.url,
        zone_id=question.zone_id,
        updated_at=question.answered_at or question.created_at,
        # `by:` finds it under the asker and under whoever gave the accepted answer
        author_ids=tuple(
            i for i in (question.asker_id, accepted.author_id if accepted else None) if i
        ),
    )


def register() -> None:
    """Registers answered questions with search: an answer is what makes a question worth
    finding."""
    register_model_source(
        "question",
        Question,
        select(Question).where(Question.status == ANSWERED),
        _document,
        eager=(selectinload(Question.answers),),
    )
