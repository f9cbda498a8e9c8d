"""JSON API: the caller's notifications, unread first, and marking them read."""

from __future__ import annotations

from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from innovationzone.api import api_blueprint, json_body, page_args, query_int, signed_in
from innovationzone.errors import ValidationError
from innovationzone.notifications import services

bp = api_blueprint("notifications_api", __name__)


@bp.get("/notifications")
@signed_in
def list_notifications() -> ResponseReturnValue:
    """The caller's notifications, unread first, paged by cursor; the older `before` id keeps
    working for existing clients."""
    limit, cursor = page_args()
    before = query_int("before", None, minimum=1)
    if before is not None and not cursor:  # the older `before` id keeps working
        items, more = services.list_for(current_user, limit=limit, before_id=before), None
    else:
        listing = services.notifications_page(current_user, limit=limit, cursor=cursor)
        items, more = listing.items, listing.next
    return {
        "unread": services.unread_count(current_user),
        "notifications": [n.to_dict() for n in items],
        "next": more,
    }


@bp.post("/notifications/read")
@signed_in
def mark_read() -> ResponseReturnValue:
    """Marks the given notifications read, or all of them; answers the new unread count for the
    badge."""
    data = json_body()
    ids = data.get("ids")
    if ids is not None and (not isinstance(ids, list) or not all(isinstance(i, int) for i in ids)):
        raise ValidationError(_l("'ids' must be a list of notification ids, or left out for all."))
    changed = services.mark_read(current_user, ids)
    return {"marked": changed, "unread": services.unread_count(current_user)}
