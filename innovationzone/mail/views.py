"""HTML: the unsubscribe link of every mail. Following it shows a button (mail scanners open
links, and must not unsubscribe anyone); a mail client's one-click POST (RFC 8058) works too."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue

from innovationzone.accounts.services import unsubscribe
from innovationzone.mail.links import user_id_from_token

bp = Blueprint("mail", __name__)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe_page(token: str) -> ResponseReturnValue:
    """The page behind a mail's unsubscribe link: confirming (a POST) turns mail off without
    signing in; a forged or mangled link is 404."""
    user_id = user_id_from_token(token)
    if user_id is None:
        abort(404)
    done = False
    if request.method == "POST":
        done = unsubscribe(user_id)
        if not done:
            abort(404)
    return render_template("mail/unsubscribe.html", done=done)
