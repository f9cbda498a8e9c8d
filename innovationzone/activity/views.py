"""/activity: who contributes from which department, across every zone the viewer may read."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from innovationzone import hooks
from innovationzone.activity import services
from innovationzone.activity.insight_charts import count_chart, heatmap
from innovationzone.activity.presenters import bar_chart, department_label
from innovationzone.activity.topics import topic_matrix
from innovationzone.reviews.services import overdue_per_owner

bp = Blueprint("activity", __name__)


@bp.get("/activity")
@login_required
def index() -> ResponseReturnValue:
    """The activity page: departments, the topic heatmap and overdue reviews over the chosen
    period, all counted over zones the reader may see."""
    days = services.period_days(request.args.get("days"))
    zone = request.args.get("zone") or None
    result = services.activity(current_user, zone_slug=zone, days=days)
    return render_template(
        "activity/index.html",
        result=result,
        chart=bar_chart(result.departments),
        topic_map=heatmap(topic_matrix(current_user, result.since)),
        overdue_chart=count_chart(
            [(owner.display_name, n) for owner, n in overdue_per_owner(current_user)]
        ),
        zone=zone,
        department_label=department_label,
        periods=(services.DEFAULT_DAYS, services.ALL_TIME),
    )


@hooks.register("zone.page")
def zone_contributors(user: Any, zone: Any) -> dict[str, Any]:
    """The zone page's "who contributes here" chart; zones sit below activity, so we add it."""
    recent = services.activity(user, zone_slug=zone.slug)
    return {"contributors": bar_chart(recent.departments), "contributors_days": recent.period_days}
