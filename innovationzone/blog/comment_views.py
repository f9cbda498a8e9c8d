"""HTML form actions on comments and reactions; each answers with a redirect to the post.

blog.js turns reaction buttons into API calls; these routes keep them working without it.
"""

from __future__ import annotations

from flask import flash, redirect, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from innovationzone.blog import comment_services, reaction_services, services
from innovationzone.blog.forms import CommentEditForm, CommentForm
from innovationzone.blog.models import Post
from innovationzone.blog.views import bp
from innovationzone.errors import DomainError


def _back(post: Post, comment_id: int | None = None) -> Response:
    return redirect(post.url() + (f"#comment-{comment_id}" if comment_id else "#comments"))


@bp.post("/blog/posts/<int:post_id>/comments")
@login_required
def comment_add(post_id: int) -> ResponseReturnValue:
    """The comment form on a post page; an empty comment is refused with a message, not an error
    page."""
    post = comment_services.commentable_post(current_user, post_id)
    form = CommentForm()
    if not form.validate_on_submit():
        flash(_("Write something first."), "error")
        return _back(post)
    parent = form.parent_id.data
    data = {
        "body": form.body.data,
        "parent_id": int(parent) if parent and parent.isdigit() else None,
    }
    try:
        comment = comment_services.add_comment(current_user, post_id, data)
    except DomainError as error:
        flash(error.text(), "error")
        return _back(post)
    return _back(post, comment.id)


@bp.post("/blog/comments/<int:comment_id>/edit")
@login_required
def comment_edit(comment_id: int) -> ResponseReturnValue:
    """The author's edit of a comment from the post page; a refused edit is flashed."""
    comment = comment_services.get_comment(current_user, comment_id)
    form = CommentEditForm()
    try:
        if form.validate_on_submit():
            comment_services.edit_comment(current_user, comment_id, {"body": form.body.data})
    except DomainError as error:
        flash(error.text(), "error")
    return _back(comment.post, comment.id)


@bp.post("/blog/comments/<int:comment_id>/delete")
@login_required
def comment_delete(comment_id: int) -> ResponseReturnValue:
    """Deletes a comment from the post page and returns to the post."""
    post = comment_services.get_comment(current_user, comment_id).post
    comment_services.delete_comment(current_user, comment_id)
    flash(_("Comment deleted."))
    return _back(post)


@bp.post("/blog/comments/<int:comment_id>/hide")
@login_required
def comment_hide(comment_id: int) -> ResponseReturnValue:
    """A curator hides or shows a comment (moderation without deleting it)."""
    comment = comment_services.set_hidden(
        current_user, comment_id, request.form.get("hidden") == "1"
    )
    return _back(comment.post, comment.id)


@bp.post("/blog/<any(post,comment):kind>/<int:target_id>/react/<name>")
@login_required
def react(kind: str, target_id: int, name: str) -> ResponseReturnValue:
    """Toggles a reaction from the post page (no script needed) and returns to where the reader
    was."""
    on = request.form.get("on") == "1"
    reaction_services.set_reaction(current_user, kind, target_id, name, on)
    post = (
        services.get_post(current_user, target_id)
        if kind == "post"
        else comment_services.get_comment(current_user, target_id).post
    )
    return _back(post, target_id if kind == "comment" else None)
