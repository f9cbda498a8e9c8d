"""HTML: the admin pages beside People (accounts): reset a password, change a department, the
departments, every zone, the audit log. The services refuse anyone but admins (403)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from innovationzone.admin import services
from innovationzone.admin.audit import ACTION_LABELS, DETAIL_LABELS
from innovationzone.api import page_args
from innovationzone.errors import DomainError

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _on_person(
    change: Callable[[Any, str, str], object], username: str, value: str, done: str | None = None
) -> ResponseReturnValue:
    """Apply an admin's change to someone; a refused value is shown, a refused admin is 403."""
    try:
        change(current_user, username, value)
    except DomainError as error:
        if error.status == 403:
            raise
        flash(error.text(), "error")
    else:
        if done:
            flash(done)
    return redirect(url_for("accounts.admin_users"))


@bp.post("/users/<username>/password")
@login_required
def reset_password(username: str) -> ResponseReturnValue:
    """An admin sets a new password for someone locked out; their sessions end so whoever had the
    old one is signed out."""
    done = _("New password set for %(name)s; their sessions were ended.", name=username)
    return _on_person(services.reset_password, username, request.form.get("password", ""), done)


@bp.post("/users/<username>/department")
@login_required
def set_department(username: str) -> ResponseReturnValue:
    """An admin changes a person's department from the admin pages."""
    return _on_person(services.set_department, username, request.form.get("department", ""))


@bp.get("/departments")
@login_required
def departments() -> ResponseReturnValue:
    """Each department with its number of active people, for admins (the service refuses others)."""
    return render_template("admin/departments.html", departments=services.departments(current_user))


@bp.get("/zones")
@login_required
def zones() -> ResponseReturnValue:
    """Every zone with its member count, private ones included, a page at a time, for admins
    (the service refuses others)."""
    limit, cursor = page_args()
    listing = services.all_zones(current_user, limit=limit, cursor=cursor)
    return render_template("admin/zones.html", zones=listing.items, next=listing.next)


@bp.get("/audit")
@login_required
def audit() -> ResponseReturnValue:
    """The audit log page, 50 entries at a time (or `limit`)."""
    limit, cursor = page_args()
    page = services.audit_log(current_user, limit=limit, cursor=cursor)
    return render_template(
        "admin/audit.html",
        entries=page.items,
        next_cursor=page.next,
        action_labels=ACTION_LABELS,
        detail_labels=DETAIL_LABELS,
    )
