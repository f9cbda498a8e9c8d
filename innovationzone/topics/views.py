"""HTML pages: the topic list and one topic, with the curators' add/pin/remove forms."""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from innovationzone.accounts.forms import ConfirmForm
from innovationzone.errors import DomainError
from innovationzone.permissions import may_curate_topics as may_curate
from innovationzone.topics import services
from innovationzone.topics.forms import ItemForm, TopicForm

bp = Blueprint("topics", __name__)
ITEM = "/topics/<slug>/items/<item_type>/<int:object_id>"


@bp.route("/topics", methods=["GET", "POST"])
@login_required
def index():
    form = TopicForm()
    if form.validate_on_submit():
        try:
            topic = services.create_topic(
                current_user,
                {
                    "slug": form.slug.data,
                    "title": form.title.data,
                    "owner": form.owner.data,
                    "description": form.description.data or "",
                },
            )
        except DomainError as error:
            form.form_errors.append(error.message)
        else:
            return redirect(url_for("topics.show", slug=topic.slug))
    return render_template(
        "topics/index.html",
        topics=services.list_topics(),
        form=form,
        may_curate=may_curate(current_user),
    )


@bp.get("/topics/<slug>")
@login_required
def show(slug: str):
    topic = services.get_topic(slug)
    items = services.visible_items(current_user, topic)
    pinned = [item for item in items if item.pinned]
    rest = sorted((item for item in items if not item.pinned), key=lambda item: item.type)
    groups = [(kind, list(group)) for kind, group in groupby(rest, key=lambda item: item.type)]
    return render_template(
        "topics/show.html",
        topic=topic,
        pinned=pinned,
        groups=groups,
        may_curate=may_curate(current_user),
        form=ItemForm(),
        confirm=ConfirmForm(),
    )


@bp.post("/topics/<slug>/items")
@login_required
def add_item(slug: str):
    form = ItemForm()
    if form.validate_on_submit():
        _attempt(
            services.add_item,
            slug,
            {"type": form.type.data, "id": form.id.data, "pinned": form.pinned.data},
        )
    else:
        flash(_("Choose a type and a number."), "error")
    return redirect(url_for("topics.show", slug=slug))


@bp.post(ITEM + "/<any(pin, unpin):action>")
@login_required
def pin(slug: str, item_type: str, object_id: int, action: str):
    if ConfirmForm().validate_on_submit():
        _attempt(services.set_pinned, slug, item_type, object_id, {"pinned": action == "pin"})
    return redirect(url_for("topics.show", slug=slug))


@bp.post(ITEM + "/remove")
@login_required
def remove_item(slug: str, item_type: str, object_id: int):
    if ConfirmForm().validate_on_submit():
        _attempt(services.remove_item, slug, item_type, object_id)
    return redirect(url_for("topics.show", slug=slug))


def _attempt(action, *args) -> None:  # noqa: ANN001 - a service function
    try:
        action(current_user, *args)
    except DomainError as error:
        flash(error.message, "error")
