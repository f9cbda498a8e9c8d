from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from innovationzone.form_rules import slug_format


class RoomSettingsForm(FlaskForm):
    """A zone room's name and what it is for: what search finds it by."""

    name = StringField(_l("Room name"), validators=[DataRequired(), Length(max=120)])
    description = TextAreaField(
        _l("What is this room for? (optional)"), validators=[Optional(), Length(max=2000)]
    )
    submit = SubmitField(_l("Save"))


class RoomForm(RoomSettingsForm):
    """A new room in a zone; the short name becomes part of the room's address."""

    slug = StringField(
        _l("Short name (for the address)"),
        validators=[DataRequired(), Length(max=50), slug_format()],
    )
    submit = SubmitField(_l("Create room"))


class DirectForm(FlaskForm):
    """Starts a direct conversation with the people named (the people picker fills the field)."""

    usernames = StringField(
        _l("Usernames (separated by spaces)"),
        validators=[DataRequired(), Length(max=400)],
        render_kw={"data-picker": "people", "data-multiple": "1", "autocomplete": "off"},
    )
    submit = SubmitField(_l("Start conversation"))
