from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class AskForm(FlaskForm):
    """Asking a question; the assignee may stay empty, then the topic owner or a curator gets it."""

    zone = SelectField(_l("Zone"), validators=[DataRequired()])
    title = StringField(_l("Your question"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Details"), validators=[Optional(), Length(max=20_000)])
    assignee = StringField(
        _l("Who should answer? (empty: the topic owner or a curator)"),
        validators=[Optional(), Length(max=32)],
        render_kw={"data-picker": "people", "autocomplete": "off"},
    )
    topic = HiddenField()
    source_type = HiddenField()
    source_id = HiddenField()
    submit = SubmitField(_l("Ask"))


class AnswerForm(FlaskForm):
    """Answering a question, capped at the API's answer length."""

    body = TextAreaField(_l("Your answer"), validators=[DataRequired(), Length(max=20_000)])
    submit = SubmitField(_l("Answer"))
