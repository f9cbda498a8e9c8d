from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class ItemForm(FlaskForm):
    type = SelectField(
        _l("Type"),
        choices=[
            SelectChoice("page", _l("Wiki page")),
            SelectChoice("post", _l("Blog post")),
            SelectChoice("room", _l("Chat room")),
        ],
    )
    id = IntegerField(_l("Number (id)"), validators=[DataRequired(), NumberRange(min=1)])
    pinned = BooleanField(_l("Pin to the top"))
    submit = SubmitField(_l("Add to topic"))


class TopicForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=120)])
    slug = StringField(_l("Short name (in links)"), validators=[DataRequired(), Length(max=50)])
    owner = StringField(_l("Owner (username)"), validators=[DataRequired(), Length(max=32)])
    description = TextAreaField(
        _l("What is this topic about?"), validators=[Optional(), Length(max=2000)]
    )
    submit = SubmitField(_l("Create topic"))
