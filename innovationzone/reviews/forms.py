from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

TOPIC_REVIEW = "review"  # the form's prefix on the topic page, whose other forms have an owner too


class ReviewForm(FlaskForm):
    """A review interval, owner and optional next due date, as the API takes them."""

    interval_days = IntegerField(
        _l("Review every (days)"), validators=[DataRequired(), NumberRange(min=1, max=3650)]
    )
    owner = StringField(
        _l("Review owner"),
        validators=[Optional(), Length(max=32)],
        render_kw={"data-picker": "people", "autocomplete": "off"},
    )
    due = DateField(_l("Next review on (empty: one interval from today)"), validators=[Optional()])
    submit = SubmitField(_l("Save review"))
