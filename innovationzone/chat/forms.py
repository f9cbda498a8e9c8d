from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from innovationzone.form_rules import slug_format


class RoomForm(FlaskForm):
    """A new room in a zone; the short name becomes part of the room's address, the name and
    description are what search finds it by."""

    name = StringField(_l("Room name"), validators=[DataRequired(), Length(max=120)])
    slug = StringField(
        _l("Short name (for the address)"),
        validators=[DataRequired(), Length(max=50), slug_format()],
    )
    description = TextAreaField(
        _l("What is this room for? (optional)"), validators=[Optional(), Length(max=2000)]
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
