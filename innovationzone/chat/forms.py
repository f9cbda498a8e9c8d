from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length


class RoomForm(FlaskForm):
    name = StringField(_l("Room name"), validators=[DataRequired(), Length(max=120)])
    slug = StringField(
        _l("Short name (for the address)"), validators=[DataRequired(), Length(max=50)]
    )
    submit = SubmitField(_l("Create room"))


class DirectForm(FlaskForm):
    usernames = StringField(
        _l("Usernames (separated by spaces)"),
        validators=[DataRequired(), Length(max=400)],
        render_kw={"data-picker": "people", "data-multiple": "1", "autocomplete": "off"},
    )
    submit = SubmitField(_l("Start conversation"))
