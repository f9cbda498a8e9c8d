"""HTML: a zone's blog, tag pages, a post with its comments, and the editor."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from innovationzone.accounts.forms import ConfirmForm
from innovationzone.api import page_args
from innovationzone.blog import comment_services, reaction_services, services
from innovationzone.blog.content import excerpt_from
from innovationzone.blog.forms import CommentEditForm, CommentForm, PostForm
from innovationzone.blog.models import PUBLISHED, Post
from innovationzone.errors import DomainError
from innovationzone.permissions import MODERATE, WRITE, access_zone, can
from innovationzone.zones.models import Zone

bp = Blueprint("blog", __name__)
PAGE = 20  # posts on a blog or person page unless `limit` says otherwise


def _listing(slug: str, tag: str | None) -> str:
    limit, cursor = page_args(PAGE)
    listing = services.posts_page(
        current_user,
        slug,
        tag=tag,
        limit=limit,
        cursor=cursor,
        before=request.args.get("before", type=int),
    )
    zone = access_zone(current_user, slug)
    return render_template(
        "blog/index.html",
        zone=zone,
        posts=listing.items,
        tag=tag,
        counts=services.comment_counts([p.id for p in listing.items]),
        may_write=can(current_user, WRITE, zone),
        next=listing.next,
    )


@bp.get("/z/<slug>/blog")
@login_required
def index(slug: str) -> ResponseReturnValue:
    """A zone's blog: its published posts (and the reader's own drafts) newest first, with comment
    counts in one query and the write button only for those who may write."""
    return _listing(slug, None)


@bp.get("/z/<slug>/blog/tag/<tag>")
@login_required
def tag(slug: str, tag: str) -> ResponseReturnValue:
    """The zone's posts with one tag, so a tag link gathers a subject within the zone."""
    return _listing(slug, tag)


@bp.get("/z/<slug>/blog/<int:post_id>")
@login_required
def show(slug: str, post_id: int) -> ResponseReturnValue:
    """A post with its comments; an old URL with another zone redirects to the post's zone."""
    post = services.get_post(current_user, post_id)
    if post.zone.slug != slug:
        return redirect(url_for("blog.show", slug=post.zone.slug, post_id=post.id))
    limit, cursor = page_args()
    listing = (
        comment_services.comments_page(current_user, post, limit=limit, cursor=cursor)
        if post.is_published
        else None
    )
    found = listing.items if listing else []
    return render_template(
        "blog/show.html",
        zone=post.zone,
        post=post,
        threads=comment_services.threads(found),
        later_comments=listing.next if listing else None,
        count=services.comment_counts([post.id]).get(post.id, 0),
        post_reactions=reaction_services.summaries(current_user, "post", [post.id])[post.id],
        comment_reactions=reaction_services.summaries(
            current_user, "comment", [c.id for c in found]
        ),
        emoji=reaction_services.EMOJI,
        shows_body=comment_services.shows_body,
        may_write=can(current_user, WRITE, post),
        may_moderate=can(current_user, MODERATE, post),
        comment_form=CommentForm(),
        edit_form=CommentEditForm(),
        confirm=ConfirmForm(),
    )


@bp.route("/z/<slug>/blog/new", methods=["GET", "POST"])
@login_required
def new(slug: str) -> ResponseReturnValue:
    """The editor for a new post, for people who may write in the zone."""
    zone = access_zone(current_user, slug, WRITE)
    return _editor(zone, None, PostForm())


@bp.route("/z/<slug>/blog/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str, post_id: int) -> ResponseReturnValue:
    """The editor for the author's post; an excerpt that was derived stays empty, so it keeps
    following the body."""
    post = services.editable_post(current_user, post_id)
    form = PostForm(obj=post)
    if request.method == "GET":
        form.tags.data = ", ".join(post.tags)
        if post.excerpt == excerpt_from(post.html):  # derived, not written: keep deriving it
            form.excerpt.data = ""
    return _editor(post.zone, post, form)


def _editor(zone: Zone, post: Post | None, form: PostForm) -> ResponseReturnValue:
    if form.validate_on_submit():
        data = {
            "title": form.title.data,
            "body": form.body.data,
            "tags": form.tags.data or "",
            "excerpt": form.excerpt.data or "",
            "status": PUBLISHED if form.publish.data else "draft",
        }
        try:
            saved = (
                services.update_post(current_user, post.id, data)
                if post
                else services.create_post(current_user, zone.slug, data)
            )
        except DomainError as error:
            form.form_errors.append(error.text())
        else:
            flash(_("Published.") if saved.is_published else _("Draft saved. Only you can see it."))
            return redirect(url_for("blog.show", slug=zone.slug, post_id=saved.id))
    return render_template("blog/edit.html", zone=zone, post=post, form=form)


@bp.post("/z/<slug>/blog/<int:post_id>/delete")
@login_required
def delete(slug: str, post_id: int) -> ResponseReturnValue:
    """Deletes a post (author or curator) and returns to the zone's blog."""
    services.delete_post(current_user, post_id)
    flash(_("Post deleted."))
    return redirect(url_for("blog.index", slug=slug))
