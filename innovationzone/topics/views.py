"""HTML pages: the topic list and one topic, with the forms of those who manage it (edit,
archive, delete), of curators (add through the content picker, pin, remove) and of readers
(follow, ask a question)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import Any, Concatenate, ParamSpec

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from innovationzone import hooks
from innovationzone.accounts.forms import ConfirmForm
from innovationzone.api import page_args
from innovationzone.errors import DomainError
from innovationzone.permissions import MANAGE, can
from innovationzone.permissions import may_curate_topics as may_curate
from innovationzone.topics import services
from innovationzone.topics.forms import ItemForm, TopicEditForm, TopicForm
from innovationzone.topics.models import Topic

bp = Blueprint("topics", __name__)
P = ParamSpec("P")
ITEM = "/topics/<slug>/items/<item_type>/<int:object_id>"
EDIT = "topic"  # the edit form's prefix: its field names differ from the other forms' on the page


@bp.route("/topics", methods=["GET", "POST"])
@login_required
def index() -> ResponseReturnValue:
    """The topics page with the create form (for curators)."""
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
            form.form_errors.append(error.text())
        else:
            return redirect(url_for("topics.show", slug=topic.slug))
    limit, cursor = page_args()
    listing = services.topics_page(limit=limit, cursor=cursor)
    return render_template(
        "topics/index.html",
        topics=listing.items,
        next=listing.next,
        form=form,
        may_curate=may_curate(current_user),
    )


def _edit_form(topic: Topic) -> TopicEditForm:
    form = TopicEditForm(prefix=EDIT)
    if not form.is_submitted():
        form.title.data, form.description.data = topic.title, topic.description
        form.owner.data = topic.owner.username
        form.co_owners.data = ", ".join(c.user.username for c in topic.co_owners)
        form.archived.data = topic.archived
    return form


@bp.get("/topics/<slug>")
@login_required
def show(slug: str) -> ResponseReturnValue:
    """A topic page: pinned items, then the rest grouped by kind (a page of them at a time),
    plus panels other features add through hooks."""
    topic = services.get_topic(slug)
    limit, cursor = page_args()
    listing = services.items_page(current_user, topic, limit=limit, cursor=cursor)
    items = listing.items
    pinned = [item for item in items if item.pinned]
    rest = sorted((item for item in items if not item.pinned), key=lambda item: item.type)
    groups = [(kind, list(group)) for kind, group in groupby(rest, key=lambda item: item.type)]
    page_ids = [item.id for item in items if item.type == "page"]
    panels: dict = {}  # what features working on topics add (questions, reviews)
    for panel in hooks.call("topic.page", user=current_user, topic=topic, page_ids=page_ids):
        panels.update(panel)
    return render_template(
        "topics/show.html",
        topic=topic,
        pinned=pinned,
        groups=groups,
        next=listing.next,
        may_curate=may_curate(current_user),
        may_manage=can(current_user, MANAGE, topic),
        following=services.is_following(current_user, topic),
        **panels,
        form=ItemForm(),
        edit_form=_edit_form(topic),
        confirm=ConfirmForm(),
    )


@bp.post("/topics/<slug>/edit")
@login_required
def edit(slug: str) -> ResponseReturnValue:
    """Saves the topic's edit form (owner, co-owners or curator); a refusal is flashed."""
    form = TopicEditForm(prefix=EDIT)
    if form.validate_on_submit():
        names = [n.strip() for n in (form.co_owners.data or "").split(",") if n.strip()]
        data = {
            "title": form.title.data,
            "owner": form.owner.data,
            "co_owners": names,
            "description": form.description.data or "",
            "archived": form.archived.data,
        }
        if _attempt(services.update_topic, slug, data):
            flash(_("Topic saved."))
    else:
        flash(_("A topic needs a title and an owner."), "error")
    return redirect(url_for("topics.show", slug=slug))


@bp.post("/topics/<slug>/delete")
@login_required
def delete(slug: str) -> ResponseReturnValue:
    """Deletes a topic after confirmation; its content stays."""
    if ConfirmForm().validate_on_submit() and _attempt(services.delete_topic, slug):
        flash(_("Topic deleted. Its pages, posts and rooms are still there."))
        return redirect(url_for("topics.index"))
    return redirect(url_for("topics.show", slug=slug))


@bp.post("/topics/<slug>/<any(follow, unfollow):action>")
@login_required
def follow(slug: str, action: str) -> ResponseReturnValue:
    """Follows or unfollows a topic from its page."""
    if ConfirmForm().validate_on_submit():
        _attempt(services.follow, slug, action == "follow")
    return redirect(url_for("topics.show", slug=slug))


@bp.post("/topics/<slug>/items")
@login_required
def add_item(slug: str) -> ResponseReturnValue:
    """A curator adds an item from the topic page (the content picker fills the form)."""
    form = ItemForm()
    if form.validate_on_submit():
        _attempt(
            services.add_item,
            slug,
            {"type": form.type.data, "id": form.id.data, "pinned": form.pinned.data},
        )
    else:
        flash(_("Search for something and pick it from the list."), "error")
    return redirect(url_for("topics.show", slug=slug))


@bp.post(ITEM + "/<any(pin, unpin):action>")
@login_required
def pin(slug: str, item_type: str, object_id: int, action: str) -> ResponseReturnValue:
    """Pins or unpins an item from the topic page."""
    if ConfirmForm().validate_on_submit():
        _attempt(services.set_pinned, slug, item_type, object_id, {"pinned": action == "pin"})
    return redirect(url_for("topics.show", slug=slug))


@bp.post(ITEM + "/remove")
@login_required
def remove_item(slug: str, item_type: str, object_id: int) -> ResponseReturnValue:
    """Takes an item out of the topic from its page."""
    if ConfirmForm().validate_on_submit():
        _attempt(services.remove_item, slug, item_type, object_id)
    return redirect(url_for("topics.show", slug=slug))


def _attempt(
    action: Callable[Concatenate[Any, P], object], *args: P.args, **kwargs: P.kwargs
) -> bool:
    try:
        action(current_user, *args, **kwargs)
    except DomainError as error:
        flash(error.text(), "error")
        return False
    return True
