"""HTML: the notifications center, and the unread count every page shows in its header badge."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from innovationzone.accounts.forms import ConfirmForm
from innovationzone.api import page_args
from innovationzone.errors import NotFound
from innovationzone.extensions import db
from innovationzone.notifications import services
from innovationzone.notifications.models import Notification
from innovationzone.permissions import addressed_to

bp = Blueprint("notifications", __name__)
PAGE = 50


@bp.app_context_processor
def _unread_badge() -> dict[str, Callable[[], int]]:
    """A callable, so pages without a signed-in user never query."""

    def unread() -> int:
        return services.unread_count(current_user) if current_user.is_authenticated else 0

    return {"notif_unread": unread}


@bp.get("/notifications")
@login_required
def index() -> ResponseReturnValue:
    """The notifications page, unread first, newest first within each, a page at a time: the
    cursor holds the first page's moment and the last row's (read, id), so opening one (which
    marks it read) before the next page neither repeats nor skips one."""
    limit, cursor = page_args(PAGE)
    listing = services.notifications_page(current_user, limit=limit, cursor=cursor)
    return render_template(
        "notifications/index.html", items=listing.items, confirm=ConfirmForm(), next=listing.next
    )


@bp.get("/notifications/<int:notification_id>/open")
@login_required
def open_one(notification_id: int) -> ResponseReturnValue:
    """Following a notification marks it read; its stored URL is always a local path."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or not addressed_to(current_user, notification):
        raise NotFound(_l("Not found."))
    services.mark_read(current_user, [notification.id])
    target = (
        notification.url
        if notification.url.startswith("/") and not notification.url.startswith("//")
        else "/"
    )
    return redirect(target)


@bp.post("/notifications/read")
@login_required
def mark_read() -> ResponseReturnValue:
    """Marks one notification read, or all when no id is posted."""
    raw = request.form.get("id", type=int)
    services.mark_read(current_user, None if raw is None else [raw])
    return redirect(url_for("notifications.index"))
