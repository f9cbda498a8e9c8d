from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from innovationzone.form_rules import slug_format


class ZoneForm(FlaskForm):
    """A new zone: name, short name, description and visibility."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    slug = StringField(
        _l("Short name (in links)"), validators=[DataRequired(), Length(max=50), slug_format()]
    )
    description = TextAreaField(
        _l("What is this zone for?"), validators=[Optional(), Length(max=2000)]
    )
    visibility = RadioField(
        _l("Who can see it"),
        choices=[
            SelectChoice("public", _l("Everyone in the organisation")),
            SelectChoice("private", _l("Members only")),
        ],
        default="public",
    )
    submit = SubmitField(_l("Create zone"))


class MemberForm(FlaskForm):
    """Adding a member with a role (the people picker fills the username)."""

    username = StringField(
        _l("Username"),
        validators=[DataRequired(), Length(max=32)],
        render_kw={"data-picker": "people", "autocomplete": "off"},
    )
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice("member", _l("Member")), SelectChoice("curator", _l("Curator"))],
    )
    submit = SubmitField(_l("Add member"))
