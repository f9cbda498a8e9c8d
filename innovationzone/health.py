"""GET /healthz: the database answers and the search index is there."""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue
from sqlalchemy import text

from innovationzone.extensions import db
from innovationzone.search.backend import healthy

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Liveness for the proxy: 200 while the database and the search index answer, 503 with the
    problems otherwise."""
    problems = []
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        problems.append("database")
    try:
        if not healthy():
            problems.append("search index")
    except Exception:
        problems.append("search index")
    if problems:
        return {"status": "error", "failing": problems}, 503
    return {"status": "ok"}
