"""JSON API: the caller's feed, newest first, paged with the shared keyset cursor."""

from __future__ import annotations

from flask.typing import ResponseReturnValue
from flask_login import current_user

from innovationzone.api import api_blueprint, page_args, signed_in
from innovationzone.feed import services

bp = api_blueprint("feed_api", __name__)


@bp.get("/feed")
@signed_in
def feed() -> ResponseReturnValue:
    """The home feed as JSON: what changed in public zones and the user's own zones, newest
    first, paged by cursor."""
    limit, cursor = page_args()
    page = services.feed_for(current_user, limit=limit, cursor=cursor)
    return {"items": [entry.to_dict() for entry in page.items], "next": page.next}
