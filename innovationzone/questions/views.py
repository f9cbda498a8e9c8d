"""HTML pages for questions: my queue, asking (also from a post or a chat message), one question
with its answers and the accept buttons."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from innovationzone import hooks, sweeper
from innovationzone.accounts.forms import ConfirmForm
from innovationzone.api import page_args
from innovationzone.errors import DomainError
from innovationzone.permissions import WRITE, can, may_accept_answer
from innovationzone.questions import services
from innovationzone.questions.forms import AnswerForm, AskForm
from innovationzone.zones.services import zone_choices

bp = Blueprint("questions", __name__)
PAGE = 30  # questions in each list of the questions page unless `limit` says otherwise
ANSWERS = 50  # answers on a question's page unless `limit` says otherwise
ZONE_CHOICES = 20  # the asker's own zones offered in the ask form; any other is typed


@hooks.register("topic.page")
def topic_questions(user: Any, topic: Any, page_ids: list[int]) -> dict[str, Any]:
    """The topic page's open questions; topics sit below questions, so we add them."""
    found = services.list_questions(user, topic=topic.slug, status="open", limit=20)
    return {"questions": found.items}


@bp.get("/questions")
@login_required
def index() -> ResponseReturnValue:
    """The questions page: open questions assigned to the user, then recent ones, each a page
    at a time (`mine` and `cursor`); the overdue sweep runs first."""
    sweeper.maybe_sweep()
    limit, cursor = page_args(PAGE)
    mine = services.list_questions(
        current_user,
        assignee="me",
        status="open",
        limit=limit,
        cursor=request.args.get("mine") or None,
    )
    recent = services.list_questions(current_user, limit=limit, cursor=cursor)
    return render_template("questions/index.html", mine=mine, recent=recent)


def _source_data(form: AskForm) -> dict:
    if form.source_type.data and (form.source_id.data or "").isdigit():
        return {"source": {"type": form.source_type.data, "id": int(form.source_id.data)}}
    return {}


@bp.route("/questions/new", methods=["GET", "POST"])
@login_required
def new() -> ResponseReturnValue:
    """The ask form: a short list of zones the user may write in, their own first (a topic or
    zone in the link is preselected, and offered even if not theirs), and any other zone typed."""
    form = AskForm()
    selected = form.zone.data if form.is_submitted() else request.args.get("zone")
    zones = zone_choices(current_user, selected or None, ZONE_CHOICES, fill=True)
    form.zone.choices = [(z.slug, z.name) for z in zones if can(current_user, WRITE, z)]
    form.zone.choices.append(("", _l("Another zone (below)")))
    if not form.is_submitted():
        form.topic.data = request.args.get("topic", "")
        form.zone.data = request.args.get("zone") or None  # none marked: the first is chosen
        form.source_type.data = request.args.get("source_type", "")
        form.source_id.data = request.args.get("source_id", "")
        form.title.data = request.args.get("title", "")
    if form.validate_on_submit():
        data = {
            "zone": form.chosen_zone(),
            "title": form.title.data,
            "body": form.body.data or None,
            "topic": form.topic.data or None,
            "assignee": form.assignee.data or None,
            **_source_data(form),
        }
        try:
            question = services.ask(current_user, data)
        except DomainError as error:
            form.form_errors.append(error.text())
        else:
            flash(_("Question sent to %(name)s.", name=question.assignee.display_name))
            return redirect(question.url)
    return render_template("questions/new.html", form=form)


@bp.get("/questions/<int:question_id>")
@login_required
def show(question_id: int) -> ResponseReturnValue:
    """A question with a page of its answers (oldest first, `limit` and `cursor` as in the API)
    and the answer form; the heading counts all of them."""
    question = services.get_question(current_user, question_id)
    limit, cursor = page_args(ANSWERS)
    return render_template(
        "questions/show.html",
        question=question,
        answers=services.answers_page(current_user, question_id, limit=limit, cursor=cursor),
        answer_count=services.answer_count(question),
        form=AnswerForm(),
        confirm=ConfirmForm(),
        may_answer=can(current_user, WRITE, question),
        may_accept=may_accept_answer(current_user, question),
        source=services.source_link(current_user, question),
    )


@bp.post("/questions/<int:question_id>/answers")
@login_required
def answer(question_id: int) -> ResponseReturnValue:
    """Posts an answer from the question page; a refusal is flashed."""
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            services.answer(current_user, question_id, {"body": form.body.data})
        except DomainError as error:
            flash(error.text(), "error")
    else:
        flash(_("Write an answer first."), "error")
    return redirect(url_for("questions.show", question_id=question_id))


@bp.post("/questions/<int:question_id>/accept/<int:answer_id>")
@login_required
def accept(question_id: int, answer_id: int) -> ResponseReturnValue:
    """Accepts an answer from the question page (asker, assignee or curator)."""
    if ConfirmForm().validate_on_submit():
        try:
            services.accept(current_user, question_id, {"answer_id": answer_id})
        except DomainError as error:
            flash(error.text(), "error")
    return redirect(url_for("questions.show", question_id=question_id))
