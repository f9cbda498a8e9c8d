"""Writes the audit log: answers the `audit` hook that services call inside their transaction.

Services below this feature (accounts, zones, blog) cannot import it, so they announce the
action by name and this module, imported when the app is made, stores it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from innovationzone import hooks
from innovationzone.accounts.models import User
from innovationzone.admin.models import AuditEntry
from innovationzone.extensions import db


@hooks.register("audit")
def record(actor: User | None, action: str, target: str, detail: str = "") -> None:
    """Answers the `audit` hook inside the caller's transaction, so an admin action and its log
    entry commit (or roll back) together. Fields are clipped to their columns."""
    db.session.add(
        AuditEntry(
            actor_id=actor.id if actor is not None else None,
            action=action[:40],
            target=target[:200],
            detail=detail[:500],
        )
    )


# What the log page shows for an entry's action and for the one-word details (a role, a
# visibility), in the reader's language; the stored codes stay English and stable. A code
# without a label (an action added later) is shown as it is.
ACTION_LABELS = {
    "user.created": _l("Account created"),
    "user.activated": _l("Account activated"),
    "user.deactivated": _l("Account deactivated"),
    "user.password_reset": _l("Password reset"),
    "user.department": _l("Department changed"),
    "zone.visibility": _l("Visibility changed"),
    "zone.member_added": _l("Member added"),
    "zone.role_changed": _l("Role changed"),
    "zone.member_removed": _l("Member removed"),
    "post.deleted": _l("Post deleted"),
    "comment.hidden": _l("Comment hidden"),
    "comment.shown": _l("Comment shown again"),
}
DETAIL_LABELS = {
    "member": _l("member"),
    "curator": _l("curator"),
    "admin": _l("admin"),
    "private": _l("private"),
    "public": _l("public"),
}
