from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField, SubmitField
from wtforms.validators import DataRequired, NumberRange


class ItemForm(FlaskForm):
    type = SelectField(_l("Type"), choices=[SelectChoice("page", _l("Wiki page")),
                                            SelectChoice("post", _l("Blog post")),
                                            SelectChoice("room", _l("Chat room"))])
    id = IntegerField(_l("Number (id)"), validators=[DataRequired(), NumberRange(min=1)])
    pinned = BooleanField(_l("Pin to the top"))
    submit = SubmitField(_l("Add to topic"))
