from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class AskForm(FlaskForm):
    """Asking a question; the assignee may stay empty, then the topic owner or a curator gets it.
    The zone is one of a short list of the asker's own zones, or any other zone typed (with the
    zones picker): a list of every zone would not fit an organisation of thousands."""

    zone = SelectField(_l("Zone"), validators=[Optional()])
    other_zone = StringField(
        _l("Another zone (type its name)"),
        validators=[Optional(), Length(max=50)],
        render_kw={"data-picker": "zones", "autocomplete": "off"},
    )
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

    def validate(self, extra_validators: Any = None) -> bool:
        """Valid fields, and a zone named in one of the two zone fields."""
        valid = super().validate(extra_validators)
        if not self.chosen_zone():
            self.zone.errors = [*self.zone.errors, _l("Choose a zone, or type another one.")]
            return False
        return valid

    def chosen_zone(self) -> str:
        """The zone's short name: the typed one when there is one, else the chosen one."""
        return (self.other_zone.data or "").strip().lower() or (self.zone.data or "")


class AnswerForm(FlaskForm):
    """Answering a question, capped at the API's answer length."""

    body = TextAreaField(_l("Your answer"), validators=[DataRequired(), Length(max=20_000)])
    submit = SubmitField(_l("Answer"))
